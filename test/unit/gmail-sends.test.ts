import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRMATION_GRACE_MS } from '@/lib/handlers/gmail';
import type { RequestOf } from '@/lib/messages';
import type { SenderLike } from '@/lib/sender';
import { validPayloads } from '../support/samples';
import { senders, startTestBackground } from '../support/background';

// The background's decision on sends, through the real router: durable, once per message id, only after
// the undo window (default 10 s), never for an undone send.

let clock = 1_764_072_000_000;
let bg: Awaited<ReturnType<typeof startTestBackground>>;
beforeEach(async () => {
  clock = 1_764_072_000_000;
  bg = await startTestBackground(() => clock);
});
afterEach(() => bg.close());

const gmail = (channel: string, payload: unknown, sender: SenderLike = senders.gmail) => bg.route({ channel, payload }, sender);
const email = (over: Partial<RequestOf<'gmail.sendConfirmed'>['email']> = {}) => ({ ...validPayloads['gmail.sendConfirmed']!.email, ...over });
const intent = (over: Partial<RequestOf<'gmail.sendIntent'>> = {}) => ({ ...validPayloads['gmail.sendIntent']!, at: clock, ...over });
const sentIds = async () => (await bg.db.events.where('type').equals('email.sent').toArray()).map((e) => (e.event as { email: { messageId: string } }).email.messageId);
const settle = () => gmail('gmail.settleSends', {});

describe('email.sent', () => {
  it('is emitted once the undo window has passed, not before', async () => {
    expect(await gmail('gmail.sendIntent', intent())).toMatchObject({ ok: true, data: { status: 'pending', dueAt: clock + 10_000 } });
    clock += 1000;
    await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email() });
    expect(await sentIds()).toEqual([]);
    clock += 8_999;
    expect(await settle()).toMatchObject({ ok: true, data: { emitted: 0, nextDueAt: 1_764_072_010_000 } });
    clock += 1;
    expect(await settle()).toMatchObject({ ok: true, data: { emitted: 1 } });
    expect(await sentIds()).toEqual([email().messageId]);
    const [row] = await bg.db.gmailSends.toArray();
    expect(row).toMatchObject({ id: email().messageId, status: 'emitted' });
  });

  it('a network confirmation without any DOM intent starts the window itself', async () => {
    expect(await settle()).toMatchObject({ ok: true, data: { emitted: 0 } }); // nothing pending: harmless
    const r = await gmail('gmail.sendConfirmed', { email: email() });
    expect(r).toMatchObject({ ok: true, data: { dueAt: clock + 10_000 } });
  });

  it('Undo before the window closes: nothing, even if Gmail confirms afterwards', async () => {
    await gmail('gmail.sendIntent', intent());
    clock += 2000;
    await gmail('gmail.sendUndone', { key: intent().key, at: clock });
    await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email() });
    clock += 60_000;
    await settle();
    expect(await sentIds()).toEqual([]);
    expect((await bg.db.gmailSends.toArray()).map((r) => r.status)).toEqual(['undone']);
  });

  it('Undo that reaches the background before the intent still wins', async () => {
    await gmail('gmail.sendUndone', { key: intent().key, at: clock });
    await gmail('gmail.sendIntent', intent());
    await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email() });
    clock += 20_000;
    await settle();
    expect(await sentIds()).toEqual([]);
  });

  it('Send → Undo → Send again (Gmail reopens the same draft: same message id) → one event for the second press', async () => {
    const id = email().messageId;
    await gmail('gmail.sendIntent', intent({ key: 'intent:first', messageId: id }));
    clock += 1000;
    await gmail('gmail.sendUndone', { key: 'intent:first', messageId: id, at: clock });
    clock += 5000;
    expect(await gmail('gmail.sendIntent', intent({ key: 'intent:second', messageId: id }))).toMatchObject({ ok: true, data: { status: 'pending', dueAt: clock + 10_000 } });
    await gmail('gmail.sendConfirmed', { intentKey: 'intent:second', email: email() });
    clock += 10_000;
    await settle();
    expect(await sentIds()).toEqual([id]);
  });

  it('Send → Undo → Send again before the draft had an id: the confirmation follows the second press', async () => {
    await gmail('gmail.sendIntent', intent({ key: 'intent:first' }));
    await gmail('gmail.sendUndone', { key: 'intent:first', messageId: email().messageId, at: clock });
    clock += 3000;
    await gmail('gmail.sendIntent', intent({ key: 'intent:second' }));
    await gmail('gmail.sendConfirmed', { intentKey: 'intent:second', email: email() });
    clock += 10_000;
    await settle();
    expect(await sentIds()).toEqual([email().messageId]);
  });

  it('a send given up for want of confirmation is emitted when Gmail confirms it late', async () => {
    await gmail('gmail.sendIntent', intent());
    clock += 10_000 + CONFIRMATION_GRACE_MS + 1;
    await settle();
    expect(await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email() })).toMatchObject({ ok: true, data: { status: 'emitted' } });
    expect(await sentIds()).toEqual([email().messageId]);
  });

  it('Undo without ids cancels the newest pending send of that tab only', async () => {
    await gmail('gmail.sendIntent', intent({ key: 'intent:a', messageId: 'msg-a:r1' }));
    clock += 100;
    await gmail('gmail.sendIntent', intent({ key: 'intent:b', messageId: 'msg-a:r2' }), { ...senders.gmail, tab: { id: 99 } });
    clock += 100;
    await gmail('gmail.sendIntent', intent({ key: 'intent:c', messageId: 'msg-a:r3' }));
    await gmail('gmail.sendUndone', { at: clock });
    const status = Object.fromEntries((await bg.db.gmailSends.toArray()).map((r) => [r.id, r.status]));
    expect(status).toEqual({ 'msg-a:r1': 'pending', 'msg-a:r2': 'pending', 'msg-a:r3': 'undone' });
  });

  it('the same message id reported twice (DOM and network, retries, two tabs) → one event', async () => {
    await gmail('gmail.sendIntent', intent({ messageId: email().messageId }));
    await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email() });
    await gmail('gmail.sendConfirmed', { email: email() }, { ...senders.gmail, tab: { id: 12 } });
    clock += 10_000;
    await Promise.all([settle(), settle(), gmail('gmail.sendConfirmed', { email: email() })]);
    await gmail('gmail.sendConfirmed', { email: email() });
    clock += 10_000;
    await settle();
    expect(await sentIds()).toEqual([email().messageId]);
    expect(await bg.db.gmailSends.count()).toBe(1);
  });

  it('a DOM intent that Gmail never confirms is given up after the grace period, with no event', async () => {
    await gmail('gmail.sendIntent', intent());
    clock += 10_000 + CONFIRMATION_GRACE_MS + 1;
    await settle();
    expect(await sentIds()).toEqual([]);
    expect((await bg.db.gmailSends.toArray())[0]!.status).toBe('unconfirmed');
  });

  it('a confirmation arriving after the window (Gmail’s own window is longer) emits at once', async () => {
    await gmail('gmail.sendIntent', intent());
    clock += 30_000;
    expect(await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email() })).toMatchObject({ ok: true, data: { status: 'emitted' } });
    expect(await sentIds()).toEqual([email().messageId]);
  });

  it('survives a worker restart: pending rows are decided by the next settle', async () => {
    await gmail('gmail.sendConfirmed', { email: email() });
    const rows = await bg.db.gmailSends.toArray();
    await bg.close();
    bg = await startTestBackground(() => clock);
    await bg.db.gmailSends.bulkPut(rows);
    clock += 10_000;
    await settle();
    expect(await sentIds()).toEqual([email().messageId]);
  });

  it('refuses malformed sends with a typed error and stores nothing', async () => {
    expect(await gmail('gmail.sendConfirmed', { email: { ...email(), messageId: 'msg-x' } })).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    expect(await gmail('gmail.sendIntent', { ...intent(), key: 'not-a-key' })).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    expect(await gmail('gmail.sendConfirmed', { email: email() }, senders.crm)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await bg.db.gmailSends.count()).toBe(0);
  });
});

describe('thread.opened and email.received', () => {
  const thread = validPayloads['gmail.threadSeen']!.thread;

  it('one thread.opened per open, one email.received per inbound message id', async () => {
    await gmail('gmail.threadSeen', { thread, opened: true, account: 'sam@followthrough-demo.example' });
    clock += 1000;
    await gmail('gmail.threadSeen', { thread, opened: true, account: 'sam@followthrough-demo.example' });
    await gmail('gmail.threadSeen', { thread, opened: false, account: 'sam@followthrough-demo.example' });
    const types = (await bg.db.events.toArray()).map((e) => e.type).sort();
    expect(types).toEqual(['email.received', 'thread.opened', 'thread.opened']);
    expect(await bg.db.messages.get(thread.messages[0]!.messageId)).toMatchObject({ direction: 'inbound' });
  });

  it('answers an open with the thread’s Log to CRM state, read after the thread was stored', async () => {
    const opened = await gmail('gmail.threadSeen', { thread, opened: true, account: 'sam@followthrough-demo.example' });
    expect(opened).toMatchObject({ ok: true, data: { received: true, logState: { threadId: thread.threadId, logged: false, messages: thread.messages.length } } });
    const more = await gmail('gmail.threadSeen', { thread, opened: false, account: 'sam@followthrough-demo.example' });
    expect(more).toMatchObject({ ok: true, data: { received: true } });
    expect((more as { data: Record<string, unknown> }).data.logState).toBeUndefined();
  });

  it('the rep’s own messages are not received mail', async () => {
    const own = { ...thread, messages: [{ ...thread.messages[0]!, from: { name: 'Sam', email: 'sam@followthrough-demo.example' } }] };
    await gmail('gmail.threadSeen', { thread: own, opened: false, account: 'sam@followthrough-demo.example' });
    expect(await bg.db.events.count()).toBe(0);
  });
});

describe('selector health', () => {
  it('is recorded per key and view, and readable by the side panel', async () => {
    await gmail('gmail.selectorHealth', { checks: [{ key: 'thread.subject', view: 'thread', found: true }, { key: 'compose.send', view: 'compose', found: false }], networkProblems: ['item 0: no operation array'] });
    clock += 5;
    await gmail('gmail.selectorHealth', { checks: [{ key: 'thread.subject', view: 'list', found: false }], networkProblems: [] });
    const answer = await bg.route({ channel: 'gmail.getHealth', payload: {} }, senders.extension);
    expect(answer).toMatchObject({
      ok: true,
      data: { missing: ['thread.subject@list', 'compose.send@compose'], notices: ['Gmail changed: the open thread not detected', 'Gmail changed: the Send button not detected'] },
    });
    expect((answer as { data: { record: { networkProblems: { problem: string }[] } } }).data.record.networkProblems.map((p) => p.problem)).toEqual(['item 0: no operation array']);
    expect(await bg.route({ channel: 'gmail.getHealth', payload: {} }, senders.gmail)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });
});
