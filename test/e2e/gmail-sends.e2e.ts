import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { BackgroundStore } from './pages/background-store';
import { GmailPage } from './pages/gmail-page';

// Confirmed sends and received mail, in Chromium with the extension loaded, on the Gmail test page.
// The page's own undo window is 1 s (it posts the send after it); Followthrough's is 2 s.

const UNDO_SECONDS = 2;
let store: BackgroundStore;

const e2e = useExtensionBrowser({ server: { undoSeconds: 1 } });
beforeAll(async () => {
  store = new BackgroundStore(e2e.browser.worker!);
  await store.setSettings({ undoSendSeconds: UNDO_SECONDS, ownDomains: ['followthrough-demo.example'] });
});
afterEach(async () => {
  for (const page of e2e.browser.context.pages()) if (page.url().startsWith('https://mail.google.com')) await page.close();
});

const sentEvents = async () => (await store.events('email.sent')).map((e) => e.event.email!);
const sends = (r: { messages: { kind: string }[] }) => r.messages.some((m) => m.kind === 'send');

describe('sends become one email.sent, only once final', () => {
  it('compose → Send → exactly one email.sent after the undo window, with Gmail’s ids and the recipients', async () => {
    const before = (await sentEvents()).length;
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({
      to: ['Priya Raman <priya.raman@acme-robotics.example>'],
      cc: ['marcus.webb@acme-robotics.example'],
      subject: 'Annual pricing for 40 vans',
      body: 'Hi Priya, the annual plan is $29 per van per month.',
    });
    const clickedAt = Date.now();
    await compose.send();
    // Inside the window: nothing yet.
    await gmail.page.waitForTimeout(500);
    expect(await sentEvents()).toHaveLength(before);

    const [request] = await e2e.server.waitForSync(sends);
    const sent = request!.messages.find((m) => m.kind === 'send')!;
    await expect.poll(async () => (await sentEvents()).length, { timeout: 10_000 }).toBe(before + 1);
    const event = (await store.events('email.sent')).find((e) => e.event.email!.messageId === sent.messageId)!;
    expect(event.at - clickedAt).toBeGreaterThanOrEqual(UNDO_SECONDS * 1000 - 100);
    expect(event.event.email).toMatchObject({
      messageId: sent.messageId,
      threadId: sent.threadId,
      subject: 'Annual pricing for 40 vans',
      from: { email: 'sam@followthrough-demo.example' },
      to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }],
      cc: [{ email: 'marcus.webb@acme-robotics.example' }],
      bodyText: 'Hi Priya, the annual plan is $29 per van per month.',
    });
    // And it stays one.
    await gmail.page.waitForTimeout(1000);
    expect(await sentEvents()).toHaveLength(before + 1);
  });

  it('Send → Undo → no event at all', async () => {
    const before = (await sentEvents()).length;
    e2e.server.clearSyncRequests();
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: ['elena@northwind.example'], subject: 'Not this one', body: 'Sent by mistake.' });
    await compose.sendWithShortcut();
    await gmail.undo();
    await gmail.page.waitForTimeout((UNDO_SECONDS + 1.5) * 1000);
    expect(e2e.server.syncRequests.filter(sends)).toHaveLength(0);
    expect(await sentEvents()).toHaveLength(before);
    const rows = await store.table<{ status: string; intent?: { subject: string } }>('gmailSends');
    expect(rows.filter((r) => r.intent?.subject === 'Not this one').map((r) => r.status)).toEqual(['undone']);
  });

  it('Send → Undo → Send again (Gmail reopens the same draft) → exactly one event', async () => {
    const before = (await sentEvents()).length;
    e2e.server.clearSyncRequests();
    const gmail = await GmailPage.open(e2e.browser.context);
    const first = await gmail.compose({ to: ['priya.raman@acme-robotics.example'], subject: 'Second thoughts', body: 'Let me rephrase.' });
    await first.send();
    await gmail.undo();
    const reopened = await gmail.openComposeDialog();
    await reopened.send();
    const [request] = await e2e.server.waitForSync(sends);
    await expect.poll(async () => (await sentEvents()).length, { timeout: 10_000 }).toBe(before + 1);
    await gmail.page.waitForTimeout(UNDO_SECONDS * 1000);
    const mine = (await sentEvents()).filter((e) => e.subject === 'Second thoughts');
    expect(mine.map((e) => e.messageId)).toEqual([request!.messages[0]!.messageId]);
  });

  it('inline reply → one event carrying the open thread’s id', async () => {
    const before = (await sentEvents()).length;
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Northwind security questionnaire');
    const threadId = await gmail.threadId();
    const reply = await gmail.reply('Thanks Elena, glad it helped.');
    await reply.send();
    await expect.poll(async () => (await sentEvents()).length, { timeout: 10_000 }).toBe(before + 1);
    const event = (await sentEvents()).at(-1)!;
    expect(event.threadId).toBe(threadId);
    expect(threadId).toMatch(/^thread-f:\d+$/);
    expect(event.messageId).toMatch(/^msg-a:r-?\d+$/);
    expect(event.to.map((p) => p.email)).toEqual(['elena@northwind.example']);
    expect(event.subject).toBe('Re: Northwind security questionnaire');
  });

  it('two compose windows → two events', async () => {
    const before = (await sentEvents()).length;
    const gmail = await GmailPage.open(e2e.browser.context);
    const first = await gmail.compose({ to: ['priya.raman@acme-robotics.example'], subject: 'First window', body: 'One.' });
    const second = await gmail.compose({ to: ['marcus.webb@acme-robotics.example'], subject: 'Second window', body: 'Two.' });
    expect(await gmail.composeDialogs.count()).toBe(2);
    await second.send();
    await gmail.page.waitForTimeout(400);
    await first.sendWithShortcut();
    await expect.poll(async () => (await sentEvents()).length, { timeout: 10_000 }).toBe(before + 2);
    const subjects = (await sentEvents()).slice(before).map((e) => e.subject).sort();
    expect(subjects).toEqual(['First window', 'Second window']);
  });

  it('the same message id reported twice (Gmail retries the send) → one event', async () => {
    const before = (await sentEvents()).length;
    e2e.server.clearSyncRequests();
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: ['elena@northwind.example'], subject: 'Retried send', body: 'Once only.' });
    await compose.send();
    await e2e.server.waitForSync(sends);
    expect(await gmail.retryLastSend()).toBe(true);
    const requests = await e2e.server.waitForSync(sends, 2);
    expect(new Set(requests.map((r) => r.messages[0]!.messageId)).size).toBe(1);
    await expect.poll(async () => (await sentEvents()).length, { timeout: 10_000 }).toBe(before + 1);
    await gmail.page.waitForTimeout(UNDO_SECONDS * 1000 + 500);
    expect((await sentEvents()).filter((e) => e.subject === 'Retried send')).toHaveLength(1);
  });
});

describe('received mail', () => {
  it('opening a thread emits thread.opened; each new inbound message one email.received', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const threadId = await gmail.threadId();
    await expect.poll(async () => (await store.events('thread.opened')).filter((e) => e.event.threadId === threadId).length).toBe(1);
    // Priya's two messages are inbound; Sam's are not.
    const inbound = async () => (await store.events('email.received')).filter((e) => e.event.email!.threadId === threadId);
    await expect.poll(async () => (await inbound()).length).toBe(2);

    const reply = await gmail.receiveReply({ body: 'Any news on the pricing?' });
    await expect.poll(async () => (await inbound()).map((e) => e.event.email!.messageId)).toContain(reply.messageId);
    expect(await inbound()).toHaveLength(3);

    // Opening it again is a new thread.opened, but no message is received twice.
    await gmail.backToInbox();
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    await expect.poll(async () => (await store.events('thread.opened')).filter((e) => e.event.threadId === threadId).length).toBe(2);
    await gmail.page.waitForTimeout(300);
    expect(await inbound()).toHaveLength(3);
  });
});
