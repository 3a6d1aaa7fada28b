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

/** A collapsed message (Gmail shows only its sender, date and snippet; no message id in the DOM). */
export const CollapsedMessage = z.object({
  from: Person,
  date: z.number().int().nonnegative().optional(),
});
export type CollapsedMessage = z.infer<typeof CollapsedMessage>;

/**
 * An open thread as read from the page, the one shape the Gmail script reports and the background checks
 * (`gmail.threadSeen`). Optional, as older readers and stored rows carry none: `aliases`, the thread's other
 * id form (`thread-f:` from the legacy id when Gmail's perm id is `thread-a:r…`, as sync data names it either
 * way); `collapsed`, messages Gmail shows folded; `messageCount`, expanded and collapsed together.
 */
export const GmailThreadSnapshot = z.object({
  threadId: GmailThreadId,
  legacyThreadId: LegacyId.optional(),
  subject: z.string().max(1000),
  participants: z.array(Person).max(500),
  messages: z.array(GmailMessageSnapshot).max(500),
  aliases: z.array(GmailThreadId).max(4).optional(),
  collapsed: z.array(CollapsedMessage).max(500).optional(),
  messageCount: z.number().int().nonnegative().max(10_000).optional(),
});
export type GmailThreadSnapshot = z.infer<typeof GmailThreadSnapshot>;
