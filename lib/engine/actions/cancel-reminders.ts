import { z } from 'zod';
import { eventThreadId } from '../facts';
import { defineAction } from './types';

/** Cancel the thread's waiting follow-up reminders (a reply arrived: there is nothing to chase). */
export const cancelReminders = defineAction({
  kind: 'reminders.cancel',
  label: 'cancel the thread’s follow-up reminders',
  params: z.object({}),
  async run({ db, event }) {
    const threadId = eventThreadId(event);
    if (!threadId) return { result: 'skipped', detail: 'the event has no thread' };
    const waiting = await db.reminders.where('threadId').equals(threadId).filter((r) => r.status === 'pending' || r.status === 'snoozed').toArray();
    if (waiting.length === 0) return { result: 'skipped', detail: 'no reminder was waiting', threadId };
    for (const r of waiting) await db.reminders.update(r.id, { status: 'cancelled' });
    return { result: 'ok', detail: `cancelled ${waiting.length} reminder(s)`, undo: [{ op: 'put', table: 'reminders', rows: waiting }], threadId };
  },
});
