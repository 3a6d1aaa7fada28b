import { emailDomain } from '../crm/match';
import { dayInZone, instantInZone, parseIsoDay, type Day } from '../followup/calendar';
import { nextSendTime, type SequenceCalendar } from './calendar';
import { mailboxKey } from './decide';
import type { SendWindow } from './schema';

// Sending safety, as pure functions over the rep's own send history: a rolling 24-hour cap per mailbox, a
// rolling 24-hour cap per recipient domain, a minimum gap between two touches to one person, and a pace between
// any two suggested sends, so steps that fell due while the browser was closed come back spread over the next
// send windows, never as a burst.
// Gmail's own limits (Google's "Gmail sending limits" page, as quoted by Nylas' Gmail SMTP reference, read
// 2026-12-06): 500 messages a day for a personal account, 2,000 for Google Workspace. The default mailbox cap
// stays far under both: a rep's manual mail counts towards Gmail's limit as well.

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

export interface SafetyLimits {
  /** Sends in any rolling 24 hours from this mailbox. */
  mailboxPer24h: number;
  /** Sends to one recipient domain in any rolling 24 hours. */
  domainPer24h: number;
  /** Hours between two touches to the same person. */
  minGapHours: number;
  /** Minutes between any two suggested sends. */
  paceMinutes: number;
}

export const DEFAULT_LIMITS: SafetyLimits = { mailboxPer24h: 100, domainPer24h: 10, minGapHours: 24, paceMinutes: 5 };

/** One send from the mailbox (a sequence step or any other mail the rep sent). */
export interface Touch {
  at: number;
  to: string;
}

export type SendCheck = { ok: true } | { ok: false; reason: string; notBefore: number };

/** Whether a send to `to` at `at` keeps every cap, given the sends already made (and planned). */
export function checkSend(at: number, to: string, history: readonly Touch[], limits: SafetyLimits = DEFAULT_LIMITS): SendCheck {
  const person = mailboxKey(to);
  const domain = emailDomain(person);
  const recent = history.filter((t) => t.at > at - DAY && t.at <= at).sort((a, b) => a.at - b.at);
  let notBefore = at;
  const reasons: string[] = [];
  if (recent.length >= limits.mailboxPer24h) {
    notBefore = Math.max(notBefore, recent[recent.length - limits.mailboxPer24h]!.at + DAY);
    reasons.push(`${limits.mailboxPer24h} sends in the last 24 hours`);
  }
  const sameDomain = recent.filter((t) => emailDomain(mailboxKey(t.to)) === domain);
  if (sameDomain.length >= limits.domainPer24h) {
    notBefore = Math.max(notBefore, sameDomain[sameDomain.length - limits.domainPer24h]!.at + DAY);
    reasons.push(`${limits.domainPer24h} sends to ${domain} in the last 24 hours`);
  }
  const last = history.filter((t) => t.at <= at && mailboxKey(t.to) === person).reduce((m, t) => Math.max(m, t.at), -Infinity);
  if (at - last < limits.minGapHours * HOUR) {
    notBefore = Math.max(notBefore, last + limits.minGapHours * HOUR);
    reasons.push(`last touch to ${person} less than ${limits.minGapHours} hours ago`);
  }
  // A touch planned just after this one also counts: caps are kept in both directions of the timeline.
  const later = history.filter((t) => t.at > at && t.at < at + limits.minGapHours * HOUR && mailboxKey(t.to) === person);
  if (later.length > 0) {
    notBefore = Math.max(notBefore, ...later.map((t) => t.at + limits.minGapHours * HOUR));
    reasons.push(`another touch to ${person} is planned within ${limits.minGapHours} hours`);
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reason: reasons.join('; '), notBefore };
}

/** Whether the rolling caps hold over a whole timeline of sends (a check for tests and the audit view). */
export function capsHold(sends: readonly Touch[], limits: SafetyLimits = DEFAULT_LIMITS): boolean {
  const sorted = [...sends].sort((a, b) => a.at - b.at);
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    const window = sorted.filter((s) => s.at > t.at - DAY && s.at <= t.at);
    if (window.length > limits.mailboxPer24h) return false;
    const domain = emailDomain(mailboxKey(t.to));
    if (window.filter((s) => emailDomain(mailboxKey(s.to)) === domain).length > limits.domainPer24h) return false;
    const prev = sorted.slice(0, i).filter((s) => mailboxKey(s.to) === mailboxKey(t.to)).pop();
    if (prev && t.at - prev.at < limits.minGapHours * HOUR) return false;
  }
  return true;
}

export interface DueStep {
  /** The enrolment and step, for the caller to match slots back. */
  key: string;
  to: string;
  /** The recipient's zone, window and calendar. */
  timeZone: string;
  window: SendWindow;
  calendar: SequenceCalendar;
  /** YYYY-MM-DD, from decide(). */
  due: string;
}

export interface Slot {
  key: string;
  at: number;
}

/**
 * A time for each due email step: inside its recipient's send window, on or after its due day, keeping every
 * cap against the history and the slots already given, and `paceMinutes` from any other slot. Oldest due first
 * (then by key, so the same input always gives the same plan). Steps due long ago — the browser was closed, the
 * rep was away — queue behind each other at the pace and the caps, into the next windows and days.
 */
export function planSlots(now: number, due: readonly DueStep[], history: readonly Touch[], limits: SafetyLimits = DEFAULT_LIMITS): Slot[] {
  const planned: Touch[] = [];
  const slots: Slot[] = [];
  const pace = limits.paceMinutes * MINUTE;
  const order = [...due].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const step of order) {
    const dueDay = parseIsoDay(step.due);
    if (dueDay === undefined) throw new Error(`not a due day: ${step.due}`);
    let at = nextSendTime(now, step.timeZone, step.window, step.calendar, dueDay);
    for (let guard = 0; ; guard++) {
      if (guard > 10_000) throw new Error(`no slot found for ${step.key}`);
      const all = [...history, ...planned];
      const check = checkSend(at, step.to, all, limits);
      const clash = planned.find((p) => Math.abs(p.at - at) < pace);
      if (check.ok && !clash) break;
      const after = Math.max(check.ok ? at : check.notBefore, clash ? clash.at + pace : at, at + 1);
      at = nextSendTime(after, step.timeZone, step.window, step.calendar, dueDay);
    }
    planned.push({ at, to: step.to });
    slots.push({ key: step.key, at });
  }
  return slots.sort((a, b) => a.at - b.at);
}

/** The first instant the rep's vacation allows a send: the start of its last day, in the rep's zone. */
export function vacationEnds(until: string, timeZone: string): number {
  const day: Day | undefined = parseIsoDay(until);
  if (day === undefined) throw new Error(`not a day: ${until}`);
  return instantInZone(day, 0, timeZone);
}

/**
 * After the vacation switch: plan from the day the rep is back, so everything that fell due while away is
 * re-spaced by planSlots instead of waiting in a pile.
 */
export function planAfterVacation(now: number, until: string | undefined, repZone: string, due: readonly DueStep[], history: readonly Touch[], limits: SafetyLimits = DEFAULT_LIMITS): Slot[] {
  const from = until && dayInZone(now, repZone) < (parseIsoDay(until) ?? -Infinity) ? vacationEnds(until, repZone) : now;
  return planSlots(from, due, history, limits);
}
