// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { createConnectionMemo } from '@/lib/crm/connectors/types';
import { createSalesforce, salesforceMarker, salesforceMessageIdentifier, soql } from '@/lib/crm/connectors/salesforce';
import type { CrmConnector, EmailLog } from '@/lib/crm/connectors/types';
import { startSalesforceServer, type SalesforceServer } from '../server/crm-api/salesforce';

// Contract tests: the Salesforce connector against a loopback server implementing the REST API's documented
// shapes (SOQL query, sobject create, describe), asserting the exact requests it sends.

const TOKEN = '00D5g000001abcd!AQ0AQHx.test.session.token';
const NOW = 1_764_072_000_000;
let server: SalesforceServer;
let db: FollowthroughDb;
let sf: CrmConnector;

const connect = () =>
  createSalesforce({ credentials: { crm: 'salesforce', method: 'oauth', accessToken: TOKEN, instanceUrl: 'https://acme.my.salesforce.com', connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin, timeoutMs: 2_000 });

beforeEach(async () => {
  server = await startSalesforceServer({ token: TOKEN });
  db = new FollowthroughDb(`ft-sf-${Math.random().toString(36).slice(2)}`);
  sf = connect();
});
afterEach(async () => {
  await server.close();
  db.close();
  await Dexie.delete(db.name);
});

const q = (i: number) => server.requests[i]!.query.q;

const emailLog = (contactId: string, over: Partial<EmailLog> = {}): EmailLog => ({
  key: 'crm:salesforce:msg-f:77',
  messageId: 'msg-f:77',
  direction: 'outbound',
  subject: "Priya's proposal",
  bodyText: 'Attached.',
  at: Date.UTC(2026, 10, 24, 9, 0),
  from: { name: 'Sam Rep', email: 'sam@rep.example' },
  to: [{ name: 'Priya', email: 'priya@acme.example' }],
  cc: [{ name: 'Marcus', email: 'marcus@acme.example' }],
  contacts: [{ id: contactId, kind: 'contact', name: 'Priya', email: 'priya@acme.example', altEmails: [] }],
  ...over,
});

describe('Salesforce connector (REST v62.0) against its loopback API', () => {
  it('quotes SOQL literals safely', () => {
    expect(soql("o'brien\\x@a.example")).toBe("'o\\'brien\\\\x@a.example'");
  });

  it('finds a Contact by any address with one SOQL query, then a Lead when no Contact matches', async () => {
    const id = server.addContact({ Name: "Dan O'Brien", Email: "dan.o'brien@acme.example", AccountId: '001000000000009AAA', AccountName: 'Acme' });
    expect(await sf.findContact(["Dan.O'Brien@acme.example", 'other@acme.example'])).toMatchObject({ id, kind: 'contact', name: "Dan O'Brien", company: 'Acme', companyId: '001000000000009AAA', ownerName: 'Sam Rep' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/services/data/v62.0/query' });
    expect(q(0)).toBe(`SELECT Id, Name, Email, AccountId, Account.Name, OwnerId, Owner.Name FROM Contact WHERE Email IN ('dan.o\\'brien@acme.example', 'other@acme.example') LIMIT 20`);
    const lead = server.addLead({ Name: 'Lee Lead', Email: 'lee@startup.example', Company: 'Startup' });
    expect(await sf.findContact(['lee@startup.example'])).toMatchObject({ id: lead, kind: 'lead', company: 'Startup' });
    expect(q(2)).toBe(`SELECT Id, Name, Email, Company, OwnerId, Owner.Name FROM Lead WHERE Email IN ('lee@startup.example') AND IsConverted = false LIMIT 20`);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('lists the account’s open opportunities with their stages on the card', async () => {
    const id = server.addContact({ Name: 'Priya', Email: 'priya@acme.example', AccountId: '001000000000009AAA', AccountName: 'Acme' });
    const opp = server.addOpportunity({ Name: 'Fleet pilot', StageName: 'Proposal/Price Quote', AccountId: '001000000000009AAA', Amount: 48000 });
    server.addOpportunity({ Name: 'Closed', StageName: 'Closed Won', AccountId: '001000000000009AAA', IsClosed: true });
    const card = await sf.contactCard((await sf.findContact(['priya@acme.example']))!);
    expect(card).toMatchObject({ company: { name: 'Acme' }, owner: { name: 'Sam Rep' }, openDeals: [{ id: opp, name: 'Fleet pilot', stage: 'Proposal/Price Quote', amount: 48000 }] });
    expect(card.contact.id).toBe(id);
    expect(q(1)).toBe(`SELECT Id, Name, StageName, Amount, CloseDate FROM Opportunity WHERE IsClosed = false AND AccountId = '001000000000009AAA' ORDER BY LastModifiedDate DESC LIMIT 20`);
  });

  it('with Enhanced Email, logs an EmailMessage related to the contact (ToIds) and opportunity, once', async () => {
    const id = server.addContact({ Name: 'Priya', Email: 'priya@acme.example', AccountId: '001000000000009AAA' });
    const opp = server.addOpportunity({ Name: 'Pilot', StageName: 'Prospecting', AccountId: '001000000000009AAA' });
    const log = emailLog(id, { dealId: opp });
    expect(await sf.findLoggedEmail(log)).toBeNull();
    const { id: emailId } = await sf.logEmail(log);
    const create = server.requests.find((r) => r.method === 'POST')!;
    expect(create.path).toBe('/services/data/v62.0/sobjects/EmailMessage');
    expect(create.body).toEqual({
      Subject: "Priya's proposal",
      TextBody: 'Attached.',
      FromAddress: 'sam@rep.example',
      FromName: 'Sam Rep',
      ToAddress: 'priya@acme.example',
      CcAddress: 'marcus@acme.example',
      MessageDate: '2026-11-24T09:00:00.000Z',
      Status: '3',
      Incoming: false,
      MessageIdentifier: salesforceMessageIdentifier(log.key),
      RelatedToId: opp,
      ToIds: [id],
    });
    expect(await sf.findLoggedEmail(log)).toBe(emailId);
    // Logging again reuses the EmailMessage: no second write.
    await sf.logEmail(log);
    expect(server.records.EmailMessage.size).toBe(1);
  });

  it('inbound mail relates the sender with an EmailMessageRelation (FromAddress)', async () => {
    const id = server.addContact({ Name: 'Priya', Email: 'priya@acme.example' });
    const log = emailLog(id, { direction: 'inbound', from: { name: 'Priya', email: 'priya@acme.example' }, to: [{ name: 'Sam', email: 'sam@rep.example' }] });
    const { id: emailId } = await sf.logEmail(log);
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.path)).toEqual(['/services/data/v62.0/sobjects/EmailMessage', '/services/data/v62.0/sobjects/EmailMessageRelation']);
    expect(posts[0]!.body).toMatchObject({ Status: '1', Incoming: true });
    expect(posts[0]!.body).not.toHaveProperty('ToIds');
    expect(posts[1]!.body).toEqual({ EmailMessageId: emailId, RelationId: id, RelationType: 'FromAddress' });
    expect(await sf.findLoggedEmail(log)).toBe(emailId);
  });

  it('without Enhanced Email, logs a completed Email Task with WhoId/WhatId and finds it by its marker', async () => {
    server.enhancedEmail = false;
    const id = server.addContact({ Name: 'Priya', Email: 'priya@acme.example', AccountId: '001000000000009AAA' });
    const opp = server.addOpportunity({ Name: 'Pilot', StageName: 'Prospecting', AccountId: '001000000000009AAA' });
    const log = emailLog(id, { dealId: opp });
    expect(await sf.findLoggedEmail(log)).toBeNull();
    expect(server.requests[0]).toMatchObject({ path: '/services/data/v62.0/sobjects/EmailMessage/describe' });
    const { id: taskId } = await sf.logEmail(log);
    const post = server.requests.at(-1)!;
    expect(post.path).toBe('/services/data/v62.0/sobjects/Task');
    expect(post.body).toEqual({
      Subject: "Email: Priya's proposal",
      Description: `To: priya@acme.example\n\nAttached.\n\n${salesforceMarker(log.key)}`,
      ActivityDate: '2026-11-24',
      Status: 'Completed',
      TaskSubtype: 'Email',
      WhoId: id,
      WhatId: opp,
    });
    expect(await sf.findLoggedEmail(log)).toBe(taskId);
    expect(q(server.requests.length - 1)).toBe(`SELECT Id, Description FROM Task WHERE WhoId = '${id}' AND Subject = 'Email: Priya\\'s proposal' AND ActivityDate = 2026-11-24`);
  });

  it('never sets WhatId on a Lead’s task, and creates tasks and contacts', async () => {
    server.enhancedEmail = false;
    const lead = server.addLead({ Name: 'Lee', Email: 'lee@startup.example', Company: 'Startup' });
    const contact = (await sf.findContact(['lee@startup.example']))!;
    await sf.logEmail(emailLog(lead, { contacts: [contact], dealId: '006000000000001AAA' }));
    expect(server.requests.at(-1)!.body).not.toHaveProperty('WhatId');
    await sf.createTask({ key: 't1', subject: 'Call Lee', body: 'about pricing', dueAt: Date.UTC(2026, 11, 2), contact });
    expect(server.requests.at(-1)).toMatchObject({ path: '/services/data/v62.0/sobjects/Task', body: { Subject: 'Call Lee', Status: 'Not Started', Priority: 'Normal', TaskSubtype: 'Task', ActivityDate: '2026-12-02', WhoId: lead } });
    const created = await sf.createContact({ email: 'Ann.Lee@acme.example', name: 'Ann Lee' });
    expect(server.requests.at(-1)).toMatchObject({ path: '/services/data/v62.0/sobjects/Contact', body: { FirstName: 'Ann', LastName: 'Lee', Email: 'ann.lee@acme.example' } });
    expect(created.id).toMatch(/^003/);
  });

  it('refuses an instance URL that is not a Salesforce org host when no test base URL is given', async () => {
    const calls: string[] = [];
    const evil = createSalesforce({ credentials: { crm: 'salesforce', method: 'token', accessToken: TOKEN, instanceUrl: 'https://evil.example', connectedAt: 0 }, fetch: async (u) => (calls.push(u), new Response('{}')), now: () => NOW, db });
    await expect(evil.verify()).rejects.toMatchObject({ code: 'not_connected' });
    expect(calls).toEqual([]);
    const real = createSalesforce({ credentials: { crm: 'salesforce', method: 'token', accessToken: TOKEN, instanceUrl: 'https://acme.my.salesforce.com', connectedAt: 0 }, fetch: async (u) => (calls.push(u), new Response('{"name":"x"}')), now: () => NOW, db });
    await real.verify();
    expect(calls).toEqual(['https://acme.my.salesforce.com/services/oauth2/userinfo']);
  });

  it('an expired session is a permanent auth error; the daily API limit is a wait, not a failure', async () => {
    const expired = createSalesforce({ credentials: { crm: 'salesforce', method: 'oauth', accessToken: '00D5g000001abcd!EXPIRED.token.value', instanceUrl: 'https://acme.my.salesforce.com', connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin });
    const error = (await expired.verify().catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(/INVALID_SESSION_ID/);
    expect(error.message).not.toContain('EXPIRED.token');
    server.faults.push(() => ({ kind: 'status', status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] }));
    await expect(sf.findContact(['a@b.example'])).rejects.toMatchObject({ code: 'rate_limited', permanent: false });
  });
});

describe('Salesforce per-org Task picklists, per-connection describe, verify without openid, limits', () => {
  it('writes the org’s own Task Status and Priority values, read once per connection — not per row, not guessed', async () => {
    // An org that renamed Salesforce's defaults: its open status is "Open", its closed one "Done", priority "P2".
    server.taskStatuses = [
      { ApiName: 'Open', IsDefault: true, IsClosed: false },
      { ApiName: 'Waiting', IsDefault: false, IsClosed: false },
      { ApiName: 'Done', IsDefault: false, IsClosed: true },
    ];
    server.taskPriorities = [
      { ApiName: 'P1', IsDefault: false },
      { ApiName: 'P2', IsDefault: true },
    ];
    server.enhancedEmail = false;
    const memo = createConnectionMemo();
    // A fresh connector per row, as the sync makes them, sharing the connection's memo.
    const perRow = () => createSalesforce({ credentials: { crm: 'salesforce', method: 'oauth', accessToken: TOKEN, instanceUrl: 'https://acme.my.salesforce.com', connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin, memo });
    const id = server.addContact({ Name: 'Priya Raman', Email: 'priya@acme.example' });
    const contact = (await perRow().findContact(['priya@acme.example']))!;
    for (let i = 0; i < 3; i++) {
      await perRow().createTask({ key: `t${i}`, subject: `Call ${i}`, body: '', dueAt: Date.UTC(2026, 11, 2), contact });
      await perRow().logEmail(emailLog(id, { key: `k${i}`, contacts: [contact] }));
    }
    const tasks = [...server.records.Task.values()];
    expect(tasks.filter((t) => String(t.Subject).startsWith('Call')).map((t) => [t.Status, t.Priority])).toEqual([
      ['Open', 'P2'],
      ['Open', 'P2'],
      ['Open', 'P2'],
    ]);
    expect(tasks.filter((t) => String(t.Subject).startsWith('Email')).every((t) => t.Status === 'Done')).toBe(true);
    const picklistReads = server.requests.filter((r) => /FROM Task(Status|Priority)/.test(r.query.q ?? ''));
    expect(picklistReads).toHaveLength(2); // one TaskStatus, one TaskPriority, for six rows
    expect(server.requests.filter((r) => r.path.endsWith('/EmailMessage/describe'))).toHaveLength(1);
  });

  it('a hard-coded status the org does not have would be refused by the org (the fake enforces the picklist)', async () => {
    const id = server.addContact({ Name: 'P', Email: 'p@acme.example' });
    const res = await fetch(`${server.origin}/services/data/v62.0/sobjects/Task`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ Subject: 'x', Status: 'Not a status', WhoId: id }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([expect.objectContaining({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' })]);
  });

  it('finds a task it created by its marker, so a lost answer is not created twice', async () => {
    const id = server.addContact({ Name: 'P', Email: 'p@acme.example' });
    const contact = (await sf.findContact(['p@acme.example']))!;
    const task = { key: 'crm:salesforce:task:a1', subject: 'Call back', body: 'pricing', dueAt: Date.UTC(2026, 11, 2), contact };
    expect(await sf.findTask(task)).toBeNull();
    const { id: created } = await sf.createTask(task);
    expect(await sf.findTask(task)).toBe(created);
    expect(await sf.findTask({ ...task, key: 'crm:salesforce:task:other' })).toBeNull();
    expect(id).toMatch(/^003/);
  });

  it('verify() names the account from userinfo (openid scope); a token without it falls back to the Organization', async () => {
    expect(await sf.verify()).toEqual({ account: 'Salesforce sam@rep.example' });
    server.faults.push((req) => (req.path === '/services/oauth2/userinfo' ? { kind: 'status', status: 403, body: [{ message: 'Bad_OAuth_Token', errorCode: 'FORBIDDEN' }] } : undefined));
    expect(await sf.verify()).toEqual({ account: 'Salesforce Acme Test Org' });
  });

  it('REQUEST_LIMIT_EXCEEDED (TotalRequests) is a daily wait with a time; a concurrency refusal a short one', async () => {
    server.faults.push(() => ({ kind: 'status', status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] }));
    const daily = (await sf.findContact(['a@b.example']).catch((e: unknown) => e)) as { limit?: { scope: string; until: number }; code: string };
    expect(daily).toMatchObject({ code: 'rate_limited' });
    expect(daily.limit).toMatchObject({ scope: 'budget', until: NOW + 60 * 60_000 });
    server.faults.length = 0;
    server.faults.push(() => ({ kind: 'status', status: 403, body: [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] }));
    const burst = (await sf.findContact(['a@b.example']).catch((e: unknown) => e)) as { limit?: { scope: string; until: number } };
    expect(burst.limit).toMatchObject({ scope: 'burst', until: NOW + 30_000 });
  });
});
