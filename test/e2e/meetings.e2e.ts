import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { MeetingPanel, ProposeTimesControl, fireResumeAlarm, restartWorker } from './pages/meetings';
import { ExtensionStore } from './pages/extension-store';
import { moveBackgroundClock, openReply } from './pages/sequences';
import { readIcs } from '../support/ics';

// Meetings as a rep uses them (#16): Propose times in a reply → the times land in the reply box; the prospect
// answers "Thursday at 3pm works" → the side panel suggests booking it → Accept → the meeting on the contact's
// timeline and the invitation attached inside the reply (invite.ics, dropped on the compose as Gmail takes a
// dragged file; test/gmail-page/README.md says what of Gmail's drop is reproduced). After the meeting's end the
// recap is suggested on the thread, from an outbox row a stopped worker picks up on its alarm. Reschedule and
// cancel from the side panel attach the update and the cancellation the same way; when Gmail takes no drop, the
// reply gets the link and the rep a download and a note.

const e2e = useExtensionBrowser();
const PRIYA = 'priya.raman@acme-robotics.example';

type Stored = { data: { meetings: { id: string; uid: string; status: string; start: number; end: number; sequence: number }[]; proposal: { status: string } } };
let threadId = '';
beforeAll(async () => {
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.contactCount.filter({ hasNotText: /^0$/ }).waitFor();
  await popup.page.close();
});

describe('meetings: propose times → the reply picks one → book', () => {
  it('inserts proposed times, reads "Thursday at 3pm works", books it and hands over the invitation', async () => {
    const side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    // Availability whatever day the suite runs: three weekly half-hours in UTC, no notice, eight days ahead.
    const half = (start: string, end: string) => [{ start, end }];
    const saved = (await side.sendRaw({
      channel: 'settings.update',
      payload: {
        patch: {
          repName: 'Sam Rep',
          meetings: {
            availability: { timeZone: 'UTC', weekly: [[], [], half('11:00', '11:30'), [], half('15:00', '15:30'), half('10:00', '10:30'), []], minimumNotice: 0, horizon: { days: 8, kind: 'calendar' }, lengths: [30] },
            useWorkingHoursZone: false,
            calendarFeedUrl: '',
            bookingLink: 'https://cal.example/sam',
            proposeCount: 3,
          },
        },
      },
    })) as { ok: boolean };
    expect(saved.ok).toBe(true);

    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    threadId = await gmail.threadId();
    const reply = await gmail.reply('Hi Priya, ');
    const propose = new ProposeTimesControl(reply);
    await propose.open();
    const labels = await propose.slots();
    expect(labels).toHaveLength(3);
    // Said in the UI locale (lib/meetings/say-slot.ts): "Thu, Dec 10, 3:00 PM–3:30 PM UTC" in en-US.
    expect(labels.some((l) => /^Thu,? (\w{3} \d+|\d+ \w{3}),? (3:00\sPM|15:00)–(3:30\sPM|15:30) UTC$/.test(l))).toBe(true);
    await propose.insert();
    await expect.poll(() => reply.body.innerText()).toContain('Would one of these times work for you?');
    const text = await reply.body.innerText();
    expect(text).toMatch(/1\. \w{3} \d+ \w{3} \d\d:\d\d–\d\d:\d\d UTC/);
    expect(text).toContain('Or pick any time that suits you here: https://cal.example/sam');

    // Priya answers on the thread.
    await gmail.receiveReply({ threadId, from: { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }, body: 'Thursday at 3pm works' });
    await gmail.backToInbox();
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    await side.focus();
    await side.reload();
    const panel = new MeetingPanel(side.page);
    await expect.poll(() => panel.suggestion.innerText(), { timeout: 20_000 }).toMatch(/Book (Thu, .*)?(3:00\sPM|15:00) with Priya/);
    expect(await panel.suggestion.innerText()).toContain('names “Thursday at 3pm”');
    await panel.accept();
    await panel.booked.first().waitFor();
    await expect.poll(() => panel.timeline.innerText(), { timeout: 15_000 }).toMatch(/Meeting booked: Thu, \w{3} \d+, \d{4}, 3:00\sPM \(30 minutes\) with Priya Raman/); // the rep's locale (en-US here) and zone

    // The invitation attached inside the reply: Gmail's chip in the compose, its file read back by ical.js.
    const note = await panel.attachInvitation();
    expect(note).toBe('invite.ics is attached to your reply in Gmail; read it over, then send.');
    await expect.poll(() => openReply(gmail).attachmentNames(), { timeout: 15_000 }).toEqual(['invite.ics']);
    const replyBox = panel.gmailReplyBody(gmail.page);
    expect(await replyBox.innerText()).toMatch(/I've booked Thu \d+ \w{3} 15:00–15:30 UTC — the calendar invitation is attached\./);
    const stored = (await side.sendRaw({ channel: 'meetings.forThread', payload: { threadId } })) as Stored;
    const [meeting] = stored.data.meetings;
    expect(stored.data.meetings.map((m) => [m.status, new Date(m.start).getUTCHours()])).toEqual([['booked', 15]]);
    expect(stored.data.proposal.status).toBe('booked');
    const file = (await gmail.attachments()).flat()[0];
    expect(file).toMatchObject({ name: 'invite.ics', type: 'text/calendar; method=request' });
    expect(readIcs(file!.text)).toEqual({ method: 'REQUEST', uid: meeting!.uid, sequence: 0, status: 'CONFIRMED', start: meeting!.start, end: meeting!.end, attendees: [`mailto:${PRIYA}`] });
    await gmail.page.close();
    await side.page.close();
  });

  it('after the meeting has ended, a stopped worker wakes on its alarm and suggests the recap on the thread, once', async () => {
    const store = await ExtensionStore.open(e2e.browser.context, e2e.browser.extensionId!);
    const side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const [meeting] = ((await side.sendRaw({ channel: 'meetings.forThread', payload: { threadId } })) as Stored).data.meetings;
    // Chrome stops the worker; it comes back after the meeting's end (its clock moved past it) when the resume
    // alarm fires, as it would at the time the engine set it for.
    const worker = await restartWorker(e2e.browser.context, e2e.browser.extensionId!, () => store.stopWorker(), () => store.wakeWorker());
    await new Promise((r) => setTimeout(r, 2_000)); // let the new worker's start settle before the clock moves
    try {
      await moveBackgroundClock(worker, meeting!.end + 10 * 60_000 - Date.now());
      await fireResumeAlarm(worker);
      const gmail = await GmailPage.open(e2e.browser.context);
      await gmail.openThread('Fleet tracking pilot for 40 vans');
      await side.focus();
      await side.reload();
      const panel = new MeetingPanel(side.page);
      const recap = panel.suggestions.filter({ hasText: 'Send the recap' });
      await recap.first().waitFor({ timeout: 30_000 });
      expect(await recap.count()).toBe(1);
      expect(await recap.innerText()).toMatch(/Your meeting with Priya Raman \((\w{3}, \w{3} \d+, \d{4}, )?3:00\sPM, 30 minutes\) has ended\./);
      // Made once: the alarm again changes nothing.
      await fireResumeAlarm(worker);
      await new Promise((r) => setTimeout(r, 1_500));
      await side.reload();
      await panel.suggestions.first().waitFor();
      expect(await panel.suggestions.filter({ hasText: 'Send the recap' }).count()).toBe(1);
      await gmail.page.close();
    } finally {
      await moveBackgroundClock(worker, 0);
    }
    await store.page.close();
    await side.page.close();
  });

  it('reschedule and cancel from the side panel attach the update and the cancellation; no drop taken → link, download and a note', async () => {
    const side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    await side.focus();
    await side.reload();
    const panel = new MeetingPanel(side.page);
    await panel.booked.first().waitFor();
    const [before] = ((await side.sendRaw({ channel: 'meetings.forThread', payload: { threadId } })) as Stored).data.meetings;

    const moved = await panel.reschedule(0);
    expect(moved.offered.length).toBeGreaterThan(0);
    expect(moved.note).toMatch(/^Moved to .* invite\.ics is attached to your reply in Gmail/);
    const [after] = ((await side.sendRaw({ channel: 'meetings.forThread', payload: { threadId } })) as Stored).data.meetings;
    expect(after).toMatchObject({ uid: before!.uid, sequence: 1, status: 'booked' });
    expect(after!.start).not.toBe(before!.start);
    const update = (await gmail.attachments()).flat().at(-1)!;
    expect(readIcs(update.text)).toEqual({ method: 'REQUEST', uid: before!.uid, sequence: 1, status: 'CONFIRMED', start: after!.start, end: after!.end, attendees: [`mailto:${PRIYA}`] });
    expect(await panel.timeline.innerText()).toMatch(/Meeting moved: /);

    // A Gmail that takes no dropped file: the reply has the Google Calendar link, the rep gets the file and is told.
    await gmail.refuseDrops();
    const count = (await gmail.attachments()).flat().length;
    const fallback = await panel.attachInvitationExpectingDownload();
    expect(fallback.note).toContain('Gmail did not take the file (Gmail showed no dropzone for the file)');
    expect(readIcs(readFileSync((await fallback.download.path())!, 'utf8'))).toMatchObject({ method: 'REQUEST', uid: before!.uid, sequence: 1 });
    expect((await gmail.attachments()).flat()).toHaveLength(count);
    expect(await panel.gmailReplyBody(gmail.page).innerText()).toContain('Add it to your calendar here: https://calendar.google.com/calendar/render?action=TEMPLATE');
    await gmail.refuseDrops(false);

    const cancelled = await panel.cancelMeeting();
    expect(cancelled).toMatch(/^Cancelled\. invite\.ics is attached to your reply in Gmail/);
    const cancel = (await gmail.attachments()).flat().at(-1)!;
    // The File API lowercases a file's type; the METHOD inside the file is what calendars read.
    expect(cancel.type).toBe('text/calendar; method=cancel');
    expect(readIcs(cancel.text)).toEqual({ method: 'CANCEL', uid: before!.uid, sequence: 2, status: 'CANCELLED', start: after!.start, end: after!.end, attendees: [`mailto:${PRIYA}`] });
    const [gone] = ((await side.sendRaw({ channel: 'meetings.forThread', payload: { threadId } })) as Stored).data.meetings;
    expect(gone).toMatchObject({ status: 'cancelled', sequence: 2 });
    await expect.poll(() => panel.booked.first().getAttribute('data-status')).toBe('cancelled');
    await gmail.page.close();
    await side.page.close();
  });
});
