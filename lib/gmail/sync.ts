import { z } from 'zod';

// What Followthrough reads from Gmail's sync traffic, as schemas: the parsers (./sync-parsers, dependency-free
// because they run in Gmail's MAIN world) produce these shapes, and whoever receives them across a boundary
// validates them here. The parsers import only these types, so the two modules never import each other.

const MessageId = z.string().regex(/^msg-[af]:r?-?\d{1,25}$/, 'not a Gmail message id');
const ThreadId = z.string().regex(/^thread-[af]:r?-?\d{1,25}$/, 'not a Gmail thread id');
const LegacyId = z.string().regex(/^[0-9a-f]{1,16}$/, 'not a Gmail legacy hex id');
const Labels = z.array(z.string().max(200)).max(200);

export const SyncAddress = z.strictObject({
  name: z.string().max(300),
  email: z.string().max(320).regex(/^[^@\s<>A-Z]+@[^@\s<>A-Z]+\.[^@\s<>A-Z]+$/, 'not a lower-case email address'),
});
export type SyncAddress = z.infer<typeof SyncAddress>;
const Addresses = z.array(SyncAddress).max(500);

/** What a save request does with a message: sent now, scheduled for later, saved as a draft, or other. */
export const SyncKind = z.enum(['send', 'scheduled', 'draft', 'other']);
export type SyncKind = z.infer<typeof SyncKind>;

/** A message in a save request (`/sync/u/N/i/s`), as the rep's browser sent it. */
export const SyncMessage = z.strictObject({
  kind: SyncKind,
  messageId: MessageId,
  threadId: ThreadId,
  from: SyncAddress.optional(),
  to: Addresses,
  cc: Addresses,
  bcc: Addresses,
  subject: z.string().max(1000),
  /** The text the rep wrote, quoted history left out. */
  bodyText: z.string().max(200_000),
  at: z.number().int().positive().optional(),
  /** The message this one replies to, when Gmail says. */
  replyTo: MessageId.optional(),
  labels: Labels,
});
export type SyncMessage = z.infer<typeof SyncMessage>;

/** Where a message Gmail holds stands: sent (`^f`), a scheduled send still waiting, a draft, or other (received). */
export const SyncThreadState = z.enum(['sent', 'scheduled', 'draft', 'other']);
export type SyncThreadState = z.infer<typeof SyncThreadState>;

/** A message in Gmail's answer to a save or a thread fetch. */
export const SyncThreadMessage = z.strictObject({
  messageId: MessageId,
  threadId: ThreadId,
  legacyThreadId: LegacyId.optional(),
  legacyMessageId: LegacyId.optional(),
  /** The RFC 822 Message-ID, angle brackets kept. */
  rfcMessageId: z.string().max(1000).optional(),
  state: SyncThreadState,
  from: SyncAddress.optional(),
  to: Addresses,
  cc: Addresses,
  bcc: Addresses,
  subject: z.string().max(1000),
  at: z.number().int().positive().optional(),
  labels: Labels,
});
export type SyncThreadMessage = z.infer<typeof SyncThreadMessage>;

/**
 * One of the rep's own sent messages, as it arrived in sync data (`ownMessagesIn`): sent here, from the phone,
 * from another computer, or a scheduled send that went out. `at` is the message's own date; `layout` names the
 * parser that read it. Ids are Gmail's (thread id without any `|msg-…` suffix) plus the legacy hex ids.
 */
export const SyncOwnMessage = z.strictObject({
  messageId: MessageId,
  threadId: ThreadId,
  legacyMessageId: LegacyId.optional(),
  legacyThreadId: LegacyId.optional(),
  rfcMessageId: z.string().max(1000).optional(),
  from: SyncAddress,
  to: Addresses,
  cc: Addresses,
  bcc: Addresses,
  subject: z.string().max(1000),
  at: z.number().int().positive(),
  labels: Labels,
  layout: z.enum(['array-2022-09/update', 'array-2022-09/thread', 'object-2018-01/update', 'object-2018-01/thread']),
});
export type SyncOwnMessage = z.infer<typeof SyncOwnMessage>;
