import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { FollowthroughDb, InvalidRowError, SCHEMA_V1, SCHEMA_V11, TABLE_NAMES, DB_VERSION } from '@/lib/db';

const names: string[] = [];
const open: Dexie[] = [];
const freshName = () => {
  const name = `ft-test-${names.length}-${Math.random().toString(36).slice(2)}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  for (const db of open.splice(0)) db.close();
  while (names.length) await Dexie.delete(names.pop()!);
});

const t0 = 1_764_000_000_000;

// One row per table as version 1 stored it: contacts had no `emails`, threads no `lastViewedAt`.
const v1Rows: Record<string, unknown[]> = {
  contacts: [
    { id: 'c1', name: 'Priya Raman', email: 'priya@acme.example', altEmails: ['p.raman@acme.example'], source: 'local', createdAt: t0, updatedAt: t0 },
    { id: 'c2', name: 'No Alternates', email: 'solo@acme.example', source: 'import', createdAt: t0, updatedAt: t0 },
  ],
  companies: [{ id: 'co1', name: 'Acme', domain: 'acme.example', createdAt: t0 }],
  deals: [{ id: 'd1', name: 'Pilot', companyId: 'co1', contactIds: ['c1'], stage: 'proposal', updatedAt: t0 }],
  threads: [{ id: 'thread-f:1785', subject: 'Pilot', participants: [], messageIds: ['msg-f:1786'], updatedAt: t0 }],
  messages: [
    { id: 'msg-f:1786', threadId: 'thread-f:1785', from: { name: 'P', email: 'priya@acme.example' }, to: [], cc: [], bcc: [], subject: 'Pilot', bodyText: 'hi', direction: 'inbound' },
  ],
  activities: [{ id: 'a1', kind: 'email.sent', contactId: 'c1', summary: 'Sent: Pilot', at: t0 }],
  suggestions: [{ id: 's1', kind: 'followup', reason: 'no reply', payload: {}, status: 'open', createdAt: t0 }],
  reminders: [{ id: 'r1', dueAt: t0, reason: 'nudge', status: 'pending', createdAt: t0 }],
  outbox: [{ id: 'o1', kind: 'log', payload: { a: 1 }, status: 'pending', attempts: 0, nextAttemptAt: t0, createdAt: t0 }],
  rules: [{ id: 'auto-log', enabled: true, builtIn: true, definition: {}, updatedAt: t0 }],
  auditLog: [{ at: t0, eventId: 'e1', action: 'log', result: 'ok', detail: '' }],
};

describe('database upgrades', () => {
  it('opens a version-1 database holding rows and upgrades it to the current version with nothing lost', async () => {
    const name = freshName();
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    for (const [table, rows] of Object.entries(v1Rows)) await v1.table(table).bulkAdd(rows);
    v1.close();

    const db = new FollowthroughDb(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    for (const table of TABLE_NAMES) expect(await db.table(table).count(), table).toBe(v1Rows[table]?.length ?? 0);

    const priya = await db.contacts.get('c1');
    expect(priya).toMatchObject({ name: 'Priya Raman', emails: ['priya@acme.example', 'p.raman@acme.example'] });
    expect(await db.contacts.get('c2')).toMatchObject({ altEmails: [], emails: ['solo@acme.example'] });
    // The new multi-entry index finds a contact by an alternate address.
    expect((await db.contacts.where('emails').equals('p.raman@acme.example').first())?.id).toBe('c1');
    expect(await db.threads.get('thread-f:1785')).toMatchObject({ lastViewedAt: t0, subject: 'Pilot' });
    expect(await db.outbox.get('o1')).toMatchObject({ payload: { a: 1 }, status: 'pending' });
    db.close();
  });

  it('version 11 → 13: stored sends keep their rows and stay out of the new `crm` index; a waiting one is found by it', async () => {
    const name = freshName();
    const v11 = new Dexie(name);
    v11.version(11).stores(SCHEMA_V11);
    await v11.open();
    await v11.table('gmailSends').add({ id: 'msg-f:1', status: 'emitted', firstSeenAt: t0, dueAt: t0, source: 'thread' });
    v11.close();
    const db = new FollowthroughDb(name);
    open.push(db);
    await db.open();
    expect(db.verno).toBe(13);
    expect(await db.gmailSends.get('msg-f:1')).toMatchObject({ status: 'emitted', source: 'thread' });
    expect(await db.gmailSends.where('crm').equals('waiting').count()).toBe(0);
    await db.gmailSends.put({ id: 'msg-f:2', status: 'emitted', firstSeenAt: t0, dueAt: t0, source: 'thread', crm: 'waiting' });
    expect((await db.gmailSends.where('crm').equals('waiting').toArray()).map((r) => r.id)).toEqual(['msg-f:2']);
  });

  it('refuses an invalid row with a clear error and stores nothing', async () => {
    const db = new FollowthroughDb(freshName());
    open.push(db);
    await expect(
      db.contacts.add({ id: 'x', name: 'X', email: 'not-an-address', altEmails: [], emails: [], source: 'local', createdAt: 1, updatedAt: 1 }),
    ).rejects.toThrow(InvalidRowError);
    await expect(db.contacts.add({ id: 'x' } as never)).rejects.toThrow(/email/);
    expect(await db.contacts.count()).toBe(0);
  });

  it('refuses an update that would make a row invalid and keeps the row as it was', async () => {
    const db = new FollowthroughDb(freshName());
    open.push(db);
    await db.reminders.add({ id: 'r', dueAt: 5, reason: 'x', status: 'pending', createdAt: 1 });
    await expect(db.reminders.update('r', { status: 'lost' as never })).rejects.toThrow(/status/);
    expect((await db.reminders.get('r'))?.status).toBe('pending');
    await db.reminders.update('r', { status: 'done' });
    expect((await db.reminders.get('r'))?.status).toBe('done');
  });

  it('a failed write inside a transaction rolls back the whole transaction', async () => {
    const db = new FollowthroughDb(freshName());
    open.push(db);
    await expect(
      db.transaction('rw', db.threads, db.messages, async () => {
        await db.threads.add({ id: 'thread-f:1', subject: 's', participants: [], messageIds: [], lastViewedAt: 1, updatedAt: 1 });
        await db.messages.add({ id: 'bad' } as never);
      }),
    ).rejects.toThrow(InvalidRowError);
    expect(await db.threads.count()).toBe(0);
  });
});
