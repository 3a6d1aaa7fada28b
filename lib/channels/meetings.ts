import { z } from 'zod';
import { issue } from '../issue-words';
import { Ack, channel } from '../channel';
import { GmailThreadId } from '../records';
import { MeetingProposal, MeetingRow } from '../meetings/records';
import { isTimeZone } from '../meetings/schema';
import { Words } from '../words';

// Channels of the meetings area (#16). Declared once here and spread into lib/messages.ts.

const Zone = z.string().max(100).refine(isTimeZone, issue('not a time zone name', 'issue_time_zone'));
const Slot = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }).refine((s) => s.end > s.start, issue('a time must end after it starts', 'issue_slot_order'));
const Id = z.string().min(1).max(200);
const Suggested = z.object({
  slots: z.array(z.object({ start: z.number(), end: z.number(), label: z.string(), repLabel: z.string() })),
  open: z.number().int(),
  repZone: z.string(),
  recipientZone: z.string(),
  lengthMinutes: z.number().int(),
  reasons: z.array(z.string()),
  /** `reasons` for the rep, said in their language (lib/say.ts), one for each. */
  reasonWords: z.array(Words).optional(),
  feedError: z.string().optional(),
  /** `feedError` for the rep (Gmail's "Propose times" gets it said already, lib/handlers/meetings.ts). */
  feedErrorWords: Words.optional(),
});
const Invitation = z.object({ meeting: MeetingRow, ics: z.string(), calendarLink: z.string(), fileName: z.string() });
const IcsText = z.string().min(1).max(20_000);

export const meetingsChannels = {
  'meetings.suggest': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: 'Open times to propose (3–5) from the rep’s availability, labelled in the recipient’s zone and the rep’s; why there are none when there are none, said in the rep’s language.',
    request: z.strictObject({ recipientZone: Zone.optional(), count: z.number().int().min(3).max(5).optional() }),
    response: Suggested,
  }),
  'meetings.hold': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: 'Hold the times the rep chose for one person (until booked or past) and return the plain text to insert.',
    request: z.strictObject({
      threadId: GmailThreadId.optional(),
      composeId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/).optional(),
      contactEmail: z.email(),
      contactName: z.string().max(200).optional(),
      recipientZone: Zone.optional(),
      slots: z.array(Slot).min(1).max(5),
    }),
    response: z.object({ proposalId: Id, text: z.string() }),
  }),
  'meetings.forThread': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The thread’s proposed times, what the newest reply says about them (book one, or propose again), and its meetings.',
    request: z.strictObject({ threadId: GmailThreadId }),
    response: z.object({
      proposal: MeetingProposal.optional(),
      suggestion: z
        .object({ kind: z.enum(['pick', 'again', 'none']), title: z.string(), titleWords: Words.optional(), reason: z.string(), words: Words.optional(), slot: z.number().int().optional() })
        .optional(),
      meetings: z.array(MeetingRow),
    }),
  }),
  'meetings.book': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Book one proposed time: the meeting in the local CRM, on the contact’s timeline, other holds released; returns the invitation.',
    request: z.strictObject({ proposalId: Id, slot: z.number().int().min(0).max(9) }),
    response: Invitation,
  }),
  'meetings.rescheduleSlots': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Open times to move a booked meeting to (its own time counts as free), in the recipient’s zone and the rep’s.',
    request: z.strictObject({ meetingId: Id }),
    response: Suggested,
  }),
  'meetings.reschedule': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Move a booked meeting to a new time: same UID, higher SEQUENCE, the CRM and the recap follow; returns the updated invitation.',
    request: z.strictObject({ meetingId: Id, slot: Slot }),
    response: Invitation,
  }),
  'meetings.cancel': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Cancel a booked meeting: METHOD:CANCEL with the same UID and a higher SEQUENCE; its time is free, no recap follows.',
    request: z.strictObject({ meetingId: Id }),
    response: Invitation,
  }),
  'meetings.attachInvitation': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Put the meeting’s invitation (or cancellation) into the thread’s reply in Gmail: its text, and invite.ics attached when Gmail takes the file.',
    request: z.strictObject({ tabId: z.number().int().nonnegative().optional(), meetingId: Id }),
    response: Invitation.extend({ inserted: z.boolean(), attached: z.boolean(), openedReplyBox: z.boolean(), method: z.enum(['REQUEST', 'CANCEL']), note: z.string(), noteWords: Words.optional() }),
  }),
  'gmail.attachInvitation': channel({
    from: 'background',
    to: 'gmail',
    kind: 'request',
    description: 'Attach invite.ics to the open thread’s reply (a simulated file drop, as Gmail takes a dragged file) and insert the text that says so, or the fallback text when Gmail does not take it.',
    request: z.strictObject({
      threadId: GmailThreadId,
      text: z.string().min(1).max(2000),
      fallbackText: z.string().min(1).max(4000),
      ics: IcsText,
      fileName: z.string().regex(/^[\w.-]{1,64}\.ics$/),
      method: z.enum(['REQUEST', 'CANCEL']),
    }),
    response: z.object({ inserted: z.boolean(), attached: z.boolean(), openedReplyBox: z.boolean(), error: z.string().optional(), why: z.string().optional() }),
  }),
  'meetings.dismiss': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Dismiss what a reply was read to say; the times stay held.',
    request: z.strictObject({ proposalId: Id }),
    response: Ack,
  }),
  'meetings.checkFeed': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Read the rep’s calendar feed now: how many busy times in the next 30 days, or why it cannot be read.',
    request: z.strictObject({ url: z.string().max(2000) }),
    response: z.union([
      z.object({ ok: z.literal(true), busy: z.number().int(), allDay: z.number().int(), free: z.number().int(), warnings: z.array(z.string()), warningWords: z.array(Words).optional() }),
      z.object({ ok: z.literal(false), error: z.string(), words: Words.optional() }),
    ]),
  }),
};
