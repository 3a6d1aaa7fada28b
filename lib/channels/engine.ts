import { z } from 'zod';
import { channel, Ack } from '../channel';
import { GmailThreadId } from '../records';
import { Words } from '../words';

// Channels of the engine area. Each is declared once here and spread into lib/messages.ts.

export const ThreadLogState = z.object({
  threadId: GmailThreadId,
  logged: z.boolean(),
  activities: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  contacts: z.array(z.string()),
  undoSeq: z.number().int().positive().optional(),
});

export const LogThreadResult = z.object({
  result: z.enum(['ok', 'skipped']),
  detail: z.string(),
  detailWords: Words.optional(),
  /**
   * `detailWords` as the browser's language says them, for Gmail's Log to CRM button: the content script
   * cannot carry the word tables (lib/say.ts would double its size budget), and the background speaks the same
   * UI language.
   */
  said: z.string().max(2000).optional(),
  state: ThreadLogState,
});

export const AuditView = z.object({
  seq: z.number().int(),
  at: z.number().int(),
  eventId: z.string(),
  ruleId: z.string().optional(),
  ruleDescription: z.string().optional(),
  action: z.string(),
  result: z.enum(['ok', 'skipped', 'failed']),
  detail: z.string(),
  detailWords: Words.optional(),
  threadId: z.string().optional(),
  canUndo: z.boolean(),
  undoneAt: z.number().int().optional(),
});

const RuleIssueView = z.object({ path: z.string(), message: z.string(), words: Words.optional() });
const RuleView = z.object({
  id: z.string(),
  builtIn: z.boolean(),
  enabled: z.boolean(),
  updatedAt: z.number().int(),
  definition: z.unknown(),
  issues: z.array(RuleIssueView).optional(),
});
const KindView = z.object({ kind: z.string(), label: z.string() });

const CrmRecord = z.object({
  crm: z.enum(['hubspot', 'salesforce', 'pipedrive']),
  recordType: z.enum(['contact', 'lead', 'company', 'account', 'deal', 'opportunity', 'person', 'organization']),
  recordId: z.string().min(1).max(200),
  email: z.email().max(320).optional(),
  name: z.string().max(300).optional(),
});
export type CrmRecord = z.infer<typeof CrmRecord>;

const AccountEmail = z.email().max(320).optional();

export const engineChannels = {
  'engine.logThread': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: 'Log to CRM: put the open thread’s messages not yet logged on their contacts’ timelines.',
    request: z.strictObject({ threadId: GmailThreadId, accountEmail: AccountEmail }),
    response: LogThreadResult,
  }),
  'engine.threadLogState': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: 'Whether the thread is logged, for the Log to CRM button.',
    request: z.strictObject({ threadId: GmailThreadId }),
    response: ThreadLogState,
  }),
  'engine.undoThreadLog': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: 'Undo the newest log of this thread (the Log to CRM button’s Undo).',
    request: z.strictObject({ threadId: GmailThreadId }),
    response: ThreadLogState,
  }),
  'engine.panelLogThread': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Log to CRM from the side panel.',
    request: z.strictObject({ threadId: GmailThreadId }),
    response: LogThreadResult,
  }),
  'engine.auditList': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'What the automation did, newest first: event, rule, action, result, whether it can be undone.',
    request: z.strictObject({
      limit: z.number().int().min(1).max(500).default(100),
      before: z.number().int().positive().optional(),
      threadId: GmailThreadId.optional(),
    }),
    response: z.object({ entries: z.array(AuditView) }),
  }),
  'engine.auditUndo': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Undo one audited action: remove the activity, reminder or contact it created, restore what it changed.',
    request: z.strictObject({ seq: z.number().int().positive() }),
    response: z.object({ seq: z.number().int(), changed: z.number().int(), detail: z.string(), detailWords: Words.optional() }),
  }),
  'engine.rulesList': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The rules, with any validation issues, and the condition and action kinds a rule may use.',
    request: z.strictObject({}),
    response: z.object({ rules: z.array(RuleView), conditions: z.array(KindView), actions: z.array(KindView), triggers: z.array(z.string()) }),
  }),
  'engine.ruleSave': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Create or edit a rule; an invalid rule is refused with the offending fields named.',
    request: z.strictObject({ rule: z.record(z.string(), z.unknown()) }),
    response: z.object({ saved: z.boolean(), issues: z.array(RuleIssueView) }),
  }),
  'engine.ruleSetEnabled': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Switch a rule (built-in or not) on or off.',
    request: z.strictObject({ id: z.string().min(1).max(200), enabled: z.boolean() }),
    response: z.object({ changed: z.boolean() }),
  }),
  'engine.importContacts': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Import contacts from CSV text; answers with a per-row error report. Undoable from the audit log.',
    request: z.strictObject({ csv: z.string().min(1).max(10_000_000), fileName: z.string().max(300).optional() }),
    response: z.object({
      rows: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      companiesCreated: z.number().int(),
      errors: z.array(z.object({ line: z.number().int(), email: z.string().optional(), message: z.string(), messageWords: Words.optional() })),
      fileErrors: z.array(z.string()),
      fileErrorWords: z.array(Words).optional(),
      auditSeq: z.number().int().optional(),
    }),
  }),
  'engine.crmRecordViewed': channel({
    from: 'crm',
    to: 'background',
    kind: 'notice',
    description: 'A CRM record page is open: which record, and the email and name the page shows.',
    request: z.strictObject({ record: CrmRecord }),
    response: Ack,
  }),
} as const;
