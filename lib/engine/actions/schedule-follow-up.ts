import { z } from 'zod';
import { findContacts } from '../../crm/match';
import { eventPeople, eventThreadId } from '../facts';
import { defineAction } from './types';
import { words } from '../../words';

const DEFAULT_REASON = 'Follow up';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Write a pending follow-up reminder for the thread, due a number of days after the event. One reminder
 * per event and rule (its id comes from the run's key). Smarter scheduling (dates read from the text,
 * working days) belongs to the follow-up area, which can add its own action kind beside this one.
 */
export const scheduleFollowUp = defineAction({
  kind: 'followup.schedule',
  label: 'schedule a follow-up reminder',
  params: z.object({ afterDays: z.number().int().min(0).max(365), reason: z.string().min(1).max(1000).default(DEFAULT_REASON) }),
  async run({ db, event, key, now }, { afterDays, reason }) {
    const threadId = eventThreadId(event);
    const id = `rem:${key}`.slice(0, 200);
    if (await db.reminders.get(id)) return { result: 'skipped', detail: 'reminder already scheduled', detailWords: words('audit_reminder_exists'), threadId };
    const at = 'at' in event ? event.at : event.email.at;
    const { recipients } = eventPeople(event);
    const contact = [...(await findContacts(db, recipients.map((p) => p.email))).values()][0];
    // The rule's own reason is the rep's text, shown as written; the default is ours, said in the rep's language.
    const reasonWords = reason === DEFAULT_REASON ? { reasonWords: words('reminder_reason_rule_default') } : {};
    await db.reminders.add({ id, threadId, contactId: contact?.id, dueAt: at + afterDays * DAY, reason, ...reasonWords, status: 'pending', createdAt: now });
    return {
      result: 'ok',
      detail: `follow-up due in ${afterDays} day(s): ${reason}`,
      detailWords: words('audit_followup_due_in', { days: words('audit_n_days', { count: afterDays }), reason: reasonWords.reasonWords ?? reason }),
      undo: [{ op: 'delete', table: 'reminders', keys: [id] }],
      threadId,
      contactIds: contact ? [contact.id] : undefined,
    };
  },
});
