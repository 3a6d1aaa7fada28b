import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { useExtensionBrowser } from './suite';
import { BackgroundStore } from './pages/background-store';
import { GmailPage } from './pages/gmail-page';
import { PopupPage } from './pages/popup-page';
import { SendChecksSection } from './pages/send-checks';
import { SidePanelPage } from './pages/side-panel-page';

// Sends seen here, sends from elsewhere, sends never confirmed and confirmations nobody pressed Send for, on
// the Gmail test page in Chromium with the extension loaded and HubSpot (a loopback API) connected, so every
// logged send is also a CRM outbox row: the row a forged confirmation must never become.

const TOKEN = 'pat-na1-e2e0e2e0-1111-2222-3333-444455556666';
const SAM = { name: 'Sam Carter', email: 'sam@followthrough-demo.example' };
const PRIYA = { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' };
let hubspot: HubSpotServer;
let store: BackgroundStore;

type Activity = { kind: string; messageId?: string; contactId?: string; summary: string; at: number };
type SendRow = { id: string; status: string; intent?: { subject: string } };

const e2e = useExtensionBrowser({
  server: { undoSeconds: 1 },
  async launch() {
    hubspot = await startHubSpotServer({ token: TOKEN, tls: { hosts: ['api.hubapi.com'] }, cors: true });
    return { extraHosts: [{ host: 'api.hubapi.com', port: hubspot.port }] };
  },
});
beforeAll(async () => {
  const { browser } = e2e;
  hubspot.addContact({ email: PRIYA.email, firstname: 'Priya', lastname: 'Raman', company: 'Acme Robotics' });
  const popup = await PopupPage.open(browser.context, browser.extensionId!);
  await popup.loadDemoData();
  await popup.page.close();
  store = new BackgroundStore(browser.worker!);
  // HubSpot connected as the background stores it once the rep's token was checked (no prompt to click here).
  await browser.worker!.evaluate(async ({ token }) => {
    const storage = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } }).chrome.storage.local;
    await storage.set({ crmCredentials: { hubspot: { crm: 'hubspot', method: 'token', accessToken: token, account: 'HubSpot portal 4242', connectedAt: Date.now() - 1_000 } } });
  }, { token: TOKEN });
  await store.setSettings({ crm: 'hubspot', undoSendSeconds: 1, sendConfirmSeconds: 3, ownDomains: ['followthrough-demo.example'] });
});
afterAll(async () => {
  await hubspot?.close();
});
afterEach(async () => {
  e2e.server.refuseSends(false);
  for (const page of e2e.browser.context.pages()) if (!page.url().startsWith('about:')) await page.close();
});

const sentEvents = async (messageId: string) => (await store.events('email.sent')).filter((e) => e.event.email!.messageId === messageId);
const crmRows = async (messageId: string) => (await store.table<{ id: string }>('outbox')).filter((r) => r.id === `crm:hubspot:${messageId}`);
const networkProblems = async (panel: SidePanelPage) =>
  ((await panel.sendRaw({ channel: 'gmail.getHealth', payload: {} })) as { data: { record: { networkProblems: { problem: string }[] } | null } }).data.record?.networkProblems.map((p) => p.problem) ?? [];
const activitiesOf = async (messageId: string) => (await store.table<Activity>('activities')).filter((a) => a.messageId === messageId);

describe('sends', () => {
  it('compose → Send → exactly one email.sent and one CRM row; its message read again from the thread logs nothing more', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: [PRIYA], subject: 'Van telematics quote', body: 'Hi Priya, the quote is attached.' });
    await compose.send();
    const [request] = await e2e.server.waitForSync((r) => r.messages.some((m) => m.kind === 'send'));
    const { messageId } = request!.messages.find((m) => m.kind === 'send')!;
    await expect.poll(async () => (await crmRows(messageId)).length, { timeout: 15_000 }).toBe(1);
    // Gmail's answer to the send gave its stored hex id: the `msg-f:` form a later read shows is the same send.
    expect((await store.table<SendRow & { legacyId?: string }>('gmailSends')).find((r) => r.id === messageId)?.legacyId).toMatch(/^[0-9a-f]{16}$/);
    // The sent message, read from its thread in Sent.
    await gmail.goto('#sent');
    await gmail.openThread('Van telematics quote');
    expect(await gmail.messageIds()).toContain(messageId);
    await expect.poll(async () => (await store.events('thread.opened')).length).toBeGreaterThan(0);
    await gmail.page.waitForTimeout(1_500);
    expect(await sentEvents(messageId)).toHaveLength(1);
    expect(await activitiesOf(messageId)).toHaveLength(1);
    expect(await crmRows(messageId)).toHaveLength(1);
  });

  it('a message the rep sent from elsewhere, seen only in the thread → one logged activity, dated by the message', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const threadId = await gmail.threadId();
    // Sent from the phone two days ago at 09:15 (Gmail's titles carry the minute).
    const sentAt = new Date();
    sentAt.setDate(sentAt.getDate() - 2);
    sentAt.setHours(9, 15, 0, 0);
    const phone = await gmail.receiveReply({ threadId, from: SAM, to: [PRIYA], date: sentAt.toISOString(), body: 'Sent from my phone: the pilot can start Monday.' });
    await expect.poll(async () => (await activitiesOf(phone.messageId)).length, { timeout: 15_000 }).toBe(1);
    const [activity] = await activitiesOf(phone.messageId);
    expect(activity).toMatchObject({ kind: 'email.sent', contactId: 'demo-ct-priya', at: sentAt.getTime() });
    expect((await sentEvents(phone.messageId)).map((e) => (e.event.email as { at?: number }).at)).toEqual([sentAt.getTime()]);
    // Opened again: still once.
    await gmail.backToInbox();
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    await gmail.page.waitForTimeout(1_500);
    expect(await activitiesOf(phone.messageId)).toHaveLength(1);
    expect(await sentEvents(phone.messageId)).toHaveLength(1);
    // Sam's older messages in the same thread are history (weeks old): not logged on their own.
    const older = (await gmail.messageIds()).filter((id) => id !== phone.messageId);
    for (const id of older) expect(await sentEvents(id)).toEqual([]);
  });
});

describe('sends from elsewhere, in sync data only', () => {
  it('a message the rep sent from elsewhere, only in Gmail’s thread fetch (/i/fd) → one logged activity dated by the message, under a send’s key; fetched again → still one', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const subject = 'Rollout schedule for Q1';
    const threadId = (await gmail.threads()).find((t) => t.subject === subject)!.id;
    // Sent from the phone yesterday at 16:40: Gmail's answer holds it; the page never draws it.
    const sentAt = new Date();
    sentAt.setDate(sentAt.getDate() - 1);
    sentAt.setHours(16, 40, 0, 0);
    const { messageId } = e2e.server.addSyncOnlyMessage({ threadId, subject: `Re: ${subject}`, from: SAM, to: [PRIYA], at: sentAt.getTime() });
    const fetched = e2e.server.threadFetches.length;
    await gmail.openThread(subject);
    await expect.poll(() => e2e.server.threadFetches.slice(fetched).some((f) => f.threadIds.includes(threadId)), { timeout: 10_000 }).toBe(true);
    expect(await gmail.messageIds()).not.toContain(messageId);
    await expect.poll(async () => (await activitiesOf(messageId)).length, { timeout: 15_000 }).toBe(1);
    const [activity] = await activitiesOf(messageId);
    expect(activity).toMatchObject({ kind: 'email.sent', at: sentAt.getTime() });
    // The key a send seen here gets: `email.sent:<message id>` (lib/engine/events.ts eventId).
    expect((await sentEvents(messageId)).map((e) => [e.id, (e.event.email as { at?: number }).at])).toEqual([[`email.sent:${messageId}`, sentAt.getTime()]]);
    await expect.poll(async () => (await crmRows(messageId)).length, { timeout: 15_000 }).toBe(1);
    // Opened (and so fetched) again: still one.
    await gmail.backToInbox();
    const again = e2e.server.threadFetches.length;
    await gmail.openThread(subject);
    await expect.poll(() => e2e.server.threadFetches.length, { timeout: 10_000 }).toBeGreaterThan(again);
    await gmail.page.waitForTimeout(1_500);
    expect(await activitiesOf(messageId)).toHaveLength(1);
    expect(await sentEvents(messageId)).toHaveLength(1);
    expect(await crmRows(messageId)).toHaveLength(1);
  });
});

describe('never silent, never forged', () => {
  it('Send pressed and Gmail never confirms it → the side panel says it could not be confirmed; one click logs it', async () => {
    e2e.server.refuseSends(true);
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: [PRIYA], subject: 'Pilot contract draft', body: 'Hi Priya, the contract draft for the pilot.' });
    // Gmail has saved the draft (its id and thread are known) before the rep presses Send.
    await expect.poll(() => compose.draftId(), { timeout: 10_000 }).toMatch(/^msg-a:/);
    const draftId = (await compose.draftId())!;
    await compose.send();
    await e2e.server.waitForSync((r) => r.messages.some((m) => m.kind === 'send'));
    await expect.poll(async () => (await store.table<SendRow>('gmailSends')).find((r) => r.id === draftId)?.status, { timeout: 15_000 }).toBe('unconfirmed');
    expect(await sentEvents(draftId)).toEqual([]);

    // The popup says it too.
    const popup = new SendChecksSection((await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!)).page);
    await expect.poll(() => popup.unconfirmed.innerText(), { timeout: 10_000 }).toContain('1 send could not be confirmed');
    expect(await popup.item(popup.unconfirmed, 'Pilot contract draft').count()).toBe(1);
    await popup.page.close();

    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const checks = new SendChecksSection(panel.page);
    await expect.poll(() => checks.unconfirmed.innerText(), { timeout: 10_000 }).toContain('1 send could not be confirmed');
    expect(await checks.item(checks.unconfirmed, 'Pilot contract draft').innerText()).toContain(PRIYA.email);
    await checks.logUnconfirmed('Pilot contract draft');
    await expect.poll(async () => (await activitiesOf(draftId)).map((a) => a.summary), { timeout: 15_000 }).toEqual(['Sent: Pilot contract draft']);
    await checks.unconfirmed.waitFor({ state: 'detached' });
  });

  it('the rep’s message drawn into the thread by a page script → logged here at most, no CRM outbox row until the rep confirms in the side panel; the rep’s click → exactly one', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const subject = 'Fleet tracking pilot for 40 vans';
    await gmail.openThread(subject);
    const at = Date.now() - 3 * 3_600_000;
    const drawn = await gmail.drawOwnMessageFromPageWorld({ from: SAM, to: [PRIYA], at, body: 'Drawn by a page script: the pilot is free of charge.' });
    // The thread reader takes it (a send from the phone looks just like it): it may be logged here…
    await expect.poll(async () => (await activitiesOf(drawn.messageId)).length, { timeout: 15_000 }).toBe(1);
    await gmail.page.waitForTimeout(2_000);
    // …but nothing is written to the CRM on the page's word.
    expect(await crmRows(drawn.messageId)).toEqual([]);
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const checks = new SendChecksSection(panel.page);
    // (The phone message of the test above, read only from the thread too, waits beside it.)
    await expect.poll(() => checks.itemById(checks.crm, drawn.messageId).count(), { timeout: 10_000 }).toBe(1);
    expect(await checks.crm.innerText()).toMatch(/Write (this send|these \d+ sends) to your CRM\?/);
    expect(await checks.itemById(checks.crm, drawn.messageId).innerText()).toContain(PRIYA.email);
    expect(await crmRows(drawn.messageId)).toEqual([]);
    await checks.writeToCrm(drawn.messageId);
    await expect.poll(async () => (await crmRows(drawn.messageId)).length, { timeout: 15_000 }).toBe(1);
    await checks.itemById(checks.crm, drawn.messageId).waitFor({ state: 'detached' });
    // Read again: still one activity, one row.
    await gmail.page.bringToFront();
    await gmail.backToInbox();
    await gmail.openThread(subject);
    await gmail.page.waitForTimeout(1_500);
    expect(await activitiesOf(drawn.messageId)).toHaveLength(1);
    expect(await crmRows(drawn.messageId)).toHaveLength(1);
  });

  it('forged from Gmail’s page world (old event, fake handshakes, getters replaced after load) → nothing reaches the background; a real send nobody pressed waits for the rep; the rep’s Send still logs once', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const threadId = await gmail.threadId();
    const forged = { messageId: 'msg-a:r-5550001', threadId, subject: 'Planted send', from: SAM, to: [PRIYA] };
    await gmail.forgeFromPageWorld(forged);
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    // The fake handshake was seen and said so; from now on sync data in that tab vouches for nothing.
    await expect.poll(() => networkProblems(panel), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/^sync hook channel contested/));
    await gmail.page.waitForTimeout(3_000); // past the undo window and the confirmation time
    expect((await store.table<SendRow>('gmailSends')).find((r) => r.id === forged.messageId)).toBeUndefined();
    expect(await sentEvents(forged.messageId)).toEqual([]);
    expect(await activitiesOf(forged.messageId)).toEqual([]);
    expect(await crmRows(forged.messageId)).toEqual([]);

    // A page script makes Gmail really send one (Gmail stores it): with no Send press it waits for the rep.
    const unpressed = { ...forged, messageId: 'msg-a:r-5550002', subject: 'Sent by a page script' };
    await gmail.sendWithoutPress(unpressed);
    await expect.poll(async () => (await store.table<SendRow>('gmailSends')).find((r) => r.id === unpressed.messageId)?.status, { timeout: 10_000 }).toBe('held');
    await gmail.page.waitForTimeout(2_000);
    expect(await sentEvents(unpressed.messageId)).toEqual([]);
    expect(await crmRows(unpressed.messageId)).toEqual([]);
    await panel.page.close();
    const checks = new SendChecksSection((await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!)).page);
    await expect.poll(() => checks.held.innerText(), { timeout: 10_000 }).toContain('Confirm this send?');
    await checks.dismissHeld('Sent by a page script');
    await checks.held.waitFor({ state: 'detached' });
    expect(await crmRows(unpressed.messageId)).toEqual([]);
    expect((await store.table<SendRow>('gmailSends')).find((r) => r.id === unpressed.messageId)?.status).toBe('dismissed');

    // The rep's own Send in that same tab: exactly one email.sent and one CRM row.
    await gmail.backToInbox();
    const compose = await gmail.compose({ to: [PRIYA], subject: 'Pilot start date', body: 'Hi Priya, Monday works for the pilot.' });
    await compose.send();
    const [request] = await e2e.server.waitForSync((r) => r.messages.some((m) => m.kind === 'send' && !m.messageId.startsWith('msg-a:r-555')));
    const { messageId } = request!.messages.find((m) => m.kind === 'send')!;
    await expect.poll(async () => (await crmRows(messageId)).length, { timeout: 15_000 }).toBe(1);
    await gmail.page.waitForTimeout(1_500);
    expect(await sentEvents(messageId)).toHaveLength(1);
    expect(await crmRows(messageId)).toHaveLength(1);
  });
});
