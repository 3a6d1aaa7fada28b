import { z } from 'zod';
import { words, type Words } from '../words';

// Why a follow-up falls on its day, as data the surface words in the rep's language (lib/i18n.ts): the
// background never writes a sentence a rep reads. `reason` beside it stays the English line for the audit log
// and older rows.

export const FollowUpExplain = z.object({
  /** cue: read from the sender's words; cadence: no date in the mail, the rep's default cadence. */
  code: z.enum(['cue', 'cadence']),
  /** The words the date was read from, as written (any language). */
  phrase: z.string().max(500).optional(),
  /** Working days of the default cadence. */
  days: z.number().int().min(1).max(365).optional(),
  /** The day read from an older message that has passed; the follow-up moved to the next working day. */
  wasDue: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type FollowUpExplain = z.infer<typeof FollowUpExplain>;

/**
 * The explanation as words (lib/words.ts), the same sentence the suggestion queue says: what a reminder made
 * from the suggestion keeps, so the reminder list and its notification say it in the rep's language too.
 */
export function explainWords(explain: FollowUpExplain): Words {
  const base = explain.code === 'cue' && explain.phrase ? words('suggestionQueue_why_cue', { phrase: explain.phrase }) : words('suggestionQueue_why_cadence', { count: explain.days ?? 3 });
  return explain.wasDue ? words('suggestionQueue_why_was_due', { reason: base, day: { day: explain.wasDue } }) : base;
}

/** The explanation stored on a suggestion's payload, or undefined for rows written before it existed. */
export const explainOf = (payload: Record<string, unknown>): FollowUpExplain | undefined => {
  const parsed = FollowUpExplain.safeParse(payload.explain);
  return parsed.success ? parsed.data : undefined;
};
