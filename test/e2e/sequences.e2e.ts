import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { axeViolations, serious } from './audit';
import { GmailPage } from './pages/gmail-page';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { SequencesOptions, SequencesPanel, moveBackgroundClock, openReply } from './pages/sequences';

// A sequence on the Gmail test page, end to end: the rep creates it on the options page and enrols the thread's
// contact from the side panel; the first step is due at once and shows as a due step (read through the sequences
// TodaySource, on the `sequences.due` channel and in the side panel); Insert puts the template's text, merge
// fields filled, into Gmail's reply box — nothing is sent; the rep's Send is confirmed and schedules the next
// step, which falls due when the background's clock is moved ahead. A reply stops the enrolment with its reason;
// an out-of-office pauses another one until its return date.

const e2e = useExtensionBrowser({ server: { undoSeconds: 1 } });
const PRIYA = { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' };
const ELENA = { name: 'Elena Sorensen', email: 'elena@northwind.example' };
const DAY = 86_400_000;
let side: SidePanelPage;
let panel: SequencesPanel;

type Item = { id: string; kind: string; title: string; detail: string; actions: string[]; contactEmail?: string };
const ask = async <T,>(channel: string, payload: unknown) => ((await side.sendRaw({ channel, payload })) as { ok: boolean; data?: T }).data;
const dueItems = async () => (await ask<{ items: Item[] }>('sequences.due', {}))?.items ?? [];
const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.contactCount.filter({ hasNotText: /^0$/ }).waitFor();
  await popup.page.close();
  side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
  panel = new SequencesPanel(side.page);
});

describe('sequences on the Gmail test page', () => {
  // The background's clock is put back after every test, whatever happened in it.
  afterEach(async () => {
    if (e2e.browser.worker) await moveBackgroundClock(e2e.browser.worker, 0);
  });

  it('the rep creates a sequence on the options page: an email step with a template, a call two working days later', async () => {
  const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
  const sequences = new SequencesOptions(options);
  await sequences.open();
  await sequences.create(
    'Pilot outreach',
    [
      { kind: 'Email', days: 0, template: 'Follow-up nudge (1st)' },
      { kind: 'Call', days: 2, title: 'Call about the pilot' },
    ],
    { start: '00:00', end: '23:59', everyDay: true },
  );
  await expect.poll(() => sequences.notice.innerText()).toContain('Created Pilot outreach');
  expect(serious(await axeViolations(options.page)), 'options Sequences tab').toEqual([]);
  await options.page.close();
  });

/** One of the test page's threads with the contact, open in Gmail (the side panel follows it); its Gmail id. */
async function openThread(gmail: GmailPage, subject: string): Promise<string> {
  await gmail.openThread(subject);
  return gmail.threadId();
}

async function panelOnThread(subject: string) {
  await side.reload();
  await expect.poll(() => side.subject.innerText(), { timeout: 15_000 }).toContain(subject);
  await panel.section.waitFor();
}

  it('enrol → the step is due → Insert fills the reply → the rep sends → the next step is scheduled and falls due; a reply stops it', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const threadId = await openThread(gmail, 'Fleet tracking pilot for 40 vans');
    await panelOnThread('Fleet tracking pilot for 40 vans');
    await panel.enrol('Pilot outreach', PRIYA.email);

    // Due at once (0 working days, a window all day): a Today item from the sequences source, and in the panel.
    await expect.poll(async () => (await dueItems()).map((i) => [i.kind, i.contactEmail, i.actions.join(',')]), { timeout: 20_000 }).toEqual([['sequence-step', PRIYA.email, 'insert,skip,snooze']]);
    await expect.poll(() => panel.dueSteps.count(), { timeout: 15_000 }).toBe(1);
    expect(await panel.dueSteps.first().innerText()).toContain('Step 1 of 2 in ‘Pilot outreach’ · email · reply in thread');
    expect(serious(await axeViolations(side.page)), 'side panel with sequences').toEqual([]);

    await gmail.page.bringToFront();
    await side.focus();
    await panel.act('Insert');
    await expect.poll(() => panel.notice.innerText(), { timeout: 15_000 }).toContain('Inserted in Gmail');
    const reply = openReply(gmail);
    const text = await reply.body.innerText();
    expect(text).toContain('Hi Priya,');
    expect(text).toContain('Just floating this back to the top of your inbox');
    // Inserted, not sent: Gmail delivered nothing.
    expect((await gmail.delivered()).length).toBe(0);

    // The rep presses Send; the confirmed send is step 1 done and schedules the call two working days on.
    await reply.send();
    await expect.poll(async () => (await gmail.delivered()).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => (await panel.enrolments()).map((e) => [e.state, e.next]), { timeout: 25_000 }).toEqual([['active', `Next: step 2 of 2, due ${isoIn(2)}`]]);
    expect(await dueItems()).toEqual([]);

    // Three days later (the background's clock moved ahead), the call step falls due.
    await moveBackgroundClock(e2e.browser.worker!, 3 * DAY);
    await expect.poll(async () => (await dueItems()).map((i) => [i.title, i.actions.join(',')]), { timeout: 20_000 }).toEqual([[`Call ${PRIYA.email} — Call about the pilot`, 'done,skip,snooze']]);
    await moveBackgroundClock(e2e.browser.worker!, 0);

    // Priya answers: the enrolment stops, and says why.
    await gmail.receiveReply({ threadId, from: PRIYA, body: 'Thanks Sam — can we talk on Thursday about the pilot scope?' });
    await gmail.backToInbox();
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    await panelOnThread('Fleet tracking pilot for 40 vans');
    await expect.poll(async () => (await panel.enrolments()).map((e) => e.state), { timeout: 25_000 }).toEqual(['stopped']);
    const [stopped] = await panel.enrolments();
    expect(stopped!.reason).toMatch(/^stopped: reply from priya\.raman@acme-robotics\.example in the sequence thread, \d\d:\d\d$/);
    expect(await dueItems()).toEqual([]);
    await gmail.page.close();
  });

  it('an out-of-office pauses the enrolment until the return date it gives', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const threadId = await openThread(gmail, 'Northwind security questionnaire');
    await panelOnThread('Northwind security questionnaire');
    await panel.enrol('Pilot outreach', ELENA.email);
    await expect.poll(async () => (await panel.enrolments()).map((e) => e.state), { timeout: 20_000 }).toEqual(['active']);

    const back = returnDay();
    await gmail.receiveReply({ threadId, from: ELENA, body: `Thank you for your email. I am out of the office until ${back.words} with limited access to email.` });
    await gmail.backToInbox();
    await gmail.openThread('Northwind security questionnaire');
    await panelOnThread('Northwind security questionnaire');
    await expect.poll(async () => (await panel.enrolments()).map((e) => e.state), { timeout: 25_000 }).toEqual(['paused']);
    const [paused] = await panel.enrolments();
    expect(paused!.reason).toContain(`paused: out-of-office from ${ELENA.email}`);
    expect(paused!.reason).toContain(`back ${back.iso}`);
    expect(paused!.next).toContain(`resumes ${back.iso}`);
    expect(await dueItems()).toEqual([]);
    await gmail.page.close();
  });
});

/** A date three to four weeks ahead, Monday to Thursday, away from the year's end: "January 14" and its ISO day. */
function returnDay(): { words: string; iso: string } {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 21);
  while (d.getUTCDay() === 0 || d.getUTCDay() >= 5 || (d.getUTCMonth() === 11 && d.getUTCDate() >= 24) || (d.getUTCMonth() === 0 && d.getUTCDate() <= 2)) d.setUTCDate(d.getUTCDate() + 1);
  return { words: d.toLocaleDateString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' }), iso: d.toISOString().slice(0, 10) };
}
