import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { FollowthroughDb, InvalidRowError, SCHEMA_V4, DB_VERSION } from '@/lib/db';

const names: string[] = [];
afterEach(async () => {
  while (names.length) await Dexie.delete(names.pop()!);
});
const freshName = () => {
  const name = `ft-v5-${names.length}-${Math.random().toString(36).slice(2)}`;
  names.push(name);
  return name;
};

const t0 = Date.UTC(2026, 11, 1, 9);

const enrolment = {
  id: 'e1',
  sequenceId: 's1',
  sequenceVersion: 1,
  contactEmail: 'jane@acme.example',
  contactDomain: 'acme.example',
  enrolledAt: t0,
  state: 'active',
  reason: 'active: step 1 (email) due 2026-12-02',
  nextStep: 0,
  due: '2026-12-02',
  completed: [],
  updatedAt: t0,
};

describe('schema version 5: sequences', () => {
  it('upgrades a version-4 database holding rows: every row stays, the sequence tables start empty and work', async () => {
    const name = freshName();
    const v4 = new Dexie(name);
    v4.version(4).stores(SCHEMA_V4);
    await v4.open();
    await v4.table('contacts').add({ id: 'c1', name: 'Jane Doe', email: 'jane@acme.example', altEmails: [], emails: ['jane@acme.example'], source: 'local', createdAt: t0, updatedAt: t0 });
    await v4.table('outbox').add({ id: 'o1', kind: 'engine.action', payload: { a: 1 }, status: 'pending', attempts: 0, nextAttemptAt: t0, createdAt: t0 });
    await v4.table('crmWrites').add({ id: 'w1', crm: 'hubspot', status: 'done', at: t0 });
    await v4.table('crmLookups').add({ id: 'l1', expiresAt: t0 + 1 });
    await v4.table('templates').add({ id: 'tpl1', kind: 'custom', updatedAt: t0 });
    v4.close();

    const db = new FollowthroughDb(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.contacts.get('c1')).toMatchObject({ name: 'Jane Doe', emails: ['jane@acme.example'] });
    expect(await db.outbox.get('o1')).toMatchObject({ payload: { a: 1 }, status: 'pending' });
    expect(await db.table('crmWrites').get('w1')).toMatchObject({ crm: 'hubspot' });
    expect(await db.table('crmLookups').get('l1')).toMatchObject({ expiresAt: t0 + 1 });
    expect(await db.table('templates').get('tpl1')).toMatchObject({ kind: 'custom' });
    // The V4 indexes still answer.
    expect(await db.outbox.where('[status+nextAttemptAt]').between(['pending', 0], ['pending', Infinity]).count()).toBe(1);

    for (const table of ['sequences', 'enrolments', 'sequenceMail', 'sequenceTouches'] as const) expect(await db.table(table).count(), table).toBe(0);
    await db.sequences.add({ id: 's1', version: 1, name: 'Q4 outreach', steps: [{ kind: 'email', templateId: 'tpl1', threading: 'reply-in-thread', afterWorkingDays: 0 }], window: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }, stopOnCompany: false, updatedAt: t0, archived: false });
    await db.enrolments.add(enrolment as never);
    expect(await db.sequences.get(['s1', 1])).toMatchObject({ name: 'Q4 outreach' });
    expect(await db.enrolments.where('[state+offerAt]').between(['active', -Infinity], ['active', Infinity]).count()).toBe(0);
    await db.enrolments.update('e1', { offerAt: t0 });
    expect((await db.enrolments.where('[state+offerAt]').between(['active', -Infinity], ['active', t0], true, true).first())?.id).toBe('e1');
    db.close();
  });

  it('refuses an invalid sequence, enrolment or mail row and keeps what was stored', async () => {
    const db = new FollowthroughDb(freshName());
    await db.open();
    await expect(db.sequences.add({ id: 's1', version: 1, name: 'x', steps: [], updatedAt: t0 } as never)).rejects.toThrow(InvalidRowError);
    await expect(db.enrolments.add({ ...enrolment, contactEmail: 'not an address' } as never)).rejects.toThrow(/contactEmail/);
    await db.enrolments.add(enrolment as never);
    await expect(db.enrolments.update('e1', { state: 'lost' as never })).rejects.toThrow(/state/);
    expect((await db.enrolments.get('e1'))?.state).toBe('active');
    await expect(db.sequenceMail.add({ id: 'm', enrolmentId: 'e1', messageId: 'msg-f:1', direction: 'sent', at: t0, message: { at: t0 } } as never)).rejects.toThrow(/from/);
    expect(await db.sequenceMail.count()).toBe(0);
    db.close();
  });
});
