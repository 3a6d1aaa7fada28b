import type { FollowthroughDb } from '../db';
import type { EngineEvent } from '../engine/events';
import { classifyInbound, isPersonsReply } from '../engine/inbound';
import { WordsError, words, type Words } from '../words';
import { say } from '../say';
import { explainOf, explainWords } from './explain';
import type { EmailFacts } from '../engine/events';
import type { Undo } from '../engine/undo';
import type { Reminder, Thread } from '../records';
import type { Settings } from '../settings';
import { followUpFor } from './index';
// Notifications are words the rep reads: worded in the browser's UI language (lib/i18n.ts reads browser.i18n,
// which every context has; unit tests get the real messages through test/support/i18n-fake.ts).
import { t } from '../i18n';
import { dayInZone, instantInZone, isoDay, mondayOf, parseIsoDay, workingCalendar, type Day } from './calendar';

// Reminders: rows in IndexedDB, one browser alarm at the next one due, a notification when one is due.
// Nothing lives only in memory, so a stopped worker or a closed browser loses nothing: every start looks at
// the rows again, tells the rep once about each reminder that fell due meanwhile (however many alarms were
// missed) and sets the alarm for the next.

/** One alarm for the next reminder due; another, periodic, as a safety net and for overdue threads. */
export const REMINDER_ALARM = 'followthrough.reminders.next';
export const SWEEP_ALARM = 'followthrough.reminders.sweep';
export const SWEEP_MINUTES = 15;

export interface AlarmsPort {
  /** Create or replace a one-off alarm. */
  set(name: string, when: number): Promise<void>;
  clear(name: string): Promise<void>;
}

export interface NotificationButton {
  action: NotificationAction;
  title: string;
}
export type NotificationAction = 'open' | 'snooze' | 'done';

export interface NotifierPort {
  /** Show (or replace: the same id is one notification) a notification. */
  show(id: string, n: { title: string; message: string; buttons: NotificationButton[] }): Promise<void>;
  clear(id: string): Promise<void>;
}

export interface ReminderPorts {
  db: FollowthroughDb;
  now: () => number;
  settings: () => Promise<Settings>;
  alarms: AlarmsPort;
  notifier: NotifierPort;
  /** Report an engine event (reply.overdue). */
  dispatch?: (event: EngineEvent) => Promise<unknown>;
  /** Open side panels should ask again. */
  changed?: () => void;
  /** Where the overdue scan keeps how far it has read (extension storage); without it each scan reads all sent mail. */
  state?: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<void> };
}

/** The overdue scan's cursor: every sent message dated at or before it is settled (reported, answered or followed). */
const OVERDUE_CURSOR = 'followup.overdueScannedThrough';
const DAY_MS = 24 * 60 * 60 * 1000;

type Address = { email: string };

/** What an email did to reminders, for the audit log. */
export interface ReminderOutcome {
  action: string;
  detail: string;
  detailWords?: Words;
  undo?: Undo;
  threadId: string;
}

export type SnoozeChoice = 'later-today' | 'tomorrow' | 'next-week';

const ACTIVE = new Set<Reminder['status']>(['pending', 'snoozed']);
export const isActive = (r: Reminder) => ACTIVE.has(r.status) && !r.awaitingSend;
/** Due: told to the rep and still waiting to be done or snoozed. */
export const isDue = (r: Reminder) => isActive(r) && r.firedAt !== undefined;

export const notificationId = (reminderId: string) => `reminder:${reminderId}`;
export const reminderIdOf = (notificationId: string) => (notificationId.startsWith('reminder:') ? notificationId.slice('reminder:'.length) : undefined);

const HOUR = 3_600_000;
// "Remind me" waits this long for Gmail to confirm the send (Undo Send is at most 30 s; a send can queue offline).
const AWAIT_SEND_MS = 24 * HOUR;

// Gmail shows a message's time to the minute: a reply read from the page can look up to a minute older
// than the send it answers.
const CLOCK_SLACK_MS = 60_000;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The moment a day's reminder falls due: the start of the rep's working hours that day, in their zone. */
export function dueAtFor(date: Day, settings: Settings): number {
  return instantInZone(date, minutesOf(settings.workingHours.start), settings.workingHours.timeZone);
}

/** A suggestion's reason as words: stored with it, or (older follow-ups) from its explanation. */
function suggestionWords(s: { reasonWords?: Words; payload: Record<string, unknown> }): Words | undefined {
  if (s.reasonWords) return s.reasonWords;
  const explain = explainOf(s.payload);
  return explain ? explainWords(explain) : undefined;
}

const calendarOf = (s: Settings) => workingCalendar({ workingDays: s.workingHours.days, holidays: s.holidays });

export class ReminderService {
  constructor(private readonly ports: ReminderPorts) {}

  /** A reminder for a thread on a day (YYYY-MM-DD), due at the start of working hours then. */
  async create(input: {
    id: string;
    date: string;
    reason: string;
    reasonWords?: Words;
    threadId?: string;
    contactId?: string;
    subject?: string;
    source: NonNullable<Reminder['source']>;
    remindEvenIfReplied?: boolean;
    messageId?: string;
    sentAt?: number;
    awaitingSend?: boolean;
    recipients?: string[];
  }): Promise<Reminder> {
    const day = parseIsoDay(input.date);
    if (day === undefined) throw new WordsError(words('err_not_a_date', { date: input.date }), `not a date: ${input.date}`);
    const settings = await this.ports.settings();
    const now = this.ports.now();
    const existing = await this.ports.db.reminders.get(input.id);
    if (existing) return existing; // the same request twice is one reminder
    const row: Reminder = {
      id: input.id,
      threadId: input.threadId,
      contactId: input.contactId,
      dueAt: dueAtFor(day, settings),
      reason: input.reason,
      ...(input.reasonWords ? { reasonWords: input.reasonWords } : {}),
      status: 'pending',
      createdAt: now,
      date: input.date,
      subject: input.subject,
      source: input.source,
      remindEvenIfReplied: input.remindEvenIfReplied,
      messageId: input.messageId as Reminder['messageId'],
      sentAt: input.sentAt,
      awaitingSend: input.awaitingSend,
      recipients: input.recipients,
    };
    await this.ports.db.reminders.add(row);
    await this.reschedule();
    this.ports.changed?.();
    return row;
  }

  /** Accept a follow-up suggestion: it becomes a reminder on its date (or the one the rep chose). */
  async accept(suggestionId: string, date?: string): Promise<Reminder> {
    const { db } = this.ports;
    const suggestion = await db.suggestions.get(suggestionId);
    if (!suggestion || suggestion.kind !== 'followup') throw new WordsError(words('err_suggestion_gone'), 'no such follow-up suggestion');
    const chosen = date ?? (typeof suggestion.payload.date === 'string' ? suggestion.payload.date : undefined);
    if (!chosen || parseIsoDay(chosen) === undefined) throw new WordsError(words('err_suggestion_no_date'), 'the suggestion has no date');
    const reminder = await this.create({
      id: `rem:${suggestionId}`.slice(0, 200),
      date: chosen,
      reason: suggestion.reason,
      reasonWords: suggestionWords(suggestion),
      threadId: suggestion.threadId,
      contactId: suggestion.contactId,
      subject: typeof suggestion.payload.subject === 'string' ? suggestion.payload.subject : undefined,
      source: 'suggestion',
      messageId: typeof suggestion.payload.messageId === 'string' ? suggestion.payload.messageId : undefined,
      sentAt: typeof suggestion.payload.at === 'number' ? suggestion.payload.at : undefined,
    });
    // A day the rep chose instead of the one read from the mail is marked as theirs.
    const changedByRep = chosen !== suggestion.payload.date ? { changedByRep: true } : {};
    await db.suggestions.update(suggestionId, { status: 'accepted', payload: { ...suggestion.payload, date: chosen, ...changedByRep } });
    return reminder;
  }

  async dismiss(suggestionId: string): Promise<void> {
    const { db } = this.ports;
    const suggestion = await db.suggestions.get(suggestionId);
    if (!suggestion) throw new WordsError(words('err_suggestion_gone'), 'no such suggestion');
    await db.suggestions.update(suggestionId, { status: 'dismissed' });
    this.ports.changed?.();
  }

  /** Tell the rep about every reminder due now that they have not been told about: once each. */
  async fireDue(): Promise<Reminder[]> {
    const { db, now, notifier } = this.ports;
    const at = now();
    const due = await db.reminders.where('dueAt').belowOrEqual(at).filter((r) => isActive(r) && r.firedAt === undefined).toArray();
    const fired: Reminder[] = [];
    for (const r of due) {
      // Show first, then record: a worker stopped in between shows it again under the same id, which
      // replaces the first; recording first could lose it.
      await notifier.show(notificationId(r.id), {
        title: r.subject ? t('notification_followup_subject', { subject: r.subject }) : t('notification_followup'),
        message: say(r.reasonWords, r.reason),
        buttons: [
          { action: 'snooze', title: t('notification_snooze_tomorrow') },
          { action: 'done', title: t('notification_done') },
        ],
      });
      // Recorded only if the row is still the one shown: the rep may have snoozed it or marked it done while
      // the notification was on its way; a row moved past now takes the notification back away.
      const outcome = await db.transaction('rw', db.reminders, async () => {
        const current = await db.reminders.get(r.id);
        if (current?.firedAt !== undefined && isActive(current)) return 'told-already';
        if (!current || !isActive(current) || current.dueAt > at) return 'moved';
        await db.reminders.update(r.id, { firedAt: at });
        return 'marked';
      });
      if (outcome === 'marked') fired.push({ ...r, firedAt: at });
      else if (outcome === 'moved') await notifier.clear(notificationId(r.id));
    }
    // Compose reminders whose send never came: nothing to follow up on.
    const stale = await db.reminders.filter((r) => r.awaitingSend === true && r.status === 'pending' && r.createdAt + AWAIT_SEND_MS < at).toArray();
    for (const r of stale) await db.reminders.update(r.id, { status: 'cancelled', awaitingSend: false, endedBy: 'the email was not sent' });
    if (fired.length > 0 || stale.length > 0) this.ports.changed?.();
    return fired;
  }

  /** Set the one alarm at the next reminder not yet told; clear it when there is none. */
  async reschedule(): Promise<number | undefined> {
    const { db, alarms, now } = this.ports;
    const next = await db.reminders
      .orderBy('dueAt')
      .filter((r) => isActive(r) && r.firedAt === undefined)
      .first();
    if (!next) {
      await alarms.clear(REMINDER_ALARM);
      return undefined;
    }
    // An alarm in the past fires at once; browsers fire no sooner than ~30 s anyway.
    const when = Math.max(next.dueAt, now() + 1_000);
    await alarms.set(REMINDER_ALARM, when);
    return when;
  }

  /** Every worker start and every alarm: tell what fell due, then set the alarm for the next. */
  async tick(): Promise<Reminder[]> {
    const fired = await this.fireDue();
    await this.reschedule();
    return fired;
  }

  async snooze(id: string, choice: SnoozeChoice): Promise<Reminder> {
    const { db, now } = this.ports;
    const reminder = await db.reminders.get(id);
    if (!reminder) throw new WordsError(words('err_reminder_gone'), 'no such reminder');
    if (!ACTIVE.has(reminder.status)) throw new WordsError(
        reminder.endedBy ? words('err_reminder_ended_why', { why: reminder.endedBy }) : words('err_reminder_ended'),
        `this reminder already ended (${reminder.endedBy ?? reminder.status}): nothing to snooze`,
      );
    const settings = await this.ports.settings();
    const at = now();
    const tz = settings.workingHours.timeZone;
    const calendar = calendarOf(settings);
    const today = dayInZone(at, tz);
    let dueAt: number;
    let day: Day;
    if (choice === 'later-today') {
      dueAt = at + 3 * HOUR;
      day = dayInZone(dueAt, tz);
    } else {
      day = choice === 'tomorrow' ? calendar.after(today) : calendar.onOrAfter(mondayOf(today) + 7);
      dueAt = dueAtFor(day, settings);
    }
    return this.snoozed(reminder, dueAt, day);
  }

  /** The rep picked a moment of their own (the side panel's date and time). */
  async snoozeUntil(id: string, dueAt: number): Promise<Reminder> {
    const { db, now } = this.ports;
    if (dueAt <= now()) throw new WordsError(words('err_snooze_future'), 'snooze needs a time in the future');
    const reminder = await db.reminders.get(id);
    if (!reminder || !ACTIVE.has(reminder.status)) throw new WordsError(words('err_reminder_not_waiting'), 'no such reminder waiting');
    const settings = await this.ports.settings();
    return this.snoozed(reminder, dueAt, dayInZone(dueAt, settings.workingHours.timeZone));
  }

  /** One way to snooze: the row, the notification already shown, and the alarm all move together. */
  private async snoozed(reminder: Reminder, dueAt: number, day: Day): Promise<Reminder> {
    const { db, notifier } = this.ports;
    const changes = { status: 'snoozed' as const, dueAt, date: isoDay(day), firedAt: undefined };
    await db.reminders.update(reminder.id, changes);
    await notifier.clear(notificationId(reminder.id));
    await this.reschedule();
    this.ports.changed?.();
    return { ...reminder, ...changes };
  }

  async done(id: string): Promise<Reminder> {
    const { db, notifier } = this.ports;
    const reminder = await db.reminders.get(id);
    if (!reminder) throw new WordsError(words('err_reminder_gone'), 'no such reminder');
    const doneAt = this.ports.now();
    await db.reminders.update(id, { status: 'done', endedBy: 'marked done', doneAt });
    await notifier.clear(notificationId(id));
    await this.reschedule();
    this.ports.changed?.();
    return { ...reminder, status: 'done', doneAt };
  }

  /**
   * A person replied on a thread: end its waiting reminders, except those the rep keeps "even if they
   * reply" and those set after this message was written. Their notifications go too.
   */
  async replyArrived(threadId: string, messageId: string, at: number, why = `a reply arrived (${messageId})`): Promise<Reminder[]> {
    const { db } = this.ports;
    const ended = await db.transaction('rw', db.reminders, async () => {
      const waiting = await db.reminders
        .where('threadId')
        .equals(threadId)
        .filter((r) => ACTIVE.has(r.status) && !r.awaitingSend && !r.remindEvenIfReplied && (r.sentAt === undefined || at > r.sentAt - CLOCK_SLACK_MS))
        .toArray();
      for (const r of waiting) await db.reminders.update(r.id, { status: 'cancelled', endedBy: why.slice(0, 300) });
      return waiting;
    });
    await this.after(ended, ended.map((r) => r.id));
    return ended;
  }

  /**
   * An out-of-office on a thread: its waiting reminders move to the return date the reply gives (read by the
   * follow-up reader), when that is later than they were due. Without a date they stay as they were.
   */
  async outOfOffice(email: Pick<EmailFacts, 'threadId' | 'bodyText' | 'at'>): Promise<{ moved: Reminder[]; date?: string }> {
    const { db } = this.ports;
    const settings = await this.ports.settings();
    const read = followUpFor(email.bodyText, email.at, settings);
    if (read.cues.length === 0) return { moved: [] };
    const day = parseIsoDay(read.date)!;
    const dueAt = dueAtFor(day, settings);
    const moved = await db.transaction('rw', db.reminders, async () => {
      const waiting = await db.reminders
        .where('threadId')
        .equals(email.threadId)
        .filter((r) => ACTIVE.has(r.status) && !r.awaitingSend && r.dueAt < dueAt && (r.sentAt === undefined || email.at > r.sentAt - CLOCK_SLACK_MS))
        .toArray();
      for (const r of waiting) {
        await db.reminders.update(r.id, {
          dueAt,
          date: read.date,
          firedAt: undefined,
          reason: `${r.reason} — moved: they are away until ${read.date} (${read.reason})`.slice(0, 1000),
          reasonWords: words('reminder_moved_away', { reason: r.reasonWords ?? r.reason, day: { day: read.date }, said: read.reason.slice(0, 500) }),
        });
      }
      return waiting;
    });
    await this.after(moved, moved.filter((r) => r.firedAt !== undefined).map((r) => r.id));
    return { moved, date: read.date };
  }

  /** A message on the thread bounced: its reminders stay (the rep still has to reach someone) and the thread is flagged. */
  async bounced(email: Pick<EmailFacts, 'threadId' | 'messageId' | 'at'>, reason: string, words?: Words): Promise<{ flagged: boolean; previous?: Thread }> {
    const { db } = this.ports;
    const previous = await db.threads.get(email.threadId);
    if (!previous) return { flagged: false };
    await db.threads.update(email.threadId, { flag: { kind: 'bounced', reason: reason.slice(0, 300), words, messageId: email.messageId, at: email.at } });
    this.ports.changed?.();
    return { flagged: true, previous };
  }

  /**
   * Every inbound email on a thread, whatever rules are on: what it is decides what happens to the thread's
   * reminders (lib/engine/inbound.ts). What changed is returned for the audit log, with how to undo it.
   */
  async inboundArrived(email: EmailFacts): Promise<ReminderOutcome | undefined> {
    const verdict = classifyInbound(email);
    const threadId = email.threadId;
    const why = verdict.words ?? verdict.reason;
    const because = (what: Words) => words('audit_because', { what, reason: why });
    if (isPersonsReply(verdict.kind)) {
      const ended = await this.replyArrived(threadId, email.messageId, email.at, `${verdict.kind === 'unsubscribe' ? 'they asked not to be emailed again' : 'a reply arrived'} (${email.messageId})`);
      if (ended.length === 0) return undefined;
      return { action: 'reminders.reply', detail: `cancelled ${ended.length} reminder(s): ${verdict.reason}`, detailWords: because(words('audit_cancelled_reminders', { count: ended.length })), undo: [{ op: 'put', table: 'reminders', rows: ended }], threadId };
    }
    if (verdict.kind === 'out-of-office') {
      const { moved, date } = await this.outOfOffice(email);
      if (moved.length === 0) return { action: 'reminders.kept', detail: `kept the thread’s reminders: ${verdict.reason}${date ? '' : ', no return date given'}`, detailWords: date ? because(words('audit_kept_the_reminders')) : words('audit_kept_no_return_date', { reason: why }), threadId };
      return { action: 'reminders.moved', detail: `moved ${moved.length} reminder(s) to ${date}: ${verdict.reason}`, detailWords: because(words('audit_moved_reminders', { count: moved.length, day: date ? { day: date } : '' })), undo: [{ op: 'put', table: 'reminders', rows: moved }], threadId };
    }
    if (verdict.kind === 'bounce') {
      const { flagged } = await this.bounced(email, verdict.reason, verdict.words);
      return { action: 'thread.flagged', detail: `${flagged ? 'flagged the thread and kept' : 'kept'} its reminders: ${verdict.reason}`, detailWords: because(words(flagged ? 'audit_flagged_and_kept' : 'audit_kept_the_reminders')), threadId };
    }
    const waiting = await this.ports.db.reminders.where('threadId').equals(threadId).filter((r) => ACTIVE.has(r.status)).count();
    return waiting > 0 ? { action: 'reminders.kept', detail: `kept ${waiting} reminder(s): ${verdict.reason}`, detailWords: because(words('audit_kept_n_reminders', { count: waiting })), threadId } : undefined;
  }

  /** Gmail confirmed a send (any thread, whatever rules are on): a "Remind me" chosen in that compose starts counting. */
  async sendConfirmed(email: Pick<EmailFacts, 'threadId' | 'messageId' | 'subject' | 'at'> & { to: Address[]; cc?: Address[]; bcc?: Address[] }): Promise<Reminder[]> {
    const { db } = this.ports;
    const norm = (s: string) => s.replace(/^\s*((re|fwd?|aw|wg)\s*:\s*)+/i, '').trim().toLowerCase();
    const to = new Set([...email.to, ...(email.cc ?? []), ...(email.bcc ?? [])].map((p) => p.email.toLowerCase()));
    const matched = await db.transaction('rw', db.reminders, async () => {
      const waiting = await db.reminders.where('status').equals('pending').filter((r) => r.awaitingSend === true).toArray();
      const found = waiting.filter(
        (r) => r.threadId === email.threadId || (norm(r.subject ?? '') === norm(email.subject) && (r.recipients ?? []).some((e) => to.has(e.toLowerCase()))),
      );
      for (const r of found) {
        await db.reminders.update(r.id, { awaitingSend: false, threadId: email.threadId as Reminder['threadId'], messageId: email.messageId as Reminder['messageId'], sentAt: email.at });
      }
      return found;
    });
    await this.after(matched, []);
    return matched;
  }

  /** After reminders changed: their notifications go, the alarm follows, open panels ask again. */
  private async after(changed: readonly Reminder[], clear: readonly string[]): Promise<void> {
    for (const id of clear) await this.ports.notifier.clear(notificationId(id));
    if (changed.length === 0) return;
    await this.reschedule();
    this.ports.changed?.();
  }

  /**
   * Threads waiting on the other side: the last message is the rep's, older than the cadence (in working
   * days), and nothing reminds the rep. Each is reported once per last message (the event id says so).
   */
  async scanOverdue(): Promise<number> {
    const { db, now, dispatch, state } = this.ports;
    if (!dispatch) return 0;
    const settings = await this.ports.settings();
    const calendar = calendarOf(settings);
    const tz = settings.workingHours.timeZone;
    const at = now();
    const today = dayInZone(at, tz);
    const cadence = settings.followUp.cadenceDays[0] ?? 3;
    // Read by the messages' date index, never every thread: a message can be overdue only once `cadence`
    // calendar days have passed (working days are never fewer), and everything at or before the cursor was
    // settled by an earlier scan. A message not settled yet (a reminder still covers its thread, or the working
    // days have not passed) holds the cursor back, so it is read again next time.
    const from = Number((await state?.get(OVERDUE_CURSOR)) ?? 0) || 0;
    const upTo = at - cadence * DAY_MS;
    if (upTo <= from) return 0;
    const sent = await db.messages
      .where('date')
      .between(from, upTo, false, true)
      .filter((m) => m.direction === 'outbound')
      .toArray();
    const newestSent = new Map<string, (typeof sent)[number]>();
    for (const m of sent) if (!newestSent.has(m.threadId) || newestSent.get(m.threadId)!.date! < m.date!) newestSent.set(m.threadId, m);
    const active = new Set((await db.reminders.where('status').anyOf([...ACTIVE]).toArray()).map((r) => r.threadId));
    let settledThrough = upTo;
    const hold = (date: number) => (settledThrough = Math.min(settledThrough, date - 1));
    let reported = 0;
    for (const candidate of newestSent.values()) {
      const messages = await db.messages.where('threadId').equals(candidate.threadId).toArray();
      const last = messages.filter((m) => m.date !== undefined).sort((a, b) => a.date! - b.date!).at(-1);
      // Someone wrote after it (they answered, or the rep followed up: that message is read when its turn comes).
      if (!last || last.id !== candidate.id || last.date === undefined) continue;
      if (active.has(candidate.threadId) || calendar.addWorkingDays(dayInZone(last.date, tz), cadence) > today) {
        hold(last.date);
        continue;
      }
      await dispatch({
        type: 'reply.overdue',
        threadId: candidate.threadId,
        lastMessageId: last.id,
        lastMessageAt: last.date,
        waitingOn: [...last.to, ...last.cc],
        at,
      });
      reported++;
    }
    await state?.set(OVERDUE_CURSOR, settledThrough);
    return reported;
  }

  /** What the rep clicked on a reminder's notification. */
  async onNotificationAction(notification: string, action: NotificationAction): Promise<Reminder | undefined> {
    const id = reminderIdOf(notification);
    if (!id) return undefined;
    const current = await this.ports.db.reminders.get(id);
    if ((action === 'snooze' || action === 'done') && (!current || !ACTIVE.has(current.status))) {
      // A notification left from before the reminder ended: say why instead of doing nothing.
      await this.ports.notifier.clear(notification);
      await this.ports.notifier.show(`${notification}:ended`, {
        title: current?.subject ? t('notification_ended_subject', { subject: current.subject }) : t('notification_ended'),
        message: current
          ? t(action === 'snooze' ? 'notification_nothing_to_snooze' : 'notification_nothing_to_mark_done', { why: current.endedBy ?? current.status })
          : t('notification_deleted'),
        buttons: [],
      });
      return current;
    }
    if (action === 'snooze') return this.snooze(id, 'tomorrow');
    if (action === 'done') return this.done(id);
    return this.ports.db.reminders.get(id);
  }
}
