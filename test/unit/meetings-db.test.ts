import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { FollowthroughDb, InvalidRowError, SCHEMA_V4, DB_VERSION } from '@/lib/db';

const names: string[] = [];
const open: Dexie[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) db.close();
  while (names.length) await Dexie.delete(names.pop()!);
});
const t0 = 1_765_000_000_000;

const proposal = {
  id: 'p1',
  threadId: 'thread-f:1785',
  contactEmail: 'priya@acme.example',
  contactName: 'Priya Raman',
  slots: [{ start: t0 + 3_600_000, end: t0 + 5_400_000 }],
  lengthMinutes: 30,
  repZone: 'Europe/London',
  recipientZone: 'America/New_York',
  status: 'open',
  expiresAt: t0 + 5_400_000,
  createdAt: t0,
};

describe('database version 7 (meetings)', () => {
  it('upgrades a version-4 database with its rows kept, and stores validated proposals and meetings', async () => {
    const name = `ft-meet-${Math.random().toString(36).slice(2)}`;
    names.push(name);
    const v4 = new Dexie(name);
    v4.version(4).stores(SCHEMA_V4);
    await v4.open();
    await v4.table('contacts').add({ id: 'c1', name: 'Priya Raman', email: 'priya@acme.example', altEmails: [], emails: ['priya@acme.example'], source: 'local', createdAt: t0, updatedAt: t0 });
    await v4.table('crmLookups').add({ id: 'hubspot:priya@acme.example', expiresAt: t0 });
    v4.close();

    const db = new FollowthroughDb(name);
    open.push(db);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.contacts.get('c1')).toMatchObject({ name: 'Priya Raman' });
    expect(await db.table('crmLookups').count()).toBe(1);

    await db.meetingProposals.add(proposal as never);
    expect(await db.meetingProposals.where('[status+expiresAt]').between(['open', 0], ['open', Infinity]).count()).toBe(1);
    // A slot that ends before it starts, or a meeting with no attendee, is refused.
    await expect(db.meetingProposals.add({ ...proposal, id: 'p2', slots: [{ start: t0, end: t0 - 1 }] } as never)).rejects.toBeInstanceOf(InvalidRowError);
    const meeting = {
      id: 'm1', uid: 'm1@followthrough.invalid', sequence: 0, status: 'booked', title: 'Priya Raman and Sam', start: t0, end: t0 + 1_800_000,
      organizer: { email: 'sam@own.example', name: 'Sam' }, attendees: [{ email: 'priya@acme.example', name: 'Priya' }], createdAt: t0, updatedAt: t0,
    };
    await db.meetings.add(meeting as never);
    await expect(db.meetings.add({ ...meeting, id: 'm2', attendees: [] } as never)).rejects.toBeInstanceOf(InvalidRowError);
    await expect(db.meetings.update('m1', { sequence: -1 })).rejects.toBeInstanceOf(InvalidRowError);
    expect(await db.meetings.where('start').above(t0 - 1).count()).toBe(1);
  });
});
