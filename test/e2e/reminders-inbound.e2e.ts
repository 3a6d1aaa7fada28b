import { beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { BackgroundStore } from './pages/background-store';
import { GmailPage } from './pages/gmail-page';
import { FollowUpsPanel, RemindMeControl } from './pages/follow-ups';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';

// What happens to a reminder as mail arrives: "Remind me" on a thread the prospect already answered starts
// with the send and fires; an out-of-office moves it to the return date; a bounce keeps it and flags the thread.

const e2e = useExtensionBrowser({ server: { undoSeconds: 1 } });
const PRIYA = { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' };
let side: SidePanelPage;
let store: BackgroundStore;
beforeAll(async () => {
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.contactCount.filter({ hasNotText: /^0$/ }).waitFor();
  await popup.page.close();
  side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
  store = new BackgroundStore(e2e.browser.worker!);
});

const ask = async <T,>(channel: string, payload: unknown) => ((await side.sendRaw({ channel, payload })) as { ok: boolean; data?: T }).data;
/** What the background stored for the thread (ended reminders too, which the panel no longer lists). */
const reminders = (threadId: string) => store.reminders(threadId);

/** Send a new email with "Remind me" in 3 working days; the thread's id once Gmail delivered it. */
async function sendWithReminder(gmail: GmailPage, subject: string): Promise<string> {
  const before = (await gmail.delivered()).length;
  const compose = await gmail.compose({ to: [PRIYA.email], subject, body: 'Hi Priya, here is where we are. Let me know what you think.' });
  const remind = new RemindMeControl(compose);
  await remind.open();
  await remind.pick('plus-three');
  await compose.send();
  await expect.poll(async () => (await gmail.delivered()).length, { timeout: 15_000 }).toBe(before + 1);
  const threadId = (await gmail.delivered()).at(-1)!.threadId;
  await expect.poll(async () => (await reminders(threadId)).map((r) => [r.status, r.awaitingSend]), { timeout: 20_000 }).toEqual([['pending', false]]);
  return threadId;
}

/** A date three to four weeks ahead, Monday to Thursday, away from the year's end: "January 14" and its ISO day. */
function returnDay(locale = 'en-US'): { words: string; iso: string } {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 21);
  while (d.getUTCDay() === 0 || d.getUTCDay() >= 5 || (d.getUTCMonth() === 11 && d.getUTCDate() >= 24) || (d.getUTCMonth() === 0 && d.getUTCDate() <= 2)) d.setUTCDate(d.getUTCDate() + 1);
  return { words: d.toLocaleDateString(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' }), iso: d.toISOString().slice(0, 10) };
}

describe('reminders as mail arrives', () => {
  it('"Remind me" on a thread the prospect already answered survives the send and fires', async () => {
    // Working hours from midnight: a reminder for today is due at once, so it can be seen firing.
    const loaded = await ask<{ settings: { workingHours: Record<string, unknown> } }>('settings.load', {});
    await ask('settings.update', { patch: { workingHours: { ...loaded!.settings.workingHours, start: '00:00' } } });

    const gmail = await GmailPage.open(e2e.browser.context);
    const first = await gmail.compose({ to: [PRIYA.email], subject: 'Fleet rollout', body: 'Hi Priya, the rollout plan is attached.' });
    await first.send();
    await expect.poll(async () => (await gmail.delivered()).length, { timeout: 15_000 }).toBe(1);
    const threadId = (await gmail.delivered())[0]!.threadId;
    await gmail.receiveReply({ threadId, from: PRIYA, body: 'Thanks Sam, I have read it and will discuss it with the team.' });
    await gmail.backToInbox();
    await gmail.openThread('Fleet rollout');
    // The answer was read (it gets a follow-up suggestion of its own).
    await expect
      .poll(async () => (await store.followUpSuggestions(threadId)).map((s) => s.payload.direction), { timeout: 20_000 })
      .toEqual(['received']);

    const reply = await gmail.reply('Any thoughts from the team?');
    const remind = new RemindMeControl(reply);
    await remind.open();
    await remind.pickDay(await remind.today());
    await reply.send();
    await expect.poll(async () => (await gmail.delivered()).length, { timeout: 15_000 }).toBe(2);
    await expect.poll(async () => (await reminders(threadId)).map((r) => [r.status, r.awaitingSend]), { timeout: 20_000 }).toEqual([['pending', false]]);
    const [started] = await reminders(threadId);
    // It fires: the rep is told (the notification is shown and recorded), and the side panel lists it as due.
    await expect.poll(async () => (await reminders(threadId)).map((r) => [r.id, r.status, r.firedAt !== undefined]), { timeout: 30_000 }).toEqual([[started!.id, 'pending', true]]);
    await side.reload();
    const panel = new FollowUpsPanel(side.page);
    await expect.poll(() => panel.reminderStates(), { timeout: 15_000 }).toEqual(['pending']);
    expect(await panel.reminderHeadlines()).toEqual([expect.stringMatching(/^Overdue: /)]);
  });

  it('an out-of-office on a reminded thread moves the reminder to its return date', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const threadId = await sendWithReminder(gmail, 'Warehouse pilot');
    const back = returnDay();
    await gmail.receiveReply({ threadId, from: PRIYA, body: `Thank you for your email. I am out of the office until ${back.words} with limited access to email. For urgent matters please contact my colleague.` });
    await gmail.backToInbox();
    await gmail.openThread('Warehouse pilot');
    await expect.poll(async () => (await reminders(threadId)).map((r) => [r.status, r.date]), { timeout: 20_000 }).toEqual([['pending', back.iso]]);
  });

  it('out-of-office notices in French and German move the reminder to the return date they give', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const notices = [
      { subject: 'Entrepôt Lyon', locale: 'fr-FR', body: (d: string) => `Bonjour, je suis absente du bureau avec un accès limité à mes e-mails. Je serai de retour le ${d}. En cas d'urgence, merci de contacter ma collègue.` },
      { subject: 'Lager Köln', locale: 'de-DE', body: (d: string) => `Vielen Dank für Ihre Nachricht. Ich bin im Urlaub und ab dem ${d} wieder im Büro. In dringenden Fällen wenden Sie sich bitte an meinen Kollegen.` },
    ];
    for (const notice of notices) {
      await gmail.backToInbox();
      const threadId = await sendWithReminder(gmail, notice.subject);
      const back = returnDay(notice.locale);
      await gmail.receiveReply({ threadId, from: PRIYA, body: notice.body(back.words) });
      await gmail.backToInbox();
      await gmail.openThread(notice.subject);
      await expect.poll(async () => (await reminders(threadId)).map((r) => [r.status, r.date]), { timeout: 20_000 }).toEqual([['pending', back.iso]]);
    }
  });

  it('a bounce keeps the reminder and flags the thread', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const threadId = await sendWithReminder(gmail, 'Depot tracking');
    await gmail.receiveReply({
      threadId,
      from: { name: 'Mail Delivery Subsystem', email: 'mailer-daemon@googlemail.com' },
      body: "Address not found\n\nYour message wasn't delivered to priya.raman@acme-robotics.example because the address couldn't be found, or is unable to receive mail.",
    });
    await gmail.backToInbox();
    await gmail.openThread('Depot tracking');
    await side.reload();
    const panel = new FollowUpsPanel(side.page);
    await expect.poll(() => panel.bounceFlag.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await panel.bounceFlag.innerText()).toMatch(/bounced \(a delivery failure/);
    expect((await reminders(threadId)).map((r) => r.status)).toEqual(['pending']);
    await expect.poll(() => panel.reminderStates(), { timeout: 15_000 }).toEqual(['pending']);
  });
});
