import { z } from 'zod';
import { issue } from '../issue-words';
import { Words } from '../words';

// Sequences: a versioned list of steps a rep works through with one contact. Every shape is a zod schema and
// its type is the schema's `z.infer`, so a stored row, a message and an `inspect` line are read the same way.

export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, issue('not a time zone name', 'issue_time_zone'));

/** An instant as an ISO date-time string (with its offset or Z) or milliseconds since the epoch. */
export const Instant = z.union([
  z.number().int().finite(),
  z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), issue('not a date and time', 'issue_date_time'))
    .transform((s) => Date.parse(s)),
]);

/** HH:MM on a 24-hour clock. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, issue('not HH:MM', 'issue_clock'));

/** ISO 3166-1 alpha-2 country code, optionally with a region ("DE", "DE-BY", "US-CA"). */
export const CountryCode = z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, issue('not a country code like "US" or "DE-BY"', 'issue_country_region'));

const delay = z.number().int().min(0).max(365);

export const EmailStep = z.object({
  kind: z.literal('email'),
  /** The drafts-library template the step's text comes from (merge fields filled at insert time). */
  templateId: z.string().min(1).max(200),
  /** A reply in the sequence's thread by default, or a new thread (a fresh subject). */
  threading: z.enum(['reply-in-thread', 'new-thread']).default('reply-in-thread'),
  /** A new thread's subject (merge fields allowed); the enrolment's thread subject, else the sequence's name, when absent. */
  subject: z.string().trim().max(300).optional(),
  afterWorkingDays: delay,
});
export const TaskStep = z.object({ kind: z.literal('task'), title: z.string().min(1).max(500), afterWorkingDays: delay });
export const CallStep = z.object({ kind: z.literal('call'), title: z.string().max(500).default(''), afterWorkingDays: delay });
export const Step = z.discriminatedUnion('kind', [EmailStep, TaskStep, CallStep]);
export type Step = z.infer<typeof Step>;

/** What the decision needs of a step: its kind and delay (templates and titles are the UI's business). */
export const StepShape = z.object({ kind: z.enum(['email', 'task', 'call']), afterWorkingDays: delay });
export type StepShape = z.infer<typeof StepShape>;

export const SendWindow = z
  .object({
    start: ClockTime.default('09:00'),
    end: ClockTime.default('17:00'),
    /** Working weekdays, 0 = Sunday. */
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7).default([1, 2, 3, 4, 5]),
  })
  .refine((w) => w.start < w.end, issue('the window must end after it starts', 'issue_window_order'));
export type SendWindow = z.infer<typeof SendWindow>;

export const Sequence = z.object({
  id: z.string().min(1),
  /** Bumped by every edit of the steps; an enrolment records the version it runs. */
  version: z.number().int().min(1),
  name: z.string().min(1).max(200),
  steps: z.array(Step).min(1).max(50),
  window: SendWindow.default({ start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }),
  stopOnCompany: z.boolean().default(false),
  updatedAt: z.number().int(),
});
export type Sequence = z.infer<typeof Sequence>;

export const EnrolmentState = z.enum(['active', 'paused', 'stopped', 'done']);
export type EnrolmentState = z.infer<typeof EnrolmentState>;

export const Enrolment = z.object({
  id: z.string().min(1),
  sequenceId: z.string().min(1),
  sequenceVersion: z.number().int().min(1),
  contactEmail: z.email(),
  enrolledAt: z.number().int(),
  state: EnrolmentState,
  /** Why it is in that state, in words for the rep: "stopped: reply from jane@acme.example on a new thread, 14:02". */
  reason: z.string().max(500),
  /** The step the rep works next (index into the sequence's steps), absent when stopped or done. */
  nextStep: z.number().int().min(0).optional(),
  /** YYYY-MM-DD, in the recipient's time zone. */
  due: z.iso.date().optional(),
  resumeOn: z.iso.date().optional(),
  /** Task and call steps the rep ticked off (emails are read from the mailbox). */
  completed: z.array(z.object({ step: z.number().int().min(0), at: z.number().int() })).default([]),
  updatedAt: z.number().int(),
});
export type Enrolment = z.infer<typeof Enrolment>;

export const Contact = z.object({
  email: z.email(),
  /** Other addresses the same person writes from. */
  aliases: z.array(z.email()).max(50).default([]),
  /** The contact's own time zone; the rep's when absent. */
  timeZone: TimeZone.optional(),
  /** Whose public holidays count (ISO 3166 code, optional region); the rep's when absent. */
  country: CountryCode.optional(),
});
export type Contact = z.infer<typeof Contact>;

export const MailMessage = z.object({
  at: Instant,
  from: z.string().min(1).max(500),
  to: z.array(z.string().max(500)).max(500).default([]),
  threadId: z.string().max(200).default(''),
  subject: z.string().max(2000).default(''),
  text: z.string().max(200_000).default(''),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
});
export type MailMessage = z.infer<typeof MailMessage>;

export const Decision = z.object({
  state: EnrolmentState,
  reason: z.string(),
  /** The reason for the rep, said in their language by the surface (lib/say.ts); `reason` stays the English line. */
  words: Words.optional(),
  next: z.object({ step: z.number().int().min(0), due: z.iso.date() }).nullable(),
  resumeOn: z.iso.date().nullable(),
  /** Paused on an out-of-office whose return date is too far to resume by itself: that date, for the rep to confirm or change. */
  askResumeOn: z.iso.date().optional(),
});
export type Decision = z.infer<typeof Decision>;
