import { z } from 'zod';
import { Ack, channel } from '../channel';
import { ThreadLogState } from './engine';
import { EmailFacts } from '../engine/events';
import { EmailAddress, GmailHealthRow, GmailMessageId, GmailThreadId, Person } from '../records';
import { GmailThreadSnapshot } from '../gmail/snapshot';
import { MAX_ANSWER_CHARS } from '../gmail/sync-parsers';
import { Words } from '../words';

// Channels of the gmail area. Each is declared once here and spread into lib/messages.ts.

const At = z.number().int().nonnegative();
/** A compose window's own key for a send whose Gmail id is not known yet. */
const IntentKey = z.string().regex(/^intent:[A-Za-z0-9:_-]{1,120}$/, 'not an intent key');

export const SendState = z.object({
  status: z.enum(['pending', 'emitted', 'undone', 'unconfirmed', 'held', 'dismissed']),
  dueAt: At,
});

// ---- Sends from elsewhere, and sends that need the rep (issue 11) ----

const LegacyId = z.string().regex(/^[0-9a-f]{1,16}$/, 'not a Gmail hex id');

/**
 * One of the rep's own messages, read from an opened thread or found in Gmail's sync data: the narrow input
 * of "sends from elsewhere" (phone, another computer, a scheduled send that fired while the browser was
 * closed). Dated by the message itself, never by when it was read.
 */
export const OwnMessage = z.strictObject({
  messageId: GmailMessageId,
  threadId: GmailThreadId,
  legacyMessageId: LegacyId.optional(),
  from: Person,
  to: z.array(Person).max(500),
  cc: z.array(Person).max(500).default([]),
  subject: z.string().max(1000),
  bodyText: z.string().max(200_000).default(''),
  date: At,
  /** Gmail's labels when the source says (sync data): drafts and scheduled sends are not sent yet. */
  labels: z.array(z.string().max(200)).max(100).default([]),
  source: z.enum(['thread', 'sync']),
});
export type OwnMessage = z.infer<typeof OwnMessage>;

/** A send the rep should look at: pressed and never confirmed, or confirmed with no press behind it. */
export const SendCheck = z.object({
  id: z.string(),
  /** `crm`: read only from Gmail's page, logged here; its CRM write waits for the rep. */
  status: z.enum(['unconfirmed', 'held', 'crm']),
  subject: z.string(),
  to: z.array(z.string()),
  threadId: GmailThreadId.optional(),
  at: At,
  /** False when Gmail never gave the send an id: it cannot be logged from here (open it in Sent). */
  canLog: z.boolean(),
});
export type SendCheck = z.infer<typeof SendCheck>;
export const SendChecks = z.object({ unconfirmed: z.array(SendCheck), held: z.array(SendCheck), crm: z.array(SendCheck) });
export type SendChecks = z.infer<typeof SendChecks>;

export const gmailChannels = {
  'gmail.sendIntent': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: 'The rep clicked Send (or pressed Ctrl/Cmd+Enter) in a compose window: the undo window starts.',
    request: z.strictObject({
      key: IntentKey,
      messageId: GmailMessageId.optional(),
      threadId: GmailThreadId.optional(),
      inline: z.boolean(),
      subject: z.string().max(1000),
      to: z.array(EmailAddress).max(500),
      at: At,
      /** The signed-in account, when the page shows it. */
      from: EmailAddress.optional(),
    }),
    response: SendState,
  }),
  'gmail.sendConfirmed': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: "Gmail's own sync request carried this message as a send (`^pfg`), and Gmail accepted it.",
    request: z.strictObject({
      intentKey: IntentKey.optional(),
      email: EmailFacts,
      /** Gmail's stored hex id for the message, from its answer to the send. */
      legacyMessageId: LegacyId.optional(),
    }),
    response: SendState,
  }),
  'gmail.sendUndone': channel({
    from: 'gmail',
    to: 'background',
    kind: 'notice',
    description: 'The rep clicked Undo on "Message sent": that send must never become an event.',
    request: z.strictObject({ key: IntentKey.optional(), messageId: GmailMessageId.optional(), at: At }),
    response: Ack,
  }),
  'gmail.settleSends': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: 'An undo window may have closed: emit the sends that are final.',
    request: z.strictObject({}),
    response: z.object({ emitted: z.number().int().nonnegative(), nextDueAt: At.optional() }),
  }),
  'gmail.threadClicked': channel({
    from: 'gmail',
    to: 'background',
    kind: 'notice',
    description: 'The rep pressed a thread’s row in a list: the side panel’s view of that thread, if it is stored, is read ahead of Gmail drawing it.',
    request: z.strictObject({ threadId: GmailThreadId, legacyThreadId: LegacyId.optional() }),
    response: Ack,
  }),
  'gmail.threadSeen': channel({
    from: 'gmail',
    to: 'background',
    kind: 'notice',
    description: 'A thread was opened, or new messages appeared in the open thread. On opening, the answer carries the thread’s Log to CRM state (one message per open).',
    request: z.strictObject({ thread: GmailThreadSnapshot, opened: z.boolean(), account: EmailAddress.optional() }),
    response: Ack.extend({ logState: ThreadLogState.optional() }),
  }),
  'gmail.selectorHealth': channel({
    from: 'gmail',
    to: 'background',
    kind: 'notice',
    description: 'Which Gmail selectors were found on which view, and problems reading sync requests.',
    request: z.strictObject({
      checks: z.array(z.strictObject({ key: z.string().min(1).max(100), view: z.string().min(1).max(50), found: z.boolean() })).max(200),
      networkProblems: z.array(z.string().max(500)).max(50),
    }),
    response: Ack,
  }),
  'gmail.getHealth': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The selector-health record, for "Gmail changed: X is not detected".',
    request: z.strictObject({}),
    response: z.object({
      record: GmailHealthRow.nullable(),
      /** Keys last seen missing, as `key@view`. */
      missing: z.array(z.string()),
      /** The same in the rep's words, one line per thing not detected, for the side panel's banner. */
      notices: z.array(z.string()),
      /** The same notices as words, for the surface to say in the rep's language (lib/say.ts). */
      noticeWords: z.array(Words).optional(),
      /** Sends that need the rep: "N sends could not be confirmed", and "confirm this send?". */
      sends: SendChecks,
    }),
  }),
  'gmail.ownMessages': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: "The rep's own messages found in Gmail's sync data: each logged once, as a send, unless it was already seen.",
    request: z.strictObject({ messages: z.array(OwnMessage).min(1).max(100) }),
    response: z.object({ emitted: z.number().int().nonnegative() }),
  }),
  'gmail.threadFetched': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description:
      "Gmail's answer to a thread fetch (`/sync/u/N/i/fd`), as its text, from the private channel to the page hook: read in the worker, off Gmail's main thread; the signed-in account's sent messages in it are taken as sends from elsewhere, and its problems go to the health record.",
    request: z.strictObject({ answer: z.string().min(1).max(MAX_ANSWER_CHARS), account: EmailAddress.optional() }),
    response: z.object({ emitted: z.number().int().nonnegative() }),
  }),
  'gmail.resolveSend': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The rep logs a send that could not be confirmed (or one waiting for them), or dismisses it.',
    request: z.strictObject({ id: z.string().min(1).max(200), action: z.enum(['log', 'dismiss']) }),
    response: z.object({ status: SendState.shape.status, detail: z.string(), detailWords: Words.optional() }),
  }),
} as const;

