// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactEmails, FollowthroughDb } from '@/lib/db';
import type { Activity } from '@/lib/records';
import { SettingsStore } from '@/lib/settings';
import { CredentialStore } from '@/lib/crm/auth';
import { CrmSync } from '@/lib/crm/sync';
import { memoryArea } from '../support/background';
import type { ApiServer, Fault } from '../server/crm-api/common';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { startPipedriveServer, type PipedriveServer } from '../server/crm-api/pipedrive';
import { startSalesforceServer, type SalesforceServer } from '../server/crm-api/salesforce';

// Two fault runs against the loopback CRMs:
// 1. A daily API budget spent part-way through 500 logs (HubSpot's 429 with policyName DAILY, Salesforce's
//    403 REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded."): nothing fails, nothing is lost or written
//    twice, the rows keep their attempts, the CRM is barely touched while blocked, and sending resumes
//    within the hour after the budget resets.
// 2. The answer to a contact creation and to a task creation is lost (the CRM applied the write, the socket
//    closed): exactly one contact and one task exist afterwards.

const START = 1_764_072_000_000;
const OWN = 'rep.example';
const HOUR = 60 * 60_000;

let db: FollowthroughDb;
let clock: number;
beforeEach(async () => {
  clock = START;
  db = new FollowthroughDb(`ft-budget-${Math.random().toString(36).slice(2)}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const HUBSPOT_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const SF_TOKEN = '00D5g000001abcd!AQ0AQHx.test.session.token';
const PD_TOKEN = '0123456789abcdef0123456789abcdef01234567';

async function makeSync(crm: 'hubspot' | 'salesforce' | 'pipedrive', token: string, origin: string, over: { createCrmContacts?: boolean } = {}) {
  const storage = memoryArea();
  const settings = new SettingsStore(storage);
  await settings.update({ crm, ownDomains: [OWN], createCrmContacts: over.createCrmContacts ?? false });
  const credentials = new CredentialStore(storage);
  await credentials.set({ crm, method: 'token', accessToken: token, instanceUrl: 'https://acme.my.salesforce.com', connectedAt: START - 1 });
  return new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, random: () => 0.5, baseUrls: { [crm]: origin }, timeoutMs: 2_000, baseDelayMs: 1_000 });
}

async function drive(sync: CrmSync, guard = 20_000) {
  for (let i = 0; i < guard; i++) {
    await sync.run();
    const next = await sync.outbox.nextDueAt();
    if (next === undefined) return;
    clock = Math.max(clock, next);
  }
  throw new Error('the outbox never emptied');
}

type BudgetSetup = {
  name: string;
  crm: 'hubspot' | 'salesforce';
  token: string;
  start: () => Promise<ApiServer>;
  addContact: (s: ApiServer, email: string) => void;
  written: (s: ApiServer) => string[];
  writePath: RegExp;
  spent: Fault;
};

const budgetSetups: BudgetSetup[] = [
  {
    name: 'HubSpot (429, policyName DAILY)',
    crm: 'hubspot',
    token: HUBSPOT_TOKEN,
    start: () => startHubSpotServer({ now: () => clock }),
    addContact: (s, email) => void (s as HubSpotServer).addContact({ email, firstname: 'P' }),
    written: (s) => (s as HubSpotServer).emails().map((e) => e.properties.hs_email_subject!),
    writePath: /^\/crm\/v3\/objects\/emails$/,
    // HubSpot's documented 429 body for the daily limit (API usage guidelines, read 2026-12-06).
    spent: { kind: 'status', status: 429, body: { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', correlationId: 'c0a8', policyName: 'DAILY', requestId: 'r1' } },
  },
  {
    name: 'Salesforce (403 REQUEST_LIMIT_EXCEEDED)',
    crm: 'salesforce',
    token: SF_TOKEN,
    start: () => startSalesforceServer({ enhancedEmail: true, now: () => clock }),
    addContact: (s, email) => void (s as SalesforceServer).addContact({ Name: 'P', Email: email }),
    written: (s) => [...(s as SalesforceServer).records.EmailMessage.values()].map((e) => String(e.Subject)),
    writePath: /\/sobjects\/EmailMessage$/,
    // REST API Developer Guide (read 2026-12-06): the org's rolling 24-hour allowance, spent.
    spent: { kind: 'status', status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] },
  },
];

describe.each(budgetSetups)('$name: 500 logs under a spent daily budget', (setup) => {
  it('0 failed, 0 lost, 0 duplicated, no attempts spent, and sending resumes after the reset', { timeout: 240_000 }, async () => {
    const N = 500;
    const server = await setup.start();
    try {
      const sync = await makeSync(setup.crm, setup.token, server.origin);
      const activities: Activity[] = [];
      for (let i = 0; i < N; i++) {
        const email = `person${i % 10}@customer.example`;
        if (i < 10) {
          setup.addContact(server, email);
          await db.contacts.put({ id: `c${i}`, name: `Person ${i}`, email, altEmails: [], emails: contactEmails({ email }), source: 'local', createdAt: 0, updatedAt: 0 });
        }
        const id = `msg-f:${1_900_000_000_000 + i}`;
        await db.messages.put({ id, threadId: 'thread-f:1', from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'P', email }], cc: [], bcc: [], subject: `Log ${i}`, date: START - 86_400_000 + i * 60_000, bodyText: `Body ${i}`, direction: 'outbound' });
        const a: Activity = { id: `a${i}`, kind: 'email.sent', contactId: `c${i % 10}`, threadId: 'thread-f:1', messageId: id, summary: `Log ${i}`, at: START };
        await db.activities.put(a);
        activities.push(a);
      }
      // The budget runs out after 120 writes and resets 20 h 30 min later; meanwhile every call is refused.
      let writes = 0;
      let blockedFrom: number | undefined;
      const resetAt = START + 20 * HOUR + 30 * 60_000;
      const refusedWhileBlocked: number[] = [];
      server.faults.push((req) => {
        if (blockedFrom === undefined && req.method === 'POST' && setup.writePath.test(req.path) && ++writes > 120) blockedFrom = clock;
        if (blockedFrom !== undefined && clock < resetAt) {
          refusedWhileBlocked.push(clock);
          return setup.spent;
        }
        return undefined;
      });
      for (const a of activities) await sync.queueCrmSync(a);
      await drive(sync);

      const subjects = setup.written(server);
      expect(subjects).toHaveLength(N); // 0 lost
      expect(new Set(subjects).size).toBe(N); // 0 duplicated
      expect(await sync.outbox.counts('crm.')).toEqual({ pending: 0, running: 0, done: N, failed: 0 }); // 0 failed
      expect(blockedFrom).toBeDefined();
      // While blocked the CRM was looked at about once an hour, not once per row.
      const blockedHours = (resetAt - blockedFrom!) / HOUR;
      expect(refusedWhileBlocked.length).toBeLessThanOrEqual(Math.ceil(blockedHours) + 2);
      // Sending resumed within the hour after the reset.
      const firstAfter = server.requests.find((r) => r.at >= resetAt && r.method === 'POST' && setup.writePath.test(r.path));
      expect(firstAfter).toBeDefined();
      expect(firstAfter!.at - resetAt).toBeLessThanOrEqual(HOUR);
      // No row spent more than a couple of attempts on a budget it could not change.
      const rows = await db.outbox.toArray();
      expect(Math.max(...rows.map((r) => r.attempts))).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });
});

type LostSetup = {
  name: string;
  crm: 'hubspot' | 'salesforce' | 'pipedrive';
  token: string;
  start: () => Promise<ApiServer>;
  contactPath: RegExp;
  taskPath: (s: ApiServer) => RegExp;
  contactsWith: (s: ApiServer, email: string) => number;
  tasks: (s: ApiServer) => number;
};

const lostSetups: LostSetup[] = [
  {
    name: 'HubSpot',
    crm: 'hubspot',
    token: HUBSPOT_TOKEN,
    // HubSpot's search lags its writes: a lost creation is looked for only after the lag.
    start: () => startHubSpotServer({ now: () => clock, indexLagMs: 5_000 }),
    contactPath: /^\/crm\/v3\/objects\/contacts$/,
    taskPath: () => /^\/crm\/v3\/objects\/tasks$/,
    contactsWith: (s, email) => [...(s as HubSpotServer).state.objects.contacts.values()].filter((c) => c.properties.email === email).length,
    tasks: (s) => (s as HubSpotServer).state.objects.tasks.size,
  },
  {
    name: 'Pipedrive',
    crm: 'pipedrive',
    token: PD_TOKEN,
    start: () => startPipedriveServer({ token: PD_TOKEN }),
    // Pipedrive API v2 (persons and activities; v1's were taken out of support on 2026-08-01).
    contactPath: /^\/api\/v2\/persons$/,
    taskPath: () => /^\/api\/v2\/activities$/,
    contactsWith: (s, email) => [...(s as PipedriveServer).persons.values()].filter((p) => p.emails.includes(email)).length,
    tasks: (s) => [...(s as PipedriveServer).activities.values()].filter((a) => a.type === 'task').length,
  },
  {
    name: 'Salesforce',
    crm: 'salesforce',
    token: SF_TOKEN,
    start: () => startSalesforceServer({ enhancedEmail: true }),
    contactPath: /\/sobjects\/Contact$/,
    taskPath: () => /\/sobjects\/Task$/,
    contactsWith: (s, email) => [...(s as SalesforceServer).records.Contact.values()].filter((c) => c.Email === email).length,
    tasks: (s) => (s as SalesforceServer).records.Task.size,
  },
];

describe.each(lostSetups)('$name: a lost answer on contact and task creation', (setup) => {
  it('leaves exactly one contact and one task', { timeout: 60_000 }, async () => {
    const server = await setup.start();
    try {
      const sync = await makeSync(setup.crm, setup.token, server.origin, { createCrmContacts: true });
      const email = 'new.person@customer.example';
      // Each creation is applied by the CRM, then its answer is lost — the first time only.
      const lost = new Set<string>();
      server.faults.push((req) => {
        if (req.method !== 'POST') return undefined;
        const which = setup.contactPath.test(req.path) ? 'contact' : setup.taskPath(server).test(req.path) && JSON.stringify(req.body).includes('Call back') ? 'task' : undefined;
        if (!which || lost.has(which)) return undefined;
        lost.add(which);
        return { kind: 'drop-after-apply' };
      });
      await db.contacts.put({ id: 'c-new', name: 'New Person', email, altEmails: [], emails: contactEmails({ email }), source: 'local', createdAt: 0, updatedAt: 0 });
      await db.messages.put({ id: 'msg-f:77', threadId: 'thread-f:7', from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'New Person', email }], cc: [], bcc: [], subject: 'Hello', date: START, bodyText: 'Hi', direction: 'outbound' });
      const sent: Activity = { id: 'a-sent', kind: 'email.sent', contactId: 'c-new', threadId: 'thread-f:7', messageId: 'msg-f:77', summary: 'Hello', at: START };
      const task: Activity = { id: 'a-task', kind: 'task', contactId: 'c-new', summary: 'Call back about pricing', at: START + 86_400_000 };
      await db.activities.bulkPut([sent, task]);
      await sync.queueCrmSync(sent);
      await sync.queueCrmSync(task);
      await drive(sync, 500);

      expect(lost).toEqual(new Set(['contact', 'task'])); // both answers really were lost
      expect(setup.contactsWith(server, email)).toBe(1);
      expect(setup.tasks(server)).toBe(1);
      expect(await sync.outbox.counts('crm.')).toEqual({ pending: 0, running: 0, done: 2, failed: 0 });
    } finally {
      await server.close();
    }
  });
});
