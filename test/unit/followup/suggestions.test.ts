import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '@/lib/engine/events';
import { DEFAULT_REASON } from '@/lib/followup';
import { senders, startTestBackground } from '../../support/background';

// The follow-up rules and the side panel's channels (`ui.panel`, `ui.suggestion.resolve`), through the background as it runs (router, engine,
// handlers) on fake-indexeddb. The clock: Wednesday 25 November 2026, 10:00 in New York.

const NOW = Date.parse('2026-11-25T15:00:00Z');
const THREAD = 'thread-f:1785432109876543210';
const REP = { name: 'Sam Rep', email: 'sam@followthrough-demo.example' };
const PRIYA = { name: 'Priya Raman', email: 'priya@acme.example' };

let bg: Awaited<ReturnType<typeof startTestBackground>>;
beforeEach(async () => {
  bg = await startTestBackground(() => NOW);
  await bg.settings.update({
    ownDomains: ['followthrough-demo.example'],
    workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'America/New_York' },
  });
});
afterEach(() => bg.close());

const email = (type: 'email.sent' | 'email.received', n: number, bodyText: string, threadId = THREAD): EngineEvent => ({
  type,
  email: {
    messageId: `msg-f:17854321098765433${n}`,
    threadId,
    from: type === 'email.sent' ? REP : PRIYA,
    to: [type === 'email.sent' ? PRIYA : REP],
    cc: [],
    bcc: [],
    subject: 'Fleet tracking pilot',
    bodyText,
    at: NOW - 60_000 + n,
  },
});

async function happen(event: EngineEvent) {
  await bg.engine.dispatch(event);
  await bg.engine.idle();
}

const ask = async <T,>(channel: string, payload: unknown, sender: Parameters<typeof bg.route>[1] = senders.extension) => {
  const result = (await bg.route({ channel, payload }, sender)) as { ok: boolean; data?: T; error?: { message: string } };
  if (!result.ok) throw new Error(result.error?.message);
  return result.data as T;
};

type Listed = { id: string; kind: string; reason: string; payload: { date: string; direction: string } };
/** What the side panel lists for a thread the rep has open in Gmail (tab 7): through the channels the panel reads. */
async function panel(threadId = THREAD) {
  await ask('gmail.viewChanged', { view: 'thread', threadId }, senders.gmail);
  return ask<{ suggestions: Listed[]; reminders: { id: string; date: string; dueAt: number; status: string }[] }>('ui.panel', { tabId: 7 });
}
/** The thread's open follow-up suggestions as the side panel lists them, newest first. */
const followUps = async (threadId = THREAD) => (await panel(threadId)).suggestions.filter((s) => s.kind === 'followup');
const resolve = (id: string, action: 'accept' | 'dismiss', edits?: Record<string, unknown>) =>
  ask<{ suggestion: { id: string; status: string; payload: Record<string, unknown> } }>('ui.suggestion.resolve', { id, action, edits });

describe('follow-up suggestions from the rules', () => {
  it('on a reply, suggests the day it gives, with the phrase as the reason', async () => {
    await happen(email('email.received', 1, "Thanks Sam. I'm out of office until December 3 with limited access to email.\n\nPriya\n+1 415 555 0100"));
    const suggestions = await followUps();
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ reason: 'until December 3', payload: { date: '2026-12-03', direction: 'received' } });
  });

  it('on a send nobody has answered, suggests the cadence (or the day the rep gave); after a reply, the send rule stays quiet', async () => {
    await happen(email('email.sent', 1, 'Hi Priya, the proposal is attached.'));
    let suggestions = await followUps();
    expect(suggestions).toMatchObject([{ reason: DEFAULT_REASON, payload: { date: '2026-11-30' } }]);

    await happen(email('email.received', 2, 'Looks good, talk next Tuesday.'));
    // Gmail's thread snapshot records the reply among the thread's messages (what the rules read).
    await bg.db.messages.add({
      id: 'msg-f:1785432109876543302',
      threadId: THREAD,
      from: PRIYA,
      to: [REP],
      cc: [],
      bcc: [],
      subject: 'Re: Fleet tracking pilot',
      date: NOW - 60_000 + 2,
      bodyText: 'Looks good, talk next Tuesday.',
      direction: 'inbound',
    });
    suggestions = await followUps();
    // The newest message's suggestion replaces the older one.
    expect(suggestions).toMatchObject([{ reason: 'next Tuesday', payload: { date: '2026-12-01' } }]);

    await happen(email('email.sent', 3, 'Great, speak in two weeks then.'));
    suggestions = await followUps();
    expect(suggestions).toMatchObject([{ reason: 'next Tuesday' }]);
  });

  it('accepts on the day the rep picked (→ a reminder on that day), and dismisses, as the side panel does', async () => {
    await happen(email('email.received', 1, 'Back on January 11.'));
    const [first] = await followUps();
    expect(first!.payload.date).toBe('2027-01-11');
    // The rep edits the day in the panel's editor and accepts: the reminder falls on the day they chose.
    const { suggestion } = await resolve(first!.id, 'accept', { date: '2027-01-12' });
    expect(suggestion).toMatchObject({ status: 'accepted', payload: { date: '2027-01-12', changedByRep: true } });
    const [reminder] = await bg.db.reminders.where('threadId').equals(THREAD).toArray();
    expect(reminder).toMatchObject({ date: '2027-01-12', threadId: THREAD, status: 'pending', source: 'suggestion', dueAt: Date.parse('2027-01-12T14:00:00Z') });
    expect((await panel()).reminders.map((r) => r.id)).toEqual([reminder!.id]);
    expect(await bg.db.events.get(`suggestion.accepted:${first!.id}`)).toBeTruthy();
    expect(await followUps()).toEqual([]);

    await happen(email('email.received', 2, 'Actually, make it the week of Jan 18.'));
    const [second] = await followUps();
    expect(second!.payload.date).toBe('2027-01-18');
    await resolve(second!.id, 'dismiss');
    expect((await bg.db.suggestions.get(second!.id))?.status).toBe('dismissed');
    expect(await followUps()).toEqual([]);
    expect(await bg.db.reminders.count()).toBe(1);
  });

  it('accepted on the day it read, the suggestion is not marked as changed by the rep', async () => {
    await happen(email('email.received', 1, 'Back on January 11.'));
    const [first] = await followUps();
    const { suggestion } = await resolve(first!.id, 'accept');
    expect(suggestion.payload).toMatchObject({ date: '2027-01-11' });
    expect(suggestion.payload.changedByRep).toBeUndefined();
    expect(await bg.db.reminders.get(`rem:${first!.id}`)).toMatchObject({ date: '2027-01-11', status: 'pending' });
  });

  it('snoozes and ends a reminder as the side panel does (a time of the rep’s own, then Done)', async () => {
    await happen(email('email.received', 1, 'Back on January 11.'));
    const [first] = await followUps();
    await resolve(first!.id, 'accept');
    const id = `rem:${first!.id}`;
    const update = (payload: Record<string, unknown>) => ask<{ reminder: { status: string; dueAt: number; date: string } }>('ui.reminder.update', { id, ...payload });
    await expect(update({ action: 'snooze' })).rejects.toThrow(/a time in the future/);
    await expect(update({ action: 'snooze', until: NOW - 1 })).rejects.toThrow(/a time in the future/);
    const until = Date.parse('2027-01-13T20:00:00Z');
    expect((await update({ action: 'snooze', until })).reminder).toMatchObject({ status: 'snoozed', dueAt: until, date: '2027-01-13' });
    expect((await panel()).reminders).toMatchObject([{ id, status: 'snoozed' }]);
    expect((await update({ action: 'done' })).reminder).toMatchObject({ status: 'done' });
    expect(await bg.db.reminders.get(id)).toMatchObject({ status: 'done', endedBy: 'marked done' });
    expect((await panel()).reminders).toEqual([]);
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    await happen(email('email.received', 1, 'Back on January 11.'));
    const [first] = await followUps();
    await expect(resolve(first!.id, 'accept', { date: '03/12/2026' })).rejects.toThrow(/date: a day as YYYY-MM-DD/);
    expect((await bg.db.suggestions.get(first!.id))?.status).toBe('open');
    const bad = await bg.route({ channel: 'ui.suggestion.resolve', payload: { id: first!.id, action: 'snooze' } }, senders.extension);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    await expect(resolve('nope', 'accept')).rejects.toThrow(/no longer exists/);
    const fromPage = await bg.route({ channel: 'ui.reminder.update', payload: { id: 'r', action: 'done' } }, senders.gmail);
    expect(fromPage).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await bg.db.reminders.count()).toBe(0);
  });
});

describe('"Remind me" in compose', () => {
  it('offers the date read from the draft and +3 working days; the reminder starts when the send is confirmed', async () => {
    const dates = await ask<{ suggested: { date: string; reason: string }; plusThree: string }>(
      'followup.composeDates',
      { text: 'Priya — I will check back after your offsite next week.' },
      senders.gmail,
    );
    expect(dates).toMatchObject({ suggested: { date: '2026-12-07', reason: 'next week' }, plusThree: '2026-11-30' });

    const { reminderId } = await ask<{ reminderId: string }>(
      'followup.remindMe',
      { composeId: 'compose-1', subject: 'Fleet tracking pilot', to: [PRIYA.email], date: dates.plusThree, evenIfReplied: false },
      senders.gmail,
    );
    // Waiting for the send, it belongs to no thread yet: no panel lists it.
    expect(await bg.db.reminders.get(reminderId)).toMatchObject({ awaitingSend: true, status: 'pending' });
    expect((await panel()).reminders).toEqual([]);

    await happen(email('email.sent', 1, 'Priya — I will check back after your offsite next week.'));
    expect(await bg.db.reminders.get(reminderId)).toMatchObject({ awaitingSend: false, threadId: THREAD, date: '2026-11-30' });
    expect((await panel()).reminders.map((r) => r.id)).toEqual([reminderId]);

    // A reply on the thread: the reminder is gone.
    await happen(email('email.received', 2, 'Thanks!'));
    expect((await bg.db.reminders.get(reminderId))?.status).toBe('cancelled');
  });

  it('refuses a day in the past', async () => {
    await expect(
      ask('followup.remindMe', { composeId: 'compose-2', subject: 's', to: [PRIYA.email], date: '2026-11-20' }, senders.gmail),
    ).rejects.toThrow(/today or a later day/);
  });
});

describe('follow-up suggestions follow the sender policy and never offer a past day', () => {
  const from = (sender: { name: string; email: string }, n: number, extra: { subject?: string; headers?: Record<string, string> } = {}): EngineEvent => {
    const e = email('email.received', n, 'Thanks, let us talk again next week.', `thread-f:17854321098765${String(50 + n)}`);
    if (e.type !== 'email.received') throw new Error('not received');
    return { ...e, email: { ...e.email, from: sender, subject: extra.subject ?? e.email.subject, ...(extra.headers ? { headers: extra.headers } : {}) } };
  };
  const suggested = async (event: EngineEvent) => {
    await happen(event);
    const threadId = event.type === 'email.received' ? event.email.threadId : '';
    return (await followUps(threadId)).length;
  };

  it('none for newsletters, no-reply senders or personal mail; one for a prospect', async () => {
    expect(await suggested(from({ name: 'Acme News', email: 'newsletter@acme.example' }, 1))).toBe(0);
    expect(await suggested(from({ name: 'Acme Digest', email: 'team@acme.example' }, 2, { headers: { 'List-Unsubscribe': '<https://acme.example/u>' } }))).toBe(0);
    expect(await suggested(from({ name: 'Acme', email: 'no-reply@acme.example' }, 3))).toBe(0);
    expect(await suggested(from({ name: 'Mum', email: 'mum.smith@gmail.com' }, 4))).toBe(0);
    expect(await suggested(from(PRIYA, 5))).toBe(1);
    const skipped = await bg.db.auditLog.filter((a) => a.action === 'followup.suggest' && a.result === 'skipped').toArray();
    expect(skipped.map((a) => a.detail)).toEqual(expect.arrayContaining([expect.stringMatching(/personal webmail/), expect.stringMatching(/newsletter or mailing list/), expect.stringMatching(/automated sender/)]));
  });

  it('a day read from an older message that has passed becomes the next working day, saying when it was due', async () => {
    // Monday 16 November the prospect wrote "on Friday" (the 20th); it is Wednesday the 25th now.
    const old = email('email.received', 9, 'Can we talk on Friday?');
    if (old.type !== 'email.received') throw new Error('not received');
    await happen({ ...old, email: { ...old.email, at: Date.parse('2026-11-16T15:00:00Z') } });
    const suggestions = await followUps();
    expect(suggestions[0]).toMatchObject({ payload: { date: '2026-11-26' }, reason: expect.stringMatching(/was due Fri, Nov 20$/) });
  });
});
