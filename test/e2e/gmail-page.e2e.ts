import { beforeEach, describe, expect, it } from 'vitest';
import { syncMessages } from '../server/gmail-server';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';

// The Gmail test page itself, without the extension: it must behave like Gmail where Followthrough looks
// (sync requests in Gmail's format, only after the undo window; Undo cancels; replies land in the thread).

const e2e = useExtensionBrowser({ server: { undoSeconds: 1 }, launch: { extension: false } });
beforeEach(() => e2e.server.clearSyncRequests());

const sends = (r: { messages: { kind: string }[] }) => r.messages.some((m) => m.kind === 'send');

describe('the Gmail test page', () => {
  it('lists the mailbox with Gmail ids on the rows', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    expect(await gmail.rowSubjects()).toEqual([
      'Fleet tracking pilot for 40 vans',
      'Pipeline review on Thursday',
      'Rollout schedule for Q1',
      'Your November invoice is ready',
      'Northwind security questionnaire',
    ]);
    expect(await gmail.unreadRows.count()).toBe(3);
    const ids = await gmail.page.locator('tr.zA span[data-thread-id]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-thread-id'), e.getAttribute('data-legacy-thread-id')]));
    for (const [id, legacy] of ids) expect(BigInt(id!.replace('#thread-f:', '')).toString(16)).toBe(legacy);
    await gmail.page.close();
  });

  it('sends a new message in Gmail’s request format only after its undo window', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: ['Priya Raman <priya.raman@acme-robotics.example>'], cc: ['marcus.webb@acme-robotics.example'], subject: 'Annual pricing', body: 'Hi Priya, the annual price is $29 per van per month.' });
    await compose.send();
    await gmail.notice.filter({ hasText: 'Message sent' }).waitFor();
    expect(e2e.server.syncRequests.filter(sends)).toHaveLength(0);
    const [request] = await e2e.server.waitForSync(sends);
    const [message] = syncMessages(request!.body);
    expect(message).toMatchObject({ labels: expect.arrayContaining(['^pfg']) });
    expect(message!.messageId).toMatch(/^msg-a:r-?\d+$/);
    expect(message!.threadId).toMatch(/^thread-a:r-?\d+$/);
    const fields = message!.fields as unknown[];
    expect(fields[2]).toEqual([[1, 'priya.raman@acme-robotics.example', 'Priya Raman']]);
    expect(fields[3]).toEqual([[1, 'marcus.webb@acme-robotics.example', null]]);
    expect(fields[7]).toBe('Annual pricing');
    await expect.poll(() => gmail.delivered()).toHaveLength(1);
    await gmail.page.close();
  });

  it('sends nothing when Undo is clicked, and reopens the draft', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: ['elena@northwind.example'], subject: 'Oops', body: 'Not yet.' });
    await compose.sendWithShortcut();
    await gmail.undo();
    await gmail.composeDialogs.first().waitFor();
    await gmail.page.waitForTimeout(1500);
    expect(e2e.server.syncRequests.filter(sends)).toHaveLength(0);
    await gmail.page.close();
  });

  it('sends an inline reply into the open thread and shows it there', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Northwind security questionnaire');
    const threadId = await gmail.threadId();
    const before = await gmail.messages.count();
    const reply = await gmail.reply('Great news, thanks Elena.');
    await reply.send();
    const [request] = await e2e.server.waitForSync(sends);
    const [message] = syncMessages(request!.body);
    expect(message!.threadId).toBe(threadId);
    await expect.poll(() => gmail.messages.count()).toBe(before + 1);
    expect((await gmail.messageIds()).at(-1)).toBe(message!.messageId);
    await gmail.page.close();
  });

  it('saves drafts as `^r` requests while the rep types', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: ['elena@northwind.example'], subject: 'Draft only', body: 'Thinking…' });
    const [request] = await e2e.server.waitForSync((r) => r.messages.some((m) => m.kind === 'draft'));
    await expect.poll(() => compose.draftId()).toBe(request!.messages[0]!.messageId);
    await gmail.page.close();
  });

  it('renders an inbound reply arriving in the open thread', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const got = await gmail.receiveReply({ body: 'Any update on pricing?' });
    expect(got.threadId).toBe(await gmail.threadId());
    await expect.poll(async () => (await gmail.messageIds()).at(-1)).toBe(got.messageId);
    await gmail.page.close();
  });
});
