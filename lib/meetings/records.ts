import { z } from 'zod';
import { GmailMessageId, GmailThreadId } from '../records';
import { Words } from '../words';

// Meetings' rows (Dexie schema version 7, lib/db.ts). Declared here, apart from lib/records.ts, so the meetings
// area merges without touching the shared row file.

const Id = z.string().min(1).max(200);
const Timestamp = z.number().int().nonnegative();
const Zone = z.string().min(1).max(100);

export const ProposedSlot = z.object({
  start: Timestamp,
  end: Timestamp,
  /** Offered outside the rep's rules, because the rep insisted. */
  outsideRules: z.boolean().default(false),
});
export type ProposedSlot = z.infer<typeof ProposedSlot>;

/** What the prospect's reply said about the proposed times, read locally (lib/meetings/reply.ts). */
export const ReplyReading = z.object({
  kind: z.enum(['pick', 'again', 'none']),
  slot: z.number().int().min(0).max(9).optional(),
  reason: z.string().max(500),
  /** `reason` for the rep, said in their language (lib/say.ts); readings stored before it have only the English. */
  words: Words.optional(),
  messageId: GmailMessageId,
  at: Timestamp,
  /** The rep's answer to it: booked, or dismissed (kept so the same reply is not suggested again). */
  handled: z.enum(['booked', 'dismissed']).optional(),
});
export type ReplyReading = z.infer<typeof ReplyReading>;

/**
 * Times proposed to someone in one email: held (they count as busy for other proposals) until one is booked,
 * the proposal is withdrawn, or the last of them has passed.
 */
export const MeetingProposal = z
  .object({
    id: Id,
    threadId: GmailThreadId.optional(),
    /** The compose window it was inserted from, until Gmail gives the thread. */
    composeId: z.string().max(64).optional(),
    contactEmail: z.email().max(320),
    contactName: z.string().max(200).default(''),
    slots: z.array(ProposedSlot).min(1).max(10),
    lengthMinutes: z.number().int().min(5).max(720),
    repZone: Zone,
    recipientZone: Zone,
    status: z.enum(['open', 'booked', 'expired', 'withdrawn']),
    /** When the holds end by themselves: the end of the last slot. */
    expiresAt: Timestamp,
    createdAt: Timestamp,
    /** The rep's address when it was made (the organizer of the invitation). */
    repEmail: z.email().max(320).optional(),
    reading: ReplyReading.optional(),
    bookedMeetingId: Id.optional(),
    /** New times for a meeting already booked on the thread: booking one moves that meeting (same UID). */
    reschedules: Id.optional(),
  })
  .refine((p) => p.slots.every((s) => s.end > s.start), { message: 'every slot must end after it starts', path: ['slots'] });
export type MeetingProposal = z.infer<typeof MeetingProposal>;

export const Attendee = z.object({ email: z.email().max(320), name: z.string().max(200).default('') });

/** A meeting in the local CRM. `uid` and `sequence` are the invitation's: the same UID, a higher SEQUENCE on change. */
export const MeetingRow = z
  .object({
    id: Id,
    uid: z.string().min(1).max(300),
    sequence: z.number().int().min(0).max(10_000),
    status: z.enum(['booked', 'cancelled']),
    title: z.string().min(1).max(300),
    start: Timestamp,
    end: Timestamp,
    threadId: GmailThreadId.optional(),
    contactId: Id.optional(),
    proposalId: Id.optional(),
    organizer: Attendee,
    attendees: z.array(Attendee).min(1).max(50),
    /** Why it was booked, as the rep saw it ("names 'Thursday at 3pm': Thu 10 Dec 15:00"). */
    reason: z.string().max(500).default(''),
    /** `reason` said in the rep's language (lib/say.ts); meetings booked before it have only the English. */
    reasonWords: Words.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .refine((m) => m.end > m.start, { message: 'a meeting must end after it starts', path: ['end'] });
export type MeetingRow = z.infer<typeof MeetingRow>;
