import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRMATION_GRACE_MS } from '@/lib/handlers/gmail';
import type { RequestOf } from '@/lib/messages';
import type { SenderLike } from '@/lib/sender';
import { validPayloads } from '../support/samples';
import { senders, startTestBackground } from '../support/background';
import { threadFetchResponse } from '../server/gmail-server';

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

  it('a network confirmation without any Send press is held for the rep, not emitted', async () => {
    expect(await settle()).toMatchObject({ ok: true, data: { emitted: 0 } }); // nothing pending: harmless
    const r = await gmail('gmail.sendConfirmed', { email: email() });
    expect(r).toMatchObject({ ok: true, data: { status: 'held' } });
    clock += 10 * 60_000;
    await settle();
    expect(await sentIds()).toEqual([]);
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
    await gmail('gmail.sendIntent', intent());
    await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email() });
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

  it('the rep’s own messages are not received mail (they are sends: see "sends from elsewhere")', async () => {
    const own = { ...thread, messages: [{ ...thread.messages[0]!, from: { name: 'Sam', email: 'sam@followthrough-demo.example' } }] };
    await gmail('gmail.threadSeen', { thread: own, opened: false, account: 'sam@followthrough-demo.example' });
    expect((await bg.db.events.toArray()).map((e) => e.type)).toEqual(['email.sent']);
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

describe('sends from elsewhere', () => {
  const SAM = { name: 'Sam Carter', email: 'sam@followthrough-demo.example' };
  const PRIYA = { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' };
  const base = validPayloads['gmail.threadSeen']!.thread;
  const DAY = 86_400_000;
  /** A thread as read from Gmail with one of the rep's messages in it (sent from the phone, say). */
  const threadWith = (m: { messageId: string; legacyMessageId?: string; date?: number; subject?: string; to?: (typeof PRIYA)[] }) => ({
    ...base,
    subject: m.subject ?? base.subject,
    messages: [{ messageId: m.messageId, legacyMessageId: m.legacyMessageId, from: SAM, to: m.to ?? [PRIYA], cc: [], date: m.date, bodyText: 'Sent from my phone.' }],
  });
  const read = (t: ReturnType<typeof threadWith>, opened = true) => gmail('gmail.threadSeen', { thread: t, opened, account: SAM.email });
  const sentEvents = async () => (await bg.db.events.where('type').equals('email.sent').toArray()).map((e) => ({ id: e.id, ...(e.event as { email: { messageId: string; at: number } }).email }));
  const own = (over: Record<string, unknown> = {}) => ({ ...validPayloads['gmail.ownMessages']!.messages[0]!, date: clock - DAY, ...over });

  it('the rep’s message read from a thread, never seen sent here → one email.sent, dated by the message; read again → nothing more', async () => {
    const date = clock - 2 * DAY;
    await read(threadWith({ messageId: 'msg-f:1850000000000000101', date }));
    clock += 60_000;
    await read(threadWith({ messageId: 'msg-f:1850000000000000101', date }));
    await read(threadWith({ messageId: 'msg-f:1850000000000000101', date }), false);
    expect(await sentEvents()).toEqual([expect.objectContaining({ id: 'email.sent:msg-f:1850000000000000101', messageId: 'msg-f:1850000000000000101', at: date })]);
  });

  it('history (older than a week) and messages without a readable date are not logged on their own', async () => {
    await read(threadWith({ messageId: 'msg-f:1850000000000000102', date: clock - 8 * DAY }));
    await read(threadWith({ messageId: 'msg-f:1850000000000000103', date: undefined }));
    expect(await sentEvents()).toEqual([]);
    expect(await bg.db.gmailSends.count()).toBe(0);
  });

  it('a send seen here and re-read later in its msg-f form (Gmail’s answer gave its hex id) → the same key, one event', async () => {
    await gmail('gmail.sendIntent', intent({ messageId: 'msg-a:r77' }));
    await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email({ messageId: 'msg-a:r77', at: clock }), legacyMessageId: '19ab3c0ffee00001' });
    clock += 10_000;
    await settle();
    const permanent = `msg-f:${BigInt('0x19ab3c0ffee00001').toString()}`;
    await read(threadWith({ messageId: permanent, legacyMessageId: '19ab3c0ffee00001', date: clock - 10_000, subject: 'Pricing' }));
    await gmail('gmail.ownMessages', { messages: [own({ messageId: permanent, subject: 'Pricing' })] });
    expect((await sentEvents()).map((e) => e.id)).toEqual(['email.sent:msg-a:r77']);
  });

  it('a send seen here and re-read in the other id form with no hex id known → recognised by sender, subject, recipients and time', async () => {
    await gmail('gmail.sendIntent', intent({ messageId: 'msg-a:r78' }));
    await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email({ messageId: 'msg-a:r78', at: clock }) });
    clock += 10_000;
    await settle();
    await read(threadWith({ messageId: 'msg-f:1850000000000000104', date: clock - 9_000, subject: 'Re: Pricing' }));
    expect((await sentEvents()).map((e) => e.id)).toEqual(['email.sent:msg-a:r78']);
    // …while a different message of the same form is another send.
    await read(threadWith({ messageId: 'msg-a:r79', date: clock, subject: 'Pricing' }));
    expect((await sentEvents()).map((e) => e.id)).toEqual(['email.sent:msg-a:r78', 'email.sent:msg-a:r79']);
  });

  it('the thread shows the sent message before Gmail’s confirmation arrives → one event, and the press is not left "unconfirmed"', async () => {
    await gmail('gmail.sendIntent', intent());
    clock += 10_500;
    await read(threadWith({ messageId: email().messageId, date: clock, subject: 'Pricing' }));
    await gmail('gmail.sendConfirmed', { intentKey: intent().key, email: email() });
    clock += 10 * 60_000;
    await settle();
    expect((await sentEvents()).map((e) => e.id)).toEqual([`email.sent:${email().messageId}`]);
    expect((await bg.db.gmailSends.toArray()).map((r) => r.status)).toEqual(['emitted']);
  });

  it('a reply read from the thread before its confirmation, after an earlier press to the same people was given up → it is the newer press’s; the earlier stays unconfirmed', async () => {
    // Both presses before Gmail saved a draft: no message id, only the press's facts (e2e's quick replies).
    await gmail('gmail.sendIntent', intent({ key: 'intent:given-up', subject: 'Re: Pricing' }));
    clock += 10_000 + CONFIRMATION_GRACE_MS;
    await settle();
    expect((await bg.db.gmailSends.toArray()).map((r) => [r.id, r.status])).toEqual([['intent:given-up', 'unconfirmed']]);
    clock += 60_000;
    await gmail('gmail.sendIntent', intent({ key: 'intent:newer', subject: 'Re: Pricing', at: clock }));
    clock += 10_500;
    await read(threadWith({ messageId: 'msg-a:r501', date: clock, subject: 'Re: Pricing' }));
    await gmail('gmail.sendConfirmed', { intentKey: 'intent:newer', email: email({ messageId: 'msg-a:r501', subject: 'Re: Pricing', at: clock }) });
    clock += 60_000;
    await settle();
    expect(await sentIds()).toEqual(['msg-a:r501']);
    expect((await bg.db.gmailSends.toArray()).map((r) => [r.id, r.status]).sort()).toEqual([
      ['intent:given-up', 'unconfirmed'],
      ['msg-a:r501', 'emitted'],
    ]);
  });

  it('from sync data: one event dated by the message; the same message read from the thread later → nothing more', async () => {
    const m = own();
    expect(await gmail('gmail.ownMessages', { messages: [m, m] })).toMatchObject({ ok: true, data: { emitted: 1 } });
    await read(threadWith({ messageId: m.messageId, date: m.date }));
    expect(await sentEvents()).toEqual([expect.objectContaining({ id: `email.sent:${m.messageId}`, at: m.date, subject: 'Sent from my phone' })]);
  });

  it('from a thread fetch’s raw answer, read in the worker: the account’s sent message → one event dated by the message; the same answer again → nothing more; a colleague’s → nothing', async () => {
    const date = clock - DAY;
    const fetched = (from: typeof SAM, messageId: string) =>
      JSON.stringify(
        threadFetchResponse([{ threadId: 'thread-f:1850000000000000300', subject: 'Pilot', messages: [{ messageId, threadId: 'thread-f:1850000000000000300', subject: 'Re: Pilot', from, to: [PRIYA], at: date }] }], SAM.email),
      );
    const answer = fetched(SAM, 'msg-f:1850000000000000301');
    expect(await gmail('gmail.threadFetched', { answer, account: SAM.email })).toMatchObject({ ok: true, data: { emitted: 1 } });
    expect(await gmail('gmail.threadFetched', { answer, account: SAM.email })).toMatchObject({ ok: true, data: { emitted: 0 } });
    expect(await gmail('gmail.threadFetched', { answer: fetched(PRIYA, 'msg-f:1850000000000000302'), account: SAM.email })).toMatchObject({ ok: true, data: { emitted: 0 } });
    // Without the signed-in account nobody's message is the rep's.
    expect(await gmail('gmail.threadFetched', { answer: fetched(SAM, 'msg-f:1850000000000000303') })).toMatchObject({ ok: true, data: { emitted: 0 } });
    expect(await sentEvents()).toEqual([expect.objectContaining({ id: 'email.sent:msg-f:1850000000000000301', at: date, subject: 'Re: Pilot' })]);
    expect((await bg.db.gmailHealth.get('gmail'))?.networkProblems ?? []).toEqual([]);
  });

  it('a thread fetch’s answer the worker cannot read → its problem in the health record, no send; the router refuses an empty or oversized one', async () => {
    expect(await gmail('gmail.threadFetched', { answer: '{"hello":"gmail"}', account: SAM.email })).toMatchObject({ ok: true, data: { emitted: 0 } });
    expect(await gmail('gmail.threadFetched', { answer: '[1,[[0,', account: SAM.email })).toMatchObject({ ok: true, data: { emitted: 0 } });
    expect(((await bg.db.gmailHealth.get('gmail'))?.networkProblems ?? []).map((p) => p.problem)).toEqual([
      expect.stringMatching(/^sync thread fetch \(\/i\/fd\) answer: sync answer in no known layout/),
      'sync thread fetch (/i/fd) answer is not JSON',
    ]);
    // What the parsers take but a `gmail.ownMessages` payload may not hold (150 labels; the schema allows 100) is named, not taken.
    const crowded = threadFetchResponse([{ threadId: 'thread-f:1850000000000000300', subject: 'Pilot', messages: [{ messageId: 'msg-f:1850000000000000304', threadId: 'thread-f:1850000000000000300', subject: 'Pilot', from: SAM, to: [PRIYA], at: clock - DAY }] }], SAM.email);
    const message = (crowded[1] as unknown[][])[0]![1] as unknown[];
    ((message[4] as unknown[][])[0]!)[10] = ['^f', ...Array.from({ length: 149 }, (_, i) => `^label_${i}`)];
    expect(await gmail('gmail.threadFetched', { answer: JSON.stringify(crowded), account: SAM.email })).toMatchObject({ ok: true, data: { emitted: 0 } });
    expect(((await bg.db.gmailHealth.get('gmail'))?.networkProblems ?? []).at(-1)?.problem).toBe('sync thread fetch (/i/fd) answer: sent message msg-f:1850000000000000304 did not validate (labels)');
    expect(await gmail('gmail.threadFetched', { answer: '', account: SAM.email })).toMatchObject({ ok: false });
    expect(await gmail('gmail.threadFetched', { answer: ' '.repeat(4_000_001), account: SAM.email })).toMatchObject({ ok: false });
    expect(await gmail('gmail.threadFetched', { answer: '[]', account: 'not an address' })).toMatchObject({ ok: false });
    expect(await sentEvents()).toEqual([]);
  });

  it('a scheduled send is logged when it goes out, never while scheduled or when cancelled', async () => {
    await gmail('gmail.ownMessages', { messages: [own({ messageId: 'msg-f:1850000000000000201', labels: ['^scheduled'] })] });
    await gmail('gmail.ownMessages', { messages: [own({ messageId: 'msg-f:1850000000000000202', labels: ['^r'] })] }); // cancelled: back to a draft
    expect(await sentEvents()).toEqual([]);
    await gmail('gmail.ownMessages', { messages: [own({ messageId: 'msg-f:1850000000000000201', labels: ['^f'] })] });
    expect((await sentEvents()).map((e) => e.messageId)).toEqual(['msg-f:1850000000000000201']);
  });
});

describe('never silent, never forged', () => {
  const health = async () => (await bg.route({ channel: 'gmail.getHealth', payload: {} }, senders.extension)) as { ok: true; data: RequestOf<'gmail.getHealth'> & { sends: { unconfirmed: { id: string; canLog: boolean; subject: string }[]; held: { id: string }[]; crm: { id: string; status: string }[] }; record: { networkProblems: { problem: string }[] } } };
  const resolve = (id: string, action: 'log' | 'dismiss') => bg.route({ channel: 'gmail.resolveSend', payload: { id, action } }, senders.extension);

  it('a confirmation no Send press in that tab stands behind → held: no event, no activity, no CRM row; listed for the rep', async () => {
    await bg.settings.update({ crm: 'hubspot' });
    await gmail('gmail.sendIntent', intent({ messageId: email().messageId }), { ...senders.gmail, tab: { id: 99 } }); // pressed in another tab
    await gmail('gmail.sendConfirmed', { email: email() });
    await gmail('gmail.sendConfirmed', { email: email({ messageId: 'msg-a:r990' }) });
    clock += 10 * 60_000;
    await settle();
    await bg.engine.idle();
    expect(await sentIds()).toEqual([]);
    expect(await bg.db.activities.count()).toBe(0);
    expect(await bg.db.outbox.count()).toBe(0);
    expect((await health()).data.sends.held.map((h) => h.id).sort()).toEqual([email().messageId, 'msg-a:r990']);
  });

  it('a held confirmation is released by the rep’s own message in the thread, or by the rep; dismissed, never logged', async () => {
    await gmail('gmail.sendConfirmed', { email: email({ messageId: 'msg-a:r991' }) });
    await gmail('gmail.sendConfirmed', { email: email({ messageId: 'msg-a:r992' }) });
    await gmail('gmail.sendConfirmed', { email: email({ messageId: 'msg-a:r993' }) });
    const thread = validPayloads['gmail.threadSeen']!.thread;
    await gmail('gmail.threadSeen', {
      thread: { ...thread, messages: [{ messageId: 'msg-a:r991', from: { name: '', email: 'sam@followthrough-demo.example' }, to: [{ name: '', email: 'priya.raman@acme-robotics.example' }], cc: [], date: clock, bodyText: '' }] },
      opened: false,
      account: 'sam@followthrough-demo.example',
    });
    expect(await resolve('msg-a:r992', 'log')).toMatchObject({ ok: true, data: { status: 'emitted' } });
    expect(await resolve('msg-a:r993', 'dismiss')).toMatchObject({ ok: true, data: { status: 'dismissed' } });
    expect(await resolve('msg-a:r993', 'log')).toMatchObject({ ok: false });
    expect((await sentIds()).sort()).toEqual(['msg-a:r991', 'msg-a:r992']);
    // The event is the confirmation's, under its key.
    expect((await bg.db.events.get('email.sent:msg-a:r991'))?.event).toMatchObject({ email: { subject: 'Pricing', bodyText: email().bodyText } });
    expect((await health()).data.sends.held).toEqual([]);
  });

  it('the rep’s message only the thread’s DOM shows (a page script can draw one) → logged here, no CRM row until the rep says so; then exactly one', async () => {
    await bg.settings.update({ crm: 'hubspot' });
    const priya = 'priya.raman@acme-robotics.example';
    await bg.db.contacts.add({ id: 'ct:priya', name: 'Priya Raman', email: priya, altEmails: [], emails: [priya], source: 'local', createdAt: clock, updatedAt: clock });
    const thread = validPayloads['gmail.threadSeen']!.thread;
    const drawn = (messageId: string, subject: string) =>
      gmail('gmail.threadSeen', {
        thread: { ...thread, subject, messages: [{ messageId, from: { name: 'Sam', email: 'sam@followthrough-demo.example' }, to: [{ name: 'Priya', email: priya }], cc: [], date: clock - 60_000, bodyText: 'Drawn.' }] },
        opened: false,
        account: 'sam@followthrough-demo.example',
      });
    const crmRows = async (id: string) => (await bg.db.outbox.toArray()).filter((r) => r.id === `crm:hubspot:${id}`).length;
    await drawn('msg-f:1850000000000000201', 'Drawn one');
    await drawn('msg-f:1850000000000000202', 'Drawn two');
    await bg.engine.idle();
    // Logged here (the rep may have sent it from the phone)…
    expect((await bg.db.activities.toArray()).map((a) => a.messageId).sort()).toEqual(['msg-f:1850000000000000201', 'msg-f:1850000000000000202']);
    // …but never written to the CRM on the page's word alone, even by a later sweep.
    expect(await crmRows('msg-f:1850000000000000201')).toBe(0);
    await bg.crm.sync.sweep();
    expect((await bg.db.outbox.toArray()).filter((r) => r.id.startsWith('crm:')).map((r) => r.id)).toEqual([]);
    expect((await health()).data.sends.crm.map((c) => [c.id, c.status])).toEqual([
      ['msg-f:1850000000000000201', 'crm'],
      ['msg-f:1850000000000000202', 'crm'],
    ]);
    // The rep's click: exactly one CRM row; clicked again (or read again) → still one.
    expect(await resolve('msg-f:1850000000000000201', 'log')).toMatchObject({ ok: true, data: { status: 'emitted' } });
    await bg.engine.idle();
    expect(await crmRows('msg-f:1850000000000000201')).toBe(1);
    expect(await resolve('msg-f:1850000000000000201', 'log')).toMatchObject({ ok: false });
    await drawn('msg-f:1850000000000000201', 'Drawn one');
    await bg.engine.idle();
    expect(await crmRows('msg-f:1850000000000000201')).toBe(1);
    // Gmail's sync data over the private channel holding the other message releases it too.
    await gmail('gmail.ownMessages', {
      messages: [{ ...validPayloads['gmail.ownMessages']!.messages[0]!, messageId: 'msg-f:1850000000000000202', threadId: thread.threadId, to: [{ name: 'Priya', email: priya }], subject: 'Drawn two', date: clock - 60_000, source: 'sync' }],
    });
    await bg.engine.idle();
    expect(await crmRows('msg-f:1850000000000000202')).toBe(1);
    expect(await bg.db.activities.count()).toBe(2);
    expect(await sentIds()).toHaveLength(2);
    expect((await health()).data.sends.crm).toEqual([]);
    // "Keep here only": logged, never written.
    await drawn('msg-f:1850000000000000203', 'Drawn three');
    expect(await resolve('msg-f:1850000000000000203', 'dismiss')).toMatchObject({ ok: true });
    await bg.engine.idle();
    await bg.crm.sync.sweep();
    expect(await crmRows('msg-f:1850000000000000203')).toBe(0);
    expect((await bg.db.activities.toArray()).some((a) => a.messageId === 'msg-f:1850000000000000203')).toBe(true);
  });

  it('Send pressed and never confirmed → unconfirmed after the window and the confirmation time, in the health record and the list; one click logs it', async () => {
    await bg.settings.update({ sendConfirmSeconds: 30 });
    const pressedAt = clock;
    const r = await gmail('gmail.sendIntent', intent({ messageId: 'msg-a:r994', threadId: 'thread-a:r994', from: 'sam@followthrough-demo.example' }));
    expect(r).toMatchObject({ ok: true, data: { dueAt: clock + 10_000 } });
    clock += 10_000;
    // Still waiting for Gmail: the next decision is when it is given up.
    expect(await settle()).toMatchObject({ ok: true, data: { emitted: 0, nextDueAt: clock + 30_000 } });
    clock += 30_000;
    await settle();
    const { data } = await health();
    expect(data.sends.unconfirmed).toEqual([expect.objectContaining({ id: 'msg-a:r994', subject: 'Pricing', canLog: true, threadId: 'thread-a:r994' })]);
    expect(data.record.networkProblems.map((p) => p.problem)).toEqual(['a Send was pressed and Gmail never confirmed it (“Pricing”)']);
    expect(bg.notified.length).toBeGreaterThan(0);
    expect(await resolve('msg-a:r994', 'log')).toMatchObject({ ok: true, data: { status: 'emitted' } });
    expect((await bg.db.events.get('email.sent:msg-a:r994'))?.event).toMatchObject({
      email: { messageId: 'msg-a:r994', threadId: 'thread-a:r994', from: { email: 'sam@followthrough-demo.example' }, to: [{ email: 'priya.raman@acme-robotics.example' }], subject: 'Pricing', at: pressedAt },
    });
    expect((await health()).data.sends.unconfirmed).toEqual([]);
  });

  it('a press Gmail gave no id cannot be logged from the list (it says why); the rep’s message read later confirms it', async () => {
    const pressedAt = clock;
    await gmail('gmail.sendIntent', intent({ from: 'sam@followthrough-demo.example' }));
    clock += 10_000 + CONFIRMATION_GRACE_MS;
    await settle();
    const [check] = (await health()).data.sends.unconfirmed;
    expect(check).toMatchObject({ id: intent().key, canLog: false });
    expect(await resolve(intent().key, 'log')).toMatchObject({ ok: false, error: { message: expect.stringContaining('open it in Sent') } });
    const thread = validPayloads['gmail.threadSeen']!.thread;
    await gmail('gmail.threadSeen', {
      thread: { ...thread, subject: 'Pricing', messages: [{ messageId: 'msg-f:1850000000000000301', from: { name: '', email: 'sam@followthrough-demo.example' }, to: [{ name: '', email: 'priya.raman@acme-robotics.example' }], cc: [], date: pressedAt + 10_000, bodyText: 'Hi' }] },
      opened: true,
      account: 'sam@followthrough-demo.example',
    });
    expect(await sentIds()).toEqual(['msg-f:1850000000000000301']);
    expect((await health()).data.sends.unconfirmed).toEqual([]);
  });
});

describe('Gmail’s two id forms of one message', () => {
  it('a msg-f id is the decimal form of the hex id Gmail stores (real capture: 2022-09-09 cvOnReplySend_2 response, InboxSDK, MIT)', async () => {
    const { legacyOf } = await import('@/lib/handlers/own-sends');
    expect(legacyOf('msg-f:1743802434391390786')).toBe('18333b13345c3a42');
    expect(legacyOf('msg-a:r726552832812233575')).toBeUndefined();
    expect(legacyOf('msg-f:99999999999999999999999')).toBeUndefined(); // more than Gmail's 16 hex digits
  });
});
