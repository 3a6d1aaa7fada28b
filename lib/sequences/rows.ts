import { z } from 'zod';
import { Enrolment, MailMessage, Sequence } from './schema';
import { Words } from '../words';

// How sequences live in the one database (lib/db.ts, schema version 5). Each row is checked by these schemas
// on every write (db.ts installValidation), so nothing half-formed is ever stored.

/** One version of a sequence: every version is kept, because an enrolment runs its own until the rep applies an edit. */
export const SequenceRow = Sequence.extend({
  /** Set on the version an edit replaced: only the newest version of a sequence is listed and enrolled on. */
  supersededAt: z.number().int().optional(),
  /** The sequence was deleted by the rep: nothing new is enrolled; running enrolments stop. */
  archived: z.boolean().default(false),
});
export type SequenceRow = z.infer<typeof SequenceRow>;

export const EnrolmentRow = Enrolment.extend({
  /** The contact's domain, lower-cased: mail from anyone there finds the enrolments a company-wide stop reaches. */
  contactDomain: z.string().min(1).max(253),
  /** The thread an email step replies in: where the contact was enrolled from, then the first step's thread. */
  threadId: z.string().max(200).optional(),
  /** Subject of the sequence's thread, for a new thread's compose and the rep's words. */
  subject: z.string().max(1000).default(''),
  /**
   * When the next step is offered (ms): inside the recipient's send window, spaced from every other step by the
   * caps and the pace (safety.ts planSlots). Absent when nothing is due; an item of Today from this time on.
   */
  offerAt: z.number().int().optional(),
  /** The rep pressed Snooze: the step is offered again at this time. */
  snoozedUntil: z.number().int().optional(),
  /** The rep chose when to resume after an out-of-office too far away to resume by itself (YYYY-MM-DD). */
  resumeOverride: z.iso.date().optional(),
  /** An out-of-office's return date beyond the automatic limit: the side panel asks the rep, this day preset. */
  askResumeOn: z.iso.date().optional(),
  /** Whose zone and holidays the steps are planned in, and why (the contact's, else the rep's). */
  place: z.string().max(300).optional(),
  /** The last Insert was held: the fields the step's template could not fill, in words. */
  held: z.string().max(500).optional(),
  /** `reason` and `held` for the rep, said in their language (lib/say.ts); rows written before these have only the English. */
  reasonWords: Words.optional(),
  heldWords: Words.optional(),
  /** The rep paused or stopped it by hand: decide() is not allowed to reactivate it. */
  manual: z.enum(['paused', 'stopped']).optional(),
  /** The step the rep inserted last and when: its confirmed send makes it done. */
  inserted: z.object({ step: z.number().int().min(0), at: z.number().int() }).optional(),
});
export type EnrolmentRow = z.infer<typeof EnrolmentRow>;

/** One message that involves an enrolment's contact (or their company), kept for decide(): the rep's sends included. */
export const SequenceMailRow = z.object({
  /** `${enrolmentId}|${messageId}`: the same message recorded twice is one row. */
  id: z.string().min(1).max(500),
  enrolmentId: z.string().min(1),
  messageId: z.string().min(1).max(200),
  direction: z.enum(['sent', 'received']),
  at: z.number().int(),
  message: MailMessage,
});
export type SequenceMailRow = z.infer<typeof SequenceMailRow>;

/** One send from the rep's mailbox to one recipient: the history the rolling caps count (any mail, not only steps). */
export const SequenceTouchRow = z.object({
  /** `${messageId}|${recipient}`. */
  id: z.string().min(1).max(800),
  at: z.number().int(),
  to: z.email(),
});
export type SequenceTouchRow = z.infer<typeof SequenceTouchRow>;
