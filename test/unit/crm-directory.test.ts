// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowthroughDb } from '@/lib/db';
import { SettingsStore } from '@/lib/settings';
import { CredentialStore } from '@/lib/crm/auth';
import { CrmSync, deleteJobId, emailJobId } from '@/lib/crm/sync';
import { HIT_TTL_MS, lookupIdFor, mirrorIdFor } from '@/lib/crm/directory';
import type { Engine } from '@/lib/engine/runner';
import { memoryArea } from '../support/background';
import { freshDb, makeEngine, sent } from '../support/engine';
import type { ApiServer } from '../server/crm-api/common';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { startPipedriveServer, type PipedriveServer } from '../server/crm-api/pipedrive';
import { startSalesforceServer, type SalesforceServer } from '../server/crm-api/salesforce';

// Mail to people who are contacts only in the connected CRM: looked up (batched, paced, cached), mirrored
// locally, logged on that CRM contact and its open deal — and taken back from the CRM on undo, once. No local
// contact exists anywhere in these tests.

const OWN = 'followthrough-demo.example';

interface Crm {
  name: 'hubspot' | 'pipedrive' | 'salesforce';
  token: string;
  start(): Promise<ApiServer>;
  /** A contact with an open deal, only in the CRM; returns the contact's and the deal's ids. */
  seed(s: ApiServer, email: string, name: string): { contactId: string; dealId: string };
  /** Logged emails: their id, the contact and deal they are on. */
  logged(s: ApiServer): { id: string; contactIds: string[]; dealId?: string }[];
  isLookup(path: string): boolean;
  isDelete(method: string, path: string): boolean;
}

const CRMS: Crm[] = [
  {
    name: 'hubspot',
    token: 'pat-na1-11111111-2222-3333-4444-555555555555',
    start: () => startHubSpotServer({ token: 'pat-na1-11111111-2222-3333-4444-555555555555' }),
    seed(s, email, name) {
      const hs = s as HubSpotServer;
      const contactId = hs.addContact({ email, firstname: name.split(' ')[0], lastname: name.split(' ')[1], company: 'Acme Robotics' });
      return { contactId, dealId: hs.addDeal({ name: 'Fleet pilot', stage: 'appointmentscheduled', contactId }) };
    },
    logged: (s) => (s as HubSpotServer).emails().map((e) => ({ id: e.id, contactIds: e.contactIds, dealId: e.dealIds[0] })),
    isLookup: (p) => p === '/crm/v3/objects/contacts/search',
    isDelete: (m, p) => m === 'DELETE' && p.startsWith('/crm/v3/objects/emails/'),
  },
  {
    name: 'pipedrive',
    token: '0123456789abcdef0123456789abcdef01234567',
    start: () => startPipedriveServer({ token: '0123456789abcdef0123456789abcdef01234567' }),
    seed(s, email, name) {
      const pd = s as PipedriveServer;
      const person = pd.addPerson({ name, emails: [email], orgId: 7, orgName: 'Acme Robotics' });
      return { contactId: String(person), dealId: String(pd.addDeal({ title: 'Fleet pilot', personId: person, stageId: 1, status: 'open', value: 1000 })) };
    },
    logged: (s) => [...(s as PipedriveServer).activities.values()].map((a) => ({ id: String(a.id), contactIds: a.participants.map((p) => String(p.person_id)), dealId: a.deal_id === null ? undefined : String(a.deal_id) })),
    isLookup: (p) => p === '/api/v2/persons/search',
    isDelete: (m, p) => m === 'DELETE' && p.startsWith('/api/v2/activities/'),
  },
  {
    name: 'salesforce',
    token: '00D5g000001abcd!AQ0AQHx.test.session.token',
    start: () => startSalesforceServer({ enhancedEmail: true }),
    seed(s, email, name) {
      const sf = s as SalesforceServer;
      const contactId = sf.addContact({ Name: name, Email: email, AccountId: '001000000000001AAA', AccountName: 'Acme Robotics' });
      return { contactId, dealId: sf.addOpportunity({ Name: 'Fleet pilot', StageName: 'Prospecting', AccountId: '001000000000001AAA' }) };
    },
    logged: (s) => [...(s as SalesforceServer).records.EmailMessage.values()].map((e) => ({ id: e.Id, contactIds: (e.ToIds as string[] | undefined) ?? [], dealId: e.RelatedToId as string | undefined })),
    isLookup: (p) => p === '/services/data/v62.0/query',
    isDelete: (m, p) => m === 'DELETE' && p.includes('/sobjects/EmailMessage/'),
  },
];

let db: FollowthroughDb;
let drop: () => Promise<void>;
let server: ApiServer;
let clock: number;

async function runToEnd(sync: CrmSync) {
  for (let guard = 0; guard < 200; guard++) {
    await sync.run();
    const next = await sync.outbox.nextDueAt();
    if (next === undefined) return;
    clock = Math.max(clock, next);
  }
  throw new Error('the sync never settled');
}

describe.each(CRMS)('$name: logging to contacts that exist only in the CRM', (crm) => {
  let settings: SettingsStore;
  let sync: CrmSync;
  let engine: Engine;

  beforeEach(async () => {
    clock = Date.now();
    ({ db, drop } = await freshDb());
    server = await crm.start();
    const storage = memoryArea();
    settings = new SettingsStore(storage);
    await settings.update({ crm: crm.name, ownDomains: [OWN] });
    const credentials = new CredentialStore(storage);
    await credentials.set({ crm: crm.name, method: 'token', accessToken: crm.token, instanceUrl: crm.name === 'salesforce' ? server.origin : undefined, account: 'test', connectedAt: clock - 60_000 });
    sync = new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, random: () => 0.5, baseUrls: { [crm.name]: server.origin }, timeoutMs: 2_000, baseDelayMs: 1_000 });
    engine = makeEngine(db, {}, {
      settings: async () => (await settings.load()).settings,
      ports: { crm: { queue: (id) => sync.queueActivity(id) }, crmLookup: (a, s) => sync.directory.resolve(a, s) },
    });
    await engine.start();
  });
  afterEach(async () => {
    await server.close();
    await drop();
  });

  it('a send to an address only the CRM knows: one lookup, a mirror contact, one email on that contact and its open deal; undo deletes it from the CRM once', async () => {
    const email = 'priya.raman@acme-robotics.example';
    const { contactId, dealId } = crm.seed(server, email, 'Priya Raman');
    expect(await db.contacts.count()).toBe(0);

    const event = sent([email], { subject: 'Annual pricing for 40 vans' });
    await engine.dispatch(event);
    await engine.idle();

    const mirror = await db.contacts.get(mirrorIdFor(crm.name, contactId));
    expect(mirror).toMatchObject({ source: crm.name, crmId: contactId, email, name: 'Priya Raman' });
    const lookup = await db.crmLookups.get(lookupIdFor(crm.name, email));
    expect(lookup).toMatchObject({ crm: crm.name, email });
    expect(lookup!.expiresAt - lookup!.at).toBe(HIT_TTL_MS);
    const activities = await db.activities.toArray();
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ contactId: mirror!.id, messageId: event.type === 'email.sent' ? event.email.messageId : '' });

    // What the engine's crm.sync action (or the sync's sweep) does for each logged activity.
    expect(await sync.queueCrmSync(activities[0]!)).toMatchObject({ queued: true });
    await runToEnd(sync);
    const logged = crm.logged(server);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.contactIds).toContain(contactId);
    expect(logged[0]!.dealId).toBe(dealId);
    // The write used the mirror's CRM id: the only lookup was the one before the log.
    expect(server.requests.filter((r) => crm.isLookup(r.path) && (crm.name !== 'salesforce' || /FROM (Contact|Lead) WHERE Email/.test(r.query.q ?? '')))).toHaveLength(1);

    // Undo the log: the CRM record goes, through the outbox, once.
    const messageId = activities[0]!.messageId!;
    const entry = (await db.auditLog.toArray()).find((e) => e.action === 'activity.log' && e.result === 'ok')!;
    expect(await sync.queueUndo([{ messageId }])).toBe(1);
    await engine.undo(entry.seq!);
    await sync.undoLanded([messageId]);
    await runToEnd(sync);
    expect(crm.logged(server)).toHaveLength(0);
    expect(server.requests.filter((r) => crm.isDelete(r.method, r.path))).toHaveLength(1);
    expect(await db.outbox.get(deleteJobId(crm.name, messageId))).toMatchObject({ status: 'done' });
    // The write is forgotten, so nothing is left to delete: asking again queues nothing, deletes nothing.
    expect(await db.crmWrites.get(emailJobId(crm.name, messageId))).toBeUndefined();
    expect(await sync.queueUndo([{ messageId }])).toBe(0);
    await runToEnd(sync);
    expect(server.requests.filter((r) => crm.isDelete(r.method, r.path))).toHaveLength(1);
  });

  it('lookups are batched and cached: a second send asks nothing; nobody-in-the-CRM is remembered too, and nothing is logged for them', async () => {
    const a = crm.seed(server, 'ana@customer.example', 'Ana Lima');
    crm.seed(server, 'bo@customer.example', 'Bo Berg');
    await engine.dispatch(sent(['ana@customer.example', 'bo@customer.example', 'stranger@customer.example']));
    await engine.idle();
    const lookups = () => server.requests.filter((r) => crm.isLookup(r.path)).length;
    const first = lookups();
    // HubSpot: one search for all three; Salesforce: Contacts then Leads for the one not found; Pipedrive: one per address.
    expect(first).toBe({ hubspot: 1, salesforce: 2, pipedrive: 3 }[crm.name]);
    expect((await db.contacts.toArray()).map((c) => c.email).sort()).toEqual(['ana@customer.example', 'bo@customer.example']);
    expect(await db.crmLookups.get(lookupIdFor(crm.name, 'stranger@customer.example'))).toMatchObject({ contact: undefined });

    await engine.dispatch(sent(['ana@customer.example', 'stranger@customer.example']));
    await engine.idle();
    expect(lookups()).toBe(first);
    expect((await db.activities.toArray()).filter((x) => x.contactId === mirrorIdFor(crm.name, a.contactId))).toHaveLength(2);
    expect(await db.contacts.count()).toBe(2);
  });

  it('"log to contacts that exist in my CRM" off: nothing is looked up and nothing logged', async () => {
    crm.seed(server, 'ana@customer.example', 'Ana Lima');
    await settings.update({ logToCrmContacts: false });
    await engine.dispatch(sent(['ana@customer.example']));
    await engine.idle();
    expect(server.requests.filter((r) => crm.isLookup(r.path))).toHaveLength(0);
    expect(await db.activities.count()).toBe(0);
  });
});

describe('the CRM cannot answer the lookup', () => {
  it('a 429 on the lookup waits and retries the log (nothing lost); the email is logged once the CRM answers', async () => {
    clock = Date.now();
    ({ db, drop } = await freshDb());
    const hs = await startHubSpotServer({ token: CRMS[0]!.token });
    server = hs;
    try {
      const storage = memoryArea();
      const settings = new SettingsStore(storage);
      await settings.update({ crm: 'hubspot', ownDomains: [OWN] });
      const credentials = new CredentialStore(storage);
      await credentials.set({ crm: 'hubspot', method: 'token', accessToken: CRMS[0]!.token, account: 'test', connectedAt: clock - 60_000 });
      const sync = new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, baseUrls: { hubspot: hs.origin }, timeoutMs: 2_000 });
      let engineClock = clock;
      const engine = makeEngine(db, {}, {
        now: () => engineClock,
        settings: async () => (await settings.load()).settings,
        ports: { crmLookup: (a, s) => sync.directory.resolve(a, s) },
      });
      await engine.start();
      hs.addContact({ email: 'ana@customer.example', firstname: 'Ana', lastname: 'Lima' });
      let limited = 1;
      hs.faults.push((r) => (r.path.endsWith('/contacts/search') && limited-- > 0 ? { kind: 'status', status: 429, headers: { 'Retry-After': '7' }, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' } } : undefined));
      await engine.dispatch(sent(['ana@customer.example']));
      await engine.idle();
      expect(await db.activities.count()).toBe(0);
      const waiting = (await db.outbox.toArray()).find((r) => r.kind === 'engine.action' && r.status === 'pending' && r.lastError);
      expect(waiting?.lastError).toMatch(/looking recipients up in the CRM: HubSpot asked to slow down \(SECONDLY\); waiting until .* — HubSpot refused POST .*\(429\)/);
      expect(waiting!.nextAttemptAt - engineClock).toBe(7_000);
      engineClock += 7_000;
      clock += 7_000; // the CRM's pause (kept by the sync, on its clock) has run out too
      await engine.process();
      expect(await db.activities.count()).toBe(1);
    } finally {
      await hs.close();
      await drop();
    }
  });
  it("a spent Pipedrive daily budget on a lookup holds the CRM's writes too, and no lookup asks again before it resets", async () => {
    clock = Date.parse('2026-12-06T15:00:00Z');
    ({ db, drop } = await freshDb());
    const pd = await startPipedriveServer({ token: CRMS[1]!.token });
    try {
      const storage = memoryArea();
      const settings = new SettingsStore(storage);
      await settings.update({ crm: 'pipedrive', ownDomains: [OWN] });
      const credentials = new CredentialStore(storage);
      await credentials.set({ crm: 'pipedrive', method: 'token', accessToken: CRMS[1]!.token, account: 'test', connectedAt: clock - 60_000 });
      const sync = new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, baseUrls: { pipedrive: pd.origin }, timeoutMs: 2_000 });
      pd.addPerson({ name: 'Ana Lima', emails: ['ana@customer.example'] });
      pd.faults.push((r) => (r.path === '/api/v2/persons/search' ? { kind: 'status', status: 429, headers: { 'x-daily-ratelimit-token-remaining': '0' }, body: { success: false, error: 'Daily limit reached' } } : undefined));
      const midnight = Date.parse('2026-12-07T00:00:00Z');
      await expect(sync.directory.resolve(['ana@customer.example'])).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: midnight - clock });
      expect(await sync.pausedUntil('pipedrive')).toMatchObject({ until: midnight });
      const asked = pd.requests.length;
      clock += 60_000;
      await expect(sync.directory.resolve(['ana@customer.example'])).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: midnight - clock });
      expect(pd.requests.length).toBe(asked);
      // Once the day resets, the lookup asks again and finds her.
      pd.faults.length = 0;
      clock = midnight + 1_000;
      expect((await sync.directory.resolve(['ana@customer.example'])).mirrored).toHaveLength(1);
    } finally {
      await pd.close();
      await drop();
    }
  });
});

describe('failed and waiting rows, one by one', () => {
  it('each row says which email, whom, which CRM, what the CRM said and what to do; Dismiss drops one, Retry runs one', async () => {
    clock = Date.now();
    ({ db, drop } = await freshDb());
    const hs = await startHubSpotServer({ token: CRMS[0]!.token });
    try {
      const storage = memoryArea();
      const settings = new SettingsStore(storage);
      await settings.update({ crm: 'hubspot', ownDomains: [OWN] });
      const credentials = new CredentialStore(storage);
      await credentials.set({ crm: 'hubspot', method: 'token', accessToken: 'pat-na1-revoked0-0000-0000-0000-000000000000', account: 'test', connectedAt: clock - 60_000 });
      const sync = new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, random: () => 0.5, baseUrls: { hubspot: hs.origin }, timeoutMs: 2_000 });
      const ids: string[] = [];
      for (const [i, subject] of ['Pricing for 40 vans', 'Security questionnaire'].entries()) {
        const messageId = `msg-f:${1_800_000_000_000_000_100n + BigInt(i)}`;
        await db.messages.put({ id: messageId, threadId: 'thread-f:1800000000000000100', from: { name: 'Sam Rep', email: `sam@${OWN}` }, to: [{ name: 'Elena Sorensen', email: 'elena@northwind.example' }], cc: [], bcc: [], subject, bodyText: 'Hi', date: clock, direction: 'outbound' });
        const activity = { id: `act-${i}`, kind: 'email.sent' as const, messageId, threadId: 'thread-f:1800000000000000100', summary: subject, at: clock };
        await db.activities.put(activity);
        ids.push((await sync.queueCrmSync(activity)).id!);
      }
      await runToEnd(sync);
      const health = (await sync.health()).crms.find((c) => c.crm === 'hubspot')!;
      expect(health.failed).toBe(2);
      expect(health.rows.map((r) => r.subject).sort()).toEqual(['Pricing for 40 vans', 'Security questionnaire']);
      for (const r of health.rows) {
        expect(r).toMatchObject({ status: 'failed', what: 'email', contact: 'Elena Sorensen <elena@northwind.example>' });
        expect(r.message).toMatch(/^HubSpot refused POST \/crm\/v3\/objects\/contacts\/search \(401\)/);
        expect(r.fix).toMatch(/^Reconnect HubSpot/);
        expect(JSON.stringify(r)).not.toContain('revoked0');
      }

      expect(await sync.dismiss('hubspot', ids[0]!)).toBe(true);
      expect(await sync.dismiss('pipedrive', ids[1]!)).toBe(false);
      await credentials.set({ crm: 'hubspot', method: 'token', accessToken: CRMS[0]!.token, account: 'test', connectedAt: clock - 60_000 });
      hs.addContact({ email: 'elena@northwind.example', firstname: 'Elena', lastname: 'Sorensen' });
      expect(await sync.retry('hubspot', ids[1])).toBe(1);
      await runToEnd(sync);
      expect(hs.emails().map((e) => e.properties.hs_email_subject)).toEqual(['Security questionnaire']);
      expect((await sync.health()).crms.find((c) => c.crm === 'hubspot')).toMatchObject({ failed: 0, rows: [] });
    } finally {
      await hs.close();
      await drop();
    }
  });
});
