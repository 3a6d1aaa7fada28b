import { z } from 'zod';
import { apiUrl, callJson, CrmError, DAILY_PROBE_MS, DEFAULT_TIMEOUT_MS, notConnected, READ_BACK_BUDGET_MS, type RateLimitReader } from './http';
import { ContactCardData, CRM_LABELS, CrmContact, CrmOwner, meetingMarker, type ConnectorContext, type ConnectorDefinition, type CrmConnector, type EmailLog, type MeetingRecord, type TaskInput } from './types';
import { words } from '../../words';

// Salesforce REST API (developer.salesforce.com, read 2026-11):
// - SOQL: GET /services/data/vXX.X/query?q=… → {totalSize, done, records:[{attributes:{type,url}, …}],
//   nextRecordsUrl?}. String literals are quoted with ' and escaped with \ (\' and \\).
// - records: POST /services/data/vXX.X/sobjects/<Type> → 201 {id, success, errors[]}; errors answer
//   [{message, errorCode, fields}] (401 INVALID_SESSION_ID; 403 REQUEST_LIMIT_EXCEEDED is the daily limit).
// - Task: Subject ≤ 255, Description ≤ 32,000, ActivityDate (date), Status, TaskSubtype 'Email' | 'Task';
//   WhoId = Contact or Lead; WhatId (Opportunity, Account…) is not allowed when WhoId is a Lead.
// - EmailMessage exists when the org uses Enhanced Email (on for most orgs): ToIds/CcIds relate contacts,
//   leads and users; RelatedToId one opportunity/account/case; Status '3' = sent, '1' = read; Incoming;
//   MessageIdentifier (filterable) holds the message's id. EmailMessageRelation relates a sender
//   (RelationType 'FromAddress').
// - Open opportunities: IsClosed = false. A semi-join (Id IN (SELECT …)) cannot sit inside an OR.
// - Task Status and Priority are per-org picklists: the values come from the TaskStatus (ApiName, IsClosed,
//   IsDefault) and TaskPriority (ApiName, IsDefault) objects (Object Reference, read 2026-12-06), read once per
//   connection (ConnectionMemo), never sent as guessed defaults.
// - Limits (REST API Developer Guide, read 2026-12-06): the org's API allowance is a rolling 24 hours; when it
//   is spent every call answers 403 [{errorCode: REQUEST_LIMIT_EXCEEDED, message: "TotalRequests Limit
//   exceeded."}] with no reset time, so the sync waits (looking again hourly) without spending attempts. The
//   same code with another message (concurrent long-running requests) is a short wait.
// Lead owners and meetings (Object Reference for Event, Contact, Lead and User, and the REST API Developer
// Guide's "Update a Record", checked 2026-12-06):
// - owner: PATCH /sobjects/{Contact|Lead}/{id} {OwnerId: <User id 005…>} → 204 with no body. Changing another
//   user's record's owner needs the "Transfer Record" (Contacts) or "Transfer Leads" (Leads) permission; without
//   it Salesforce answers INSUFFICIENT_ACCESS_OR_READONLY.
// - users to pick owners from: SOQL over User (IsActive, UserType 'Standard' are filterable).
// - a meeting is an Event: POST /sobjects/Event {Subject ≤ 255, StartDateTime, EndDateTime (one of EndDateTime
//   or DurationInMinutes is required when IsAllDayEvent is false), Description ≤ 32,000, WhoId = the Contact or
//   Lead, ShowAs Busy | OutOfOffice | Free}; PATCH /sobjects/Event/{id} → 204. Description is not filterable,
//   so a lost create is found by WhoId and the marker matched here.
// - a cancel keeps the Event and marks it: Event has no status or cancelled field, and deleting it would drop
//   the record that the meeting was booked at all (and send it to the Recycle Bin, purged after 15 days), so the
//   Subject gets "Canceled: " in front and ShowAs becomes Free, which frees the slot on the owner's calendar.
// Authentication: OAuth 2.0 web-server flow with PKCE through identity.launchWebAuthFlow (lib/crm/auth.ts),
// which yields an access token, a refresh token and the org's instance URL; or an access token pasted with
// that URL (which cannot be renewed: it stops at the org's session timeout).

export const SALESFORCE_API_VERSION = 'v62.0';
/** Orgs' API hosts since enhanced domains (mandatory from 2023): <domain>.my.salesforce.com. */
export const SALESFORCE_INSTANCE = /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.my\.salesforce\.com$/i;

const Attributes = z.object({ type: z.string(), url: z.string().optional() });
const Query = <T extends z.ZodType>(record: T) => z.object({ totalSize: z.number().int(), done: z.boolean(), records: z.array(record), nextRecordsUrl: z.string().optional() });
const Named = z.object({ Name: z.string().nullish() }).nullish();
const ContactRow = z.object({ attributes: Attributes, Id: z.string(), Name: z.string().nullish(), Email: z.string().nullish(), AccountId: z.string().nullish(), Account: Named, OwnerId: z.string().nullish(), Owner: Named });
const LeadRow = z.object({ attributes: Attributes, Id: z.string(), Name: z.string().nullish(), Email: z.string().nullish(), Company: z.string().nullish(), OwnerId: z.string().nullish(), Owner: Named });
const OpportunityRow = z.object({ Id: z.string(), Name: z.string(), StageName: z.string(), Amount: z.number().nullish(), CloseDate: z.string().nullish() });
const IdRow = z.object({ Id: z.string(), Description: z.string().nullish() });
const CreateResult = z.object({ id: z.string().min(1), success: z.literal(true), errors: z.array(z.unknown()).default([]) });
const Describe = z.object({ name: z.string(), createable: z.boolean() });
const PicklistRow = z.object({ ApiName: z.string().min(1), IsDefault: z.boolean().default(false), IsClosed: z.boolean().optional() });
const UserRow = z.object({ Id: z.string(), Name: z.string().nullish(), Email: z.string().nullish() });
const UserInfo = z.object({ preferred_username: z.string().optional(), name: z.string().optional(), organization_id: z.string().optional() });

/** The org's own Task picklist values Followthrough writes with. */
export interface TaskPicklists {
  /** The default open status (a task to do). */
  open: string;
  /** A closed status (an email or note already done). */
  closed: string;
  /** The default priority; undefined lets Salesforce apply its own default. */
  priority?: string;
}

/** Salesforce's limit refusals: the daily (rolling 24 h) allowance, or a short concurrency limit. */
export const salesforceRateLimit: RateLimitReader = ({ status, body }, now) => {
  if (status !== 403 && status !== 429) return undefined;
  const errors = Array.isArray(body) ? (body as unknown[]) : [];
  const limit = errors.find((e): e is { errorCode: string; message?: string } => !!e && typeof e === 'object' && (e as Record<string, unknown>).errorCode === 'REQUEST_LIMIT_EXCEEDED');
  if (!limit) return undefined;
  if (/TotalRequests/i.test(limit.message ?? '') || !/Concurrent/i.test(limit.message ?? '')) {
    // Salesforce does not say when a rolling 24-hour allowance frees up: look again hourly.
    return { scope: 'budget', until: now + DAILY_PROBE_MS, label: 'REQUEST_LIMIT_EXCEEDED', estimated: true };
  }
  return { scope: 'burst', until: now + 30_000, label: 'REQUEST_LIMIT_EXCEEDED' };
};

const SalesforceId = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'not a Salesforce id');
export const SalesforceTaskCreate = z.object({
  Subject: z.string().min(1).max(255),
  Description: z.string().max(32_000),
  ActivityDate: z.iso.date(),
  // The org's own picklist values (TaskPicklists), so any non-empty value Salesforce listed.
  Status: z.string().min(1).max(255),
  Priority: z.string().min(1).max(255).optional(),
  TaskSubtype: z.enum(['Email', 'Task']),
  WhoId: SalesforceId.optional(),
  WhatId: SalesforceId.optional(),
});
export const SalesforceEmailMessageCreate = z.object({
  Subject: z.string().max(3000),
  TextBody: z.string().max(131_072),
  FromAddress: z.string().max(320),
  FromName: z.string().max(1000).optional(),
  ToAddress: z.string().max(4000),
  CcAddress: z.string().max(4000).optional(),
  MessageDate: z.iso.datetime(),
  Status: z.enum(['1', '3']),
  Incoming: z.boolean(),
  MessageIdentifier: z.string().max(255),
  RelatedToId: SalesforceId.optional(),
  ToIds: z.array(SalesforceId).max(100).optional(),
});
export const SalesforceRelationCreate = z.object({ EmailMessageId: SalesforceId, RelationId: SalesforceId, RelationType: z.literal('FromAddress') });
export const SalesforceEventWrite = z
  .object({
    Subject: z.string().min(1).max(255),
    StartDateTime: z.iso.datetime(),
    EndDateTime: z.iso.datetime(),
    Description: z.string().max(32_000),
    ShowAs: z.enum(['Busy', 'Free']),
    WhoId: SalesforceId.optional(),
  })
  .strict();
export const SalesforceOwnerUpdate = z.object({ OwnerId: z.string().regex(/^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/, 'a Salesforce User id starts with 005') }).strict();
export const CANCELED_PREFIX = 'Canceled: ';
export const SalesforceContactCreate = z.object({ FirstName: z.string().max(40).optional(), LastName: z.string().min(1).max(80), Email: z.email() });

/** A SOQL string literal. */
export const soql = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
export const salesforceMarker = (key: string) => `[Followthrough ${key}]`;
/** Salesforce's MessageIdentifier for what Followthrough logged: the key, shaped as a Message-ID. */
export const salesforceMessageIdentifier = (key: string) => `<${key.replace(/[^A-Za-z0-9._:-]/g, '_')}@followthrough.invalid>`;

function eventBody(m: MeetingRecord, create: boolean) {
  const subject = m.cancelled ? `${CANCELED_PREFIX}${m.title}` : m.title;
  return SalesforceEventWrite.parse({
    Subject: subject.slice(0, 255),
    StartDateTime: new Date(m.start).toISOString(),
    EndDateTime: new Date(m.end).toISOString(),
    Description: `${m.body.slice(0, 31_000)}\n\n${meetingMarker(m.meetingId)}`,
    ShowAs: m.cancelled ? 'Free' : 'Busy',
    // The Event stays with the person it was written for; a reschedule does not move it.
    WhoId: create ? m.contact.id : undefined,
  });
}

export function createSalesforce(ctx: ConnectorContext): CrmConnector {
  const token = ctx.credentials?.accessToken;
  const instance = ctx.baseUrl ?? ctx.credentials?.instanceUrl;
  const v = `/services/data/${SALESFORCE_API_VERSION}`;
  const memo = ctx.memo;
  let enhancedEmail: Promise<boolean> | undefined;

  const call = <S extends z.ZodType>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, response: S, body?: unknown, query?: Record<string, string>) => {
    if (!token || !instance) throw notConnected('salesforce', 'Salesforce is not connected');
    // Without an explicit test base, only a real org host is ever called.
    if (!ctx.baseUrl && !SALESFORCE_INSTANCE.test(instance)) {
      throw notConnected('salesforce', 'the Salesforce instance URL is not a *.my.salesforce.com address', words('crm_salesforce_bad_instance'));
    }
    return callJson({
      crm: 'salesforce',
      method,
      url: apiUrl(instance, path, query),
      headers: { Authorization: `Bearer ${token}` },
      body,
      response,
      fetch: ctx.fetch,
      now: ctx.now,
      timeoutMs: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets: [token, ctx.credentials?.refreshToken ?? ''],
      rateLimit: salesforceRateLimit,
    });
  };
  const query = <T extends z.ZodType>(q: string, record: T) => call('GET', `${v}/query`, Query(record), undefined, { q });

  /** Every row of a query, following nextRecordsUrl, bounded by time (a read cut short throws, never "none"). */
  async function queryAll<T extends z.ZodType>(q: string, record: T): Promise<z.output<T>[]> {
    const deadline = ctx.now() + READ_BACK_BUDGET_MS;
    let page = await query(q, record);
    const rows: z.output<T>[] = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      if (ctx.now() > deadline) throw new CrmError('salesforce', 'timeout', `Salesforce could not be read back within ${READ_BACK_BUDGET_MS / 1000} s; looking again later`, { message: words('crm_read_back_slow', { crm: 'Salesforce', seconds: READ_BACK_BUDGET_MS / 1000 }) });
      page = await call('GET', new URL(page.nextRecordsUrl, 'https://x.invalid').pathname, Query(record));
      rows.push(...page.records);
    }
    return rows;
  }

  /** Once per connection (the memo), or once per connector without one. */
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => (memo ? memo.get(`salesforce:${key}`, load) : load());

  const describeEnhancedEmail = () =>
    call('GET', `${v}/sobjects/EmailMessage/describe`, Describe).then(
      (d) => d.createable,
      (error: unknown) => {
        if (error instanceof CrmError && (error.status === 404 || error.status === 400)) return false;
        throw error;
      },
    );
  const hasEnhancedEmail = () => {
    if (memo) return once('enhancedEmail', describeEnhancedEmail);
    enhancedEmail ??= describeEnhancedEmail().catch((error: unknown) => {
      enhancedEmail = undefined;
      throw error;
    });
    return enhancedEmail;
  };

  /** The org's Task Status and Priority values, read once per connection. */
  const taskPicklists = (): Promise<TaskPicklists> =>
    once('taskPicklists', async () => {
      const statuses = (await query('SELECT ApiName, IsDefault, IsClosed FROM TaskStatus ORDER BY SortOrder', PicklistRow)).records;
      const priorities = (await query('SELECT ApiName, IsDefault FROM TaskPriority ORDER BY SortOrder', PicklistRow)).records;
      const openOnes = statuses.filter((r) => !r.IsClosed);
      const open = openOnes.find((r) => r.IsDefault) ?? openOnes[0];
      const closed = statuses.find((r) => r.IsClosed);
      if (!open || !closed)
        throw new CrmError('salesforce', 'invalid', 'Salesforce has no open and closed Task Status values to use', {
          message: words('crm_salesforce_task_status'),
          fix: words('crm_salesforce_task_status_fix'),
        }, { fix: 'Check the Task Status picklist in Salesforce Setup (it needs an open and a closed value), then retry.' });
      return { open: open.ApiName, closed: closed.ApiName, priority: (priorities.find((r) => r.IsDefault) ?? undefined)?.ApiName };
    });

  const who = (log: EmailLog) => log.contacts[0]!;
  const whatId = (log: { dealId?: string }, contact: CrmContact) => (contact.kind === 'lead' ? undefined : log.dealId);

  async function findEmailMessage(log: EmailLog): Promise<string | null> {
    const found = await query(`SELECT Id FROM EmailMessage WHERE MessageIdentifier = ${soql(salesforceMessageIdentifier(log.key))} LIMIT 1`, IdRow);
    return found.records[0]?.Id ?? null;
  }
  async function hasSenderRelation(emailId: string, contactId: string): Promise<boolean> {
    const found = await query(`SELECT Id FROM EmailMessageRelation WHERE EmailMessageId = ${soql(emailId)} AND RelationId = ${soql(contactId)} LIMIT 1`, IdRow);
    return found.records.length > 0;
  }
  const taskSubject = (log: EmailLog) => `Email: ${log.subject}`.slice(0, 255);

  /** A Task Followthrough wrote for this key: Description is not filterable, so the marker is matched here. */
  async function findMarkedTask(whoId: string | undefined, subject: string, date: string, key: string): Promise<string | null> {
    const who = whoId ? `WhoId = ${soql(whoId)}` : 'WhoId = null';
    const rows = await queryAll(`SELECT Id, Description FROM Task WHERE ${who} AND Subject = ${soql(subject)} AND ActivityDate = ${date}`, IdRow);
    return rows.find((r) => r.Description?.includes(salesforceMarker(key)))?.Id ?? null;
  }

  const connector: CrmConnector = {
    crm: 'salesforce',
    // SOQL reads the database itself: what was written is found at once.
    searchLagMs: 0,

    async verify() {
      // userinfo needs the openid (or id) scope, which a signed-in connection asks for; a pasted session
      // token may lack it (403) — then the org itself answers, which any API-enabled token may read.
      try {
        const me = await call('GET', '/services/oauth2/userinfo', UserInfo);
        return { account: `Salesforce ${me.preferred_username ?? me.name ?? me.organization_id ?? ''}`.trim() };
      } catch (error) {
        if (!(error instanceof CrmError) || (error.status !== 403 && error.status !== 404)) throw error;
      }
      const org = await query('SELECT Id, Name FROM Organization LIMIT 1', z.object({ Id: z.string(), Name: z.string().nullish() }));
      return { account: `Salesforce ${org.records[0]?.Name ?? org.records[0]?.Id ?? ''}`.trim() };
    },

    async findContact(emails) {
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => /^[^@\s]+@[^@\s]+$/.test(e)))].slice(0, 50);
      if (wanted.length === 0) return null;
      const list = wanted.map(soql).join(', ');
      const contacts = await query(`SELECT Id, Name, Email, AccountId, Account.Name, OwnerId, Owner.Name FROM Contact WHERE Email IN (${list}) LIMIT 20`, ContactRow);
      for (const e of wanted) {
        const c = contacts.records.find((r) => r.Email?.toLowerCase() === e);
        if (c) return CrmContact.parse({ id: c.Id, kind: 'contact', name: c.Name ?? e, email: e, company: c.Account?.Name ?? undefined, companyId: c.AccountId ?? undefined, ownerId: c.OwnerId ?? undefined, ownerName: c.Owner?.Name ?? undefined });
      }
      const leads = await query(`SELECT Id, Name, Email, Company, OwnerId, Owner.Name FROM Lead WHERE Email IN (${list}) AND IsConverted = false LIMIT 20`, LeadRow);
      for (const e of wanted) {
        const l = leads.records.find((r) => r.Email?.toLowerCase() === e);
        if (l) return CrmContact.parse({ id: l.Id, kind: 'lead', name: l.Name ?? e, email: e, company: l.Company ?? undefined, ownerId: l.OwnerId ?? undefined, ownerName: l.Owner?.Name ?? undefined });
      }
      return null;
    },

    async contactCard(contact) {
      let openDeals: z.infer<typeof OpportunityRow>[] = [];
      if (contact.kind === 'contact') {
        const where = contact.companyId
          ? `AccountId = ${soql(contact.companyId)}`
          : `Id IN (SELECT OpportunityId FROM OpportunityContactRole WHERE ContactId = ${soql(contact.id)})`;
        openDeals = (await query(`SELECT Id, Name, StageName, Amount, CloseDate FROM Opportunity WHERE IsClosed = false AND ${where} ORDER BY LastModifiedDate DESC LIMIT 20`, OpportunityRow)).records;
      }
      return ContactCardData.parse({
        contact,
        company: contact.company ? { id: contact.companyId, name: contact.company } : undefined,
        owner: contact.ownerName ? { id: contact.ownerId, name: contact.ownerName } : undefined,
        openDeals: openDeals.map((o) => ({ id: o.Id, name: o.Name, stage: o.StageName, amount: o.Amount ?? undefined, closeDate: o.CloseDate ?? undefined })),
      });
    },

    async findLoggedEmail(log) {
      if (await hasEnhancedEmail()) {
        const id = await findEmailMessage(log);
        if (!id || log.direction === 'outbound') return id;
        return (await hasSenderRelation(id, who(log).id)) ? id : null;
      }
      const date = new Date(log.at).toISOString().slice(0, 10);
      return findMarkedTask(who(log).id, taskSubject(log), date, log.key);
    },

    async logEmail(log) {
      const contact = who(log);
      if (await hasEnhancedEmail()) {
        // Idempotent as a whole: an EmailMessage already written for this key is reused, and only the
        // missing sender relation (inbound mail) is added.
        let id = await findEmailMessage(log);
        if (!id) {
          const body = SalesforceEmailMessageCreate.parse({
            Subject: log.subject.slice(0, 3000),
            TextBody: log.bodyText.slice(0, 131_072),
            FromAddress: log.from.email,
            FromName: log.from.name || undefined,
            ToAddress: log.to.map((p) => p.email).join('; ').slice(0, 4000),
            CcAddress: log.cc.length ? log.cc.map((p) => p.email).join('; ').slice(0, 4000) : undefined,
            MessageDate: new Date(log.at).toISOString(),
            Status: log.direction === 'outbound' ? '3' : '1',
            Incoming: log.direction === 'inbound',
            MessageIdentifier: salesforceMessageIdentifier(log.key),
            RelatedToId: whatId(log, contact),
            ToIds: log.direction === 'outbound' ? log.contacts.map((c) => c.id) : undefined,
          });
          id = (await call('POST', `${v}/sobjects/EmailMessage`, CreateResult, body)).id;
        }
        if (log.direction === 'inbound' && !(await hasSenderRelation(id, contact.id))) {
          await call('POST', `${v}/sobjects/EmailMessageRelation`, CreateResult, SalesforceRelationCreate.parse({ EmailMessageId: id, RelationId: contact.id, RelationType: 'FromAddress' }));
        }
        return { id };
      }
      const body = SalesforceTaskCreate.parse({
        Subject: taskSubject(log),
        Description: `${log.direction === 'outbound' ? 'To' : 'From'}: ${(log.direction === 'outbound' ? log.to : [log.from]).map((p) => p.email).join(', ')}\n\n${log.bodyText}`.slice(0, 31_800) + `\n\n${salesforceMarker(log.key)}`,
        ActivityDate: new Date(log.at).toISOString().slice(0, 10),
        Status: (await taskPicklists()).closed,
        TaskSubtype: 'Email',
        WhoId: contact.id,
        WhatId: whatId(log, contact),
      });
      return { id: (await call('POST', `${v}/sobjects/Task`, CreateResult, body)).id };
    },

    async findLoggedNote(note) {
      return findMarkedTask(note.contact.id, 'Note', new Date(note.at).toISOString().slice(0, 10), note.key);
    },

    async logNote(note) {
      const body = SalesforceTaskCreate.parse({
        Subject: 'Note',
        Description: `${note.body.slice(0, 31_800)}\n\n${salesforceMarker(note.key)}`,
        ActivityDate: new Date(note.at).toISOString().slice(0, 10),
        Status: (await taskPicklists()).closed,
        TaskSubtype: 'Task',
        WhoId: note.contact.id,
        WhatId: whatId(note, note.contact),
      });
      return { id: (await call('POST', `${v}/sobjects/Task`, CreateResult, body)).id };
    },

    async findTask(task: TaskInput) {
      return findMarkedTask(task.contact?.id, task.subject, new Date(task.dueAt).toISOString().slice(0, 10), task.key);
    },

    async createTask(task) {
      const picklists = await taskPicklists();
      const body = SalesforceTaskCreate.parse({
        Subject: task.subject,
        Description: `${task.body.slice(0, 31_800)}\n\n${salesforceMarker(task.key)}`,
        ActivityDate: new Date(task.dueAt).toISOString().slice(0, 10),
        Status: picklists.open,
        Priority: picklists.priority,
        TaskSubtype: 'Task',
        WhoId: task.contact?.id,
        WhatId: task.contact ? whatId(task, task.contact) : task.dealId,
      });
      return { id: (await call('POST', `${v}/sobjects/Task`, CreateResult, body)).id };
    },

    // Salesforce 2026-12-06 (REST API Developer Guide, "API Request Limits and Allocations"): no per-second
    // limit, a daily allocation per org; one SOQL query answers a whole batch (an IN list of 50 stays far
    // below the 100,000-character query limit).
    lookupLimits: { batchSize: 50, minIntervalMs: 0 },

    async lookupContacts(emails) {
      const found = new Map<string, CrmContact>();
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => /^[^@\s]+@[^@\s]+$/.test(e)))].slice(0, 50);
      if (wanted.length === 0) return found;
      const list = wanted.map(soql).join(', ');
      const contacts = await query(`SELECT Id, Name, Email, AccountId, Account.Name, OwnerId, Owner.Name FROM Contact WHERE Email IN (${list}) LIMIT 200`, ContactRow);
      for (const c of contacts.records) {
        const e = c.Email?.toLowerCase();
        if (e && !found.has(e)) found.set(e, CrmContact.parse({ id: c.Id, kind: 'contact', name: c.Name ?? e, email: e, company: c.Account?.Name ?? undefined, companyId: c.AccountId ?? undefined, ownerId: c.OwnerId ?? undefined, ownerName: c.Owner?.Name ?? undefined }));
      }
      const rest = wanted.filter((e) => !found.has(e));
      if (rest.length === 0) return found;
      const leads = await query(`SELECT Id, Name, Email, Company, OwnerId, Owner.Name FROM Lead WHERE Email IN (${rest.map(soql).join(', ')}) AND IsConverted = false LIMIT 200`, LeadRow);
      for (const l of leads.records) {
        const e = l.Email?.toLowerCase();
        if (e && !found.has(e)) found.set(e, CrmContact.parse({ id: l.Id, kind: 'lead', name: l.Name ?? e, email: e, company: l.Company ?? undefined, ownerId: l.OwnerId ?? undefined, ownerName: l.Owner?.Name ?? undefined }));
      }
      return found;
    },

    async deleteEmail(id) {
      // DELETE /sobjects/{EmailMessage|Task}/{id} → 204; the record goes to the org's Recycle Bin.
      // ENTITY_IS_DELETED / NOT_FOUND (404) mean it is gone already.
      const type = id.startsWith('02s') ? 'EmailMessage' : 'Task';
      try {
        await call('DELETE', `${v}/sobjects/${type}/${encodeURIComponent(id)}`, z.unknown());
      } catch (error) {
        if (error instanceof CrmError && error.status === 404) return;
        throw error;
      }
    },

    needs: { owner: 'the Transfer Record permission (Transfer Leads for leads)', meeting: 'the Edit Events permission', owners: 'read access to User records' },

    async setOwner(contact, ownerId) {
      const type = contact.kind === 'lead' ? 'Lead' : 'Contact';
      await call('PATCH', `${v}/sobjects/${type}/${encodeURIComponent(contact.id)}`, z.unknown(), SalesforceOwnerUpdate.parse({ OwnerId: ownerId }));
    },

    async listOwners() {
      const rows = await queryAll("SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' ORDER BY Name LIMIT 2000", UserRow);
      return rows.map((u) => CrmOwner.parse({ id: u.Id, name: u.Name || u.Email || u.Id, email: u.Email ?? undefined }));
    },

    async findMeeting(meeting) {
      const marker = meetingMarker(meeting.meetingId);
      const rows = await queryAll(`SELECT Id, Description FROM Event WHERE WhoId = ${soql(meeting.contact.id)}`, IdRow);
      return rows.find((r) => r.Description?.includes(marker))?.Id ?? null;
    },

    async createMeeting(meeting) {
      return { id: (await call('POST', `${v}/sobjects/Event`, CreateResult, eventBody(meeting, true))).id };
    },

    async updateMeeting(id, meeting) {
      try {
        await call('PATCH', `${v}/sobjects/Event/${encodeURIComponent(id)}`, z.unknown(), eventBody(meeting, false));
        return 'updated';
      } catch (error) {
        // ENTITY_IS_DELETED / NOT_FOUND: the Event was deleted in Salesforce.
        if (error instanceof CrmError && error.status === 404) return 'gone';
        throw error;
      }
    },

    async createContact(input) {
      const parts = input.name.trim().split(/\s+/).filter(Boolean);
      const last = parts.length ? parts.at(-1)! : input.email.split('@')[0]!;
      const body = SalesforceContactCreate.parse({ FirstName: parts.slice(0, -1).join(' ').slice(0, 40) || undefined, LastName: last.slice(0, 80), Email: input.email.toLowerCase() });
      const created = await call('POST', `${v}/sobjects/Contact`, CreateResult, body);
      return CrmContact.parse({ id: created.id, kind: 'contact', name: input.name || input.email, email: input.email.toLowerCase() });
    },
  };
  return connector;
}

export const salesforce: ConnectorDefinition = {
  crm: 'salesforce',
  label: CRM_LABELS.salesforce,
  apiOrigins: ['https://*.my.salesforce.com/*'],
  auth: ['oauth', 'token'],
  tokenHelp: 'Sign in with Salesforce (set up once in Options → CRM sign-in), or paste an access token with your org’s https://<domain>.my.salesforce.com address — a pasted token stops working at your org’s session timeout.',
  create: createSalesforce,
};
