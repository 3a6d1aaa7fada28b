import { z } from 'zod';
import { Activity, ContactCard, GmailThreadId, Thread } from './records';
import { Ack, channel, type Context } from './channel';
import { Words } from './words';
import { gmailChannels } from './channels/gmail';
import { engineChannels } from './channels/engine';
import { followupChannels } from './channels/followup';
import { draftsChannels } from './channels/drafts';
import { crmChannels } from './channels/crm';
import { PanelExtras, uiChannels } from './channels/ui';
import { settingsChannels } from './channels/settings';
import { sequencesChannels } from './channels/sequences';
import { todayChannels } from './channels/today';
import { reportsChannels } from './channels/reports';
// Meetings (#16): its own block.
import { meetingsChannels } from './channels/meetings';

// Every channel between Followthrough's contexts, declared once (CONTRIBUTING.md habit 8).
// `from` says which context may send it; the background checks that against browser-filled sender fields.
// A notice expects only an acknowledgement; a request gets typed data back.

export type { Context };

export const GmailView = z.enum(['list', 'thread', 'compose', 'settings', 'other']);

// Declared beside the rows it is made of (lib/records.ts), so logic can use it without importing the channels.
export { ContactCard };

export const PanelContext = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('thread'),
    thread: Thread,
    cards: z.array(ContactCard),
    activities: z.array(Activity),
  }),
  z.object({
    kind: z.literal('record'),
    /** The CRM record open in the tab, as its page showed it. */
    record: z.object({
      crm: z.enum(['hubspot', 'salesforce', 'pipedrive']),
      recordType: z.string(),
      recordId: z.string(),
      email: z.string().optional(),
      name: z.string().optional(),
    }),
    /** The local contact it matched, if any. */
    card: ContactCard.optional(),
    activities: z.array(Activity),
  }),
  z.object({ kind: z.literal('none') }),
]);
export type PanelContext = z.infer<typeof PanelContext>;

/** What the side panel shows for a tab: `panel.getContext` and `ui.panel`'s answers together. */
export const PanelView = z.object({ context: PanelContext, extras: PanelExtras });
export type PanelView = z.infer<typeof PanelView>;

export const Status = z.object({
  contacts: z.number().int(),
  threads: z.number().int(),
  activitiesToday: z.number().int(),
  remindersDue: z.number().int(),
  settingsWarnings: z.array(z.string()),
});
export type Status = z.infer<typeof Status>;

export const channels = {
  'gmail.viewChanged': channel({
    from: 'gmail',
    to: 'background',
    kind: 'notice',
    description: 'The rep moved to another Gmail view (list, thread, compose, settings).',
    request: z.strictObject({ view: GmailView, threadId: GmailThreadId.optional() }),
    response: Ack,
  }),
  'panel.getContext': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'What the side panel should show for the tab in view.',
    request: z.strictObject({ tabId: z.number().int().nonnegative().optional() }),
    response: PanelContext,
  }),
  'popup.getStatus': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Counts and warnings for the popup.',
    request: z.strictObject({}),
    response: Status,
  }),
  'crm.loadDemoData': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Seed the local CRM with demo contacts, companies and a deal (idempotent).',
    request: z.strictObject({}),
    response: z.object({ contacts: z.number().int(), companies: z.number().int(), deals: z.number().int() }),
  }),
  'panel.contextChanged': channel({
    from: 'background',
    to: 'extension',
    kind: 'notice',
    description: 'Something the side panel shows has changed; it should ask again. After a thread open it carries what to show.',
    request: z.strictObject({
      tabId: z.number().int().optional(),
      // The tab's view as the two reads would answer it, sent once the opened thread is stored: the panel
      // draws it without asking, so its reads never wait behind the engine's work for the open (bench
      // gmail-panel, thread click → panel).
      view: PanelView.optional(),
    }),
    response: Ack,
  }),
  // Each area declares its channels in its own file (one line here per area).
  ...gmailChannels,
  ...engineChannels,
  ...followupChannels,
  ...draftsChannels,
  ...crmChannels,
  ...uiChannels,
  ...settingsChannels,
  // Sequences (issue 15).
  ...sequencesChannels,
  ...todayChannels,
  // Reports (lib/channels/reports.ts): the Reports page's figures.
  ...reportsChannels,
  // Meetings (#16)
  ...meetingsChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;
export type ChannelsFrom<F extends Context> = {
  [C in ChannelName]: Channels[C]['from'] extends F ? C : never;
}[ChannelName];

export const Envelope = z.object({ channel: z.string().max(100), payload: z.unknown() });

export const ErrorCode = z.enum(['bad_envelope', 'unknown_channel', 'bad_payload', 'forbidden_sender', 'handler_failed']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Failure = z.object({
  ok: z.literal(false),
  /** `words`: the message in the rep's language, when the handler's error had words (lib/words.ts WordsError). */
  error: z.object({ code: ErrorCode, message: z.string(), issues: z.array(z.string()).optional(), words: Words.optional() }),
});
export type Failure = z.infer<typeof Failure>;
export type Result<T> = { ok: true; data: T } | Failure;

export class MessageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: string[],
    /** What to tell the rep, in their language (lib/ui/errors.ts `userMessage`). */
    readonly words?: Words,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
}

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}
