import { beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { BackgroundStore } from './pages/background-store';
import { GmailPage } from './pages/gmail-page';
import { FollowUpsPanel, RemindMeControl } from './pages/follow-ups';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';

// "Remind me" as a rep uses it: chosen in compose, kept once Gmail confirms the send, listed in the side
// panel, gone when the prospect replies.

const e2e = useExtensionBrowser({ server: { undoSeconds: 1 } });
beforeAll(async () => {
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.contactCount.filter({ hasNotText: /^0$/ }).waitFor();
  await popup.page.close();
});

describe('follow-ups: Remind me in compose → side panel → a reply ends it', () => {
  it('sends with "Remind me", lists the reminder in the side panel, and a reply takes it away', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({
      to: ['priya.raman@acme-robotics.example'],
      subject: 'Pilot next steps',
      body: 'Hi Priya, I will check back next week once you have read the proposal.',
    });
    const remind = new RemindMeControl(compose);
    await remind.open();
    const options = await remind.options();
    expect(options[0]).toMatch(/^Suggested: /);
    expect(options[1]).toMatch(/^In 3 working days: /);
    await remind.pick('plus-three');
    expect(await remind.toggle.innerText()).toMatch(/⏰ \w{3}/);
    await compose.send();
    await expect.poll(() => gmail.delivered(), { timeout: 15_000 }).toHaveLength(1);
    const threadId = (await gmail.delivered())[0]!.threadId;

    const side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    // What the background stored (ended reminders too, which the panel no longer lists).
    const store = new BackgroundStore(e2e.browser.worker!);
    const reminders = () => store.reminders(threadId);
    await expect.poll(async () => (await reminders()).map((r) => [r.status, r.awaitingSend]), { timeout: 20_000 }).toEqual([['pending', false]]);

    // The rep opens the sent thread: the side panel lists the reminder.
    await gmail.page.bringToFront();
    await gmail.goto('#sent');
    await gmail.openThread('Pilot next steps');
    await side.reload();
    const panel = new FollowUpsPanel(side.page);
    await expect.poll(() => panel.reminderStates(), { timeout: 15_000 }).toEqual(['pending']);

    // Priya answers: the reminder is gone.
    await gmail.receiveReply({ threadId, from: { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }, body: 'Thanks Sam, reading it now.' });
    // It lands in the inbox; the rep opens it there.
    await gmail.backToInbox();
    await gmail.openThread('Pilot next steps');
    await expect.poll(async () => (await reminders()).map((r) => r.status), { timeout: 20_000 }).toEqual(['cancelled']);
    await side.reload();
    await expect.poll(() => panel.reminderStates(), { timeout: 15_000 }).toEqual([]);
  });
});
