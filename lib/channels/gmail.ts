import { z } from 'zod';
import { Ack, channel } from '../channel';
import { ThreadLogState } from './engine';
import { EmailFacts } from '../engine/events';
import { EmailAddress, GmailHealthRow, GmailMessageId, GmailThreadId } from '../records';
import { GmailThreadSnapshot } from '../gmail/snapshot';

// Channels of the gmail area. Each is declared once here and spread into lib/messages.ts.

const At = z.number().int().nonnegative();
/** A compose window's own key for a send whose Gmail id is not known yet. */
const IntentKey = z.string().regex(/^intent:[A-Za-z0-9:_-]{1,120}$/, 'not an intent key');

export const SendState = z.object({
  status: z.enum(['pending', 'emitted', 'undone', 'unconfirmed']),
  dueAt: At,
});

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
    }),
    response: SendState,
  }),
  'gmail.sendConfirmed': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: "Gmail's own sync request carried this message as a send (`^pfg`), and Gmail accepted it.",
    request: z.strictObject({ intentKey: IntentKey.optional(), email: EmailFacts }),
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
    }),
  }),
} as const;

