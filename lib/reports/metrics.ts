import { z } from 'zod';
import { TZDate } from '@date-fns/tz';
import type { InboundKind } from '../engine/inbound';
import type { Deal, Reminder, Suggestion } from '../records';
import { issue } from '../issue-words';
import { words, wordsOf, type Words, type WordsKey } from '../words';
import type { MessageKey } from '../i18n';

// Every figure the Reports page shows, with its definition in words (message keys of public/_locales): the page
// shows the words as the figure's tooltip, and test/unit/reports-metrics.test.ts pins both the words and the arithmetic. The
// functions here are pure: the rollup (lib/reports/rollup.ts) and the handlers feed them rows.

/** A figure's name and its definition, as message keys: the page says them in the rep's language. */
export interface MetricDefinition {
  label: MessageKey;
  definition: MessageKey;
}

export const METRICS = {
  sent: { label: 'reports_metric_sent', definition: 'reports_metric_sent_def' },
  received: { label: 'reports_metric_received', definition: 'reports_metric_received_def' },
  logged: { label: 'reports_metric_logged', definition: 'reports_metric_logged_def' },
  replyRate: { label: 'reports_metric_reply_rate', definition: 'reports_metric_reply_rate_def' },
  timeToReply: { label: 'reports_metric_time_to_reply', definition: 'reports_metric_time_to_reply_def' },
  timeToAnswer: { label: 'reports_metric_time_to_answer', definition: 'reports_metric_time_to_answer_def' },
  excluded: { label: 'reports_metric_excluded', definition: 'reports_metric_excluded_def' },
  followUpsDue: { label: 'reports_metric_followups_due', definition: 'reports_metric_followups_due_def' },
  followUpsOnTime: { label: 'reports_metric_followups_on_time', definition: 'reports_metric_followups_on_time_def' },
  followUpsLate: { label: 'reports_metric_followups_late', definition: 'reports_metric_followups_late_def' },
  followUpsSkipped: { label: 'reports_metric_followups_skipped', definition: 'reports_metric_followups_skipped_def' },
  followUpsAhead: { label: 'reports_metric_followups_ahead', definition: 'reports_metric_followups_ahead_def' },
  suggestionsAccepted: { label: 'reports_metric_suggestions_accepted', definition: 'reports_metric_suggestions_accepted_def' },
  suggestionsEdited: { label: 'reports_metric_suggestions_edited', definition: 'reports_metric_suggestions_edited_def' },
  suggestionsDismissed: { label: 'reports_metric_suggestions_dismissed', definition: 'reports_metric_suggestions_dismissed_def' },
  suggestionsOpen: { label: 'reports_metric_suggestions_open', definition: 'reports_metric_suggestions_open_def' },
  dealsTouched: { label: 'reports_metric_deals_touched', definition: 'reports_metric_deals_touched_def' },
  dealsUntouched: { label: 'reports_metric_deals_untouched', definition: 'reports_metric_deals_untouched_def' },
  sequencesEnrolled: { label: 'reports_metric_sequences_enrolled', definition: 'reports_metric_sequences_enrolled_def' },
  sequencesReplied: { label: 'reports_metric_sequences_replied', definition: 'reports_metric_sequences_replied_def' },
  sequencesFinished: { label: 'reports_metric_sequences_finished', definition: 'reports_metric_sequences_finished_def' },
  sequencesStopped: { label: 'reports_metric_sequences_stopped', definition: 'reports_metric_sequences_stopped_def' },
  sequenceStepSent: { label: 'reports_metric_step_sent', definition: 'reports_metric_step_sent_def' },
  sequenceStepReplied: { label: 'reports_metric_step_replied', definition: 'reports_metric_step_replied_def' },
  meetingsProposed: { label: 'reports_metric_meetings_proposed', definition: 'reports_metric_meetings_proposed_def' },
  meetingsBooked: { label: 'reports_metric_meetings_booked', definition: 'reports_metric_meetings_booked_def' },
  meetingsCancelled: { label: 'reports_metric_meetings_cancelled', definition: 'reports_metric_meetings_cancelled_def' },
} as const satisfies Record<string, MetricDefinition>;
export type MetricId = keyof typeof METRICS;

// ---- days, time zones, ranges ----

export const DayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, issue('a day as YYYY-MM-DD', 'issue_date'));
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone: a report's day is the rep's. */
export function dayKey(at: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(at);
}

/** The instant a day starts in a time zone (midnight there; DST days are 23 or 25 hours long). */
export function dayStart(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, timeZone).getTime();
}

/** Calendar arithmetic on day keys (no time zone involved: a day plus one is the next date). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= 400; d = addDays(d, 1)) out.push(d);
  return out;
}

const validDays = (r: { from: unknown; to: unknown }) => DayKey.safeParse(r.from).success && DayKey.safeParse(r.to).success;

export const RangeInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('week') }),
  z.object({ kind: z.literal('4weeks') }),
  z.object({ kind: z.literal('quarter') }),
  z
    .object({ kind: z.literal('custom'), from: DayKey, to: DayKey })
    // Zod runs refinements even when a day failed its own check: each one asks only of valid days.
    .refine((r) => !validDays(r) || r.from <= r.to, { message: issue('the range must end on or after its first day', 'issue_report_range_order') })
    .refine((r) => !validDays(r) || daysBetween(r.from, r.to).length <= 366, { message: issue('a custom range is at most 366 days', 'issue_report_range_length') }),
]);
export type RangeInput = z.infer<typeof RangeInput>;

export interface ResolvedRange {
  from: string;
  to: string;
  /** Every day of the range, in order. */
  days: string[];
  /** Which range it is: the page names it (RANGE_LABELS). */
  kind: RangeInput['kind'];
}

/** Each range's name, as a message key (the page says it in the rep's language). */
export const RANGE_LABELS = { week: 'reports_range_week', '4weeks': 'reports_range_4weeks', quarter: 'reports_range_quarter', custom: 'reports_range_custom' } as const satisfies Record<RangeInput['kind'], MessageKey>;

/**
 * The days a range covers, in the rep's zone: this week is Monday to today, the last 4 weeks are the 28 days
 * ending today, this quarter runs from the first day of the calendar quarter to today.
 */
export function resolveRange(range: RangeInput, now: number, timeZone: string): ResolvedRange {
  const today = dayKey(now, timeZone);
  let from: string;
  let to = today;
  if (range.kind === 'week') {
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
    from = addDays(today, -((weekday + 6) % 7));
  } else if (range.kind === '4weeks') {
    from = addDays(today, -27);
  } else if (range.kind === 'quarter') {
    const [y, m] = today.split('-').map(Number) as [number, number];
    from = `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  } else {
    from = range.from;
    to = range.to;
  }
  return { from, to, days: daysBetween(from, to), kind: range.kind };
}

export const median = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

// ---- email: one slim row per email seen, and one figures row per (scope, day) ----

export const MailKind = z.enum(['sent', 'reply', 'unsubscribe', 'out-of-office', 'auto-reply', 'bounce', 'bulk']) satisfies z.ZodType<'sent' | InboundKind>;

/** What the reports keep of one email (no text): kept by the rollup, not pruned with message bodies. */
export const ReportMail = z.object({
  id: z.string().min(1).max(200),
  threadId: z.string().min(1).max(200),
  at: z.number().int().nonnegative(),
  kind: MailKind,
  contactIds: z.array(z.string().max(200)).max(100).default([]),
  companyIds: z.array(z.string().max(200)).max(100).default([]),
  /** The template whose draft the rep inserted on the thread before sending this. */
  templateId: z.string().max(100).optional(),
});
export type ReportMail = z.infer<typeof ReportMail>;

const Count = z.number().int().nonnegative();
const Delays = z.array(z.number().int().nonnegative()).max(5000);

/** The figures of one day for one scope (`all`, `contact:<id>`, `company:<id>`, `template:<id>`). */
export const ReportDay = z.object({
  id: z.string().min(1).max(300),
  scope: z.string().min(1).max(250),
  day: DayKey,
  sent: Count,
  received: Count,
  logged: Count,
  /** Sent emails counted for the reply rate (sent minus bounced). */
  awaited: Count,
  replied: Count,
  bounced: Count,
  /** Out-of-office and automatic replies that arrived this day. */
  outOfOffice: Count,
  replyMs: Delays,
  answerMs: Delays,
});
export type ReportDay = z.infer<typeof ReportDay>;

const isPerson = (kind: ReportMail['kind']) => kind === 'reply' || kind === 'unsubscribe';
const isAuto = (kind: ReportMail['kind']) => kind === 'out-of-office' || kind === 'auto-reply';

/** A day's figures for one scope: `mail` is that scope's mail of the day, `thread(id)` all mail of a thread, oldest first. */
export function dayFigures(scope: string, day: string, mail: readonly ReportMail[], thread: (threadId: string) => readonly ReportMail[], logged: number): ReportDay {
  const row: ReportDay = { id: `${scope}|${day}`, scope, day, sent: 0, received: 0, logged, awaited: 0, replied: 0, bounced: 0, outOfOffice: 0, replyMs: [], answerMs: [] };
  for (const m of mail) {
    const later = thread(m.threadId).filter((o) => o.at > m.at || (o.at === m.at && o.id > m.id));
    if (m.kind === 'sent') {
      row.sent++;
      // What happened before the rep wrote again on the thread.
      const next = later.findIndex((o) => o.kind === 'sent');
      const window = next < 0 ? later : later.slice(0, next);
      if (window.some((o) => o.kind === 'bounce')) {
        row.bounced++;
        continue;
      }
      row.awaited++;
      const reply = window.find((o) => isPerson(o.kind));
      if (reply) {
        row.replied++;
        row.replyMs.push(reply.at - m.at);
      }
    } else if (isPerson(m.kind)) {
      row.received++;
      const answer = later.find((o) => o.kind === 'sent');
      if (answer) row.answerMs.push(answer.at - m.at);
    } else if (isAuto(m.kind)) {
      row.outOfOffice++;
    }
  }
  return row;
}

export const EmailReport = z.object({
  byDay: z.array(z.object({ day: DayKey, sent: Count, received: Count, logged: Count })),
  totals: z.object({ sent: Count, received: Count, logged: Count }),
  replies: z.object({
    awaited: Count,
    replied: Count,
    /** replied / awaited, 0..1; null when nothing was awaited. */
    rate: z.number().min(0).max(1).nullable(),
    medianReplyMs: z.number().nonnegative().nullable(),
    medianAnswerMs: z.number().nonnegative().nullable(),
    replies: Count,
    answers: Count,
    bounced: Count,
    outOfOffice: Count,
  }),
});
export type EmailReport = z.infer<typeof EmailReport>;

/** The range's email figures from its day rows (missing days are zero). */
export function emailReport(days: readonly string[], rows: readonly ReportDay[]): EmailReport {
  const byKey = new Map(rows.map((r) => [r.day, r]));
  const byDay = days.map((day) => {
    const r = byKey.get(day);
    return { day, sent: r?.sent ?? 0, received: r?.received ?? 0, logged: r?.logged ?? 0 };
  });
  const inRange = days.map((d) => byKey.get(d)).filter((r): r is ReportDay => r !== undefined);
  const sum = (f: (r: ReportDay) => number) => inRange.reduce((n, r) => n + f(r), 0);
  const replyMs = inRange.flatMap((r) => r.replyMs);
  const answerMs = inRange.flatMap((r) => r.answerMs);
  const awaited = sum((r) => r.awaited);
  const replied = sum((r) => r.replied);
  return {
    byDay,
    totals: { sent: sum((r) => r.sent), received: sum((r) => r.received), logged: sum((r) => r.logged) },
    replies: {
      awaited,
      replied,
      rate: awaited === 0 ? null : replied / awaited,
      medianReplyMs: median(replyMs),
      medianAnswerMs: median(answerMs),
      replies: replyMs.length,
      answers: answerMs.length,
      bounced: sum((r) => r.bounced),
      outOfOffice: sum((r) => r.outOfOffice),
    },
  };
}

// ---- follow-ups (reminders) ----

export const FollowUpReport = z.object({ due: Count, onTime: Count, late: Count, skipped: Count, ahead: Count });
export type FollowUpReport = z.infer<typeof FollowUpReport>;

/** The reminder's day: its own (the rep's zone, when it was set) or the day of `dueAt` in the rep's zone now. */
export const reminderDay = (r: Pick<Reminder, 'date' | 'dueAt'>, timeZone: string) => r.date ?? dayKey(r.dueAt, timeZone);

export function followUpReport(reminders: readonly Reminder[], range: Pick<ResolvedRange, 'from' | 'to'>, now: number, timeZone: string): FollowUpReport {
  const today = dayKey(now, timeZone);
  const out: FollowUpReport = { due: 0, onTime: 0, late: 0, skipped: 0, ahead: 0 };
  for (const r of reminders) {
    const day = reminderDay(r, timeZone);
    if (day < range.from || day > range.to || r.status === 'cancelled' || r.awaitingSend) continue;
    out.due++;
    if (r.status === 'done') {
      // A reminder marked done before its done time was recorded counts as on time: its day is all we know.
      if (r.doneAt !== undefined && dayKey(r.doneAt, timeZone) > day) out.late++;
      else out.onTime++;
    } else if (day < today) out.skipped++;
    else out.ahead++;
  }
  return out;
}

// ---- suggestions ----

export const SuggestionReport = z.object({ accepted: Count, edited: Count, dismissed: Count, open: Count });
export type SuggestionReport = z.infer<typeof SuggestionReport>;

/** Whether the rep changed a suggestion before accepting it (the accept stores `editedAt` in its payload). */
export const wasEdited = (s: Pick<Suggestion, 'payload'>) => typeof s.payload.editedAt === 'number';

export function suggestionReport(suggestions: readonly Suggestion[], range: Pick<ResolvedRange, 'from' | 'to'>, timeZone: string): SuggestionReport {
  const out: SuggestionReport = { accepted: 0, edited: 0, dismissed: 0, open: 0 };
  for (const s of suggestions) {
    const day = dayKey(s.createdAt, timeZone);
    if (day < range.from || day > range.to) continue;
    if (s.status === 'accepted') out[wasEdited(s) ? 'edited' : 'accepted']++;
    else if (s.status === 'dismissed') out.dismissed++;
    else out.open++;
  }
  return out;
}

// ---- deals ----

export const DealReport = z.object({
  touched: Count,
  untouched: Count,
  /** The open deals untouched for 14+ days, oldest touch first (never touched first of all). */
  untouchedDeals: z.array(z.object({ id: z.string(), name: z.string(), lastTouch: z.number().nullable() })).max(200),
});
export type DealReport = z.infer<typeof DealReport>;

export const UNTOUCHED_DAYS = 14;
const OPEN = (d: Pick<Deal, 'stage'>) => d.stage !== 'won' && d.stage !== 'lost';

/** `lastTouch(deal)`: the newest activity on the deal's contacts at or before the end of the range. */
export function dealReport(deals: readonly Deal[], lastTouch: ReadonlyMap<string, number | undefined>, range: Pick<ResolvedRange, 'from' | 'to'>, timeZone: string): DealReport {
  const start = dayStart(range.from, timeZone);
  const end = dayStart(addDays(range.to, 1), timeZone);
  const staleBefore = dayStart(addDays(range.to, 1 - UNTOUCHED_DAYS), timeZone);
  let touched = 0;
  const untouchedDeals: DealReport['untouchedDeals'] = [];
  for (const d of deals) {
    if (!OPEN(d)) continue;
    const last = lastTouch.get(d.id);
    if (last !== undefined && last >= start && last < end) touched++;
    if (last === undefined || last < staleBefore) untouchedDeals.push({ id: d.id, name: d.name, lastTouch: last ?? null });
  }
  untouchedDeals.sort((a, b) => (a.lastTouch ?? -1) - (b.lastTouch ?? -1));
  return { touched, untouched: untouchedDeals.length, untouchedDeals: untouchedDeals.slice(0, 200) };
}

// ---- sequences and meetings: read from their areas' own tables (lib/reports/sources.ts) ----

/**
 * Why an enrolment ended, from the words the sequences area stores with it (lib/sequences/decide.ts, service.ts):
 * by the message key of its `reasonWords`, whatever the English line beside it says; rows written before those
 * words existed are read by their English line. `words` is what the Reports page shows for each reason.
 */
export const STOP_REASONS = [
  { reason: 'replied', keys: ['seq_stopped_reply'], said: /^stopped: reply from /, outcome: 'replied', words: 'reports_stop_replied' },
  { reason: 'bounced', keys: ['seq_stopped_bounce', 'seq_stopped_bounce_to'], said: /^stopped: bounce\b/, outcome: 'stopped', words: 'reports_stop_bounced' },
  { reason: 'unsubscribed', keys: ['seq_stopped_unsubscribe'], said: /^stopped: unsubscribe request\b/, outcome: 'stopped', words: 'reports_stop_unsubscribed' },
  { reason: 'meeting booked', keys: ['seq_stopped_meeting'], said: /^stopped: meeting booked\b/, outcome: 'stopped', words: 'reports_stop_meeting_booked' },
  { reason: 'stopped by you', keys: ['seq_stopped_by_you'], said: /^stopped: by you\b/, outcome: 'stopped', words: 'reports_stop_by_you' },
  { reason: 'sequence deleted', keys: ['seq_stopped_deleted'], said: /^stopped: the sequence was deleted\b/, outcome: 'stopped', words: 'reports_stop_sequence_deleted' },
] as const satisfies readonly { reason: string; keys: readonly WordsKey[]; said: RegExp; outcome: 'replied' | 'stopped'; words: WordsKey }[];

/** The words for a stop reason as reports count it ('other' for a reason this version does not know). */
export const stopReasonWords = (reason: string): Words => words(STOP_REASONS.find((r) => r.reason === reason)?.words ?? 'reports_stop_unknown');

/** One enrolment, reduced to what reports read. */
export const SequenceEnrolmentFacts = z.object({
  id: z.string(),
  sequenceId: z.string(),
  enrolledAt: z.number().int(),
  /** When it ended (the moment Followthrough stopped it or its last step was done); absent while it runs. */
  endedAt: z.number().int().optional(),
  outcome: z.enum(['active', 'replied', 'stopped', 'finished']),
  stopReason: z.string().max(100).optional(),
});
export type SequenceEnrolmentFacts = z.infer<typeof SequenceEnrolmentFacts>;

/** Which of STOP_REASONS a stopped row is: by its words' key when it has words, else by its English line. */
function stopReasonOf(row: { reason: string; reasonWords?: unknown }) {
  const key = wordsOf(row.reasonWords)?.key;
  if (key !== undefined) return STOP_REASONS.find((r) => (r.keys as readonly string[]).includes(key));
  return STOP_REASONS.find((r) => r.said.test(row.reason));
}

/** An enrolment row's facts: a stopped one is "replied" when a person's reply stopped it, else stopped for its reason. */
export function enrolmentFacts(row: { id: string; sequenceId: string; enrolledAt: number; state: string; reason: string; reasonWords?: unknown; updatedAt: number }): SequenceEnrolmentFacts {
  const base = { id: row.id, sequenceId: row.sequenceId, enrolledAt: row.enrolledAt };
  if (row.state === 'done') return { ...base, outcome: 'finished', endedAt: row.updatedAt };
  if (row.state !== 'stopped') return { ...base, outcome: 'active' };
  const known = stopReasonOf(row);
  if (known?.outcome === 'replied') return { ...base, outcome: 'replied', endedAt: row.updatedAt };
  return { ...base, outcome: 'stopped', stopReason: known?.reason ?? 'other', endedAt: row.updatedAt };
}

export const SequenceStepFacts = z.object({
  enrolmentId: z.string(),
  sequenceId: z.string(),
  /** 1 for the sequence's first step. */
  step: z.number().int().min(1),
  templateId: z.string().optional(),
  sentAt: z.number().int(),
  /** The contact replied (a person: not an out-of-office, automatic reply or bounce) before the next step was sent. */
  replied: z.boolean(),
});
export type SequenceStepFacts = z.infer<typeof SequenceStepFacts>;

/** What the step replay reads of one enrolment's mail: the rep's sends, and whether a received one is the contact's own reply. */
export interface StepMail {
  at: number;
  direction: 'sent' | 'received';
  /** For received mail: from the contact (any of their addresses), and a person's reply or unsubscribe request. */
  contactReply?: boolean;
}

/**
 * Which step each of the rep's sends was, as the sequences area decides it (lib/sequences/decide.ts): the sends
 * after enrolment are the email steps in order, passing steps the rep ticked off or skipped; a send beyond the
 * last step is a touch, not a step. A step counts as replied when the contact's reply came before the next send.
 */
export function sequenceSteps(
  enrolment: { id: string; sequenceId: string; enrolledAt: number; completed?: readonly { step: number; at: number }[] },
  steps: readonly { kind: string; templateId?: string }[],
  mail: readonly StepMail[],
): SequenceStepFacts[] {
  type Event = { at: number; mail?: StepMail; completed?: number };
  const events: Event[] = [
    ...mail.filter((m) => m.at >= enrolment.enrolledAt).map((m) => ({ at: m.at, mail: m })),
    ...(enrolment.completed ?? []).filter((c) => c.at >= enrolment.enrolledAt).map((c) => ({ at: c.at, completed: c.step })),
  ].sort((a, b) => a.at - b.at);
  const done = steps.map(() => false);
  const emailSteps = steps.flatMap((s, i) => (s.kind === 'email' ? [i] : []));
  const out: SequenceStepFacts[] = [];
  let last: SequenceStepFacts | undefined;
  for (const e of events) {
    if (e.completed !== undefined) {
      if (e.completed >= 0 && e.completed < steps.length) done[e.completed] = true;
      continue;
    }
    const m = e.mail!;
    if (m.direction === 'received') {
      if (m.contactReply && last) last.replied = true;
      continue;
    }
    const step = emailSteps.find((i) => !done[i]);
    if (step === undefined) continue;
    for (let i = 0; i <= step; i++) done[i] = true;
    const templateId = steps[step]!.templateId;
    last = { enrolmentId: enrolment.id, sequenceId: enrolment.sequenceId, step: step + 1, ...(templateId ? { templateId } : {}), sentAt: m.at, replied: false };
    out.push(last);
  }
  return out;
}

export const SequenceReport = z.object({
  enrolled: Count,
  replied: Count,
  finished: Count,
  stopped: z.array(z.object({ reason: z.string(), count: Count })),
  steps: z.array(z.object({ step: z.number().int(), templateId: z.string(), templateName: z.string(), sent: Count, replied: Count })),
});
export type SequenceReport = z.infer<typeof SequenceReport>;

const within = (at: number | undefined, from: number, to: number) => at !== undefined && at >= from && at < to;

/** `templateName(id)`: the template's name as the rep sees it (its id when it is gone). */
export function sequenceReport(
  enrolments: readonly SequenceEnrolmentFacts[],
  steps: readonly SequenceStepFacts[],
  from: number,
  to: number,
  templateName: (id: string) => string = (id) => id,
): SequenceReport {
  const stopped = new Map<string, number>();
  let enrolled = 0;
  let replied = 0;
  let finished = 0;
  for (const e of new Map(enrolments.map((x) => [x.id, x])).values()) {
    if (within(e.enrolledAt, from, to)) enrolled++;
    if (!within(e.endedAt, from, to)) continue;
    if (e.outcome === 'replied') replied++;
    else if (e.outcome === 'finished') finished++;
    else if (e.outcome === 'stopped') stopped.set(e.stopReason ?? 'other', (stopped.get(e.stopReason ?? 'other') ?? 0) + 1);
  }
  const byStep = new Map<string, SequenceReport['steps'][number]>();
  for (const s of steps) {
    if (!within(s.sentAt, from, to)) continue;
    const key = `${s.step}|${s.templateId ?? ''}`;
    const row = byStep.get(key) ?? { step: s.step, templateId: s.templateId ?? '', templateName: s.templateId ? templateName(s.templateId) : '', sent: 0, replied: 0 };
    row.sent++;
    if (s.replied) row.replied++;
    byStep.set(key, row);
  }
  return {
    enrolled,
    replied,
    finished,
    stopped: [...stopped].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    steps: [...byStep.values()].sort((a, b) => a.step - b.step || a.templateId.localeCompare(b.templateId)),
  };
}

/** Times proposed in one email (lib/meetings), and a meeting booked: each counted by its own time. */
export const ProposalFacts = z.object({ id: z.string(), proposedAt: z.number().int() });
export type ProposalFacts = z.infer<typeof ProposalFacts>;
export const MeetingFacts = z.object({ id: z.string(), bookedAt: z.number().int(), cancelled: z.boolean() });
export type MeetingFacts = z.infer<typeof MeetingFacts>;

export const MeetingReport = z.object({ proposed: Count, booked: Count, cancelled: Count });
export type MeetingReport = z.infer<typeof MeetingReport>;

export function meetingReport(proposals: readonly ProposalFacts[], meetings: readonly MeetingFacts[], from: number, to: number): MeetingReport {
  const out: MeetingReport = { proposed: 0, booked: 0, cancelled: 0 };
  for (const p of new Map(proposals.map((x) => [x.id, x])).values()) if (within(p.proposedAt, from, to)) out.proposed++;
  for (const m of new Map(meetings.map((x) => [x.id, x])).values()) {
    if (!within(m.bookedAt, from, to)) continue;
    if (m.cancelled) out.cancelled++;
    else out.booked++;
  }
  return out;
}

/** Who a sequence or meeting read is about: one of these at a time, or everyone. */
export interface ReportScope {
  sequenceIds?: readonly string[];
  /** The contact's addresses, or every address of a company's contacts. */
  contactEmails?: readonly string[];
  contactIds?: readonly string[];
  /** A company's domain: enrolments of anyone there. */
  domain?: string;
}

/** Where the sequence and meeting facts of a range come from (lib/reports/sources.ts reads their tables by index). */
export interface SequenceReportPort {
  enrolments(from: number, to: number, scope: ReportScope): Promise<SequenceEnrolmentFacts[]>;
  steps(from: number, to: number, scope: ReportScope): Promise<SequenceStepFacts[]>;
  /** The sequences that have an email step with this template. */
  usingTemplate(templateId: string): Promise<string[]>;
  name(sequenceId: string): Promise<string | undefined>;
}
export interface MeetingReportPort {
  proposals(from: number, to: number, scope: ReportScope): Promise<ProposalFacts[]>;
  meetings(from: number, to: number, scope: ReportScope): Promise<MeetingFacts[]>;
}
