import { z } from 'zod';
import { GmailMessageId, LegacyId, Person } from '../records';

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
