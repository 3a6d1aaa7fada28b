// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactEmails, FollowthroughDb } from '@/lib/db';
import type { Activity } from '@/lib/records';
import { SettingsStore } from '@/lib/settings';
import { CredentialStore } from '@/lib/crm/auth';
import { CrmSync } from '@/lib/crm/sync';
import { memoryArea } from '../support/background';
import type { ApiServer } from '../server/crm-api/common';
import { dailyBudgetSpent, nextUtcMidnight, startPipedriveServer, type PipedriveServer } from '../server/crm-api/pipedrive';
import { startSalesforceServer, type SalesforceServer } from '../server/crm-api/salesforce';

// The same sync guarantees for Pipedrive and Salesforce (with and without Enhanced Email): writes whose
// answer was lost are found by the CRM's own records (markers, MessageIdentifier) before any second write.

const START = 1_764_072_000_000;
const OWN = 'rep.example';
const N = 40;

type Setup = { name: string; crm: 'pipedrive' | 'salesforce'; token: string; start: () => Promise<ApiServer>; addContact: (s: ApiServer, email: string) => void; written: (s: ApiServer) => { subject: string }[]; writePath: RegExp };

const setups: Setup[] = [
  {
    name: 'Pipedrive',
    crm: 'pipedrive',
    token: '0123456789abcdef0123456789abcdef01234567',
    start: () => startPipedriveServer({ token: '0123456789abcdef0123456789abcdef01234567' }),
    addContact: (s, email) => void (s as PipedriveServer).addPerson({ name: 'P', emails: [email] }),
    written: (s) => [...(s as PipedriveServer).activities.values()].map((a) => ({ subject: a.subject })),
    writePath: /^\/api\/v2\/activities$/,
  },
  {
    name: 'Salesforce with Enhanced Email',
    crm: 'salesforce',
    token: '00D5g000001abcd!AQ0AQHx.test.session.token',
    start: () => startSalesforceServer({ enhancedEmail: true }),
    addContact: (s, email) => void (s as SalesforceServer).addContact({ Name: 'P', Email: email }),
    written: (s) => [...(s as SalesforceServer).records.EmailMessage.values()].map((e) => ({ subject: String(e.Subject) })),
    writePath: /\/sobjects\/EmailMessage$/,
  },
  {
    name: 'Salesforce without Enhanced Email (Tasks)',
    crm: 'salesforce',
    token: '00D5g000001abcd!AQ0AQHx.test.session.token',
    start: () => startSalesforceServer({ enhancedEmail: false }),
    addContact: (s, email) => void (s as SalesforceServer).addContact({ Name: 'P', Email: email }),
    written: (s) => [...(s as SalesforceServer).records.Task.values()].map((t) => ({ subject: String(t.Subject).replace(/^Email: /, '') })),
    writePath: /\/sobjects\/Task$/,
  },
];

let db: FollowthroughDb;
let clock: number;
beforeEach(async () => {
  clock = START;
  db = new FollowthroughDb(`ft-crms-${Math.random().toString(36).slice(2)}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe.each(setups)('$name: every log once through dropped answers, 5xx and 429', (setup) => {
  it(`${N} logs, none lost, none twice`, { timeout: 60_000 }, async () => {
    const server = await setup.start();
    try {
      const storage = memoryArea();
      const settings = new SettingsStore(storage);
      await settings.update({ crm: setup.crm, ownDomains: [OWN] });
      const credentials = new CredentialStore(storage);
      await credentials.set({ crm: setup.crm, method: 'token', accessToken: setup.token, instanceUrl: 'https://acme.my.salesforce.com', connectedAt: START - 1 });
      const sync = new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, random: () => 0.5, baseUrls: { [setup.crm]: server.origin }, timeoutMs: 500, baseDelayMs: 1_000 });
      const activities: Activity[] = [];
      for (let i = 0; i < N; i++) {
        const email = `person${i % 5}@customer.example`;
        if (i < 5) {
          setup.addContact(server, email);
          await db.contacts.put({ id: `c${i}`, name: `Person ${i}`, email, altEmails: [], emails: contactEmails({ email }), source: 'local', createdAt: 0, updatedAt: 0 });
        }
        const id = `msg-f:${1_900_000_000_000 + i}`;
        await db.messages.put({ id, threadId: 'thread-f:1', from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'P', email }], cc: [], bcc: [], subject: `Log ${i}`, date: START - 86_400_000 + i * 60_000, bodyText: `Body ${i}`, direction: 'outbound' });
        const a: Activity = { id: `a${i}`, kind: 'email.sent', contactId: `c${i % 5}`, threadId: 'thread-f:1', messageId: id, summary: `Log ${i}`, at: START };
        await db.activities.put(a);
        activities.push(a);
      }
      let writes = 0;
      server.faults.push((req, index) => {
        const isWrite = req.method === 'POST' && setup.writePath.test(req.path);
        if (isWrite) writes++;
        if (isWrite && writes % 4 === 1) return { kind: 'drop-after-apply' };
        if (index % 13 === 5) return { kind: 'status', status: 503, body: { message: 'unavailable' } };
        if (index % 17 === 3) return { kind: 'status', status: 429, headers: { 'Retry-After': '2' }, body: { message: 'slow down' } };
        return undefined;
      });
      for (const a of activities) await sync.queueCrmSync(a);
      for (let guard = 0; guard < 2_000; guard++) {
        await sync.run();
        const next = await sync.outbox.nextDueAt();
        if (next === undefined) break;
        clock = Math.max(clock, next);
      }
      const subjects = setup.written(server).map((w) => w.subject);
      expect(subjects).toHaveLength(N);
      expect(new Set(subjects).size).toBe(N);
      expect(await sync.outbox.counts('crm.')).toEqual({ pending: 0, running: 0, done: N, failed: 0 });
      expect(writes).toBeGreaterThan(N); // answers were lost, and the check before each retry held
    } finally {
      await server.close();
    }
  });
});

describe('undo before the CRM write', () => {
  it('a log undone locally before its row ran sends nothing', async () => {
    const server = await startPipedriveServer({ token: '0123456789abcdef0123456789abcdef01234567' });
    try {
      const storage = memoryArea();
      const settings = new SettingsStore(storage);
      await settings.update({ crm: 'pipedrive', ownDomains: [OWN] });
      const credentials = new CredentialStore(storage);
      await credentials.set({ crm: 'pipedrive', method: 'token', accessToken: '0123456789abcdef0123456789abcdef01234567', connectedAt: START - 1 });
      const sync = new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, baseUrls: { pipedrive: server.origin } });
      server.addPerson({ name: 'P', emails: ['p@customer.example'] });
      await db.messages.put({ id: 'msg-f:5', threadId: 'thread-f:1', from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'P', email: 'p@customer.example' }], cc: [], bcc: [], subject: 'x', date: START, bodyText: 'y', direction: 'outbound' });
      const a: Activity = { id: 'a5', kind: 'email.sent', threadId: 'thread-f:1', messageId: 'msg-f:5', summary: 'x', at: START };
      await db.activities.put(a);
      await sync.queueCrmSync(a);
      await db.activities.delete('a5'); // the rep's Undo
      await sync.run();
      expect(server.requests).toEqual([]);
      expect(await sync.outbox.counts('crm.')).toMatchObject({ done: 1, failed: 0 });
    } finally {
      await server.close();
    }
  });
});

describe('Salesforce session renewal', () => {
  it('a 401 on an OAuth session renews it with the refresh token once, stores the new token, and the row goes through', async () => {
    const server = await startSalesforceServer({ enhancedEmail: true });
    try {
      const storage = memoryArea();
      const settings = new SettingsStore(storage);
      await settings.update({ crm: 'salesforce', ownDomains: [OWN], salesforceOAuth: { clientId: '3MVG9-key', loginUrl: 'https://login.salesforce.com' } });
      const credentials = new CredentialStore(storage);
      const expired = '00D5g000001abcd!EXPIRED.session.value';
      await credentials.set({ crm: 'salesforce', method: 'oauth', accessToken: expired, refreshToken: '5Aep861.test-refresh-token', instanceUrl: 'https://acme.my.salesforce.com', connectedAt: START - 1 });
      const sync = new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, baseUrls: { salesforce: server.origin }, salesforceLoginUrl: server.origin });
      server.addContact({ Name: 'P', Email: 'p@customer.example' });
      await db.messages.put({ id: 'msg-f:9', threadId: 'thread-f:1', from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'P', email: 'p@customer.example' }], cc: [], bcc: [], subject: 'Renewed', date: START, bodyText: 'y', direction: 'outbound' });
      const a: Activity = { id: 'a9', kind: 'email.sent', threadId: 'thread-f:1', messageId: 'msg-f:9', summary: 'x', at: START };
      await db.activities.put(a);
      await sync.queueCrmSync(a);
      await sync.run();
      expect(await sync.outbox.counts('crm.')).toMatchObject({ done: 1, failed: 0 });
      expect(server.records.EmailMessage.size).toBe(1);
      const renewed = (await credentials.get('salesforce'))!;
      expect(renewed.accessToken).toMatch(/REFRESHED/);
      // Refresh-token rotation: the new refresh token replaces the old one, which no longer works.
      expect(renewed.refreshToken).toBe(server.refreshToken);
      expect(renewed.refreshToken).not.toBe('5Aep861.test-refresh-token');
      expect(Object.fromEntries(server.oauth.tokenRequests[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: '5Aep861.test-refresh-token', client_id: '3MVG9-key' });

      // The org's session timeout ends the renewed session too: it renews again, with the rotated token.
      server.tokens.delete(renewed.accessToken);
      await db.messages.put({ id: 'msg-f:11', threadId: 'thread-f:1', from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'P', email: 'p@customer.example' }], cc: [], bcc: [], subject: 'Second session', date: START, bodyText: 'y', direction: 'outbound' });
      await db.activities.put({ ...a, id: 'a11', messageId: 'msg-f:11' });
      await sync.queueCrmSync({ ...a, id: 'a11', messageId: 'msg-f:11' });
      for (let i = 0; i < 5 && (await sync.outbox.nextDueAt()) !== undefined; i++) await sync.run();
      expect(server.records.EmailMessage.size).toBe(2);
      expect(server.oauth.tokenRequests[1]!.get('refresh_token')).toBe(renewed.refreshToken);
      expect((await credentials.get('salesforce'))!.refreshToken).toBe(server.refreshToken);

      // A refused refresh: the row stops with the fix, once.
      server.tokens.clear();
      await db.messages.put({ id: 'msg-f:10', threadId: 'thread-f:1', from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'P', email: 'p@customer.example' }], cc: [], bcc: [], subject: 'Refused', date: START, bodyText: 'y', direction: 'outbound' });
      await db.activities.put({ ...a, id: 'a10', messageId: 'msg-f:10' });
      await sync.queueCrmSync({ ...a, id: 'a10', messageId: 'msg-f:10' });
      server.faults.push((req) => (req.path === '/services/oauth2/token' ? { kind: 'status', status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } } : undefined));
      for (let i = 0; i < 5; i++) {
        await sync.run();
        const next = await sync.outbox.nextDueAt();
        if (next === undefined) break;
        clock = Math.max(clock, next);
      }
      const row = (await db.outbox.get('crm:salesforce:msg-f:10'))!;
      expect(row.status).toBe('failed');
      expect(row.lastError).toMatch(/^Reconnect Salesforce.*INVALID_SESSION_ID/);
      expect(row.lastError).not.toMatch(/REFRESHED|5Aep861/);
    } finally {
      await server.close();
    }
  });
});

describe('Pipedrive: a daily token budget spent mid-run', () => {
  const TOKEN = '0123456789abcdef0123456789abcdef01234567';
  const LOGS = 500;

  it(`${LOGS} logs under a daily-budget 429: none failed, lost or duplicated, held without requests until the reset, then sent`, { timeout: 120_000 }, async () => {
    const server = await startPipedriveServer({ token: TOKEN, now: () => clock });
    try {
      const storage = memoryArea();
      const settings = new SettingsStore(storage);
      await settings.update({ crm: 'pipedrive', ownDomains: [OWN] });
      const credentials = new CredentialStore(storage);
      await credentials.set({ crm: 'pipedrive', method: 'token', accessToken: TOKEN, connectedAt: START - 1 });
      // maxAttempts 3: a budget wait that spent attempts would fail rows within a few wake-ups.
      const options = { db, settings, credentials, state: storage, fetch: (u: string, i: RequestInit) => fetch(u, i), now: () => clock, random: () => 0.5, baseUrls: { pipedrive: server.origin }, timeoutMs: 2_000, baseDelayMs: 1_000, maxAttempts: 3 };
      const sync = new CrmSync(options);
      for (let p = 0; p < 5; p++) server.addPerson({ name: `Person ${p}`, emails: [`person${p}@customer.example`] });
      for (let i = 0; i < LOGS; i++) {
        const email = `person${i % 5}@customer.example`;
        const id = `msg-f:${1_900_000_000_000 + i}`;
        await db.messages.put({ id, threadId: `thread-f:${i}`, from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'P', email }], cc: [], bcc: [], subject: `Budget ${i}`, date: START - 3_600_000 + i, bodyText: `Body ${i}`, direction: 'outbound' });
        const a: Activity = { id: `b${i}`, kind: 'email.sent', threadId: `thread-f:${i}`, messageId: id, summary: `Budget ${i}`, at: START };
        await db.activities.put(a);
        await sync.queueCrmSync(a);
      }

      // The budget runs out after 120 activities are written; it resets at the next midnight UTC.
      let resetAt: number | undefined;
      const refused: number[] = [];
      server.faults.push(() => {
        if (resetAt === undefined && server.activities.size >= 120) resetAt = nextUtcMidnight(clock);
        if (resetAt !== undefined && clock < resetAt) {
          refused.push(clock);
          return dailyBudgetSpent(clock, resetAt);
        }
        return undefined;
      });

      let wakeUps = 0;
      let restarted = false;
      for (let guard = 0; guard < 50; guard++) {
        await sync.run();
        wakeUps++;
        const next = await sync.outbox.nextDueAt();
        if (next === undefined) break;
        if (resetAt !== undefined && !restarted) {
          // The worker dies during the wait: a new one, started before the reset, sends nothing either.
          restarted = true;
          const before = server.requests.length;
          clock = resetAt - 60_000;
          await new CrmSync(options).run();
          expect(server.requests.length).toBe(before);
        }
        clock = Math.max(clock, next);
      }

      const subjects = [...server.activities.values()].map((a) => a.subject);
      expect(subjects).toHaveLength(LOGS);
      expect(new Set(subjects).size).toBe(LOGS);
      expect(await sync.outbox.counts('crm.')).toEqual({ pending: 0, running: 0, done: LOGS, failed: 0 });
      expect(resetAt).toBeDefined();
      // One request met the spent budget; every other row waited for the reset without asking.
      expect(refused).toHaveLength(1);
      const written = [...server.activities.values()];
      expect(written.filter((a) => a.writtenAt < resetAt!)).toHaveLength(120);
      expect(written.filter((a) => a.writtenAt >= resetAt!)).toHaveLength(LOGS - 120);
      expect(wakeUps).toBeLessThan(10);
    } finally {
      await server.close();
    }
  });
});

describe('Pipedrive: the 2-second burst window', () => {
  it('100 logs against a burst limit of 10 requests per window: one 429 per window at most, none failed', { timeout: 60_000 }, async () => {
    const TOKEN = '0123456789abcdef0123456789abcdef01234567';
    const server = await startPipedriveServer({ token: TOKEN, now: () => clock });
    try {
      const storage = memoryArea();
      const settings = new SettingsStore(storage);
      await settings.update({ crm: 'pipedrive', ownDomains: [OWN] });
      const credentials = new CredentialStore(storage);
      await credentials.set({ crm: 'pipedrive', method: 'token', accessToken: TOKEN, connectedAt: START - 1 });
      const sync = new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, random: () => 0.5, baseUrls: { pipedrive: server.origin }, timeoutMs: 2_000, baseDelayMs: 1_000, maxAttempts: 2 });
      server.addPerson({ name: 'P', emails: ['p@customer.example'] });
      for (let i = 0; i < 100; i++) {
        const id = `msg-f:${1_800_000_000_000 + i}`;
        await db.messages.put({ id, threadId: `thread-f:${i}`, from: { name: 'Sam', email: `sam@${OWN}` }, to: [{ name: 'P', email: 'p@customer.example' }], cc: [], bcc: [], subject: `Burst ${i}`, date: START - 60_000, bodyText: 'b', direction: 'outbound' });
        const a: Activity = { id: `burst${i}`, kind: 'email.sent', threadId: `thread-f:${i}`, messageId: id, summary: `Burst ${i}`, at: START };
        await db.activities.put(a);
        await sync.queueCrmSync(a);
      }
      // Pipedrive's burst limit (rate-limiting page: 2-second windows), here 10 requests per window.
      const perWindow = new Map<number, number>();
      let refused = 0;
      server.faults.push(() => {
        const w = Math.floor(clock / 2_000);
        const n = (perWindow.get(w) ?? 0) + 1;
        perWindow.set(w, n);
        if (n <= 10) return undefined;
        refused++;
        const reset = String(Math.ceil(((w + 1) * 2_000 - clock) / 1_000));
        return { kind: 'status', status: 429, headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { success: false, error: 'Request over limit' } };
      });
      for (let guard = 0; guard < 200; guard++) {
        await sync.run();
        const next = await sync.outbox.nextDueAt();
        if (next === undefined) break;
        clock = Math.max(clock, next);
      }
      expect(server.activities.size).toBe(100);
      expect(await sync.outbox.counts('crm.')).toEqual({ pending: 0, running: 0, done: 100, failed: 0 });
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThanOrEqual(perWindow.size);
    } finally {
      await server.close();
    }
  });
});
