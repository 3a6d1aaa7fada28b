import { bearer, json, startApiServer, type ApiAnswer, type ApiServer, type ApiServerOptions, type RecordedRequest } from './common';
import { loadContract } from './contract';

// A loopback Salesforce REST API (v62.0) with the documented shapes Followthrough relies on
// (developer.salesforce.com, read 2026-11): SOQL query (the query forms Followthrough sends, parsed with
// quoted literals and \-escapes), sobject create for Task, EmailMessage, EmailMessageRelation and Contact,
// EmailMessage describe (absent without Enhanced Email), userinfo, and the OAuth token endpoint.

export interface SfRecord {
  Id: string;
  [field: string]: unknown;
}

export interface SalesforceServer extends ApiServer {
  enhancedEmail: boolean;
  records: Record<'Contact' | 'Lead' | 'Opportunity' | 'OpportunityContactRole' | 'Task' | 'EmailMessage' | 'EmailMessageRelation' | 'Event', Map<string, SfRecord>>;
  /** Active users (who may own records): Id → name and email. */
  users: Map<string, { Name: string; Email: string }>;
  /** The connected user's permissions that gate these writes; one removed answers INSUFFICIENT_ACCESS_OR_READONLY. */
  permissions: Set<'TransferRecord' | 'TransferLeads' | 'EditEvent'>;
  addContact(c: { Name: string; Email: string; AccountId?: string; AccountName?: string; OwnerName?: string; OwnerId?: string }): string;
  addLead(l: { Name: string; Email: string; Company: string; OwnerId?: string }): string;
  addUser(u: { Name: string; Email: string }): string;
  addOpportunity(o: { Name: string; StageName: string; AccountId: string; IsClosed?: boolean; Amount?: number }): string;
  /** OAuth: the code the fake sign-in hands out, and what the token endpoint saw. */
  oauth: { code: string; tokenRequests: URLSearchParams[]; instanceUrl: string };
  /** Session tokens the API accepts; remove one to expire it. */
  tokens: Set<string>;
  /** The org's Task Status / Priority picklists (an org may rename or replace Salesforce's defaults). */
  taskStatuses: { ApiName: string; IsDefault: boolean; IsClosed: boolean }[];
  taskPriorities: { ApiName: string; IsDefault: boolean }[];
  /** The refresh token the token endpoint accepts now (rotated on every use, like External Client Apps). */
  refreshToken: string;
  /** Ids removed through DELETE, in order. */
  deleted: string[];
}

const PREFIX: Record<string, string> = { User: '005', Event: '00U', Contact: '003', Lead: '00Q', Opportunity: '006', OpportunityContactRole: '00K', Task: '00T', EmailMessage: '02s', EmailMessageRelation: '0dI', Account: '001' };

const sfError = (status: number, errorCode: string, message: string, fields: string[] = []): ApiAnswer => json(status, [{ message, errorCode, fields }]);

/** Split a SOQL statement's literals out, so the shape can be matched and the values read exactly. */
function literals(q: string): { shape: string; values: string[] } {
  const values: string[] = [];
  let shape = '';
  for (let i = 0; i < q.length; i++) {
    if (q[i] !== "'") {
      shape += q[i];
      continue;
    }
    let v = '';
    i++;
    for (; i < q.length && q[i] !== "'"; i++) {
      if (q[i] === '\\') {
        i++;
        v += q[i] ?? '';
      } else v += q[i];
    }
    if (i >= q.length) throw new Error('unterminated string literal');
    values.push(v);
    shape += '?';
  }
  return { shape: shape.replace(/\s+/g, ' ').trim(), values };
}

export async function startSalesforceServer(options: ApiServerOptions & { token?: string; enhancedEmail?: boolean } = {}): Promise<SalesforceServer> {
  const token = options.token ?? '00D5g000001abcd!AQ0AQHx.test.session.token';
  const tokens = new Set([token]);
  let refreshed = 0;
  const deleted: string[] = [];
  let seq = 0;
  const nextId = (type: string) => `${PREFIX[type] ?? '0XX'}${String(++seq).padStart(12, '0')}AAA`;
  const records: SalesforceServer['records'] = { Contact: new Map(), Lead: new Map(), Opportunity: new Map(), OpportunityContactRole: new Map(), Task: new Map(), EmailMessage: new Map(), EmailMessageRelation: new Map(), Event: new Map() };
  const DEFAULT_OWNER = '005000000000001AAA';
  const users = new Map([[DEFAULT_OWNER, { Name: 'Sam Rep', Email: 'sam@rep.example' }]]);
  const ownerOf = (r: SfRecord) => String(r.OwnerId ?? DEFAULT_OWNER);
  const ownerName = (r: SfRecord) => users.get(ownerOf(r))?.Name ?? String(r.OwnerName ?? 'Sam Rep');
  const oauth = { code: 'aPrx.test-code', tokenRequests: [] as URLSearchParams[], instanceUrl: '' };
  const attrs = (type: string, id: string) => ({ type, url: `/services/data/v62.0/sobjects/${type}/${id}` });
  const result = (type: string, rows: SfRecord[], pick: (r: SfRecord) => Record<string, unknown>, limit: number) =>
    json(200, { totalSize: Math.min(rows.length, limit), done: true, records: rows.slice(0, limit).map((r) => ({ attributes: attrs(type, r.Id), ...pick(r) })) });
  const ref = (name: unknown) => (name ? { attributes: { type: 'Name' }, Name: name } : null);

  const query = (q: string): ApiAnswer => {
    let parsed;
    try {
      parsed = literals(q);
    } catch (error) {
      return sfError(400, 'MALFORMED_QUERY', String(error));
    }
    const { shape, values } = parsed;
    const lower = (s: string) => s.toLowerCase();
    let m: RegExpExecArray | null;
    if ((m = /^SELECT Id, Name, Email, AccountId, Account\.Name, OwnerId, Owner\.Name FROM Contact WHERE Email IN \(([?, ]+)\) LIMIT (\d+)$/.exec(shape))) {
      const wanted = new Set(values.map(lower));
      return result('Contact', [...records.Contact.values()].filter((c) => wanted.has(lower(String(c.Email)))), (c) => ({ Id: c.Id, Name: c.Name, Email: c.Email, AccountId: c.AccountId ?? null, Account: ref(c.AccountName), OwnerId: ownerOf(c), Owner: ref(c.OwnerId ? ownerName(c) : (c.OwnerName ?? 'Sam Rep')) }), Number(m[2]));
    }
    if ((m = /^SELECT Id, Name, Email, Company, OwnerId, Owner\.Name FROM Lead WHERE Email IN \(([?, ]+)\) AND IsConverted = false LIMIT (\d+)$/.exec(shape))) {
      const wanted = new Set(values.map(lower));
      return result('Lead', [...records.Lead.values()].filter((c) => wanted.has(lower(String(c.Email)))), (c) => ({ Id: c.Id, Name: c.Name, Email: c.Email, Company: c.Company, OwnerId: ownerOf(c), Owner: ref(ownerName(c)) }), Number(m[2]));
    }
    if ((m = /^SELECT Id, Name, StageName, Amount, CloseDate FROM Opportunity WHERE IsClosed = false AND (AccountId = \?|Id IN \(SELECT OpportunityId FROM OpportunityContactRole WHERE ContactId = \?\)) ORDER BY LastModifiedDate DESC LIMIT (\d+)$/.exec(shape))) {
      const byAccount = m[1]!.startsWith('AccountId');
      const rows = [...records.Opportunity.values()].filter((o) => !o.IsClosed && (byAccount ? o.AccountId === values[0] : [...records.OpportunityContactRole.values()].some((r) => r.OpportunityId === o.Id && r.ContactId === values[0])));
      return result('Opportunity', rows, (o) => ({ Id: o.Id, Name: o.Name, StageName: o.StageName, Amount: o.Amount ?? null, CloseDate: o.CloseDate ?? null }), Number(m[2]));
    }
    if (/^SELECT Id FROM EmailMessage WHERE MessageIdentifier = \? LIMIT 1$/.test(shape)) {
      if (!server.enhancedEmail) return sfError(400, 'INVALID_TYPE', "sObject type 'EmailMessage' is not supported.");
      return result('EmailMessage', [...records.EmailMessage.values()].filter((e) => e.MessageIdentifier === values[0]), (e) => ({ Id: e.Id }), 1);
    }
    if (/^SELECT Id FROM EmailMessageRelation WHERE EmailMessageId = \? AND RelationId = \? LIMIT 1$/.test(shape)) {
      return result('EmailMessageRelation', [...records.EmailMessageRelation.values()].filter((r) => r.EmailMessageId === values[0] && r.RelationId === values[1]), (r) => ({ Id: r.Id }), 1);
    }
    if ((m = /^SELECT Id, Description FROM Task WHERE WhoId = (\?|null) AND Subject = \? AND ActivityDate = (\d{4}-\d{2}-\d{2})(?: LIMIT (\d+))?$/.exec(shape))) {
      const byWho = m[1] === '?';
      const subject = byWho ? values[1] : values[0];
      const rows = [...records.Task.values()].filter((t) => (byWho ? t.WhoId === values[0] : t.WhoId === undefined) && t.Subject === subject && t.ActivityDate === m![2]);
      return result('Task', rows, (t) => ({ Id: t.Id, Description: t.Description ?? null }), m[3] ? Number(m[3]) : 2000);
    }
    if (/^SELECT Id, Description FROM Event WHERE WhoId = \?$/.test(shape)) {
      return result('Event', [...records.Event.values()].filter((e) => e.WhoId === values[0]), (e) => ({ Id: e.Id, Description: e.Description ?? null }), 2000);
    }
    if (/^SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = \? ORDER BY Name LIMIT (\d+)$/.test(shape) && values[0] === 'Standard') {
      const rows = [...users.entries()].map(([Id, u]) => ({ Id, ...u })).sort((a, b) => a.Name.localeCompare(b.Name));
      return result('User', rows, (u) => ({ Id: u.Id, Name: u.Name, Email: u.Email }), 2000);
    }
    // The org's Task picklists (TaskStatus / TaskPriority objects, Object Reference): per-org values.
    if (shape === 'SELECT ApiName, IsDefault, IsClosed FROM TaskStatus ORDER BY SortOrder') {
      return json(200, { totalSize: server.taskStatuses.length, done: true, records: server.taskStatuses.map((t) => ({ attributes: { type: 'TaskStatus' }, ApiName: t.ApiName, IsDefault: t.IsDefault, IsClosed: t.IsClosed })) });
    }
    if (shape === 'SELECT ApiName, IsDefault FROM TaskPriority ORDER BY SortOrder') {
      return json(200, { totalSize: server.taskPriorities.length, done: true, records: server.taskPriorities.map((t) => ({ attributes: { type: 'TaskPriority' }, ApiName: t.ApiName, IsDefault: t.IsDefault })) });
    }
    if (shape === 'SELECT Id, Name FROM Organization LIMIT 1') {
      return json(200, { totalSize: 1, done: true, records: [{ attributes: { type: 'Organization' }, Id: '00D5g000001abcdEAA', Name: 'Acme Test Org' }] });
    }
    return sfError(400, 'MALFORMED_QUERY', `unexpected query: ${shape}`);
  };

  const isId = (v: unknown, type?: string) => typeof v === 'string' && /^[a-zA-Z0-9]{18}$/.test(v) && (!type || v.startsWith(PREFIX[type]!));
  const exists = (id: unknown) => Object.values(records).some((m) => m.has(String(id)));

  // Event fields Followthrough writes (Object Reference "Event", read 2026-12-06).
  const eventError = (body: Record<string, unknown>): ApiAnswer | undefined => {
    if (!server.permissions.has('EditEvent')) return sfError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
    if (typeof body.Subject === 'string' && body.Subject.length > 255) return sfError(400, 'STRING_TOO_LONG', 'Subject: data value too large', ['Subject']);
    if (typeof body.Description === 'string' && body.Description.length > 32_000) return sfError(400, 'STRING_TOO_LONG', 'Description: data value too large', ['Description']);
    for (const f of ['StartDateTime', 'EndDateTime'] as const) if (body[f] !== undefined && Number.isNaN(Date.parse(String(body[f])))) return sfError(400, 'INVALID_FIELD', `${f}: not a dateTime`, [f]);
    if (body.ShowAs !== undefined && !['Busy', 'OutOfOffice', 'Free', 'WorkingElsewhere'].includes(String(body.ShowAs))) return sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'ShowAs: bad value for restricted picklist field', ['ShowAs']);
    if (body.StartDateTime && body.EndDateTime && Date.parse(String(body.EndDateTime)) < Date.parse(String(body.StartDateTime))) return sfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'End Date Time cannot be before Start Date Time', ['EndDateTime']);
    return undefined;
  };

  // PATCH /sobjects/{type}/{id} (REST API "Update a Record"): 204 with no body.
  const updateRecord = (type: string, id: string, body: Record<string, unknown>): ApiAnswer => {
    const table = records[type as 'Contact'];
    if (!table) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const row = table.get(id);
    if (!row) return sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    if (body.OwnerId !== undefined) {
      if (!users.has(String(body.OwnerId))) return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'Owner ID: owner cannot be blank', ['OwnerId']);
      const needed = type === 'Lead' ? 'TransferLeads' : 'TransferRecord';
      if (!server.permissions.has(needed)) return sfError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
    }
    if (type === 'Event') {
      const bad = eventError(body);
      if (bad) return bad;
      if (body.WhoId !== undefined && !exists(body.WhoId)) return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['WhoId']);
    }
    Object.assign(row, body);
    return { status: 204 };
  };

  const createRecord = (type: string, body: Record<string, unknown>): ApiAnswer => {
    if (type === 'Task') {
      if (typeof body.Subject === 'string' && body.Subject.length > 255) return sfError(400, 'STRING_TOO_LONG', 'Subject: data value too large', ['Subject']);
      if (typeof body.Description === 'string' && body.Description.length > 32_000) return sfError(400, 'STRING_TOO_LONG', 'Description: data value too large', ['Description']);
      if (body.WhoId !== undefined && !exists(body.WhoId)) return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['WhoId']);
      if (body.WhatId !== undefined && String(body.WhoId ?? '').startsWith('00Q')) return sfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Lead/Contact ID: id value of incorrect type', ['WhatId']);
      if (body.ActivityDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.ActivityDate))) return sfError(400, 'INVALID_FIELD', 'ActivityDate: not a date', ['ActivityDate']);
      if (body.Status !== undefined && !server.taskStatuses.some((t) => t.ApiName === body.Status)) return sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Status: bad value for restricted picklist field: ${String(body.Status)}`, ['Status']);
      if (body.Priority !== undefined && !server.taskPriorities.some((t) => t.ApiName === body.Priority)) return sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Priority: bad value for restricted picklist field: ${String(body.Priority)}`, ['Priority']);
    } else if (type === 'EmailMessage') {
      if (!server.enhancedEmail) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (!['0', '1', '2', '3', '4', '5'].includes(String(body.Status))) return sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'Status: bad value for restricted picklist field', ['Status']);
      for (const id of (body.ToIds as unknown[] | undefined) ?? []) if (!exists(id)) return sfError(400, 'INVALID_ID_FIELD', 'ToIds: invalid id', ['ToIds']);
      if (body.RelatedToId !== undefined && !exists(body.RelatedToId)) return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['RelatedToId']);
    } else if (type === 'EmailMessageRelation') {
      if (!isId(body.EmailMessageId, 'EmailMessage') || !records.EmailMessage.has(String(body.EmailMessageId))) return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['EmailMessageId']);
      if (!['ToAddress', 'CcAddress', 'BccAddress', 'FromAddress'].includes(String(body.RelationType))) return sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'RelationType: bad value', ['RelationType']);
    } else if (type === 'Event') {
      const bad = eventError(body);
      if (bad) return bad;
      if (!body.StartDateTime || (!body.EndDateTime && body.DurationInMinutes === undefined)) return sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [DurationInMinutes]', ['DurationInMinutes']);
      if (body.WhoId !== undefined && !exists(body.WhoId)) return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['WhoId']);
    } else if (type === 'Contact') {
      if (typeof body.LastName !== 'string' || !body.LastName) return sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', ['LastName']);
      body.Name = [body.FirstName, body.LastName].filter(Boolean).join(' ');
    } else {
      return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    const id = nextId(type);
    records[type as 'Task'].set(id, { ...body, Id: id });
    return json(201, { id, success: true, errors: [] });
  };

  const route = (req: RecordedRequest): ApiAnswer => {
    const { method, path } = req;
    if (method === 'POST' && path === '/services/oauth2/token') {
      const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
      oauth.tokenRequests.push(form);
      if (form.get('grant_type') === 'refresh_token') {
        if (form.get('refresh_token') !== server.refreshToken) return json(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
        const fresh = `00D5g000001abcd!REFRESHED.${++refreshed}.session`;
        tokens.add(fresh);
        // Refresh-token rotation: the old refresh token stops working, the answer carries the new one.
        server.refreshToken = `5Aep861.rotated-refresh-token-${refreshed}`;
        return json(200, { access_token: fresh, refresh_token: server.refreshToken, instance_url: oauth.instanceUrl || server.origin, id: 'https://login.salesforce.com/id/00D/005', token_type: 'Bearer', issued_at: '1764072000000', signature: 'sig' });
      }
      if (form.get('grant_type') !== 'authorization_code' || form.get('code') !== oauth.code || !form.get('code_verifier')) {
        return json(400, { error: 'invalid_grant', error_description: 'authentication failure' });
      }
      return json(200, { access_token: token, refresh_token: server.refreshToken, instance_url: oauth.instanceUrl || server.origin, id: 'https://login.salesforce.com/id/00D/005', token_type: 'Bearer', issued_at: '1764072000000', signature: 'sig' });
    }
    if (!tokens.has(bearer(req) ?? '')) return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (method === 'GET' && path === '/services/oauth2/userinfo') return json(200, { user_id: '005000000000001AAA', organization_id: '00D5g000001abcdEAA', preferred_username: 'sam@rep.example', name: 'Sam Rep', email: 'sam@rep.example' });
    if (method === 'GET' && path === '/services/data/v62.0/query') return query(req.query.q ?? '');
    if (method === 'GET' && path === '/services/data/v62.0/sobjects/EmailMessage/describe') {
      return server.enhancedEmail ? json(200, { name: 'EmailMessage', label: 'Email Message', createable: true, queryable: true, fields: [] }) : sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    let m: RegExpExecArray | null;
    if (method === 'PATCH' && (m = /^\/services\/data\/v62\.0\/sobjects\/(Contact|Lead|Event)\/(\w+)$/.exec(path))) return updateRecord(m[1]!, m[2]!, { ...(req.body as Record<string, unknown>) });
    if (method === 'POST' && (m = /^\/services\/data\/v62\.0\/sobjects\/(\w+)$/.exec(path))) return createRecord(m[1]!, { ...(req.body as Record<string, unknown>) });
    // DELETE /sobjects/{type}/{id}: 204 with no body; a record already deleted answers 404 ENTITY_IS_DELETED.
    if (method === 'DELETE' && (m = /^\/services\/data\/v62\.0\/sobjects\/(Task|EmailMessage)\/(\w+)$/.exec(path))) {
      const table = records[m[1] as 'Task'];
      if (!isId(m[2], m[1])) return sfError(400, 'MALFORMED_ID', `malformed id ${m[2]}`);
      if (!table.delete(m[2]!)) return sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
      if (m[1] === 'EmailMessage') for (const [id, r] of records.EmailMessageRelation) if (r.EmailMessageId === m[2]) records.EmailMessageRelation.delete(id);
      deleted.push(m[2]!);
      return { status: 204 };
    }
    return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  };

  // Events and owner changes are checked against Followthrough's transcription of the Object Reference
  // (test/fixtures/crm-specs/salesforce/, see its README); the other calls are not checked yet.
  const check = await loadContract([{ name: 'Salesforce REST v62.0 (Event, owner)', file: 'salesforce/events-owners.yaml', apiRoot: '/services/data/v62.0', partial: true }]);
  const base = await startApiServer(route, { ...options, contract: options.contract ?? { check, reject: (message) => [{ message, errorCode: 'JSON_PARSER_ERROR', fields: [] }] } });
  const server: SalesforceServer = {
    ...base,
    enhancedEmail: options.enhancedEmail ?? true,
    records,
    users,
    permissions: new Set(['TransferRecord', 'TransferLeads', 'EditEvent']),
    oauth,
    tokens,
    taskStatuses: [
      { ApiName: 'Not Started', IsDefault: true, IsClosed: false },
      { ApiName: 'In Progress', IsDefault: false, IsClosed: false },
      { ApiName: 'Completed', IsDefault: false, IsClosed: true },
    ],
    taskPriorities: [
      { ApiName: 'High', IsDefault: false },
      { ApiName: 'Normal', IsDefault: true },
      { ApiName: 'Low', IsDefault: false },
    ],
    refreshToken: '5Aep861.test-refresh-token',
    deleted,
    addContact(c) {
      const id = nextId('Contact');
      records.Contact.set(id, { Id: id, ...c });
      return id;
    },
    addUser(u) {
      // Users get their own counter: the connected user holds ...001.
      const id = `005${String(users.size + 1).padStart(12, '0')}AAA`;
      users.set(id, u);
      return id;
    },
    addLead(l) {
      const id = nextId('Lead');
      records.Lead.set(id, { Id: id, ...l });
      return id;
    },
    addOpportunity(o) {
      const id = nextId('Opportunity');
      records.Opportunity.set(id, { Id: id, IsClosed: false, CloseDate: '2026-12-31', ...o });
      return id;
    },
  };
  return server;
}
