import { z } from 'zod';
import type { FollowthroughDb } from '../db';
import { listWords, words, type Words } from '../words';

// How to take back what an action did, stored in its audit entry: delete the rows it created, put back
// the rows it changed as they were before.

export const UndoTable = z.enum(['activities', 'contacts', 'companies', 'reminders', 'suggestions', 'deals', 'leads']);
export const UndoStep = z.discriminatedUnion('op', [
  z.object({ op: z.literal('delete'), table: UndoTable, keys: z.array(z.string().min(1).max(300)).max(20_000) }),
  z.object({ op: z.literal('put'), table: UndoTable, rows: z.array(z.record(z.string(), z.unknown())).max(20_000) }),
]);
export type UndoStep = z.infer<typeof UndoStep>;
export const Undo = z.array(UndoStep).max(100);
export type Undo = z.infer<typeof Undo>;

export interface UndoReport {
  changed: number;
  /** What was left as it is, and why: rows still in use or changed since (for the audit entry), in English and words. */
  kept: Kept[];
}
export interface Kept {
  english: string;
  words: Words;
}

/** The kept rows as one line of words: "contact a@x: …; company x: …; 2 more". */
export const keptWords = (kept: readonly Kept[]): Words => listWords(kept.map((k) => k.words)) ?? words('wordsList_none');

const TABLE_WORDS = {
  activities: 'undoTable_activity',
  contacts: 'undoTable_contact',
  companies: 'undoTable_company',
  reminders: 'undoTable_reminder',
  suggestions: 'undoTable_suggestion',
  deals: 'undoTable_deal',
  leads: 'undoTable_lead',
} as const satisfies Record<z.infer<typeof UndoTable>, string>;

/**
 * Why a row the action created must stay: something else uses it now, or the rep changed it. Undefined when
 * it may go. Runs after the undo's later steps, so what this same action made (its activities) is gone.
 */
async function keepCreated(db: FollowthroughDb, table: string, key: string): Promise<Kept | undefined> {
  if (table === 'contacts') {
    const row = await db.contacts.get(key);
    if (!row) return undefined;
    const activities = await db.activities.where('contactId').equals(key).count();
    if (activities > 0) return { english: `contact ${row.email}: ${activities} other activit${activities === 1 ? 'y is' : 'ies are'} logged to it`, words: words('undoKept_contact_activities', { email: row.email, count: activities }) };
    if (row.updatedAt !== row.createdAt) return { english: `contact ${row.email}: changed since it was created`, words: words('undoKept_contact_changed', { email: row.email }) };
    if (await db.deals.filter((d) => d.contactIds.includes(key)).count()) return { english: `contact ${row.email}: a deal names it`, words: words('undoKept_contact_deal', { email: row.email }) };
    return undefined;
  }
  if (table === 'companies') {
    const row = await db.companies.get(key);
    if (!row) return undefined;
    const contacts = await db.contacts.where('companyId').equals(key).count();
    if (contacts > 0) return { english: `company ${row.domain ?? row.name}: ${contacts} contact${contacts === 1 ? '' : 's'} belong${contacts === 1 ? 's' : ''} to it`, words: words('undoKept_company_contacts', { name: row.domain ?? row.name, count: contacts }) };
    if (await db.deals.where('companyId').equals(key).count()) return { english: `company ${row.domain ?? row.name}: a deal belongs to it`, words: words('undoKept_company_deal', { name: row.domain ?? row.name }) };
    return undefined;
  }
  return undefined;
}

/**
 * Apply an undo, last step first. Runs inside the caller's transaction when there is one. A row the action
 * created goes only while nothing else uses it and the rep has not changed it; a row it changed is put back
 * only if nobody changed it after `since` (the action's time). What stays is reported.
 */
export async function applyUndo(db: FollowthroughDb, undo: Undo, since = Infinity): Promise<UndoReport> {
  let changed = 0;
  const kept: Kept[] = [];
  for (const step of [...undo].reverse()) {
    const table = db.table(step.table);
    if (step.op === 'delete') {
      const gone: string[] = [];
      for (const key of step.keys) {
        const why = await keepCreated(db, step.table, key);
        if (why) kept.push(why);
        else gone.push(key);
      }
      const present = (await table.bulkGet(gone)).filter(Boolean).length;
      await table.bulkDelete(gone);
      changed += present;
    } else {
      const rows: Record<string, unknown>[] = [];
      for (const row of step.rows) {
        const current = (await table.get(row.id as string)) as { updatedAt?: number; email?: string; name?: string } | undefined;
        if (current && typeof current.updatedAt === 'number' && current.updatedAt > since) {
          const name = current.email ?? current.name ?? String(row.id);
          kept.push({ english: `${step.table.replace(/s$/, '')} ${name}: changed since`, words: words('undoKept_changed', { what: words(TABLE_WORDS[step.table]), name }) });
        } else rows.push(row);
      }
      await table.bulkPut(rows);
      changed += rows.length;
    }
  }
  return { changed, kept };
}

export const undoTables = (db: FollowthroughDb) => UndoTable.options.map((name) => db.table(name));
