// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { Outbox, type OutboxHandler } from '@/lib/outbox';
import { createHubSpot, hubspotRateLimit } from '@/lib/crm/connectors/hubspot';
import { createPipedrive } from '@/lib/crm/connectors/pipedrive';
import { READ_BACK_BUDGET_MS } from '@/lib/crm/connectors/http';
import type { CrmContact } from '@/lib/crm/connectors/types';
import { SettingsStore } from '@/lib/settings';
import { createSalesforceSignInStore, salesforceRedirectUrl } from '@/lib/ui/salesforce-signin-store';
import { memoryArea } from '../support/background';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { startPipedriveServer } from '../server/crm-api/pipedrive';

// The generic "wait until T without spending an attempt" outcome, each vendor's reading of its rate-limit
// answers, read-backs bounded by time (never a row count), and the Salesforce sign-in setup's validation.

const NOW = 1_764_072_000_000;
let db: FollowthroughDb;
beforeEach(async () => {
  db = new FollowthroughDb(`ft-rl-${Math.random().toString(36).slice(2)}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('outbox: a wait gives the attempt back', () => {
  it('a row that waits 30 times for a budget still has all its attempts, then runs', async () => {
    let clock = NOW;
    let calls = 0;
    const handlers: Record<string, OutboxHandler> = {
      job: async () => (++calls <= 30 ? { kind: 'wait', until: clock + 60 * 60_000, error: 'daily budget spent' } : { kind: 'done' }),
    };
    const box = new Outbox(db, { now: () => clock, handlers, maxAttempts: 3 });
    await box.enqueue('r1', 'job', {});
    for (let i = 0; i < 40; i++) {
      const report = await box.drain();
      if (report.done) break;
      expect(report).toMatchObject({ waited: 1, failed: 0 });
      const row = (await db.outbox.get('r1'))!;
      expect(row).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: clock + 60 * 60_000, lastError: 'daily budget spent' });
      clock = row.nextAttemptAt;
    }
    expect((await db.outbox.get('r1'))!.status).toBe('done');
    expect(calls).toBe(31);
  });
});

describe('HubSpot 429 policy names', () => {
  const answer = (body: unknown, headers: Record<string, string> = {}) => ({ status: 429, headers: new Headers(headers), body, text: JSON.stringify(body) });
  it('DAILY waits (hourly probe, or Retry-After when given); SECONDLY and TEN_SECONDLY_ROLLING are short bursts; anything else is left alone', () => {
    expect(hubspotRateLimit(answer({ status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' }), NOW)).toEqual({ scope: 'budget', until: NOW + 60 * 60_000, label: 'DAILY', estimated: true });
    expect(hubspotRateLimit(answer({ policyName: 'DAILY' }, { 'Retry-After': '120' }), NOW)).toEqual({ scope: 'budget', until: NOW + 120_000, label: 'DAILY' });
    expect(hubspotRateLimit(answer({ policyName: 'SECONDLY' }), NOW)).toEqual({ scope: 'burst', until: NOW + 1_000, label: 'SECONDLY' });
    expect(hubspotRateLimit(answer({ policyName: 'TEN_SECONDLY_ROLLING' }, { 'Retry-After': '3' }), NOW)).toEqual({ scope: 'burst', until: NOW + 3_000, label: 'TEN_SECONDLY_ROLLING' });
    expect(hubspotRateLimit(answer({ message: 'slow down' }), NOW)).toBeUndefined();
    expect(hubspotRateLimit({ ...answer({ policyName: 'DAILY' }), status: 400 }, NOW)).toBeUndefined();
  });

  it('the connector turns a DAILY 429 into a CrmError carrying the wait (limit), and says which budget in its message', async () => {
    const server = await startHubSpotServer({});
    try {
      server.faults.push(() => ({ kind: 'status', status: 429, body: { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' } }));
      const hs = createHubSpot({ credentials: { crm: 'hubspot', method: 'token', accessToken: server.state.token, connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin });
      const error = (await hs.findContact(['a@b.example']).catch((e: unknown) => e)) as { code: string; limit?: { scope: string; until: number }; message: string };
      expect(error).toMatchObject({ code: 'rate_limited', limit: { scope: 'budget', until: NOW + 60 * 60_000 } });
      expect(error.message).toMatch(/daily API allowance is used up \(DAILY\)/);
      // HubSpot did not say when its DAILY resets: the rep is told when it is looked at again, not a reset time.
      expect(error.message).toContain(`looking again at ${new Date(NOW + 60 * 60_000).toISOString()}`);
      expect(error.message).not.toMatch(/resets at/);
      expect(error.message).not.toContain(server.state.token);
    } finally {
      await server.close();
    }
  });
});

describe('read-backs are bounded by time, not by rows', () => {
  let server: HubSpotServer;
  beforeEach(async () => {
    server = await startHubSpotServer({});
  });
  afterEach(async () => server.close());

  it('HubSpot finds a task behind 550 others on the same contact and time (pages past 500 rows)', { timeout: 60_000 }, async () => {
    let clock = NOW;
    const hs = createHubSpot({ credentials: { crm: 'hubspot', method: 'token', accessToken: server.state.token, connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => clock, db, baseUrl: server.origin });
    const id = server.addContact({ email: 'p@acme.example', firstname: 'P' });
    const contact: CrmContact = { id, kind: 'contact', name: 'P', email: 'p@acme.example', altEmails: [] };
    const dueAt = Date.UTC(2026, 11, 2, 9);
    for (let i = 0; i < 550; i++) await hs.createTask({ key: `k${i}`, subject: `Other ${i}`, body: '', dueAt, contact });
    const task = { key: 'mine', subject: 'Call back', body: 'pricing', dueAt, contact };
    const { id: mine } = await hs.createTask(task);
    expect(await hs.findTask(task)).toBe(mine);
    const searches = server.requests.filter((r) => r.path === '/crm/v3/objects/tasks/search');
    expect(searches.length).toBeGreaterThan(5); // it paged: 100 per page
    expect(await hs.findTask({ ...task, subject: 'Nobody' })).toBeNull(); // read to the end, then "not found"

    // A read-back that runs out of time says "look again later", never "not found".
    let requests = 0;
    server.faults.push((req) => {
      if (req.path === '/crm/v3/objects/tasks/search') {
        requests++;
        clock += READ_BACK_BUDGET_MS / 2;
      }
      return undefined;
    });
    await expect(hs.findTask({ ...task, subject: 'Nobody' })).rejects.toMatchObject({ code: 'timeout', permanent: false });
    expect(requests).toBeLessThan(8);
  });

  it('Pipedrive finds an email activity past the first 500 of a person’s activities', async () => {
    const pd = await startPipedriveServer({ token: '0123456789abcdef0123456789abcdef01234567' });
    try {
      const person = pd.addPerson({ name: 'P', emails: ['p@acme.example'] });
      const connector = createPipedrive({ credentials: { crm: 'pipedrive', method: 'token', accessToken: '0123456789abcdef0123456789abcdef01234567', connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: pd.origin });
      const contact: CrmContact = { id: String(person), kind: 'person', name: 'P', email: 'p@acme.example', altEmails: [] };
      const log = { key: 'crm:pipedrive:msg-f:9', messageId: 'msg-f:9', direction: 'outbound' as const, subject: 'Late one', bodyText: 'x', at: NOW, from: { name: 'Sam', email: 'sam@rep.example' }, to: [{ name: 'P', email: 'p@acme.example' }], cc: [], contacts: [contact] };
      for (let i = 0; i < 550; i++) await connector.logEmail({ ...log, key: `k${i}`, messageId: `msg-f:${i}`, subject: `Old ${i}` });
      const { id } = await connector.logEmail(log);
      expect(await connector.findLoggedEmail(log)).toBe(id);
    } finally {
      await pd.close();
    }
  }, 60_000);
});

describe('Salesforce sign-in setup (options)', () => {
  it('shows the callback URL, refuses what is not a Consumer Key or a Salesforce login host, and saves what is', async () => {
    const storage = memoryArea();
    const settings = new SettingsStore(storage);
    const copied: string[] = [];
    const store = createSalesforceSignInStore({ settings, redirectUrl: () => salesforceRedirectUrl(undefined, 'abcdefghijklmnopabcdefghijklmnop'), copy: async (t) => void copied.push(t) });
    await store.getState().load();
    expect(store.getState()).toMatchObject({ clientId: '', loginUrl: 'https://login.salesforce.com', redirectUrl: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/salesforce' });
    await store.getState().copyRedirect();
    expect(copied).toEqual(['https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/salesforce']);
    expect(await store.getState().save({ clientId: 'my secret value', loginUrl: 'https://login.salesforce.com' })).toBe(false);
    expect(await store.getState().save({ clientId: '3MVG9fTLmJ60pJ5Jx.key', loginUrl: 'https://evil.example' })).toBe(false);
    expect(store.getState().error).toMatch(/salesforce\.com login address/);
    expect(await store.getState().save({ clientId: ' 3MVG9fTLmJ60pJ5Jx.key ', loginUrl: 'https://acme.my.salesforce.com/' })).toBe(true);
    expect((await settings.load()).settings.salesforceOAuth).toEqual({ clientId: '3MVG9fTLmJ60pJ5Jx.key', loginUrl: 'https://acme.my.salesforce.com' });
    expect(salesforceRedirectUrl({ getRedirectURL: (p) => `https://id.chromiumapp.org/${p ?? ''}` }, 'x')).toBe('https://id.chromiumapp.org/salesforce');
  });
});
