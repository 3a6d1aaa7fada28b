import type { FollowthroughDb } from '../db';
import { isActive } from '../followup/reminders';
import { actionWords, type TodayItem, type TodaySource } from './source';
import type { TodayMarks } from './marks';
import { words } from '../words';

// Due reminders on Today. Done and snooze go the way the side panel's reminder buttons go (the
// `ui.reminder.update` handler, then the one ReminderService), so the alarm and notification follow.

export interface ReminderSourceDeps {
  db: FollowthroughDb;
  marks: TodayMarks;
  /** The side panel's reminder path: the background's `ui.reminder.update` answer. */
  update: (id: string, action: 'done' | 'snooze', until?: number) => Promise<unknown>;
  openThread: (threadId: string, tabId?: number) => Promise<string>;
}

const PREFIX = 'reminder:';
/** How many due reminders one read takes, oldest due first. */
export const REMINDER_READ_LIMIT = 500;

export function reminderSource(deps: ReminderSourceDeps): TodaySource {
  const { db } = deps;
  return {
    kind: 'reminder',
    async items(now) {
      const due = await db.reminders.where('dueAt').belowOrEqual(now).limit(REMINDER_READ_LIMIT * 4).toArray();
      const rows = due.filter(isActive).slice(0, REMINDER_READ_LIMIT);
      const contactIds = [...new Set(rows.map((r) => r.contactId).filter((c): c is string => !!c))];
      const contacts = new Map((await db.contacts.bulkGet(contactIds)).filter((c) => c !== undefined).map((c) => [c.id, c]));
      return rows.map((r): TodayItem => {
        const contact = r.contactId ? contacts.get(r.contactId) : undefined;
        return {
          id: `${PREFIX}${r.id}`,
          kind: 'reminder',
          title: `Follow up${contact ? ` with ${contact.name || contact.email}` : ''}${r.subject ? ` — ${r.subject}` : ''}`,
          detail: r.reason,
          titleWords: ((title) => (r.subject ? words('today_with_subject', { title, subject: r.subject }) : title))(
            contact ? words('today_followup_with', { name: contact.name || contact.email }) : words('today_followup'),
          ),
          contactEmail: contact?.email,
          threadId: r.threadId as TodayItem['threadId'],
          dueAt: r.dueAt,
          newLead: false,
          actions: r.threadId ? ['open', 'done', 'snooze', 'skip'] : ['done', 'snooze', 'skip'],
        };
      });
    },
    async act(itemId, action, { now, until, tabId }) {
      if (!itemId.startsWith(PREFIX)) return { ok: false, reason: 'not a reminder', words: words('err_today_not_yours', { item: itemId }) };
      const id = itemId.slice(PREFIX.length);
      const reminder = await db.reminders.get(id);
      if (!reminder) return { ok: false, reason: 'that reminder no longer exists', words: words('err_reminder_gone') };
      switch (action) {
        case 'open':
          if (!reminder.threadId) return { ok: false, reason: 'this reminder is on no thread', words: words('err_reminder_no_thread') };
          return { ok: true, note: await deps.openThread(reminder.threadId, tabId) };
        case 'done':
          await deps.update(id, 'done');
          return { ok: true, note: 'Reminder marked done.', words: words('today_note_reminder_done') };
        case 'snooze':
          if (until === undefined || until <= now) return { ok: false, reason: 'snooze needs a time in the future', words: words('err_snooze_future') };
          await deps.update(id, 'snooze', until);
          return { ok: true, note: `Reminder snoozed until ${new Date(until).toLocaleString()}.`, words: words('today_note_reminder_snoozed', { at: { at: until } }) };
        case 'skip':
          await deps.marks.set(itemId, 'skipped', now);
          return { ok: true, note: 'Skipped for today.', words: words('today_note_skipped') };
        default:
          return { ok: false, reason: `a reminder cannot be ${action}ed`, words: words('err_today_action_unknown', { action: actionWords(action) }) };
      }
    },
  };
}
