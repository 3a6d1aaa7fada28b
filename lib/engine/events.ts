import { z } from 'zod';
import { GmailMessageId, GmailThreadId, Person } from '../records';

// Everything that can start a rule, as zod schemas: the one contract between the areas that report what
// happened (Gmail, CRM pages, the rep's clicks, timers) and the engine that acts on it.

const At = z.number().int().nonnegative();

/** One email, as sent or received: Gmail's ids, the people, and the text the rep or the contact wrote. */
export const EmailFacts = z.object({
  messageId: GmailMessageId,
  threadId: GmailThreadId,
  from: Person,
  to: z.array(Person).max(500),
  cc: z.array(Person).max(500).default([]),
  bcc: z.array(Person).max(500).default([]),
  subject: z.string().max(1000),
  bodyText: z.string().max(200_000),
  at: At,
  /**
   * Headers that tell automated mail from a person's (Auto-Submitted, X-Autoreply, Precedence, List-Id,
   * Content-Type of a delivery report…), where the sync data carries them. Read by lib/engine/inbound.ts.
   */
  headers: z.record(z.string().max(100), z.string().max(2000)).optional(),
});
export type EmailFacts = z.infer<typeof EmailFacts>;

export const CrmName = z.enum(['hubspot', 'salesforce', 'pipedrive', 'local']);

export const EngineEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('email.sent'), email: EmailFacts }),
  z.object({ type: z.literal('email.received'), email: EmailFacts }),
  z.object({
    type: z.literal('thread.opened'),
    threadId: GmailThreadId,
    subject: z.string().max(1000),
    participants: z.array(Person).max(500),
    at: At,
  }),
  z.object({
    type: z.literal('reply.overdue'),
    threadId: GmailThreadId,
    lastMessageId: GmailMessageId,
    lastMessageAt: At,
    waitingOn: z.array(Person).max(500),
    at: At,
  }),
  z.object({
    type: z.literal('crm.record.viewed'),
    crm: CrmName,
    recordType: z.enum(['contact', 'lead', 'company', 'account', 'deal', 'opportunity', 'person', 'organization']),
    recordId: z.string().min(1).max(200),
    email: z.email().optional(),
    name: z.string().max(300).optional(),
    at: At,
  }),
  z.object({
    type: z.literal('activity.logged'),
    activityId: z.string().min(1).max(200),
    contactId: z.string().max(200).optional(),
    threadId: GmailThreadId.optional(),
    messageId: GmailMessageId.optional(),
    at: At,
  }),
  z.object({
    type: z.literal('suggestion.accepted'),
    suggestionId: z.string().min(1).max(200),
    kind: z.string().max(50),
    threadId: GmailThreadId.optional(),
    at: At,
  }),
  // ---- Meetings (#16): a meeting booked from a reply; sequences stop for that contact on it ----
  z.object({
    type: z.literal('meeting.booked'),
    meetingId: z.string().min(1).max(200),
    contactEmail: z.email(),
    contactId: z.string().max(200).optional(),
    threadId: GmailThreadId.optional(),
    start: At,
    at: At,
  }),
  // ---- Meetings (#16): a booked meeting's end passed (lib/meetings/recap.ts); the recap is suggested on it ----
  z.object({
    type: z.literal('meeting.ended'),
    meetingId: z.string().min(1).max(200),
    threadId: GmailThreadId.optional(),
    contactEmail: z.email(),
    contactName: z.string().max(200).default(''),
    title: z.string().max(300),
    start: At,
    end: At,
    at: At,
  }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;
export type EventType = EngineEvent['type'];

/**
 * An event's identity: the same happening reported twice (DOM and network, retries, two tabs) has one id,
 * so it is stored and acted on once.
 */
export function eventId(event: EngineEvent): string {
  switch (event.type) {
    case 'email.sent':
    case 'email.received':
      return `${event.type}:${event.email.messageId}`;
    case 'thread.opened':
      return `thread.opened:${event.threadId}:${event.at}`;
    case 'reply.overdue':
      return `reply.overdue:${event.lastMessageId}`;
    case 'crm.record.viewed':
      return `crm.record.viewed:${event.crm}:${event.recordType}:${event.recordId}:${event.at}`;
    case 'activity.logged':
      return `activity.logged:${event.activityId}`;
    case 'suggestion.accepted':
      return `suggestion.accepted:${event.suggestionId}`;
    case 'meeting.booked':
      return `meeting.booked:${event.meetingId}`;
    case 'meeting.ended':
      return `meeting.ended:${event.meetingId}`;
  }
}
