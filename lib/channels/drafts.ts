import { z } from 'zod';
import { issue } from '../issue-words';
import { Ack, channel } from '../channel';
import { AiLogRow, GmailMessageId, GmailThreadId, TemplateRow } from '../records';
import { TemplateInput } from '../drafts/library';
import { DraftContext, Suggestions } from '../drafts/suggest';
import { AiSettings } from '../settings';
import { Words } from '../words';

// Channels of the drafts area. Each is declared once here and spread into lib/messages.ts.

const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, issue('a request id of 8–64 letters, digits, _ or -', 'issue_request_id'));
const TemplateId = TemplateRow.shape.id;
/** What is inserted into Gmail's reply box: plain text, line breaks kept. */
const DraftText = z.string().min(1, issue('nothing to insert', 'issue_nothing_to_insert')).max(20_000);

export const AiOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('draft'),
    text: z.string(),
    provider: z.enum(['chrome', 'openai-compatible']),
    model: z.string().optional(),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    logId: z.string(),
  }),
  z.object({
    kind: z.literal('fallback'),
    reason: z.enum(['no_provider', 'budget', 'permission', 'timeout', 'cancelled', 'failed']),
    note: z.string(),
    /** `note` for the rep, said in their language (lib/say.ts). */
    noteWords: Words.optional(),
    logId: z.string().optional(),
  }),
]);

/** AI settings as shown outside the background: the key itself never leaves the background's secret store. */
export const AiSettingsView = z.object({
  provider: z.enum(['none', 'chrome', 'openai-compatible']),
  endpoint: z.string().optional(),
  model: z.string().optional(),
  apiKeySet: z.boolean(),
  secrets: z.number().int(),
  dailyRequests: z.number().int(),
  dailyTokens: z.number().int(),
  timeoutMs: z.number().int(),
  logRawText: z.boolean(),
  readIntent: z.boolean(),
});

export const draftsChannels = {
  'drafts.listTemplates': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The rep’s reply templates and snippets (shipped defaults seeded), and the merge fields they may use.',
    request: z.strictObject({}),
    response: z.object({
      templates: z.array(TemplateRow),
      variables: z.array(z.object({ name: z.string(), description: z.string() })),
    }),
  }),
  'drafts.saveTemplate': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Save a template or snippet; a missing, malformed or unknown merge field is refused naming it.',
    request: z.strictObject({ template: TemplateInput }),
    response: z.object({ template: TemplateRow }),
  }),
  'drafts.resetTemplate': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Put a built-in template back as shipped.',
    request: z.strictObject({ id: TemplateId }),
    response: z.object({ template: TemplateRow }),
  }),
  'drafts.deleteTemplate': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Delete a template the rep made (a built-in is hidden, so reset can bring it back).',
    request: z.strictObject({ id: TemplateId }),
    response: Ack,
  }),
  'drafts.suggest': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Up to three drafts for a stored thread, with the latest message’s intent and the reason for each.',
    request: z.strictObject({ threadId: GmailThreadId }),
    response: Suggestions,
  }),
  'drafts.insert': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Put a draft into the Gmail tab’s reply box at the cursor (opening it if needed). Never sends.',
    request: z.strictObject({
      /** The tab the panel is beside; the background checks it shows the thread (else the tab that does). */
      tabId: z.number().int().nonnegative().optional(),
      threadId: GmailThreadId,
      text: DraftText,
      templateId: TemplateId.optional(),
      messageId: GmailMessageId.optional(),
      ai: z.boolean().optional(),
    }),
    response: z.object({ inserted: z.literal(true), openedReplyBox: z.boolean() }),
  }),
  'gmail.insertDraft': channel({
    from: 'background',
    to: 'gmail',
    kind: 'request',
    description: 'Insert text into the open thread’s reply box at the cursor, opening a reply if none is open.',
    request: z.strictObject({ threadId: GmailThreadId, text: DraftText }),
    response: z.object({ inserted: z.boolean(), openedReplyBox: z.boolean(), error: z.string().optional() }),
  }),
  'drafts.closeLoop': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'They said no: stop this thread’s pending reminders and record that the rep closed the loop.',
    request: z.strictObject({ threadId: GmailThreadId, messageId: GmailMessageId.optional() }),
    response: z.object({ cancelledReminders: z.number().int().nonnegative() }),
  }),
  'drafts.aiDraft': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Ask the AI gateway for a draft for a thread; text streams as drafts.aiProgress; a failure is a fallback note.',
    request: z.strictObject({ requestId: RequestId, threadId: GmailThreadId, templateId: TemplateId.optional() }),
    response: z.object({ requestId: RequestId, outcome: AiOutcomeSchema, context: DraftContext }),
  }),
  'drafts.aiProgress': channel({
    from: 'background',
    to: 'extension',
    kind: 'notice',
    description: 'More text of an AI draft in progress (already restored: no placeholders).',
    request: z.strictObject({ requestId: RequestId, delta: z.string().max(100_000) }),
    response: Ack,
  }),
  'drafts.aiCancel': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Stop an AI draft in progress.',
    request: z.strictObject({ requestId: RequestId }),
    response: z.object({ cancelled: z.boolean() }),
  }),
  'drafts.aiLog': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The AI log for the rep to read (newest first) and what today’s budget has used.',
    request: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }),
    response: z.object({
      entries: z.array(AiLogRow),
      today: z.object({ day: z.string(), requests: z.number().int(), tokens: z.number().int() }),
      limits: z.object({ dailyRequests: z.number().int(), dailyTokens: z.number().int() }),
    }),
  }),
  'drafts.getAiSettings': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The AI settings without the API key itself.',
    request: z.strictObject({}),
    response: AiSettingsView,
  }),
  'drafts.setReadIntent': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Turn on or off reading what replies are about with the rep’s AI provider (off by default).',
    request: z.strictObject({ on: z.boolean() }),
    response: AiSettingsView,
  }),
  'drafts.saveAiSettings': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description:
      'Save the AI settings. For an OpenAI-compatible endpoint the page must first have been granted its origin (lib/ai/permissions.ts).',
    request: z.strictObject({ ai: AiSettings, keepApiKey: z.boolean().optional() }),
    response: AiSettingsView,
  }),
} as const;
