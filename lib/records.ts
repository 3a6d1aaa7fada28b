import { z } from 'zod';
import { Words } from './words';
import { issue } from './issue-words';

// Row schemas for everything stored in the database. Types come from these (CONTRIBUTING.md habit 14);
// db.ts validates every write against them, so a bad row is refused with a clear error, never stored.

export const EmailAddress = z
  .string()
  .trim()
  .max(320)
  .transform((s) => s.toLowerCase())
  .pipe(z.email({ message: issue('not an email address', 'issue_not_email') }));

export const Domain = z
  .string()
  .trim()
  .max(253)
  .transform((s) => s.toLowerCase().replace(/^@/, ''))
  .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, issue('not a domain name', 'issue_not_domain')));

export const Person = z.object({
  name: z.string().max(300).default(''),
  email: EmailAddress,
});
export type Person = z.infer<typeof Person>;

// Gmail ids: `thread-f:<decimal>` for mail Gmail has stored, `thread-a:r<decimal>` for mail made in this
// session (Gmail 2022-09 captures, InboxSDK test data).
export const GmailThreadId = z.string().regex(/^thread-[af]:r?-?\d{1,25}$/, issue('not a Gmail thread id', 'issue_gmail_thread_id'));
export const GmailMessageId = z.string().regex(/^msg-[af]:r?-?\d{1,25}$/, issue('not a Gmail message id', 'issue_gmail_message_id'));
export const LegacyId = z.string().regex(/^[0-9a-f]{1,16}$/, issue('not a Gmail legacy hex id', 'issue_gmail_legacy_id'));

const Id = z.string().min(1).max(200);
const Timestamp = z.number().int().nonnegative();

/**
 * An IANA time zone name ("America/New_York", "Europe/Berlin", "UTC"), as the runtime's time zone data knows
 * it. Offsets ("+01:00") and abbreviations ("EST") are refused: neither follows daylight-saving changes.
 */
export const IanaTimeZone = z
  .string()
  .trim()
  .max(64)
  .refine((tz) => /^(?:UTC|[A-Z][A-Za-z]+(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$/.test(tz) && zoneKnown(tz), issue('not an IANA time zone name like "America/New_York"', 'issue_iana_zone'));

function zoneKnown(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// Codes with an ISO 3166-1 alpha-2 shape that name no country (regions, reserved and user-assigned codes).
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'AA', 'XA', 'XB']);
let regionNames: Intl.DisplayNames | undefined;

/** An ISO 3166-1 alpha-2 country code ("US", "DE"), upper-cased; checked against the runtime's region names. */
export const CountryCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(
    z.string().refine((c) => {
      if (!/^[A-Z]{2}$/.test(c) || NOT_COUNTRIES.has(c)) return false;
      regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
      const name = regionNames.of(c);
      return !!name && name !== c && name !== 'Unknown Region';
    }, issue('not an ISO 3166 country code like "US" or "DE"', 'issue_iso_country')),
  );

export const Contact = z.object({
  id: Id,
  name: z.string().max(300),
  email: EmailAddress,
  altEmails: z.array(EmailAddress).max(50).default([]),
  // Every address the contact is known by, lower-cased: the multi-entry index matching uses.
  emails: z.array(z.string()).max(102),
  title: z.string().max(300).optional(),
  phone: z.string().max(100).optional(),
  companyId: Id.optional(),
  ownerName: z.string().max(300).optional(),
  source: z.enum(['local', 'import', 'demo', 'hubspot', 'pipedrive', 'salesforce']).default('local'),
  /** A mirror of a contact in the connected CRM (source names which): its id and kind there. */
  crmId: z.string().min(1).max(200).optional(),
  crmKind: z.enum(['contact', 'lead', 'person']).optional(),
  /** The company/account/organization's id in that CRM (Salesforce finds open opportunities by it). */
  crmCompanyId: z.string().min(1).max(200).optional(),
  /** Where the contact is: sequences send in their zone and skip their country's public holidays (issue 15). */
  timeZone: IanaTimeZone.optional(),
  country: CountryCode.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Contact = z.infer<typeof Contact>;

export const Company = z.object({
  id: Id,
  name: z.string().max(300),
  domain: Domain,
  createdAt: Timestamp,
});
export type Company = z.infer<typeof Company>;

export const DealStage = z.enum(['lead', 'qualified', 'demo', 'proposal', 'negotiation', 'won', 'lost']);
export const Deal = z.object({
  id: Id,
  name: z.string().max(300),
  companyId: Id.optional(),
  contactIds: z.array(Id).max(200).default([]),
  stage: DealStage,
  amount: z.number().nonnegative().optional(),
  currency: z.string().length(3).optional(),
  closeDate: z.iso.date().optional(),
  updatedAt: Timestamp,
});
export type Deal = z.infer<typeof Deal>;

export const Thread = z.object({
  id: GmailThreadId,
  legacyId: LegacyId.optional(),
  subject: z.string().max(1000),
  participants: z.array(Person).max(500),
  messageIds: z.array(GmailMessageId).max(1000),
  lastViewedAt: Timestamp,
  updatedAt: Timestamp,
  /** The Gmail account it was read in, so links (reminders) open that mailbox and not `/u/0/`. */
  account: EmailAddress.optional(),
  /** Something the rep should see on the thread: a message to it bounced (the reminder is kept). */
  // `words`: the reason for the rep, said in their language (lib/say.ts); rows flagged before it have the English only.
  flag: z.object({ kind: z.literal('bounced'), reason: z.string().max(300), words: Words.optional(), messageId: GmailMessageId, at: Timestamp }).optional(),
});
export type Thread = z.infer<typeof Thread>;

export const Message = z.object({
  id: GmailMessageId,
  legacyId: LegacyId.optional(),
  threadId: GmailThreadId,
  from: Person,
  to: z.array(Person).max(500),
  cc: z.array(Person).max(500),
  bcc: z.array(Person).max(500).default([]),
  subject: z.string().max(1000),
  date: Timestamp.optional(),
  bodyText: z.string().max(200_000),
  direction: z.enum(['inbound', 'outbound']),
});
export type Message = z.infer<typeof Message>;

export const Activity = z.object({
  id: Id,
  kind: z.enum(['email.sent', 'email.received', 'note', 'call', 'meeting', 'task']),
  contactId: Id.optional(),
  dealId: Id.optional(),
  threadId: GmailThreadId.optional(),
  messageId: GmailMessageId.optional(),
  summary: z.string().max(2000),
  /** `summary` for the rep, said in their language (lib/say.ts); rows written before it have only the English. */
  summaryWords: Words.optional(),
  at: Timestamp,
  ruleId: Id.optional(),
});
export type Activity = z.infer<typeof Activity>;

export const Suggestion = z.object({
  id: Id,
  kind: z.enum(['followup', 'draft', 'log', 'recap']),
  threadId: GmailThreadId.optional(),
  contactId: Id.optional(),
  reason: z.string().max(1000),
  /** `reason` for the rep, said in their language (lib/say.ts); rows written before it have only the English. */
  reasonWords: Words.optional(),
  payload: z.record(z.string(), z.unknown()).default({}),
  status: z.enum(['open', 'accepted', 'dismissed']),
  createdAt: Timestamp,
});
export type Suggestion = z.infer<typeof Suggestion>;

export const Reminder = z.object({
  id: Id,
  threadId: GmailThreadId.optional(),
  contactId: Id.optional(),
  dueAt: Timestamp,
  reason: z.string().max(1000),
  /** `reason` for the rep, said in their language (lib/say.ts); a rule's own text and older rows have only `reason`. */
  reasonWords: Words.optional(),
  status: z.enum(['pending', 'done', 'cancelled', 'snoozed']),
  createdAt: Timestamp,
  /** The local day it is for (YYYY-MM-DD, the rep's time zone); `dueAt` is the start of working hours then. */
  date: z.iso.date().optional(),
  subject: z.string().max(1000).optional(),
  /** Where it came from: an accepted suggestion, "Remind me" in compose, or a rule. */
  source: z.enum(['suggestion', 'compose', 'rule']).optional(),
  /** Keep it even when someone replies on the thread. */
  remindEvenIfReplied: z.boolean().optional(),
  /** When the rep was told (notification shown, flagged due in the side panel): it is not told twice. */
  firedAt: Timestamp.optional(),
  /** The rep's sent message it follows up on, and when it was sent: replies before it do not cancel. */
  messageId: GmailMessageId.optional(),
  sentAt: Timestamp.optional(),
  /** Chosen in compose, waiting for Gmail to confirm the send; never fires before. */
  awaitingSend: z.boolean().optional(),
  /** For a compose reminder: the recipients and subject the confirmed send must match. */
  recipients: z.array(z.string().max(320)).max(100).optional(),
  /** Why it ended, for the rep ("a reply arrived on …"). */
  endedBy: z.string().max(300).optional(),
  /** When the rep marked it done: reports tell done on time from done late by it. */
  doneAt: Timestamp.optional(),
});
export type Reminder = z.infer<typeof Reminder>;

export const OutboxRow = z.object({
  id: Id, // the idempotency key: the same work queued twice is one row
  kind: z.string().min(1).max(100),
  payload: z.unknown(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: Timestamp,
  lastError: z.string().max(2000).optional(),
  /** `lastError` as words, said in the rep's language (lib/say.ts); absent on rows written before them, which show `lastError`. */
  lastErrorWords: Words.optional(),
  /** Set when the row finished (done or failed for good). */
  finishedAt: Timestamp.optional(),
  createdAt: Timestamp,
});
export type OutboxRow = z.infer<typeof OutboxRow>;

export const RuleRow = z.object({
  id: Id,
  enabled: z.boolean(),
  builtIn: z.boolean(),
  definition: z.unknown(), // validated by the engine's rule schema when loaded
  updatedAt: Timestamp,
});
export type RuleRow = z.infer<typeof RuleRow>;

export const AuditEntry = z.object({
  seq: z.number().int().positive().optional(), // assigned by the database
  at: Timestamp,
  eventId: z.string().max(200),
  ruleId: Id.optional(),
  action: z.string().max(200),
  result: z.enum(['ok', 'skipped', 'failed']),
  detail: z.string().max(2000).default(''),
  /** `detail` for the rep, said in their language (lib/say.ts); entries written before it have only the English. */
  detailWords: Words.optional(),
  undo: z.unknown().optional(),
  /** The idempotency key of the work this entry records (an outbox row id): one entry per key. */
  key: z.string().max(400).optional(),
  threadId: GmailThreadId.optional(),
  contactIds: z.array(Id).max(500).optional(),
  /** The rule's plain-language description when it ran, so the log reads as the rep's SOP. */
  ruleDescription: z.string().max(1000).optional(),
  /** Set when the rep undid this entry's effect. */
  undoneAt: Timestamp.optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** An event as received, before and after the engine acted on it: the engine's durable input queue. */
export const EventRow = z.object({
  id: z.string().min(1).max(300), // eventId(): the same happening reported twice is one row
  type: z.string().min(1).max(100),
  event: z.unknown(), // an EngineEvent, validated by lib/engine/events.ts when read
  status: z.enum(['pending', 'done', 'failed']),
  /** How many events deep in a chain this one is (0: reported from outside). */
  depth: z.number().int().nonnegative().default(0),
  causedBy: z.string().max(300).optional(),
  /** The rules that produced this event, oldest first: a rule met again in its own chain is a cycle. */
  chain: z.array(z.string().max(200)).max(50).optional(),
  at: Timestamp,
  lastError: z.string().max(2000).optional(),
});
export type EventRow = z.infer<typeof EventRow>;

/**
 * A send seen in Gmail, waiting for its undo window: the durable half of "sent only once final". Keyed by
 * Gmail's message id once known (before that, by the compose's intent key). `email` is the EmailFacts the
 * `email.sent` event will carry, validated by lib/engine/events.ts when used.
 */
export const GmailSendRow = z.object({
  id: z.string().min(1).max(200),
  /**
   * `held`: Gmail's confirmation arrived with no Send press in that tab and nothing else corroborates it (a
   * page script can dispatch one): it waits for the rep. `dismissed`: the rep said it is not theirs to log.
   */
  status: z.enum(['pending', 'emitted', 'undone', 'unconfirmed', 'held', 'dismissed']),
  firstSeenAt: Timestamp,
  /** When the undo window closes: the event may be emitted from then on. */
  dueAt: Timestamp,
  tabId: z.number().int().optional(),
  /** What the DOM showed when the rep clicked Send. */
  intent: z
    .object({
      at: Timestamp,
      inline: z.boolean(),
      subject: z.string().max(1000),
      to: z.array(z.string().max(320)).max(500),
      threadId: GmailThreadId.optional(),
      /** The signed-in account that pressed Send, so an unconfirmed send can be logged by hand. */
      from: z.string().max(320).optional(),
    })
    .optional(),
  /** What Gmail's own sync request carried (the network confirmation). */
  email: z.unknown().optional(),
  confirmedAt: Timestamp.optional(),
  undoneAt: Timestamp.optional(),
  /** The Send press that was undone: a later press of the same draft (same message id) sends it again. */
  undoneKey: z.string().max(200).optional(),
  settledAt: Timestamp.optional(),
  /** Gmail's stored (hex) id of the message: the `msg-f:` form a later read of the thread shows. */
  legacyId: z.string().regex(/^[0-9a-f]{1,16}$/).optional(),
  /** Who vouched for it: a Send press here, the rep's message read from the thread or sync data, or the rep's click. */
  source: z.enum(['here', 'thread', 'sync', 'rep']).optional(),
  /**
   * The CRM write of a send only Gmail's page showed (a page script can draw the rep's message): `waiting`
   * for the rep, or for a Send press or sync data to confirm it; `released` by one of them; `refused` by the rep.
   */
  crm: z.enum(['waiting', 'released', 'refused']).optional(),
});
export type GmailSendRow = z.infer<typeof GmailSendRow>;

/** What Followthrough could and could not find on Gmail's page: the selector-health record. */
export const GmailHealthRow = z.object({
  id: z.literal('gmail'),
  checks: z
    .array(z.object({ key: z.string().max(100), view: z.string().max(50), found: z.boolean(), at: Timestamp }))
    .max(500),
  /** Recent problems reading Gmail's sync requests (unknown shapes), newest last. */
  networkProblems: z.array(z.object({ problem: z.string().max(500), at: Timestamp })).max(50),
  updatedAt: Timestamp,
});
export type GmailHealthRow = z.infer<typeof GmailHealthRow>;

// Drafts (lib/drafts): reply templates and snippets the rep edits. Built-in rows are seeded from
// lib/drafts/defaults.ts; the rep's edits keep the id, so "reset" puts the default back.
export const Intent = z.enum(['meeting', 'pricing', 'question', 'referral', 'timing', 'not_interested', 'out_of_office', 'positive', 'other']);
export type Intent = z.infer<typeof Intent>;

export const TemplateRow = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, issue('an id of lower-case letters, digits and dashes', 'issue_template_id')),
  name: z.string().trim().min(1, issue('a template needs a name', 'issue_template_name')).max(120),
  kind: z.enum(['template', 'snippet']).default('template'),
  /** The reply text with merge fields (`{{contact.firstName | "there"}}`), checked by lib/drafts/template.ts. */
  body: z.string().min(1, issue('a template needs some text', 'issue_template_text')).max(20_000),
  /** The intents this template answers; the suggestions pick from these. */
  intents: z.array(Intent).max(9).default([]),
  /** Follow-ups with no new reply (nudge 1, 2, break-up) carry their place in the cadence. */
  followUpStep: z.number().int().min(1).max(10).optional(),
  builtIn: z.boolean().default(false),
  /** A built-in the rep has changed (reset puts the shipped text back). */
  edited: z.boolean().default(false),
  hidden: z.boolean().default(false),
  updatedAt: Timestamp,
});
export type TemplateRow = z.infer<typeof TemplateRow>;

/** One model call as the rep can read it later (lib/ai): never the raw text unless the rep opted in. */
export const AiLogRow = z.object({
  id: z.string().min(1).max(100),
  at: Timestamp,
  /** Local calendar day (YYYY-MM-DD) the call counts against for the daily budget. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  provider: z.enum(['none', 'chrome', 'openai-compatible']),
  model: z.string().max(200).optional(),
  endpointOrigin: z.string().max(300).optional(),
  purpose: z.string().max(100),
  promptTokens: z.number().int().nonnegative().default(0),
  completionTokens: z.number().int().nonnegative().default(0),
  redactions: z.object({ emails: z.number().int().nonnegative(), phones: z.number().int().nonnegative(), secrets: z.number().int().nonnegative() }),
  outcome: z.enum(['ok', 'fallback', 'cancelled', 'refused']),
  /** Why it did not end in a draft, in words the rep can act on. */
  detail: z.string().max(2000).default(''),
  /** `detail` for the rep, in their language; rows written before have only the English. */
  detailWords: Words.optional(),
  durationMs: z.number().int().nonnegative().default(0),
  rawPrompt: z.string().max(100_000).optional(),
  rawOutput: z.string().max(100_000).optional(),
});
export type AiLogRow = z.infer<typeof AiLogRow>;

/**
 * What Followthrough wrote (or was writing) to a remote CRM, by the same idempotency key as its outbox row:
 * the local ledger that makes a CRM write happen once. `sending` means a request left and its answer never
 * came (timeout, dropped connection, worker stopped): the CRM is searched before the write is tried again.
 */
export const CrmWrite = z.object({
  id: z.string().min(1).max(300),
  crm: z.enum(['hubspot', 'pipedrive', 'salesforce', 'local']),
  status: z.enum(['sending', 'written']),
  remoteId: z.string().max(200).optional(),
  /** When the last request for this write left (`sending`) or was answered (`written`). */
  at: Timestamp,
});
export type CrmWrite = z.infer<typeof CrmWrite>;

/** A contact as the surfaces show it: with their company, the deals they are on, and when they were last in touch. */
export const ContactCard = z.object({
  contact: Contact,
  company: Company.optional(),
  deals: z.array(Deal),
  lastTouch: z.number().int().optional(),
});
export type ContactCard = z.infer<typeof ContactCard>;

/**
 * What the connected CRM answered when asked who an address is: a contact (kept as JSON, validated again
 * when read) or nobody. Kept until `expiresAt`, so a thread's many messages and a day's sends ask once.
 */
export const CrmLookupRow = z.object({
  /** `<crm>:<canonical address>` */
  id: z.string().min(1).max(400),
  crm: z.enum(['hubspot', 'pipedrive', 'salesforce']),
  email: z.string().max(320),
  contact: z.unknown().optional(),
  at: Timestamp,
  expiresAt: Timestamp,
});
export type CrmLookupRow = z.infer<typeof CrmLookupRow>;

// ---- Today and lead routing (issue 15, schema version 8) ----

/**
 * A lead routed from the mailbox: an unknown sender at a company domain, or the address a web-form
 * notification carried. Keyed by the Gmail message it came from, so the same message routes once.
 */
export const LeadRow = z.object({
  /** `lead:<messageId>` */
  id: z.string().min(1).max(300),
  messageId: GmailMessageId,
  threadId: GmailThreadId,
  contactId: Id,
  email: EmailAddress,
  name: z.string().max(300).default(''),
  source: z.enum(['inbound', 'form']),
  subject: z.string().max(1000).default(''),
  /** `new` until the rep answers it or marks it done on Today. */
  status: z.enum(['new', 'handled']),
  at: Timestamp,
  /** The teammate the round-robin gave it to (for teams on a CRM). */
  owner: z.object({ name: z.string().max(300), crmOwnerId: z.string().max(200).optional() }).optional(),
});
export type LeadRow = z.infer<typeof LeadRow>;

/** The rep's mark on one Today item: done or skipped (hidden for good) or snoozed until a time. */
export const TodayMarkRow = z.object({
  /** The Today item's id. */
  id: z.string().min(1).max(300),
  mark: z.enum(['done', 'snoozed', 'skipped']),
  /** Hidden until then (snoozed, skipped); done items use the far future. */
  until: Timestamp,
  at: Timestamp,
});
export type TodayMarkRow = z.infer<typeof TodayMarkRow>;

/** Lead routing's durable state: the round-robin cursor (`round-robin`), one row. */
export const RoutingRow = z.object({
  id: z.literal('round-robin'),
  /** The teammate (by name) who got the last lead; the next one goes to whoever follows them. */
  last: z.string().max(300).optional(),
  /** Leads given so far, for the rep's curiosity and tests. */
  given: z.number().int().nonnegative(),
  updatedAt: Timestamp,
});
export type RoutingRow = z.infer<typeof RoutingRow>;
