import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowthroughDb } from '@/lib/db';
import { allByIndex, firstByIndex, lastInRange } from '@/lib/today/index-reads';
import { contactsByAddress, dbRankContext } from '@/lib/today/context';
import type { Activity, Deal } from '@/lib/records';
import { contact, freshDb } from '../../support/engine';

// Today's reads below Dexie give what the same reads through Dexie give, key for key and in order.

const NOW = Date.parse('2026-12-04T12:00:00Z');
let db: FollowthroughDb;
let drop: () => Promise<void>;

beforeEach(async () => {
  ({ db, drop } = await freshDb());
  await db.contacts.bulkAdd([
    contact('ana', 'ana@acme.example'),
    contact('bo', 'bo.smith@gmail.com'),
    contact('cy', 'cy@initech.example', { altEmails: ['cy.old@initech.example'] }),
  ]);
  await db.companies.bulkAdd([{ id: 'co-acme', name: 'Acme', domain: 'acme.example', createdAt: NOW }]);
  const deal = (id: string, extra: Partial<Deal>): Deal => ({ id, name: id, contactIds: [], stage: 'demo', currency: 'USD', updatedAt: NOW, ...extra });
  await db.deals.bulkAdd([
    deal('d1', { contactIds: ['cy', 'bo'], stage: 'proposal', amount: 5 }),
    deal('d2', { contactIds: ['cy'], stage: 'won' }),
    deal('d3', { companyId: 'co-acme', stage: 'negotiation', amount: 9 }),
  ]);
  const act = (id: string, contactId: string, at: number): Activity => ({ id, kind: 'email.sent', contactId, summary: id, at });
  await db.activities.bulkAdd([act('a1', 'ana', NOW - 5), act('a2', 'ana', NOW - 1), act('a3', 'ana', NOW - 9), act('a4', 'cy', NOW - 3), act('a5', 'bo', NOW + 1)]);
});
afterEach(async () => drop());

describe('index reads in one transaction', () => {
  it('answer as Dexie does, in the order asked, absent keys included', async () => {
    const emails = ['cy.old@initech.example', 'nobody@x.example', 'ana@acme.example'];
    const dexie = await Promise.all(emails.map((e) => db.contacts.where('emails').equals(e).first()));
    expect(await firstByIndex(db, 'contacts', 'emails', emails)).toEqual(dexie);
    expect((await firstByIndex(db, 'contacts', 'emails', emails)).map((c) => (c as { id: string } | undefined)?.id)).toEqual(['cy', undefined, 'ana']);
    const ids = ['cy', 'ana', 'bo'];
    expect(await allByIndex(db, 'deals', 'contactIds', ids)).toEqual(await Promise.all(ids.map((id) => db.deals.where('contactIds').equals(id).toArray())));
    const last = await lastInRange<Activity>(db, 'activities', '[contactId+at]', ids.map((id) => [[id, -Infinity], [id, NOW]]));
    expect(last.map((a) => a?.id)).toEqual(['a4', 'a2', undefined]); // bo's only activity is after the range
    expect(await firstByIndex(db, 'contacts', 'emails', [])).toEqual([]);
  });

  it('give the ranking the same contacts, open deals and last touches', async () => {
    // A Gmail address is found by its canonical form too (dots and +tags do not matter there).
    const found = await contactsByAddress(db, ['B.O.Smith+x@Gmail.com ', 'ana@acme.example', 'who@nowhere.example']);
    expect([...found].map(([a, c]) => [a, c.id])).toEqual([['ana@acme.example', 'ana'], ['b.o.smith+x@gmail.com', 'bo']]);
    const context = dbRankContext(db);
    const people = [...found.values(), (await db.contacts.get('cy'))!];
    const deals = await context.openDeals(people);
    expect(Object.fromEntries([...deals].map(([id, ds]) => [id, ds.map((d) => d.id)]))).toEqual({ ana: ['d3'], bo: ['d1'], cy: ['d1'] });
    expect(Object.fromEntries(await context.lastTouch(['ana', 'cy', 'nobody']))).toEqual({ ana: NOW - 1, cy: NOW - 3 });
  });
});
