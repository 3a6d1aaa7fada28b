import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowthroughDb } from '@/lib/db';
import type { Message, Reminder } from '@/lib/records';
import { defaultSettings } from '@/lib/settings';
import { inboundSource } from '@/lib/today/inbound-source';
import { reminderSource } from '@/lib/today/reminder-source';
import { TodayMarks } from '@/lib/today/marks';
import { createToday } from '@/lib/today/today';
import { dbRankContext } from '@/lib/today/context';
import type { TodaySource } from '@/lib/today/source';
import { contact, freshDb } from '../../support/engine';

// Today's own sources over a real (fake-indexeddb) database: inbound mail waiting for the rep's answer, due
// reminders, and the marks that put items away.

const NOW = Date.parse('2026-12-04T15:00:00Z');
const H = 3_600_000;
const settings = { ...defaultSettings(), ownDomains: ['followthrough-demo.example'] };
const REP = { name: 'Sam Rep', email: 'sam@followthrough-demo.example' };
let n = 0;
const msg = (threadId: string, from: { name: string; email: string }, date: number, extra: Partial<Message> = {}): Message => ({
  id: `msg-f:${1_800_000_000 + ++n}` as Message['id'],
  threadId: threadId as Message['threadId'],
  from,
  to: [REP],
  cc: [],
  bcc: [],
  subject: 'Pricing for Q3',
  date,
  bodyText: 'Could you send the pricing?',
  direction: from.email.endsWith('@followthrough-demo.example') ? 'outbound' : 'inbound',
  ...extra,
});

let db: FollowthroughDb;
let drop: () => Promise<void>;
let opened: string[];
let updates: string[];
let today: ReturnType<typeof createToday>;
beforeEach(async () => {
  ({ db, drop } = await freshDb());
  opened = [];
  updates = [];
  const marks = new TodayMarks(db);
  const openThread = async (threadId: string) => {
    opened.push(threadId);
    return 'opened';
  };
  const sources: TodaySource[] = [
    inboundSource({ db, settings: async () => settings, marks, openThread }),
    reminderSource({
      db,
      marks,
      openThread,
      update: async (id, action, until) => {
        updates.push(`${id}:${action}:${until ?? ''}`);
        await db.reminders.update(id, action === 'done' ? { status: 'done' } : { status: 'snoozed', dueAt: until! });
      },
    }),
  ];
  today = createToday({ sources, context: dbRankContext(db), marks });
});
afterEach(() => drop());

describe('inbound source', () => {
  it('lists threads whose newest message is a contact’s, with nothing from the rep since; not answered ones, automated or non-contacts', async () => {
    await db.contacts.bulkAdd([contact('jane', 'jane@acme.example', { name: 'Jane Doe' }), contact('li', 'li@contoso.example', { name: 'Li' }), contact('ooo', 'max@initech.example', { name: 'Max' })]);
    await db.messages.bulkAdd([
      msg('thread-f:1', { name: 'Jane Doe', email: 'jane@acme.example' }, NOW - 5 * H),
      msg('thread-f:2', { name: 'Li', email: 'li@contoso.example' }, NOW - 9 * H),
      msg('thread-f:2', REP, NOW - 2 * H), // answered
      msg('thread-f:3', { name: 'Max', email: 'max@initech.example' }, NOW - H, { subject: 'Automatic reply: Pricing', bodyText: 'I am out of the office until Monday.' }),
      msg('thread-f:4', { name: 'Stranger', email: 'who@unknown.example' }, NOW - H), // not a contact
      msg('thread-f:5', { name: '', email: 'no-reply@acme.example' }, NOW - H),
      msg('thread-f:6', { name: 'Jane Doe', email: 'jane@acme.example' }, NOW - 40 * 24 * H), // older than the window
    ]);
    const { items, problems } = await today.list(NOW);
    expect(problems).toEqual([]);
    expect(items.map((r) => [r.item.title, r.item.threadId, r.engagement.label])).toEqual([['Reply to Jane Doe — Pricing for Q3', 'thread-f:1', 'Waiting 5 hours · never in touch before']]);
    expect(items[0]!.item.actions).toEqual(['open', 'snooze', 'done', 'skip']);
  });

  it('a new lead’s mail is marked as one and comes first; done puts it away and settles the lead', async () => {
    await db.contacts.bulkAdd([contact('jane', 'jane@acme.example'), contact('ct:omar@northwind.example', 'omar@northwind.example', { name: 'Omar' })]);
    const old = msg('thread-f:1', { name: 'Jane', email: 'jane@acme.example' }, NOW - 30 * H);
    const fresh = msg('thread-f:7', { name: 'Omar', email: 'omar@northwind.example' }, NOW - H);
    await db.messages.bulkAdd([old, fresh]);
    await db.leads.add({ id: `lead:${fresh.id}`, messageId: fresh.id, threadId: fresh.threadId, contactId: 'ct:omar@northwind.example', email: 'omar@northwind.example', name: 'Omar', source: 'inbound', subject: fresh.subject, status: 'new', at: NOW - H });
    let { items } = await today.list(NOW);
    expect(items.map((r) => [r.item.id, r.item.newLead, r.why])).toEqual([
      [`inbound:${fresh.id}`, true, 'first: a new lead'],
      [`inbound:${old.id}`, false, 'below a new lead'],
    ]);
    expect(await today.act(`inbound:${fresh.id}`, 'done', { now: NOW })).toEqual({ ok: true, note: 'Marked done.', words: { key: 'today_note_marked_done' } });
    ({ items } = await today.list(NOW));
    expect(items.map((r) => r.item.id)).toEqual([`inbound:${old.id}`]);
    expect((await db.leads.get(`lead:${fresh.id}`))?.status).toBe('handled');
  });

  it('a web-form lead shows until the rep writes to them; skip hides for the day, snooze until its time, open opens the thread', async () => {
    await db.contacts.add(contact('ct:omar@northwind.example', 'omar@northwind.example'));
    const form = msg('thread-f:8', { name: '', email: 'forms@mysite.example' }, NOW - 2 * H, { subject: 'New form entry' });
    await db.messages.add(form);
    await db.leads.add({ id: `lead:${form.id}`, messageId: form.id, threadId: form.threadId, contactId: 'ct:omar@northwind.example', email: 'omar@northwind.example', name: 'Omar Haddad', source: 'form', subject: 'New form entry', status: 'new', at: NOW - 2 * H });
    const id = `inbound:lead:${form.id}`;
    expect((await today.list(NOW)).items.map((r) => [r.item.id, r.item.title, r.item.newLead])).toEqual([[id, 'New lead from a web form: Omar Haddad <omar@northwind.example>', true]]);
    expect(await today.act(id, 'open', { now: NOW })).toEqual({ ok: true, note: 'opened' });
    expect(opened).toEqual(['thread-f:8']);
    await today.act(id, 'snooze', { now: NOW, until: NOW + H });
    expect((await today.list(NOW)).items).toEqual([]);
    expect((await today.list(NOW + 2 * H)).items.map((r) => r.item.id)).toEqual([id]);
    expect(await today.act(id, 'snooze', { now: NOW, until: NOW - 1 }).catch((e: Error) => e.message)).toBe('snooze needs a time in the future');
    await db.activities.add({ id: 'a1', kind: 'email.sent', contactId: 'ct:omar@northwind.example', summary: 'Hello Omar', at: NOW + 3 * H });
    expect((await today.list(NOW + 4 * H)).items).toEqual([]);
  });
});

describe('reminder source', () => {
  const reminder = (id: string, dueAt: number, extra: Partial<Reminder> = {}): Reminder => ({ id, threadId: 'thread-f:9', dueAt, reason: 'No reply to “Proposal” after 3 working days', status: 'pending', createdAt: NOW - 100 * H, subject: 'Proposal', ...extra });
  it('lists due, active reminders; done and snooze go the side panel’s way; skip hides until tomorrow', async () => {
    await db.reminders.bulkAdd([
      reminder('r1', NOW - H),
      reminder('r2', NOW + H), // not due
      reminder('r3', NOW - 2 * H, { status: 'done' }),
      reminder('r4', NOW - 3 * H, { awaitingSend: true }),
      reminder('r5', NOW - 4 * H, { threadId: undefined }),
    ]);
    const { items } = await today.list(NOW);
    expect(items.map((r) => [r.item.id, r.item.actions.join(' ')])).toEqual([
      ['reminder:r5', 'done snooze skip'],
      ['reminder:r1', 'open done snooze skip'],
    ]);
    expect(items[0]!.engagement.label).toBe('Due 4 hours ago · never in touch before');
    expect(await today.act('reminder:r1', 'done', { now: NOW })).toEqual({ ok: true, note: 'Reminder marked done.', words: { key: 'today_note_reminder_done' } });
    await today.act('reminder:r5', 'snooze', { now: NOW, until: NOW + 2 * H });
    expect(updates).toEqual(['r1:done:', `r5:snooze:${NOW + 2 * H}`]);
    expect((await today.list(NOW)).items).toEqual([]);
    await db.reminders.add(reminder('r6', NOW - H));
    await today.act('reminder:r6', 'skip', { now: NOW });
    expect((await today.list(NOW)).items).toEqual([]);
    expect((await today.list(NOW + 24 * H)).items.map((r) => r.item.id)).toEqual(['reminder:r6', 'reminder:r2', 'reminder:r5']);
  });

  it('an action on an item no source owns, or a source that fails, is said plainly', async () => {
    expect(await today.act('meeting:m1', 'done', { now: NOW })).toEqual({ ok: false, reason: 'nothing on Today owns “meeting:m1”', words: { key: 'err_today_not_yours', args: { item: 'meeting:m1' } } });
    const broken = createToday({
      sources: [{ kind: 'meeting', items: async () => Promise.reject(new Error('calendar unreadable')), act: async () => ({ ok: true }) }],
      context: dbRankContext(db),
      marks: new TodayMarks(db),
    });
    expect(await broken.list(NOW)).toEqual({ items: [], problems: ['meeting: calendar unreadable'] });
  });
});
