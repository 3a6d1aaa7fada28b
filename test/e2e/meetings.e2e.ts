import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { MeetingPanel, ProposeTimesControl } from './pages/meetings';

// Meetings as a rep uses them (#16): Propose times in a reply → the times land in the reply box; the prospect
// answers "Thursday at 3pm works" → the side panel suggests booking it → Accept → the meeting on the contact's
// timeline and the invitation (.ics) handed over with its text in the reply.

const e2e = useExtensionBrowser();
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
    const threadId = await gmail.threadId();
    const reply = await gmail.reply('Hi Priya, ');
    const propose = new ProposeTimesControl(reply);
    await propose.open();
    const labels = await propose.slots();
    expect(labels).toHaveLength(3);
    expect(labels.some((l) => /^Thu \d+ \w{3} 15:00–15:30 UTC$/.test(l))).toBe(true);
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
    await expect.poll(() => panel.suggestion.innerText(), { timeout: 20_000 }).toMatch(/Book Thu \d+ \w{3} 15:00 with Priya/);
    expect(await panel.suggestion.innerText()).toContain("names 'Thursday at 3pm'");
    await panel.accept();
    await panel.booked.first().waitFor();
    await expect.poll(() => panel.timeline.innerText(), { timeout: 15_000 }).toMatch(/Meeting booked: Thu \d+ \w{3} 15:00–15:30/);

    // The invitation: its text into the reply, the .ics handed to the rep, read back by ical.js.
    const download = await panel.insertInvitation();
    const ics = readFileSync((await download.path())!, 'utf8');
    const event = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    expect(event.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = event.getFirstSubcomponent('vevent')!;
    expect(String(vevent.getFirstPropertyValue('attendee'))).toBe('mailto:priya.raman@acme-robotics.example');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(0);
    const replyBox = panel.gmailReplyBody(gmail.page);
    await expect.poll(() => replyBox.innerText(), { timeout: 15_000 }).toContain('the calendar invitation is attached');
    expect(await replyBox.innerText()).toContain('https://calendar.google.com/calendar/render?action=TEMPLATE');

    const stored = (await side.sendRaw({ channel: 'meetings.forThread', payload: { threadId } })) as { data: { meetings: { status: string; start: number }[]; proposal: { status: string } } };
    expect(stored.data.meetings.map((m) => [m.status, new Date(m.start).getUTCHours()])).toEqual([['booked', 15]]);
    expect(stored.data.proposal.status).toBe('booked');
  });
});
