import { canonicalEmail, emailDomain } from '../crm/match';
import { isPersonalDomain } from '../crm/policy';
import { dayInZone, isoDay, parseIsoDay, type Day } from '../followup/calendar';
import { DEFAULT_REASON, suggestFollowUp } from '../followup/extract';
import { SequenceCalendar } from './calendar';
import { addressOf, classifyInbound, header } from './inbound';
import type { Contact, Decision, MailMessage, SendWindow, StepShape } from './schema';
import { words, type Words } from '../words';

// Where one enrolment stands, from the mailbox alone: the rep's sends to the contact are the email steps done,
// in order; any word from the contact (any thread, any of their addresses) stops it, and so do a bounce, an
// unsubscribe request and — when the sequence says so — a reply from anyone at their company. An
// out-of-office pauses it until the return date it gives. The same function answers when a step falls due and
// again right before its text is inserted (mayInsert), so a reply that arrived in between is never answered
// with the next step. Pure: nothing is stored here, so a service worker that dies loses nothing.

export const OOO_DEFAULT_DAYS = 14;
export const OOO_ASK_BEYOND_DAYS = 30;

export interface DecideInput {
  now: number;
  /** The rep's time zone: the recipient's when the contact has none; reason times are written in it. */
  tz: string;
  /** The rep's own address: their sends to the contact are the email steps done. */
  rep: string;
  ownDomains: readonly string[];
  contact: Contact;
  enrolledAt: number;
  steps: readonly StepShape[];
  stopOnCompany: boolean;
  /** Every message involving the contact or their company's domain since enrolment, the rep's own included. */
  mail: readonly MailMessage[];
  /** Task and call steps the rep ticked off, and steps of any kind the rep skipped. */
  completed?: readonly { step: number; at: number }[];
  /** Working weekdays of the send window (0 = Sunday); Monday–Friday by default. */
  window?: Pick<SendWindow, 'days'>;
  /** The rep's country, for holidays when the contact has none. */
  repCountry?: string;
  /** The rep's vacation: everything pauses until this day (YYYY-MM-DD). */
  vacationUntil?: string;
  /** The day the rep chose to resume after an out-of-office too long to resume by itself. */
  resumeOverride?: string;
}

/** One mailbox whatever its spelling: lower case, Gmail's dots, and a `+tag` on any provider. */
export function mailboxKey(address: string): string {
  const canonical = canonicalEmail(addressOf(address));
  const at = canonical.lastIndexOf('@');
  return at < 1 ? canonical : `${canonical.slice(0, at).split('+')[0]}${canonical.slice(at)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "14:02" on the rep's today, else "2026-12-03 14:02", in the rep's zone. */
const clocks = new Map<string, Intl.DateTimeFormat>();

export function whenText(at: number, now: number, tz: string): string {
  let clock = clocks.get(tz);
  if (!clock) clocks.set(tz, (clock = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = Object.fromEntries(clock.formatToParts(at).map((p) => [p.type, p.value]));
  const time = `${pad2(Number(parts.hour))}:${pad2(Number(parts.minute))}`;
  const day = dayInZone(at, tz);
  return day === dayInZone(now, tz) ? time : `${isoDay(day)} ${time}`;
}

interface Event {
  at: number;
  message?: MailMessage;
  completed?: number;
}

// The return date an out-of-office gives, read once per message and zone (chrono is the costly part of decide).
const returnDates = new WeakMap<object, Map<string, { resume: Day | undefined; said: string }>>();

function returnDateOf(m: MailMessage, zone: string, workingDays: readonly number[] | undefined): { resume: Day | undefined; said: string } {
  let byZone = returnDates.get(m);
  if (!byZone) returnDates.set(m, (byZone = new Map()));
  const key = `${zone}|${workingDays?.join(',') ?? ''}`;
  let found = byZone.get(key);
  if (!found) {
    const read = suggestFollowUp({ text: `${m.subject}\n${m.text}`, at: m.at, timeZone: zone, workingDays });
    found = { resume: read.reason === DEFAULT_REASON ? undefined : parseIsoDay(read.date), said: read.reason };
    byZone.set(key, found);
  }
  return found;
}

const stopped = (reason: string, why: Words): Decision => ({ state: 'stopped', reason: `stopped: ${reason}`, words: why, next: null, resumeOn: null });
const KIND_WORDS = { email: words('seq_kind_email'), task: words('seq_kind_task'), call: words('seq_kind_call') };

export function decide(input: DecideInput): Decision {
  const { now, tz, steps, contact } = input;
  const zone = contact.timeZone ?? tz;
  const calendar = new SequenceCalendar({ workingDays: input.window?.days ?? [1, 2, 3, 4, 5], country: contact.country ?? input.repCountry });
  const today = dayInZone(now, zone);
  const rep = mailboxKey(input.rep);
  const own = input.ownDomains.map((d) => d.toLowerCase());
  const isOwn = (domain: string) => own.some((d) => domain === d || domain.endsWith(`.${d}`));
  const contactKeys = new Set([contact.email, ...contact.aliases].map(mailboxKey));
  const company = emailDomain(contact.email);
  const companyWide = input.stopOnCompany && !isPersonalDomain(company) && !isOwn(company);
  const atCompany = (domain: string) => domain === company || domain.endsWith(`.${company}`);
  const contactAddresses = [contact.email, ...contact.aliases].map((a) => a.toLowerCase());

  const events: Event[] = [
    ...input.mail.filter((m) => m.at >= input.enrolledAt && m.at <= now).map((message) => ({ at: message.at, message })),
    ...(input.completed ?? []).filter((c) => c.at >= input.enrolledAt && c.at <= now).map((c) => ({ at: c.at, completed: c.step })),
  ].sort((a, b) => a.at - b.at);

  const done = steps.map(() => false);
  let anchor = input.enrolledAt;
  const threads = new Set<string>();
  let ooo: { at: number; from: string; resume: Day | undefined; said: string } | undefined;
  const emailSteps = steps.flatMap((s, i) => (s.kind === 'email' ? [i] : []));

  for (const { at, message, completed } of events) {
    if (completed !== undefined) {
      // A task or call ticked off, or any step the rep skipped (an email step skipped is never sent).
      if (completed >= 0 && completed < steps.length && !done[completed]) {
        done[completed] = true;
        anchor = at;
      }
      continue;
    }
    const m = message!;
    const from = addressOf(m.from);
    const key = mailboxKey(from);
    const domain = emailDomain(from);
    if (key === rep) {
      if (!m.to.some((t) => contactKeys.has(mailboxKey(t)))) continue;
      if (m.threadId) threads.add(m.threadId);
      // The rep's send is the first email step not yet done (one the rep skipped is passed over).
      const step = emailSteps.find((i) => !done[i]);
      if (step === undefined) continue; // a send beyond the sequence: a touch, not a step
      for (let i = 0; i <= step; i++) done[i] = true; // a later email done: the task or call before it was passed
      anchor = at;
      continue;
    }
    if (isOwn(domain)) continue;
    const fromContact = contactKeys.has(key);
    if (!fromContact && !(companyWide && atCompany(domain))) {
      // A bounce comes from the receiving server: it counts when it is about this contact.
      const verdict = classifyInbound(m);
      if (verdict.kind !== 'bounce') continue;
      const failed = header(m.headers, 'x-failed-recipients') ?? '';
      const text = `${failed} ${m.text}`.toLowerCase();
      if (contactAddresses.some((a) => text.includes(a)) || (m.threadId !== '' && threads.has(m.threadId))) {
        return stopped(`bounce — mail to ${contact.email} was not delivered (${m.subject.trim().slice(0, 60) || from}), ${whenText(at, now, tz)}`, words('seq_stopped_bounce_to', { email: contact.email, what: m.subject.trim().slice(0, 60) || from, when: { at, tz } }));
      }
      continue;
    }
    const verdict = classifyInbound(m);
    const where = m.threadId !== '' && threads.has(m.threadId) ? 'in the sequence thread' : 'on a new thread';
    const who = fromContact ? (key === mailboxKey(contact.email) ? from : `${from} (an address of ${contact.email})`) : `${from} at ${company} (stop on any reply from the company)`;
    const whoWords = fromContact ? (key === mailboxKey(contact.email) ? from : words('seq_who_alias', { from, contact: contact.email })) : words('seq_who_company', { from, company });
    const whereWords = where === 'in the sequence thread' ? words('seq_where_thread') : words('seq_where_new');
    switch (verdict.kind) {
      case 'bounce':
        return stopped(`bounce — ${verdict.reason}, ${whenText(at, now, tz)}`, words('seq_stopped_bounce', { why: verdict.words ?? verdict.reason, when: { at, tz } }));
      case 'reply':
        return stopped(`reply from ${who} ${where}, ${whenText(at, now, tz)}`, words('seq_stopped_reply', { who: whoWords, where: whereWords, when: { at, tz } }));
      case 'unsubscribe':
        return stopped(`unsubscribe request from ${who}, ${whenText(at, now, tz)}`, words('seq_stopped_unsubscribe', { who: whoWords, when: { at, tz } }));
      case 'out-of-office': {
        if (!fromContact) break; // a colleague away says nothing about the contact
        ooo = { at, from, ...returnDateOf(m, zone, input.window?.days) };
        break;
      }
      default:
        break; // other auto-replies and list mail neither stop nor pause
    }
  }

  // Enrolled for a moment still to come (a scheduled start, or a clock that moved back): nothing is due yet.
  if (now < input.enrolledAt) {
    const start = calendar.addWorkingDays(dayInZone(input.enrolledAt, zone), steps[0]!.afterWorkingDays);
    return {
      state: 'paused',
      reason: `paused: the enrolment starts ${whenText(input.enrolledAt, now, tz)}`,
      words: words('seq_paused_starts', { when: { at: input.enrolledAt, tz } }),
      next: { step: 0, due: isoDay(start) }, resumeOn: isoDay(dayInZone(input.enrolledAt, zone)) };
  }

  const next = done.indexOf(false);
  if (next === -1) return { state: 'done', reason: `done: all ${steps.length} steps done`, words: words('seq_done_all', { count: steps.length }), next: null, resumeOn: null };
  let due = calendar.addWorkingDays(dayInZone(anchor, zone), steps[next]!.afterWorkingDays);
  const dueText = () => `step ${next + 1} (${steps[next]!.kind}) due ${isoDay(due)}`;
  const dueWords = () => words('seq_step_due', { step: next + 1, kind: KIND_WORDS[steps[next]!.kind], day: { day: isoDay(due) } });

  // Out-of-office: the last one heard, when it came after the last step done.
  if (ooo && ooo.at >= anchor) {
    const oooDay = dayInZone(ooo.at, zone);
    const override = input.resumeOverride ? parseIsoDay(input.resumeOverride) : undefined;
    const resume = override ?? calendar.onOrAfter(ooo.resume ?? oooDay + OOO_DEFAULT_DAYS);
    const since = `out-of-office from ${ooo.from}, ${whenText(ooo.at, now, tz)}`;
    const sinceWords = words('seq_since_ooo', { from: ooo.from, when: { at: ooo.at, tz } });
    if (override === undefined && ooo.resume !== undefined && ooo.resume - oooDay > OOO_ASK_BEYOND_DAYS) {
      return {
        state: 'paused',
        reason: `paused: ${since} says back ${isoDay(ooo.resume)} (“${ooo.said}”), more than ${OOO_ASK_BEYOND_DAYS} days away — resume then, pick another day, or stop?`,
        words: words('seq_paused_ooo_ask', { since: sinceWords, day: { day: isoDay(ooo.resume) }, said: ooo.said, limit: OOO_ASK_BEYOND_DAYS }),
        next: null,
        resumeOn: null,
        askResumeOn: isoDay(ooo.resume),
      };
    }
    if (resume > due) due = resume;
    if (today < resume) {
      const why = override !== undefined ? `resume chosen by you` : ooo.resume === undefined ? `no return date given: ${OOO_DEFAULT_DAYS} days` : `back ${isoDay(ooo.resume)} (“${ooo.said}”)`;
      const whyWords =
        override !== undefined
          ? words('seq_resume_chosen')
          : ooo.resume === undefined
            ? words('seq_no_return_date', { days: OOO_DEFAULT_DAYS })
            : words('seq_back_on', { day: { day: isoDay(ooo.resume) }, said: ooo.said });
      return { state: 'paused', reason: `paused: ${since}, ${why}; ${dueText()}`, words: words('seq_paused_ooo', { since: sinceWords, why: whyWords, due: dueWords() }), next: { step: next, due: isoDay(due) }, resumeOn: isoDay(resume) };
    }
  }

  const vacation = input.vacationUntil ? parseIsoDay(input.vacationUntil) : undefined;
  if (vacation !== undefined && today < vacation) {
    const resume = calendar.onOrAfter(vacation);
    if (resume > due) due = resume;
    return {
      state: 'paused',
      reason: `paused: you are on vacation until ${isoDay(vacation)}; ${dueText()}`,
      words: words('seq_paused_vacation', { day: { day: isoDay(vacation) }, due: dueWords() }),
      next: { step: next, due: isoDay(due) }, resumeOn: isoDay(resume) };
  }

  const late = today > due ? `, overdue since ${isoDay(due)}` : '';
  const activeWords = today > due ? words('seq_active_overdue', { due: dueWords(), day: { day: isoDay(due) } }) : words('seq_active', { due: dueWords() });
  return { state: 'active', reason: `active: ${dueText()}${late}`, words: activeWords, next: { step: next, due: isoDay(due) }, resumeOn: null };
}

/**
 * The check right before a step's text goes into the compose: the step is still the next one, it is due,
 * and nothing arrived since. Call it with the thread re-read this moment.
 */
export function mayInsert(input: DecideInput, step: number): { ok: true } | { ok: false; reason: string; words?: Words } {
  const d = decide(input);
  if (d.state !== 'active') return { ok: false, reason: d.reason, words: d.words };
  if (!d.next || d.next.step !== step) return { ok: false, reason: `step ${step + 1} is no longer the next step (${d.reason})`, words: words('err_step_not_next_why', { step: step + 1, why: d.words ?? d.reason }) };
  const today = isoDay(dayInZone(input.now, input.contact.timeZone ?? input.tz));
  if (d.next.due > today) return { ok: false, reason: `step ${step + 1} is not due until ${d.next.due}`, words: words('err_step_not_due_until', { step: step + 1, day: { day: d.next.due } }) };
  return { ok: true };
}
