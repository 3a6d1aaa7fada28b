import { z } from 'zod';
import { issue } from '../issue-words';
import { Words } from '../words';
import { channel } from '../channel';
import { Company, Contact, CountryCode, GmailThreadId, IanaTimeZone, Reminder, Suggestion } from '../records';

// Channels of the ui area: what the side panel, popup and options page read and change.
// Each is declared once here and spread into lib/messages.ts.

const Id = z.string().min(1).max(200);

/** Gmail detection as the surfaces show it, from the gmail area's selector health (`gmail.getHealth`). */
export const DetectionHealth = z.object({
  degraded: z.boolean(),
  /** Plain-language lines: what does not work right now. */
  problems: z.array(z.string().max(300)).max(50),
});
export type DetectionHealth = z.infer<typeof DetectionHealth>;

export const PanelMode = z.enum(['thread', 'record', 'home']);

/** Everything besides the thread itself that the side panel shows for the tab in view. */
export const PanelExtras = z.object({
  mode: PanelMode,
  threadId: GmailThreadId.optional(),
  /** Open suggestions: the thread's (thread mode) or every thread's, newest first (elsewhere). */
  suggestions: z.array(Suggestion),
  /** The thread's open reminders (thread mode) or those due by the end of today (elsewhere). */
  reminders: z.array(Reminder),
  /** Subjects of the threads the suggestions and reminders above point at. */
  subjects: z.record(z.string(), z.string()),
  autoLog: z.boolean(),
  /** Thread mode: a message on the thread bounced (its reminders are kept). */
  flag: z.object({ kind: z.literal('bounced'), reason: z.string().max(300), words: Words.optional(), at: z.number() }).optional(),
});
export type PanelExtras = z.infer<typeof PanelExtras>;

/** Everything Followthrough stores, as one file the rep can keep and import again. */
export const ExportFile = z.object({
  format: z.literal('followthrough-export'),
  version: z.literal(1),
  exportedAt: z.number().int().nonnegative(),
  settings: z.record(z.string(), z.unknown()),
  tables: z.record(z.string().max(100), z.array(z.unknown()).max(1_000_000)),
});
export type ExportFile = z.infer<typeof ExportFile>;

export const ContactEdit = z.object({
  id: Id.optional(),
  name: z.string().trim().min(1, issue('a contact needs a name', 'issue_contact_name')).max(300),
  email: z.string().trim().max(320),
  altEmails: z.array(z.string().trim().max(320)).max(50).default([]),
  title: z.string().trim().max(300).optional(),
  phone: z.string().trim().max(100).optional(),
  /** Where they are, for sequences' send window and holidays; '' clears. */
  timeZone: z.union([IanaTimeZone, z.literal('')]).optional(),
  country: z.union([CountryCode, z.literal('')]).optional(),
  companyId: Id.optional(),
});
export type ContactEdit = z.infer<typeof ContactEdit>;

export const ContactListItem = z.object({ contact: Contact, company: Company.optional(), activities: z.number().int() });
export type ContactListItem = z.infer<typeof ContactListItem>;

export const uiChannels = {
  'ui.panel': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Suggestions and reminders for the tab in the side panel.',
    request: z.strictObject({ tabId: z.number().int().nonnegative().optional() }),
    response: PanelExtras,
  }),
  'ui.suggestion.resolve': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The rep accepted (possibly after editing) or dismissed a suggestion.',
    request: z.strictObject({
      id: Id,
      action: z.enum(['accept', 'dismiss']),
      /** Fields the rep edited before accepting, merged into the suggestion's payload. */
      edits: z.record(z.string().max(100), z.unknown()).optional(),
    }),
    response: z.object({ suggestion: Suggestion }),
  }),
  'ui.reminder.update': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The rep marked a reminder done, or snoozed it to a new time.',
    request: z.strictObject({ id: Id, action: z.enum(['done', 'snooze']), until: z.number().int().nonnegative().optional() }),
    response: z.object({ reminder: Reminder }),
  }),
  'ui.data.export': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Everything stored: every table and the settings.',
    request: z.strictObject({}),
    response: ExportFile,
  }),
  'ui.data.import': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Replace (or add to) the stored data with an export file; every row is checked first.',
    request: z.strictObject({ file: ExportFile, mode: z.enum(['replace', 'merge']) }),
    response: z.object({ imported: z.record(z.string(), z.number().int()) }),
  }),
  'ui.data.deleteAll': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description:
      'Delete every stored row, the secrets (CRM tokens, AI key), extension storage (sync cursors) and the granted optional permissions, and reset the settings. The exact phrase guards against a slip.',
    request: z.strictObject({ confirm: z.literal('delete everything') }),
    response: z.object({
      deleted: z.record(z.string(), z.number().int()),
      /** What beyond the database went: secrets counted, permissions named. Absent where the browser parts are not wired. */
      browser: z.object({ secrets: z.number().int(), origins: z.array(z.string()), permissions: z.array(z.string()) }).optional(),
    }),
  }),
  'ui.contacts.search': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Contacts whose name, address, title or company matches the query.',
    request: z.strictObject({ query: z.string().max(300), limit: z.number().int().min(1).max(500).default(100) }),
    response: z.object({ items: z.array(ContactListItem), total: z.number().int(), duplicates: z.array(z.array(Id)) }),
  }),
  'ui.contacts.save': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Create or edit a local contact.',
    request: z.strictObject({ contact: ContactEdit }),
    response: z.object({ contact: Contact }),
  }),
  'ui.contacts.merge': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Merge duplicate contacts into one: addresses, activities, suggestions, reminders and deals move over.',
    request: z.strictObject({ keepId: Id, mergeIds: z.array(Id).min(1).max(50) }),
    response: z.object({ contact: Contact, moved: z.number().int() }),
  }),
} as const;
