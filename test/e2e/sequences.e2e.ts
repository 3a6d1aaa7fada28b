import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { axeViolations, serious } from './audit';
import { GmailPage } from './pages/gmail-page';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { SequencesOptions, SequencesPanel, moveBackgroundClock, openReply } from './pages/sequences';
import { TodayList } from './pages/today';

// A sequence on the Gmail test page, end to end: the rep creates it on the options page and enrols the thread's
// contact from the side panel; the first step is due at once and shows in Today's ranked list (options page), with
// why it ranks there and its one-click Insert; Insert puts the template's text, merge fields filled, into Gmail's
// reply box — nothing is sent; the rep's Send is confirmed and schedules the next
// step, which falls due when the background's clock is moved ahead. A reply stops the enrolment with its reason;
// an out-of-office pauses another one until its return date.

const e2e = useExtensionBrowser({ server: { undoSeconds: 1 } });
const PRIYA = { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' };
const MARCUS = { name: 'Marcus Webb', email: 'marcus.webb@acme-robotics.example' };
const ELENA = { name: 'Elena Sorensen', email: 'elena@northwind.example' };
const DAY = 86_400_000;
let side: SidePanelPage;
let panel: SequencesPanel;

type Item = { id: string; kind: string; title: string; detail: string; actions: string[]; contactEmail?: string };
const ask = async <T,>(channel: string, payload: unknown) => ((await side.sendRaw({ channel, payload })) as { ok: boolean; data?: T }).data;
const dueItems = async () => (await ask<{ items: Item[] }>('sequences.due', {}))?.items ?? [];
const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
// Days as the panel shows them in the browser's English (lib/i18n.ts formatDay): "Mon, Dec 14", and with the year in reasons.
const shown = (iso: string) => new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
const shownFull = (iso: string) => new Intl.DateTimeFormat('en-US', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));

beforeAll(async () => {
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.contactCount.filter({ hasNotText: /^0$/ }).waitFor();
  await popup.page.close();
  side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
  panel = new SequencesPanel(side.page);
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

  it('enrol → the step is due → Insert fills the reply → the rep sends → the next step is scheduled and falls due; a reply stops it', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const threadId = await openThread(gmail, 'Fleet tracking pilot for 40 vans');
    await panelOnThread('Fleet tracking pilot for 40 vans');
    await panel.enrol('Pilot outreach', PRIYA.email);

    // Due at once (0 working days, a window all day): a Today item from the sequences source…
    await expect.poll(async () => (await dueItems()).map((i) => [i.kind, i.contactEmail, i.actions.join(',')]), { timeout: 20_000 }).toEqual([['sequence-step', PRIYA.email, 'insert,skip,snooze']]);
    await expect.poll(() => panel.dueSteps.count(), { timeout: 15_000 }).toBe(1);
    expect(serious(await axeViolations(side.page)), 'side panel with sequences').toEqual([]);

    // …and in Today's ranked list, where the rep works from: its reason, and one click on Insert draft.
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await options.tab('Today');
    const todayList = new TodayList(options.page);
    const row = todayList.item(`Email ${PRIYA.email} — Fleet tracking pilot for 40 vans`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('Step 1 of 2 in ‘Pilot outreach’ · email · reply in thread');
    expect(await todayList.whyOf(row)).toMatch(/\S/);
    expect(await row.getByRole('button').allTextContents()).toEqual(['Insert draft', 'Skip', 'Snooze to tomorrow']);
    await todayList.button(row, 'Insert draft').click();
    await expect.poll(() => todayList.notice.innerText(), { timeout: 15_000 }).toContain('Inserted in Gmail');
    await options.page.close();
    const reply = openReply(gmail);
    const text = await reply.body.innerText();
    expect(text).toContain('Hi Priya,');
    expect(text).toContain('Just floating this back to the top of your inbox');
    // Inserted, not sent: Gmail delivered nothing.
    expect((await gmail.delivered()).length).toBe(0);

    // The rep presses Send; the confirmed send is step 1 done and schedules the call two working days on.
    await reply.send();
    await expect.poll(async () => (await gmail.delivered()).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => (await panel.enrolments()).map((e) => [e.state, e.next]), { timeout: 25_000 }).toEqual([['active', `Next: step 2 of 2, due ${shown(isoIn(2))}`]]);
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
    expect(stopped!.reason).toMatch(/^stopped: reply from priya\.raman@acme-robotics\.example in the sequence thread, \d{1,2}:\d\d\W*(AM|PM)$/u);
    expect(await dueItems()).toEqual([]);
    await gmail.page.close();
  });

  it('a new-thread step: Today’s Insert opens a new Gmail compose with To, Subject and text; the rep’s Send schedules the next step', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const sequences = new SequencesOptions(options);
    await sequences.open();
    await sequences.create(
      'Rollout intro',
      [
        { kind: 'Email', days: 0, template: 'Follow-up nudge (1st)', newThreadSubject: 'Acme Robotics rollout — a quick idea' },
        { kind: 'Call', days: 2, title: 'Call about the rollout' },
      ],
      { start: '00:00', end: '23:59', everyDay: true },
    );
    const gmail = await GmailPage.open(e2e.browser.context);
    await openThread(gmail, 'Rollout schedule for Q1');
    await panelOnThread('Rollout schedule for Q1');
    await panel.enrol('Rollout intro', MARCUS.email);
    await gmail.backToInbox();

    await options.tab('Today');
    const todayList = new TodayList(options.page);
    const row = todayList.item(new RegExp(`^Email ${MARCUS.email.replace(/[.]/g, '\\.')}`));
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('Step 1 of 2 in ‘Rollout intro’ · email · new thread');
    const before = await gmail.composeDialogs.count();
    await todayList.button(row, 'Insert draft').click();
    await expect.poll(() => todayList.notice.innerText(), { timeout: 15_000 }).toContain('New message opened in Gmail');
    // The content script pressed Gmail's Compose button; the new window has the step in place, and nothing was sent.
    await expect.poll(() => gmail.composeDialogs.count(), { timeout: 10_000 }).toBe(before + 1);
    const compose = await gmail.openComposeDialog();
    expect(await compose.recipients('to')).toEqual([MARCUS.email]);
    expect(await compose.subject()).toBe('Acme Robotics rollout — a quick idea');
    expect(await compose.body.innerText()).toContain('Hi Marcus,');
    expect((await gmail.delivered()).length).toBe(0);

    await compose.send();
    await expect.poll(async () => (await gmail.delivered()).length, { timeout: 15_000 }).toBe(1);
    await gmail.openThread('Rollout schedule for Q1');
    await panelOnThread('Rollout schedule for Q1');
    await expect.poll(async () => (await panel.enrolments()).find((e) => e.reason.length > 0 && e.next.includes('of 2'))?.next, { timeout: 25_000 }).toBe(`Next: step 2 of 2, due ${shown(isoIn(2))}`);
    await options.page.close();
    await gmail.page.close();
  });

  it('the contact’s time zone and country are set on the side panel’s contact card and in the contacts list; the enrolment says which zone it uses', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await openThread(gmail, 'Rollout schedule for Q1');
    await panelOnThread('Rollout schedule for Q1');
    await expect.poll(() => panel.places.first().innerText(), { timeout: 15_000 }).toContain('(your zone: the contact has none set)');
    const card = side.contactCards.filter({ hasText: MARCUS.name });
    await card.getByLabel('Time zone (IANA, e.g. America/New_York)').fill('EST');
    await card.getByRole('button', { name: 'Save time zone and country' }).click();
    await expect.poll(() => card.getByRole('alert').innerText(), { timeout: 10_000 }).toContain('IANA time zone');
    await card.getByLabel('Time zone (IANA, e.g. America/New_York)').fill('America/Chicago');
    await card.getByLabel('Country (ISO code, e.g. US)').fill('US');
    await card.getByRole('button', { name: 'Save time zone and country' }).click();
    await expect.poll(() => side.contactCards.filter({ hasText: MARCUS.name }).getByTestId('contact-place').innerText(), { timeout: 15_000 }).toBe('America/Chicago · US');
    await expect.poll(() => panel.places.first().innerText(), { timeout: 15_000 }).toBe('window in America/Chicago (the contact’s zone); holidays of US (the contact’s country)');
    expect(serious(await axeViolations(side.page)), 'side panel with the place form').toEqual([]);

    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await options.searchContacts('Marcus');
    // An abbreviation is refused with the field named; an IANA name and a code (any case) are kept.
    await options.editContact(MARCUS.name, { 'Time zone (IANA, e.g. America/New_York)': 'EST' });
    const form = options.contactForm(MARCUS.name);
    await expect.poll(() => form.innerText(), { timeout: 10_000 }).toContain('“EST” is not an IANA time zone name');
    await form.getByLabel('Time zone (IANA, e.g. America/New_York)', { exact: true }).fill('Europe/Oslo');
    await form.getByLabel('Country (ISO code, e.g. US)', { exact: true }).fill('no');
    await form.getByRole('button', { name: 'Save contact' }).click();
    await expect.poll(() => options.page.getByTestId('contact-row').filter({ hasText: MARCUS.name }).innerText(), { timeout: 15_000 }).toContain('Europe/Oslo · NO');
    await options.page.close();
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
    expect(paused!.reason).toContain(`back ${shownFull(back.iso)}`);
    expect(paused!.next).toContain(`resumes ${shown(back.iso)}`);
    expect(await dueItems()).toEqual([]);
    await gmail.page.close();
  });
});

describe('an out-of-office beyond 30 days, and an edit previewed before it is saved', () => {
  afterEach(async () => {
    if (e2e.browser.worker) await moveBackgroundClock(e2e.browser.worker, 0);
  });

  it('the side panel asks the rep with a date picker preset to the stated return date; the chosen day holds', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const sequences = new SequencesOptions(options);
    await sequences.open();
    await sequences.create('Security follow-up', [{ kind: 'Call', days: 1, title: 'Call Elena' }], { start: '00:00', end: '23:59', everyDay: true });
    await options.page.close();
    const gmail = await GmailPage.open(e2e.browser.context);
    const threadId = await openThread(gmail, 'Northwind security questionnaire');
    await panelOnThread('Northwind security questionnaire');
    await panel.enrol('Security follow-up', ELENA.email);
    const back = dayAhead(75);
    await gmail.receiveReply({ threadId, from: ELENA, body: `Thank you for your email. I am on sabbatical and out of the office until ${back.words} with no access to email.` });
    await gmail.backToInbox();
    await gmail.openThread('Northwind security questionnaire');
    await panelOnThread('Northwind security questionnaire');
    await expect.poll(() => panel.resumeAsk.count(), { timeout: 25_000 }).toBeGreaterThan(0);
    const picker = panel.resumeAsk.first().getByLabel(/^Resume .* on$/);
    expect(await picker.inputValue()).toBe(back.iso);
    expect(serious(await axeViolations(side.page)), 'side panel asking for a resume day').toEqual([]);
    const chosen = dayAhead(20).iso;
    await panel.resumeOn(chosen);
    await expect.poll(async () => (await panel.enrolments()).some((e) => e.reason.includes('resume chosen by you') && e.next.includes(`resumes ${shown(chosen)}`)), { timeout: 20_000 }).toBe(true);
    await gmail.page.close();
  });

  it('editing a sequence shows, before saving, which enrolments the change reaches and on which step; the rep applies it to them', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const sequences = new SequencesOptions(options);
    await sequences.open();
    // Marcus is on step 2 of "Rollout intro" (his first email was sent): an edit of that step reaches him.
    const form = await sequences.edit('Rollout intro');
    await expect.poll(async () => (await sequences.preview(form)).count, { timeout: 10_000 }).toBe('No change yet: it reaches no enrolment.');
    await form.getByTestId('sequence-step-1').getByLabel('Call notes').fill('Call about the rollout dates and the pilot scope');
    await expect.poll(async () => (await sequences.preview(form)).count, { timeout: 15_000 }).toBe('This change would reach 1 of 1 enrolment on this sequence.');
    const { items } = await sequences.preview(form);
    expect(items).toEqual([`${MARCUS.name} (${MARCUS.email}) — on step 2 · step 2 still ahead (next is step 2)`]);
    // Nothing was saved while previewing.
    const version = async () => (await ask<{ sequences: { name: string; version: number }[] }>('sequences.list', {}))?.sequences.find((x) => x.name === 'Rollout intro')?.version;
    expect(await version()).toBe(1);
    expect(serious(await axeViolations(options.page)), 'editor with the live preview').toEqual([]);
    await form.getByRole('button', { name: 'Save and apply to 1 selected' }).click();
    await expect.poll(() => sequences.notice.innerText(), { timeout: 15_000 }).toContain('Saved version 2 of Rollout intro and moved 1 enrolment onto it.');
    expect(await version()).toBe(2);
    await options.page.close();
  });
});

/** A weekday `days` ahead (Monday to Thursday, away from the year's end): its words and ISO day. */
function dayAhead(days: number): { words: string; iso: string } {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  while (d.getUTCDay() === 0 || d.getUTCDay() >= 5 || (d.getUTCMonth() === 11 && d.getUTCDate() >= 24) || (d.getUTCMonth() === 0 && d.getUTCDate() <= 2)) d.setUTCDate(d.getUTCDate() + 1);
  return { words: d.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' }), iso: d.toISOString().slice(0, 10) };
}

/** A date three to four weeks ahead, Monday to Thursday, away from the year's end: "January 14" and its ISO day. */
function returnDay(): { words: string; iso: string } {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 21);
  while (d.getUTCDay() === 0 || d.getUTCDay() >= 5 || (d.getUTCMonth() === 11 && d.getUTCDate() >= 24) || (d.getUTCMonth() === 0 && d.getUTCDate() <= 2)) d.setUTCDate(d.getUTCDate() + 1);
  return { words: d.toLocaleDateString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' }), iso: d.toISOString().slice(0, 10) };
}
