import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { Settings } from '@/lib/settings';
import type { EmailFacts } from '@/lib/engine/events';
import { SequenceService } from '@/lib/sequences/service';
import { sequenceTodaySource } from '@/lib/sequences/today-source';
import type { TodaySource } from '@/lib/today/source';

// The sequences area over a real (fake-indexeddb) database: enrol, a step falls due and is offered as a Today
// item, Insert fills the template into the Gmail tab's reply box (never sends), the confirmed send schedules the
// next step, a reply stops, an out-of-office pauses, a closed browser never bursts, an edit reaches and applies.

const H = 3_600_000;
const t0 = Date.UTC(2026, 11, 7, 14); // Monday 2026-12-07, 14:00 UTC (09:00 in New York)
let clock = t0;
let db: FollowthroughDb;
let service: SequenceService;
let today: TodaySource;
let settings: Settings;
let sent: { tabId: number; message: unknown }[];
let view: { tabId: number; threadId?: string; at: number } | undefined;

const everyDay = { start: '00:00', end: '23:59', days: [0, 1, 2, 3, 4, 5, 6] };
const email = (over: Partial<EmailFacts> & Pick<EmailFacts, 'messageId' | 'threadId' | 'from'>): EmailFacts => ({
  to: [],
  cc: [],
  bcc: [],
  subject: 'Fleet tracking',
  bodyText: '',
  at: clock,
  ...over,
});
/** An email the engine heard: queued (durable), then the outbox drained as the background does right after. */
async function arrive(direction: 'sent' | 'received', facts: EmailFacts) {
  await service.mailArrived(direction, facts);
  await service.drain();
}
const rep = { name: 'Sam Seller', email: 'sam@seller.example' };
const jane = { name: 'Jane Doe', email: 'jane@acme.example' };

beforeEach(async () => {
  clock = t0;
  db = new FollowthroughDb(`seq-service-${Math.random().toString(36).slice(2)}`);
  await db.open();
  settings = Settings.parse({ repName: 'Sam Seller', ownDomains: ['seller.example'], workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'America/New_York' } });
  sent = [];
  view = { tabId: 7, threadId: 'thread-f:100', at: t0 };
  service = new SequenceService({ db, now: () => clock, settings: async () => settings, log: () => {} });
  today = sequenceTodaySource({
    db,
    service,
    settings: async () => settings,
    views: { get: async () => view as never },
    sendToTab: async (tabId, message) => {
      sent.push({ tabId, message });
      return { inserted: true, openedReplyBox: true };
    },
  });
  await db.templates.add({ id: 'seq-intro', name: 'Intro', kind: 'template', body: 'Hi {{contact.firstName | "there"}}, following up on {{thread.subject}}. — {{rep.firstName}}', intents: [], builtIn: false, edited: false, hidden: false, updatedAt: t0 });
  await db.contacts.add({ id: 'c1', name: 'Jane Doe', email: jane.email, altEmails: ['jd@acme-mail.example'], emails: ['jane@acme.example', 'jd@acme-mail.example'], source: 'local', createdAt: t0, updatedAt: t0 });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function threeSteps() {
  const { sequence } = await service.saveSequence({
    name: 'Q4 outreach',
    steps: [
      { kind: 'email', templateId: 'seq-intro', threading: 'reply-in-thread', afterWorkingDays: 0 },
      { kind: 'email', templateId: 'seq-intro', threading: 'reply-in-thread', afterWorkingDays: 2 },
      { kind: 'call', title: 'Call about the pilot', afterWorkingDays: 1 },
    ],
    window: everyDay,
  });
  return sequence;
}

describe('sequences in the extension', () => {
  it('enrol → the step is offered as a Today item → Insert fills the reply in Gmail → the confirmed send schedules the next step', async () => {
    const s = await threeSteps();
    const { enrolled } = await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100', subject: 'Fleet tracking' }]);
    expect(enrolled).toHaveLength(1);
    const items = await today.items(clock);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'sequence-step', contactEmail: jane.email, threadId: 'thread-f:100', actions: ['insert', 'skip', 'snooze'], detail: 'Step 1 of 3 in ‘Q4 outreach’ · email · reply in thread' }),
    ]);
    const result = await today.act(items[0]!.id, 'insert', { now: clock, tabId: 7 });
    expect(result).toEqual({ ok: true, note: 'Inserted in Gmail — your Send makes the step done', words: { key: 'seq_note_inserted' } });
    expect(sent).toEqual([{ tabId: 7, message: { channel: 'gmail.insertDraft', payload: { threadId: 'thread-f:100', text: 'Hi Jane, following up on Fleet tracking. — Sam' } } }]);
    // Inserted is not sent: the step stays until the rep's send is confirmed.
    expect((await db.enrolments.get(enrolled[0]!.id))?.nextStep).toBe(0);

    clock += 5 * 60_000;
    await arrive('sent', email({ messageId: 'msg-f:101', threadId: 'thread-f:100', from: rep, to: [jane], bodyText: 'Hi Jane, following up' }));
    const after = (await db.enrolments.get(enrolled[0]!.id))!;
    expect(after).toMatchObject({ state: 'active', nextStep: 1, due: '2026-12-09' });
    expect(after.offerAt).toBeGreaterThan(clock);
    expect(await today.items(clock)).toEqual([]);
    // The send is a touch for the caps.
    expect(await db.sequenceTouches.count()).toBe(1);
    // Two days later the step is offered again; the outbox row turned it into an item.
    clock = after.offerAt!;
    await service.tick();
    expect((await today.items(clock)).map((i) => i.detail)).toEqual(['Step 2 of 3 in ‘Q4 outreach’ · email · reply in thread']);
  });

  it('a reply from the contact on another thread stops the enrolment with its reason; Insert is refused after it', async () => {
    const s = await threeSteps();
    const { enrolled } = await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    const [item] = await today.items(clock);
    clock += 30 * 60_000;
    await arrive('received', email({ messageId: 'msg-f:200', threadId: 'thread-f:200', from: { name: 'Jane', email: 'jd@acme-mail.example' }, to: [rep], subject: 'Question', bodyText: 'Can we talk on Thursday?' }));
    const e = (await db.enrolments.get(enrolled[0]!.id))!;
    expect(e.state).toBe('stopped');
    expect(e.reason).toBe('stopped: reply from jd@acme-mail.example (an address of jane@acme.example) on a new thread, 09:30');
    expect(await today.items(clock)).toEqual([]);
    const refused = await today.act(item!.id, 'insert', { now: clock, tabId: 7 });
    expect(refused.ok).toBe(false);
    expect(sent).toEqual([]);
  });

  it('a meeting booked with the contact stops the enrolment with its reason; mail read again never restarts it', async () => {
    const s = await threeSteps();
    const { enrolled } = await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    await service.enrol(s.id, [{ email: 'bob@beta.example', threadId: 'thread-f:101' }]);
    expect(await service.meetingBooked('Jane@Acme.example', Date.UTC(2026, 11, 7, 15, 2))).toBe(1);
    const e = (await db.enrolments.get(enrolled[0]!.id))!;
    expect(e).toMatchObject({ state: 'stopped', reason: 'stopped: meeting booked with jane@acme.example, 2026-12-07 15:02' });
    expect((await today.items(clock)).map((i) => i.contactEmail)).toEqual(['bob@beta.example']);
    await arrive('sent', email({ messageId: 'msg-f:102', threadId: 'thread-f:100', from: rep, to: [jane], bodyText: 'See you Thursday' }));
    expect((await db.enrolments.get(enrolled[0]!.id))?.state).toBe('stopped');
  });

  it('the check right before insert reads mail that arrived after the step was offered', async () => {
    const s = await threeSteps();
    const { enrolled } = await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    const [item] = await today.items(clock);
    // The mail is recorded but its outbox row has not re-decided the enrolment yet (a worker stopped half-way).
    await db.sequenceMail.add({ id: `${enrolled[0]!.id}|msg-f:300`, enrolmentId: enrolled[0]!.id, messageId: 'msg-f:300', direction: 'received', at: clock + 1, message: { at: clock + 1, from: jane.email, to: [rep.email], threadId: 'thread-f:100', subject: 'Re: Fleet tracking', text: 'Thanks, not now.', headers: {} } });
    clock += 60_000;
    const result = await today.act(item!.id, 'insert', { now: clock, tabId: 7 });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('stopped: reply from jane@acme.example') });
    expect(sent).toEqual([]);
    expect((await db.enrolments.get(enrolled[0]!.id))?.state).toBe('stopped');
  });

  it('an out-of-office pauses until the return date it gives, then the step is offered that day', async () => {
    const s = await threeSteps();
    const { enrolled } = await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    await arrive('received', email({ messageId: 'msg-f:400', threadId: 'thread-f:100', from: jane, to: [rep], subject: 'Automatic reply: Fleet tracking', bodyText: 'I am out of the office until December 14, 2026 with limited access to email.', headers: { 'auto-submitted': 'auto-replied' } }));
    const e = (await db.enrolments.get(enrolled[0]!.id))!;
    expect(e).toMatchObject({ state: 'paused', resumeOn: '2026-12-14' });
    expect(e.reason).toMatch(/^paused: out-of-office from jane@acme\.example, 09:00, back 2026-12-14/);
    expect(await today.items(clock)).toEqual([]);
    // The plan row for the return day is queued; that morning the step comes back.
    clock = Date.UTC(2026, 11, 14, 15);
    await service.tick();
    expect((await db.enrolments.get(e.id))?.state).toBe('active');
    expect(await today.items(clock)).toHaveLength(1);
  });

  it('after the browser was closed, steps that fell due meanwhile come back spread at the pace, never as a burst', async () => {
    const s = await threeSteps();
    const people = Array.from({ length: 6 }, (_, i) => ({ email: `p${i}@firm${i}.example`, threadId: `thread-f:${500 + i}` }));
    await service.enrol(s.id, people);
    // Every first step was offered at enrolment, spread 5 minutes apart.
    const offers = (await db.enrolments.toArray()).map((e) => e.offerAt!).sort((a, b) => a - b);
    for (let i = 1; i < offers.length; i++) expect(offers[i]! - offers[i - 1]!).toBeGreaterThanOrEqual(5 * 60_000);
    // The rep sends all six, then closes the browser for four days.
    for (const [i, p] of people.entries()) await arrive('sent', email({ messageId: `msg-f:${600 + i}`, threadId: p.threadId, from: rep, to: [{ name: '', email: p.email }], at: clock + i * 60_000 }));
    clock = Date.UTC(2026, 11, 11, 14);
    await service.tick();
    const items = await today.items(clock);
    expect(items.length).toBeLessThanOrEqual(1);
    const next = (await db.enrolments.toArray()).map((e) => e.offerAt!).sort((a, b) => a - b);
    expect(next.every((at) => at >= clock)).toBe(true);
    for (let i = 1; i < next.length; i++) expect(next[i]! - next[i - 1]!).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it('the vacation switch pauses every enrolment until the day and re-spaces what fell due on return', async () => {
    const s = await threeSteps();
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }, { email: 'bob@beta.example', threadId: 'thread-f:101' }]);
    await service.setVacation('2026-12-21', async (patch) => {
      settings = Settings.parse({ ...settings, ...patch });
    });
    expect(settings.sequences.vacationUntil).toBe('2026-12-21');
    for (const e of await db.enrolments.toArray()) expect(e).toMatchObject({ state: 'paused', resumeOn: '2026-12-21', reason: expect.stringContaining('paused: you are on vacation until 2026-12-21') });
    expect(await today.items(clock)).toEqual([]);
    clock = Date.UTC(2026, 11, 21, 15);
    await service.tick();
    const offers = (await db.enrolments.toArray()).map((e) => e.offerAt!).sort((a, b) => a - b);
    expect(offers).toHaveLength(2);
    expect(offers[1]! - offers[0]!).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it('an edit is a new version: it tells which enrolments it reaches, and moves only those the rep applies it to', async () => {
    const s = await threeSteps();
    const { enrolled } = await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    const steps = [...s.steps];
    steps[2] = { kind: 'task', title: 'Send the case study by post', afterWorkingDays: 1 };
    const { sequence, reach } = await service.saveSequence({ id: s.id, name: s.name, steps, window: everyDay });
    expect(sequence.version).toBe(2);
    expect(reach).toEqual([{ enrolmentId: enrolled[0]!.id, contactEmail: jane.email, contactName: 'Jane Doe', nextStep: 0, state: 'active', reaches: true, why: 'step 3 still ahead (next is step 1)' }]);
    expect((await db.enrolments.get(enrolled[0]!.id))?.sequenceVersion).toBe(1);
    expect(await service.applyToEnrolments(s.id, [enrolled[0]!.id])).toBe(1);
    expect((await db.enrolments.get(enrolled[0]!.id))?.sequenceVersion).toBe(2);
    expect((await service.listSequences()).map((x) => [x.name, x.version, x.running])).toEqual([['Q4 outreach', 2, 1]]);
  });

  it('task and call steps are done or skipped from Today; snooze brings a step back later', async () => {
    const { sequence: s } = await service.saveSequence({ name: 'Calls', steps: [{ kind: 'call', title: 'Intro call', afterWorkingDays: 0 }, { kind: 'task', title: 'Connect on LinkedIn', afterWorkingDays: 0 }], window: everyDay });
    await service.enrol(s.id, [{ email: jane.email }]);
    const [call] = await today.items(clock);
    expect(call).toMatchObject({ title: 'Call jane@acme.example — Intro call', actions: ['done', 'skip', 'snooze'] });
    expect(await today.act(call!.id, 'insert', { now: clock })).toEqual({ ok: false, reason: 'a call step cannot be “insert”', words: { key: 'err_today_action_unknown', args: { action: { key: 'todayAction_insert' } } } });
    expect(await today.act(call!.id, 'snooze', { now: clock, until: clock + 2 * H })).toMatchObject({ ok: true });
    expect(await today.items(clock)).toEqual([]);
    clock += 2 * H;
    await service.tick();
    const [again] = await today.items(clock);
    expect(again?.id).toBe(call!.id);
    expect(await today.act(again!.id, 'done', { now: clock })).toMatchObject({ ok: true });
    clock += 10 * 60_000;
    await service.tick();
    const [task] = await today.items(clock);
    expect(task?.title).toBe('Connect on LinkedIn — jane@acme.example');
    expect(await today.act(task!.id, 'skip', { now: clock })).toMatchObject({ ok: true, note: 'Skipped — done: all 2 steps done' });
  });
});
