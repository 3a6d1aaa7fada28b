import { z } from 'zod';
import type { FollowthroughDb } from '../../db';
import { GmailMessageId, GmailThreadId, Person } from '../../records';

// The one interface every CRM implements — the local CRM over IndexedDB and each remote one — so the engine
// and the sync never care which is active. Shapes are zod schemas; connectors validate what they return.

export const CrmName = z.enum(['local', 'hubspot', 'pipedrive', 'salesforce']);
export type CrmName = z.infer<typeof CrmName>;
export const RemoteCrmName = CrmName.exclude(['local']);
export type RemoteCrmName = z.infer<typeof RemoteCrmName>;

/** Each remote CRM's name as the rep reads it (choices, audit lines, errors), in the order the surfaces list them. */
export const CRM_LABELS: Readonly<Record<RemoteCrmName, string>> = { hubspot: 'HubSpot', pipedrive: 'Pipedrive', salesforce: 'Salesforce' };

const RemoteId = z.string().min(1).max(200);

export const CrmContact = z.object({
  id: RemoteId,
  /** What the CRM calls this record: a Salesforce Lead is logged against differently from a Contact. */
  kind: z.enum(['contact', 'lead', 'person']),
  name: z.string().max(300),
  email: z.string().max(320),
  altEmails: z.array(z.string().max(320)).max(50).default([]),
  company: z.string().max(300).optional(),
  /** The CRM's id of the company/account/organization, when the record has one. */
  companyId: RemoteId.optional(),
  ownerId: RemoteId.optional(),
  ownerName: z.string().max(300).optional(),
});
export type CrmContact = z.infer<typeof CrmContact>;

export const CrmDeal = z.object({
  id: RemoteId,
  name: z.string().max(300),
  /** The stage as the rep sees it in that CRM (its label, not an internal id). */
  stage: z.string().max(200),
  amount: z.number().optional(),
  currency: z.string().max(10).optional(),
  closeDate: z.string().max(40).optional(),
});
export type CrmDeal = z.infer<typeof CrmDeal>;

export const ContactCardData = z.object({
  contact: CrmContact,
  company: z.object({ id: RemoteId.optional(), name: z.string().max(300) }).optional(),
  owner: z.object({ id: RemoteId.optional(), name: z.string().max(300) }).optional(),
  openDeals: z.array(CrmDeal).max(100),
});
export type ContactCardData = z.infer<typeof ContactCardData>;

/** One email to log, with the CRM records it belongs to already resolved. */
export const EmailLog = z.object({
  /** The idempotency key (the outbox row's id): one Gmail message, one CRM. */
  key: z.string().min(1).max(300),
  messageId: GmailMessageId,
  threadId: GmailThreadId.optional(),
  direction: z.enum(['inbound', 'outbound']),
  subject: z.string().max(1000),
  bodyText: z.string().max(200_000),
  at: z.number().int().nonnegative(),
  from: Person,
  to: z.array(Person).max(500),
  cc: z.array(Person).max(500).default([]),
  contacts: z.array(CrmContact).min(1).max(50),
  dealId: RemoteId.optional(),
});
export type EmailLog = z.infer<typeof EmailLog>;

export const NoteLog = z.object({
  key: z.string().min(1).max(300),
  body: z.string().min(1).max(60_000),
  at: z.number().int().nonnegative(),
  contact: CrmContact,
  dealId: RemoteId.optional(),
});
export type NoteLog = z.infer<typeof NoteLog>;

export const TaskInput = z.object({
  key: z.string().min(1).max(300),
  subject: z.string().min(1).max(255),
  body: z.string().max(30_000).default(''),
  dueAt: z.number().int().nonnegative(),
  contact: CrmContact.optional(),
  dealId: RemoteId.optional(),
});
export type TaskInput = z.infer<typeof TaskInput>;

export const NewContact = z.object({
  email: z.email(),
  name: z.string().max(300).default(''),
  company: z.string().max(300).optional(),
});
export type NewContact = z.infer<typeof NewContact>;

export const Written = z.object({ id: RemoteId });
export type Written = z.infer<typeof Written>;

/** A user who may own records in the CRM (HubSpot owner, Pipedrive user, Salesforce User): lead routing's teammates. */
export const CrmOwner = z.object({ id: RemoteId, name: z.string().max(300), email: z.string().max(320).optional() });
export type CrmOwner = z.infer<typeof CrmOwner>;

/**
 * One meeting as a CRM record (HubSpot meeting, Pipedrive meeting activity, Salesforce Event), at one
 * invitation SEQUENCE. `meetingId` is the key Followthrough finds the record again by (a marker in the record).
 */
export const MeetingRecord = z.object({
  meetingId: z.string().min(1).max(200),
  sequence: z.number().int().min(0).max(10_000),
  cancelled: z.boolean(),
  title: z.string().min(1).max(300),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  body: z.string().max(4000),
  contact: CrmContact,
});
export type MeetingRecord = z.infer<typeof MeetingRecord>;

/** The marker that lets Followthrough find a meeting record it wrote again (searchable text in the record). */
export const meetingMarker = (meetingId: string) => `[Followthrough meeting ${meetingId}]`;

/** What each remote CRM needs granted for a kind of write, named as the vendor names it (scope or permission). */
export interface WriteNeeds {
  owner: string;
  meeting: string;
  owners: string;
}

export interface CrmConnector {
  readonly crm: CrmName;
  /**
   * How long after a write the CRM's search may still miss it. A write whose answer was lost is searched
   * for only after this long, so "not found" can be trusted (0 for CRMs whose reads are consistent).
   */
  readonly searchLagMs: number;
  /** Who we are connected as; throws CrmError on a bad token. */
  verify(): Promise<{ account: string }>;
  /** The contact known by any of these addresses (primary or alternate), first address first. */
  findContact(emails: readonly string[]): Promise<CrmContact | null>;
  contactCard(contact: CrmContact): Promise<ContactCardData>;
  /** The id of an email this key already logged, if the CRM has it: the check before a write. */
  findLoggedEmail(log: EmailLog): Promise<string | null>;
  logEmail(log: EmailLog): Promise<Written>;
  findLoggedNote(note: NoteLog): Promise<string | null>;
  logNote(note: NoteLog): Promise<Written>;
  /** The id of the task this key already created, if the CRM has it: the check before a task is re-sent. */
  findTask(task: TaskInput): Promise<string | null>;
  createTask(task: TaskInput): Promise<Written>;
  /** Only called when the rep's policy allows it (settings.createCrmContacts). */
  createContact(contact: NewContact): Promise<CrmContact>;

  // ---- Existing CRM contacts and undo (issue 12) ----
  /** How lookups are batched and paced: addresses per request, and the least time between two requests. */
  readonly lookupLimits: LookupLimits;
  /**
   * The contacts known by these addresses (primary or alternate), one request per batch of
   * `lookupLimits.batchSize` addresses: lower-cased address → contact. Addresses with no contact are absent.
   */
  lookupContacts(emails: readonly string[]): Promise<Map<string, CrmContact>>;
  /**
   * Take back a logged email: delete the record `logEmail` returned (or archive it where the CRM has no
   * delete). A record already gone counts as done, so repeating it is harmless.
   */
  deleteEmail(id: string): Promise<void>;

  // ---- Lead owners and meetings (issues 15, 16); remote CRMs only ----
  /** The scope or permission each of these writes needs, for the rep when the CRM refuses. */
  readonly needs?: WriteNeeds;
  /** Set the record's owner field (OWNER_FIELD in lib/crm/owner.ts). */
  setOwner?(contact: CrmContact, ownerId: string): Promise<void>;
  /** The users who may own records, for picking teammates. */
  listOwners?(): Promise<CrmOwner[]>;
  /** The record a lost create for this meeting may have written (found by its marker), or null. */
  findMeeting?(meeting: MeetingRecord): Promise<string | null>;
  createMeeting?(meeting: MeetingRecord): Promise<Written>;
  /**
   * Bring the record to this SEQUENCE (times, title, or cancelled in the CRM's own way). 'gone' when the
   * record no longer exists (deleted in the CRM, or cancelled by deletion before).
   */
  updateMeeting?(id: string, meeting: MeetingRecord): Promise<'updated' | 'gone'>;
}

export interface LookupLimits {
  batchSize: number;
  minIntervalMs: number;
}

/** A fetch that connectors call; entrypoints pass the global one, tests may wrap it. */
export type FetchPort = (input: string, init: RequestInit) => Promise<Response>;

/** What a remote CRM was connected with; stored in the secret store only (lib/crm/auth.ts, lib/secrets.ts). */
export const CrmCredentials = z.object({
  crm: RemoteCrmName,
  method: z.enum(['token', 'oauth']),
  accessToken: z.string().min(8).max(4000),
  refreshToken: z.string().max(4000).optional(),
  expiresAt: z.number().int().optional(),
  /** Salesforce: the org's API host (https://<domain>.my.salesforce.com). */
  instanceUrl: z.url().optional(),
  account: z.string().max(300).optional(),
  connectedAt: z.number().int().nonnegative(),
});
export type CrmCredentials = z.infer<typeof CrmCredentials>;

/**
 * What a connector learns once per connection and may keep while it lasts (Salesforce's Task picklists,
 * whether the org has Enhanced Email): the sync holds one per connected account and drops it on reconnect,
 * so a `describe` runs once per connection, not once per row. A load that fails is not kept.
 */
export interface ConnectionMemo {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export function createConnectionMemo(): ConnectionMemo {
  const kept = new Map<string, Promise<unknown>>();
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      let value = kept.get(key) as Promise<T> | undefined;
      if (!value) {
        value = load();
        kept.set(key, value);
        value.catch(() => kept.delete(key));
      }
      return value;
    },
  };
}

export interface ConnectorContext {
  credentials?: CrmCredentials;
  fetch: FetchPort;
  now: () => number;
  /** The database, for the local CRM. */
  db: FollowthroughDb;
  /**
   * Where the CRM's API lives. Production leaves this unset and every connector uses its real API host;
   * tests pass a loopback server here, in code, when they construct the connector.
   */
  baseUrl?: string;
  timeoutMs?: number;
  /** Per-connection knowledge (see ConnectionMemo); without one, nothing is kept beyond this connector. */
  memo?: ConnectionMemo;
}

export interface ConnectorDefinition {
  crm: CrmName;
  label: string;
  /** Hosts the extension must be granted before it may call this CRM (optional host permissions). */
  apiOrigins: readonly string[];
  /** How the rep connects; an empty list means nothing to connect (the local CRM). */
  auth: readonly ('token' | 'oauth')[];
  /** Where the rep finds a token, shown beside the token field. */
  tokenHelp?: string;
  create(ctx: ConnectorContext): CrmConnector;
}
