import { z } from 'zod';
import { eventThreadId } from '../facts';
import { classifyInbound, isPersonsReply } from '../inbound';
import { defineAction } from './types';
import { words } from '../../words';

// Gmail shows a message's time to the minute, so a reply read from the page can look up to a minute older
// than the send it answers. (Messages already seen before never come back: their events are recorded once.)
const CLOCK_SLACK_MS = 60_000;

/** Cancel the thread's waiting follow-up reminders (a reply arrived: there is nothing to chase). */
export const cancelReminders = defineAction({
  kind: 'reminders.cancel',
  label: 'cancel the thread’s follow-up reminders',
  params: z.object({}),
  async run({ db, event }) {
    const threadId = eventThreadId(event);
    if (!threadId) return { result: 'skipped', detail: 'the event has no thread', detailWords: words('audit_no_thread') };
    const at = event.type === 'email.received' ? event.email.at : undefined;
    if (event.type === 'email.received') {
      // Only a person's own words end a follow-up: never a bounce, an out-of-office or a mailing list.
      const verdict = classifyInbound(event.email);
      if (!isPersonsReply(verdict.kind)) return { result: 'skipped', detail: `kept the reminders: ${verdict.reason}`, detailWords: words('audit_because', { what: words('audit_kept_the_reminders'), reason: verdict.words ?? verdict.reason }), threadId };
    }
    // Kept: reminders the rep wants "even if they reply", and those set after this message was written.
    const waiting = await db.reminders
      .where('threadId')
      .equals(threadId)
      .filter((r) => (r.status === 'pending' || r.status === 'snoozed') && !r.awaitingSend && !r.remindEvenIfReplied && (at === undefined || r.sentAt === undefined || at > r.sentAt - CLOCK_SLACK_MS))
      .toArray();
    if (waiting.length === 0) return { result: 'skipped', detail: 'no reminder was waiting', detailWords: words('audit_no_reminder_waiting'), threadId };
    for (const r of waiting) await db.reminders.update(r.id, { status: 'cancelled', endedBy: 'a reply arrived' });
    return { result: 'ok', detail: `cancelled ${waiting.length} reminder(s)`, detailWords: words('audit_cancelled_reminders', { count: waiting.length }), undo: [{ op: 'put', table: 'reminders', rows: waiting }], threadId };
  },
});
