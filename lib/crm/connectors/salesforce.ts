import { z } from 'zod';
import { apiUrl, callJson, CrmError, DEFAULT_TIMEOUT_MS, fixFor } from './http';
import { ContactCardData, CrmContact, type ConnectorContext, type ConnectorDefinition, type CrmConnector, type EmailLog } from './types';

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
// Authentication: OAuth 2.0 web-server flow with PKCE through identity.launchWebAuthFlow (lib/crm/auth.ts),
// which yields an access token and the org's instance URL; or an access token pasted with that URL.

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

const SalesforceId = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'not a Salesforce id');
export const SalesforceTaskCreate = z.object({
  Subject: z.string().min(1).max(255),
  Description: z.string().max(32_000),
  ActivityDate: z.iso.date(),
  Status: z.enum(['Completed', 'Not Started']),
  Priority: z.enum(['Normal', 'High', 'Low']).optional(),
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
export const SalesforceContactCreate = z.object({ FirstName: z.string().max(40).optional(), LastName: z.string().min(1).max(80), Email: z.email() });

/** A SOQL string literal. */
export const soql = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
export const salesforceMarker = (key: string) => `[Followthrough ${key}]`;
/** Salesforce's MessageIdentifier for what Followthrough logged: the key, shaped as a Message-ID. */
export const salesforceMessageIdentifier = (key: string) => `<${key.replace(/[^A-Za-z0-9._:-]/g, '_')}@followthrough.invalid>`;

export function createSalesforce(ctx: ConnectorContext): CrmConnector {
  const token = ctx.credentials?.accessToken;
  const instance = ctx.baseUrl ?? ctx.credentials?.instanceUrl;
  const v = `/services/data/${SALESFORCE_API_VERSION}`;
  let enhancedEmail: Promise<boolean> | undefined;

  const call = <S extends z.ZodType>(method: 'GET' | 'POST' | 'DELETE', path: string, response: S, body?: unknown, query?: Record<string, string>) => {
    if (!token || !instance) throw new CrmError('salesforce', 'not_connected', 'Salesforce is not connected', undefined, undefined, fixFor('salesforce', 'not_connected'));
    // Without an explicit test base, only a real org host is ever called.
    if (!ctx.baseUrl && !SALESFORCE_INSTANCE.test(instance)) {
      throw new CrmError('salesforce', 'not_connected', 'the Salesforce instance URL is not a *.my.salesforce.com address', undefined, undefined, fixFor('salesforce', 'not_connected'));
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
    });
  };
  const query = <T extends z.ZodType>(q: string, record: T) => call('GET', `${v}/query`, Query(record), undefined, { q });

  const hasEnhancedEmail = () =>
    (enhancedEmail ??= call('GET', `${v}/sobjects/EmailMessage/describe`, Describe).then(
      (d) => d.createable,
      (error: unknown) => {
        enhancedEmail = undefined;
        if (error instanceof CrmError && (error.status === 404 || error.status === 400)) return false;
        throw error;
      },
    ));

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

  const connector: CrmConnector = {
    crm: 'salesforce',
    // SOQL reads the database itself: what was written is found at once.
    searchLagMs: 0,

    async verify() {
      const me = await call('GET', '/services/oauth2/userinfo', z.object({ preferred_username: z.string().optional(), name: z.string().optional(), organization_id: z.string().optional() }));
      return { account: `Salesforce ${me.preferred_username ?? me.name ?? me.organization_id ?? ''}`.trim() };
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
      const found = await query(`SELECT Id, Description FROM Task WHERE WhoId = ${soql(who(log).id)} AND Subject = ${soql(taskSubject(log))} AND ActivityDate = ${date} LIMIT 50`, IdRow);
      return found.records.find((r) => r.Description?.includes(salesforceMarker(log.key)))?.Id ?? null;
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
        Status: 'Completed',
        TaskSubtype: 'Email',
        WhoId: contact.id,
        WhatId: whatId(log, contact),
      });
      return { id: (await call('POST', `${v}/sobjects/Task`, CreateResult, body)).id };
    },

    async findLoggedNote(note) {
      const found = await query(`SELECT Id, Description FROM Task WHERE WhoId = ${soql(note.contact.id)} AND Subject = 'Note' AND ActivityDate = ${new Date(note.at).toISOString().slice(0, 10)} LIMIT 50`, IdRow);
      return found.records.find((r) => r.Description?.includes(salesforceMarker(note.key)))?.Id ?? null;
    },

    async logNote(note) {
      const body = SalesforceTaskCreate.parse({
        Subject: 'Note',
        Description: `${note.body.slice(0, 31_800)}\n\n${salesforceMarker(note.key)}`,
        ActivityDate: new Date(note.at).toISOString().slice(0, 10),
        Status: 'Completed',
        TaskSubtype: 'Task',
        WhoId: note.contact.id,
        WhatId: whatId(note, note.contact),
      });
      return { id: (await call('POST', `${v}/sobjects/Task`, CreateResult, body)).id };
    },

    async createTask(task) {
      const body = SalesforceTaskCreate.parse({
        Subject: task.subject,
        Description: `${task.body.slice(0, 31_800)}\n\n${salesforceMarker(task.key)}`,
        ActivityDate: new Date(task.dueAt).toISOString().slice(0, 10),
        Status: 'Not Started',
        Priority: 'Normal',
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
  label: 'Salesforce',
  apiOrigins: ['https://*.my.salesforce.com/*'],
  auth: ['oauth', 'token'],
  tokenHelp: 'Sign in with Salesforce, or paste an access token with your org’s https://<domain>.my.salesforce.com address.',
  create: createSalesforce,
};
