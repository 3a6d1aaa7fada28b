import { z } from 'zod';
import type { FollowthroughDb } from '../db';

// How to take back what an action did, stored in its audit entry: delete the rows it created, put back
// the rows it changed as they were before.

export const UndoTable = z.enum(['activities', 'contacts', 'companies', 'reminders', 'suggestions', 'deals']);
export const UndoStep = z.discriminatedUnion('op', [
  z.object({ op: z.literal('delete'), table: UndoTable, keys: z.array(z.string().min(1).max(300)).max(20_000) }),
  z.object({ op: z.literal('put'), table: UndoTable, rows: z.array(z.record(z.string(), z.unknown())).max(20_000) }),
]);
export type UndoStep = z.infer<typeof UndoStep>;
export const Undo = z.array(UndoStep).max(100);
export type Undo = z.infer<typeof Undo>;

/** Apply an undo, last step first. Runs inside the caller's transaction when there is one. */
export async function applyUndo(db: FollowthroughDb, undo: Undo): Promise<number> {
  let changed = 0;
  for (const step of [...undo].reverse()) {
    const table = db.table(step.table);
    if (step.op === 'delete') {
      const present = (await table.bulkGet(step.keys)).filter(Boolean).length;
      await table.bulkDelete(step.keys);
      changed += present;
    } else {
      await table.bulkPut(step.rows);
      changed += step.rows.length;
    }
  }
  return changed;
}

export const undoTables = (db: FollowthroughDb) => UndoTable.options.map((name) => db.table(name));
