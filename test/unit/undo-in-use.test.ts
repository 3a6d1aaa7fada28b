import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { senders, startTestBackground } from '../support/background';
import { sampleThread } from '../support/samples';
import { sent } from '../support/engine';

// Undo takes back what an action created only while nothing else uses it and the rep has not changed it;
// otherwise it keeps it and the audit entry says so. Log to CRM, CSV import, and the companies they create.

let bg: Awaited<ReturnType<typeof startTestBackground>>;
beforeEach(async () => {
  bg = await startTestBackground();
});
afterEach(() => bg.close());

const ask = async <T = never>(channel: string, payload: unknown, sender: object = senders.extension): Promise<T> => {
  const reply = (await bg.route({ channel, payload }, sender)) as { ok: boolean; data?: T; error?: { message: string } };
  if (!reply.ok) throw new Error(reply.error?.message);
  return reply.data as T;
};
const NIA = { name: 'Nia Buyer', email: 'nia@prospect.example' };

async function logThreadWithNia(): Promise<number> {
  await ask('gmail.threadSeen', { thread: { ...sampleThread, messages: [{ ...sampleThread.messages[0]!, from: NIA }] }, opened: true }, senders.gmail);
  await ask('engine.panelLogThread', { threadId: sampleThread.threadId });
  const { entries } = await ask<{ entries: { seq: number; action: string }[] }>('engine.auditList', { limit: 10 });
  return entries.find((e) => e.action === 'crm.logThread')!.seq;
}
const lastUndoDetail = async () => (await ask<{ entries: { action: string; detail: string }[] }>('engine.auditList', { limit: 10 })).entries.find((e) => e.action === 'undo')?.detail;

describe('undo keeps what is in use', () => {
  it('undoing an old Log to CRM keeps the contact later emails were logged to, and says so', async () => {
    const seq = await logThreadWithNia();
    // Later, the rep's send to Nia is logged to the same contact automatically.
    await bg.engine.dispatch(sent([NIA.email], { threadId: 'thread-a:r901', messageId: 'msg-a:r901' }));
    await bg.engine.idle();
    expect(await bg.db.activities.where('contactId').equals('ct:nia@prospect.example').count()).toBe(2);

    await ask('engine.auditUndo', { seq });
    expect(await bg.db.contacts.get('ct:nia@prospect.example')).toBeDefined();
    expect(await bg.db.companies.get('co:prospect.example')).toBeDefined();
    // Only the first log's activity is gone; the later one still has its contact.
    const left = await bg.db.activities.toArray();
    expect(left.map((a) => a.messageId)).toEqual(['msg-a:r901']);
    expect(await lastUndoDetail()).toMatch(/kept contact nia@prospect\.example: 1 other activity is logged to it; company prospect\.example: 1 contact belongs to it/);
  });

  it('keeps a contact the rep edited after it was created', async () => {
    const seq = await logThreadWithNia();
    const nia = (await bg.db.contacts.get('ct:nia@prospect.example'))!;
    await bg.db.contacts.update(nia.id, { title: 'Head of Ops', updatedAt: nia.updatedAt + 60_000 });
    await ask('engine.auditUndo', { seq });
    expect((await bg.db.contacts.get(nia.id))?.title).toBe('Head of Ops');
    expect(await lastUndoDetail()).toMatch(/contact nia@prospect\.example: changed since it was created/);
  });

  it('undoing a CSV import keeps contacts since used and a company the rep put someone in, and a contact edited since', async () => {
    await bg.db.contacts.add({ id: 'ct:old@engines.example', name: '', email: 'old@engines.example', altEmails: [], emails: ['old@engines.example'], source: 'local', createdAt: 1, updatedAt: 1 });
    const csv = ['Name,Email,Company', 'Ada Lovelace,ada@engines.example,Analytical Engines', 'Alan Turing,alan@bletchley.example,Bletchley', 'Old Friend,old@engines.example,'].join('\n');
    const report = await ask<{ auditSeq: number; created: number; updated: number }>('engine.importContacts', { csv, fileName: 'people.csv' });
    expect(report).toMatchObject({ created: 2, updated: 1 });
    // Since: an email to Ada is logged; the rep adds a contact of their own at Bletchley; and renames the old contact.
    await bg.engine.dispatch(sent(['ada@engines.example'], { threadId: 'thread-a:r902', messageId: 'msg-a:r902' }));
    await bg.engine.idle();
    await bg.db.contacts.add({ id: 'ct:joan@bletchley.example', name: 'Joan Clarke', email: 'joan@bletchley.example', altEmails: [], emails: ['joan@bletchley.example'], companyId: 'co:bletchley.example', source: 'local', createdAt: Date.now(), updatedAt: Date.now() });
    await bg.db.contacts.update('ct:old@engines.example', { name: 'Old Friend (renamed)', updatedAt: Date.now() + 60_000 });

    await ask('engine.auditUndo', { seq: report.auditSeq });
    expect(await bg.db.contacts.get('ct:ada@engines.example')).toBeDefined();
    expect(await bg.db.contacts.get('ct:alan@bletchley.example')).toBeUndefined();
    expect(await bg.db.companies.get('co:bletchley.example')).toBeDefined();
    expect((await bg.db.contacts.get('ct:old@engines.example'))?.name).toBe('Old Friend (renamed)');
    expect(await lastUndoDetail()).toMatch(/kept .*contact ada@engines\.example: 1 other activity.*company bletchley\.example: 1 contact belongs to it/);
  });
});
