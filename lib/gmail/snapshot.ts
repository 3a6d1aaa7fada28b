import { z } from 'zod';
import { GmailMessageId, GmailThreadId, LegacyId, Person } from '../records';

/** One message as read from an open Gmail thread. */
export const GmailMessageSnapshot = z.object({
  messageId: GmailMessageId,
  legacyMessageId: LegacyId.optional(),
  from: Person,
  to: z.array(Person).max(500),
  cc: z.array(Person).max(500),
  date: z.number().int().nonnegative().optional(),
  bodyText: z.string().max(200_000),
});
export type GmailMessageSnapshot = z.infer<typeof GmailMessageSnapshot>;

/** An open thread as read from the page (the same shape as `ThreadSnapshot` in lib/messages.ts). */
export const GmailThreadSnapshot = z.object({
  threadId: GmailThreadId,
  legacyThreadId: LegacyId.optional(),
  subject: z.string().max(1000),
  participants: z.array(Person).max(500),
  messages: z.array(GmailMessageSnapshot).max(500),
});
export type GmailThreadSnapshot = z.infer<typeof GmailThreadSnapshot>;
