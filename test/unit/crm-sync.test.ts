// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { backoffDelay } from '@/lib/outbox';
import type { Activity, Message } from '@/lib/records';
import { SettingsStore } from '@/lib/settings';
import { CredentialStore } from '@/lib/crm/auth';
import { CRM_KINDS, CrmSync, emailJobId } from '@/lib/crm/sync';
import { contactEmails } from '@/lib/db';
import { recordEvent } from '@/lib/engine/dispatch';
import { memoryArea } from '../support/background';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';

// The CRM sync over the outbox, against the loopback HubSpot API: idempotency keys, permanent failures the
// rep can fix, and the fault run — 500 logs through 429s, 500 bursts, timeouts, dropped connections and a
// worker stop — with nothing lost and nothing written twice.

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const START = 1_764_072_000_000;
const OWN = 'followthrough-demo.example';

let server: HubSpotServer;
let dbName: string;
let db: FollowthroughDb;
let clock: number;
let storage: ReturnType<typeof memoryArea>;
let settings: SettingsStore;
let credentials: CredentialStore;

const makeSync = (over: Partial<ConstructorParameters<typeof CrmSync>[0]> = {}) =>
  new CrmSync({
    db,
    settings,
    credentials,
    state: storage,
    fetch: (u, i) => fetch(u, i),
    now: () => clock,
    random: () => 0.5,
    baseUrls: { hubspot: server.origin },
    timeoutMs: 300,
    baseDelayMs: 1_000,
    ...over,
  });

async function seedMessage(i: number, contactId: string, email: string, direction: 'outbound' | 'inbound' = 'outbound'): Promise<Activity> {
  const id = `msg-f:${1_800_000_000_000_000_000n + BigInt(i)}`;
  const threadId = `thread-f:${1_800_000_000_000_000_000n + BigInt(Math.floor(i / 3))}`;
  const me = { name: 'Sam Rep', email: `sam@${OWN}` };
  const them = { name: 'Contact', email };
  const message: Message = {
    id,
    threadId,
    from: direction === 'outbound' ? me : them,
    to: [direction === 'outbound' ? them : me],
    cc: [],
    bcc: [],
    subject: `Message ${i}`,
    date: START - 86_400_000 + i * 1_000,
    bodyText: `Body of message ${i}`,
    direction,
  };
  await db.messages.put(message);
  const activity: Activity = { id: `act-${i}`, kind: direction === 'outbound' ? 'email.sent' : 'email.received', contactId, threadId, messageId: id, summary: `Message ${i}`, at: START + i };
  await db.activities.put(activity);
  return activity;
}

async function seedLocalContact(n: number) {
  const email = `person${n}@customer${n % 7}.example`;
  await db.contacts.put({ id: `ct-${n}`, name: `Person ${n}`, email, altEmails: [], emails: contactEmails({ email }), source: 'local', createdAt: 0, updatedAt: 0 });
  return { id: `ct-${n}`, email };
}

beforeEach(async () => {
  clock = START;
  server = await startHubSpotServer({ token: TOKEN, now: () => clock, indexLagMs: 5_000 });
  dbName = `ft-sync-${Math.random().toString(36).slice(2)}`;
  db = new FollowthroughDb(dbName);
  await db.open();
  storage = memoryArea();
  settings = new SettingsStore(storage);
  await settings.update({ crm: 'hubspot', ownDomains: [OWN] });
  credentials = new CredentialStore(storage);
  await credentials.set({ crm: 'hubspot', method: 'token', accessToken: TOKEN, account: 'HubSpot portal 4242', connectedAt: START - 1_000_000 });
});
afterEach(async () => {
  await server.close();
  db.close();
  await Dexie.delete(dbName);
});

/** Run the sync until nothing is pending, moving the fake clock to each next due time. */
async function runToEnd(sync: CrmSync, observe?: () => Promise<void>) {
  for (let guard = 0; guard < 10_000; guard++) {
    await sync.run();
    await observe?.();
    const next = await sync.outbox.nextDueAt();
    if (next === undefined) return;
    clock = Math.max(clock, next);
  }
  throw new Error('the sync never settled');
}

describe('queueCrmSync: every CRM write is one outbox row keyed by Gmail message id + CRM', () => {
  it('queues an activity once, for the active CRM, and logs one engagement associated with contact and deal', async () => {
    const local = await seedLocalContact(1);
    const remote = server.addContact({ email: local.email, firstname: 'Person', lastname: 'One' });
    const deal = server.addDeal({ name: 'Pilot', stage: 'appointmentscheduled', contactId: remote });
    const activity = await seedMessage(1, local.id, local.email);
    const sync = makeSync();
    const first = await sync.queueCrmSync(activity);
    expect(first).toEqual({ queued: true, id: emailJobId('hubspot', activity.messageId!) });
    expect(first.id).toBe(`crm:hubspot:${activity.messageId}`);
    expect(await sync.queueCrmSync(activity)).toMatchObject({ queued: false });
    expect(await sync.queueCrmSync({ ...activity, id: 'another-activity-same-message' })).toMatchObject({ queued: false });
    const row = (await db.outbox.get(first.id!))!;
    expect(row).toMatchObject({ kind: CRM_KINDS.email, status: 'pending', payload: { crm: 'hubspot', messageId: activity.messageId, subject: 'Message 1', direction: 'outbound', people: [{ emails: [local.email] }] } });

    await runToEnd(sync);
    expect(server.emails()).toEqual([expect.objectContaining({ contactIds: [remote], dealIds: [deal], properties: expect.objectContaining({ hs_email_subject: 'Message 1', hs_email_direction: 'EMAIL' }) })]);
    expect(await db.crmWrites.get(first.id!)).toMatchObject({ status: 'written', crm: 'hubspot' });
    // The done row keeps its key, not the email's text.
    expect((await db.outbox.get(first.id!))!.payload).toEqual({ crm: 'hubspot', messageId: activity.messageId, written: true });
    // Run again as after a worker stop before the row was marked done: nothing is written twice.
    await db.outbox.update(first.id!, { status: 'pending', nextAttemptAt: clock });
    await runToEnd(sync);
    expect(server.emails()).toHaveLength(1);
    expect(await db.outbox.get(first.id!)).toMatchObject({ status: 'done' });
    const health = await sync.health();
    expect(health.crms.find((c) => c.crm === 'hubspot')).toMatchObject({ active: true, connected: true, account: 'HubSpot portal 4242', lastSyncAt: clock, queued: 0, failed: 0 });
  });

  it('a just-sent email not yet in any thread snapshot is built from the engine’s email.sent event', async () => {
    const local = await seedLocalContact(2);
    const remote = server.addContact({ email: local.email });
    const email = {
      messageId: 'msg-a:r123456789',
      threadId: 'thread-a:r123456789',
      from: { name: 'Sam Rep', email: `sam@${OWN}` },
      to: [{ name: 'Person Two', email: local.email }],
      cc: [],
      bcc: [],
      subject: 'Annual pricing',
      bodyText: 'Hi, the annual plan is attached.',
      at: START - 5_000,
    };
    await recordEvent(db, { type: 'email.sent', email }, START - 4_000);
    const activity: Activity = { id: 'act-sent', kind: 'email.sent', contactId: local.id, threadId: email.threadId, messageId: email.messageId, summary: 'Sent: Annual pricing', at: email.at };
    await db.activities.put(activity);
    const sync = makeSync();
    expect(await sync.queueCrmSync(activity)).toMatchObject({ queued: true });
    await runToEnd(sync);
    expect(server.emails()).toEqual([
      expect.objectContaining({
        contactIds: [remote],
        properties: expect.objectContaining({ hs_email_subject: 'Annual pricing', hs_email_text: 'Hi, the annual plan is attached.', hs_email_direction: 'EMAIL', hs_timestamp: new Date(email.at).toISOString() }),
      }),
    ]);
    expect(JSON.parse(server.emails()[0]!.properties.hs_email_headers!)).toMatchObject({ from: { email: `sam@${OWN}` }, to: [{ email: local.email }] });
  });

  it('queues nothing while the local CRM is active', async () => {
    await settings.update({ crm: 'local' });
    const local = await seedLocalContact(1);
    const activity = await seedMessage(1, local.id, local.email);
    expect(await makeSync().queueCrmSync(activity)).toEqual({ queued: false, reason: 'the local CRM is active', words: { key: 'crmQueue_local' } });
    expect(await db.outbox.count()).toBe(0);
  });

  it('an activity.logged event queues its activity and runs it; the sweep catches logged activities nobody handed over', async () => {
    const sync = makeSync();
    const a = await seedLocalContact(1);
    server.addContact({ email: a.email });
    const one = await seedMessage(1, a.id, a.email);
    const two = await seedMessage(2, a.id, a.email, 'inbound');
    const old = await seedMessage(3, a.id, a.email);
    // Logged (the engine's durable events), one before the CRM was connected: that one stays local.
    await recordEvent(db, { type: 'activity.logged', activityId: old.id, contactId: a.id, at: START - 2_000_000 }, START - 2_000_000);
    await recordEvent(db, { type: 'activity.logged', activityId: two.id, contactId: a.id, at: clock }, clock);
    expect(await sync.queueActivity(one.id)).toMatchObject({ queued: true });
    await runToEnd(sync);
    expect(server.emails()).toHaveLength(1);
    expect(await sync.sweep()).toBe(1); // `two` was never handed over; `old` predates the connection
    expect(await sync.sweep()).toBe(0);
    expect(await db.outbox.get(emailJobId('hubspot', old.messageId!))).toBeUndefined();
    await runToEnd(sync);
    expect(server.emails().map((e) => e.properties.hs_email_direction).sort()).toEqual(['EMAIL', 'INCOMING_EMAIL']);
    expect(await db.outbox.get(emailJobId('hubspot', two.messageId!))).toMatchObject({ status: 'done' });
  });
});

describe('permanent errors stop the row and tell the rep what to fix', () => {
  it('401: the row fails with "Reconnect HubSpot", never with the token; after reconnecting, retry logs it once', async () => {
    await credentials.set({ crm: 'hubspot', method: 'token', accessToken: 'pat-na1-deadbeef-dead-beef-dead-beefdeadbeef', connectedAt: START });
    const a = await seedLocalContact(1);
    server.addContact({ email: a.email });
    const activity = await seedMessage(1, a.id, a.email);
    const sync = makeSync();
    await sync.queueCrmSync(activity);
    await runToEnd(sync);
    const row = (await db.outbox.get(emailJobId('hubspot', activity.messageId!)))!;
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/^Reconnect HubSpot: .*\(HubSpot refused .*\(401\)/);
    const health = (await sync.health()).crms.find((c) => c.crm === 'hubspot')!;
    expect(health).toMatchObject({ failed: 1, failures: [{ id: row.id, error: row.lastError }] });
    expect(JSON.stringify({ row, health })).not.toContain('deadbeef');

    await credentials.set({ crm: 'hubspot', method: 'token', accessToken: TOKEN, connectedAt: START });
    expect(await sync.retry('hubspot')).toBe(1);
    await runToEnd(sync);
    expect(await db.outbox.get(row.id)).toMatchObject({ status: 'done' });
    expect(server.emails()).toHaveLength(1);
  });

  it('403 and 422 fail at once with the fix; a 429 does not', async () => {
    const a = await seedLocalContact(1);
    server.addContact({ email: a.email });
    const sync = makeSync();
    const first = await seedMessage(1, a.id, a.email);
    const second = await seedMessage(2, a.id, a.email);
    server.faults.push((r) => (r.path === '/crm/v3/objects/emails' && (r.body as { properties: { hs_email_subject: string } }).properties.hs_email_subject === 'Message 1' ? { kind: 'status', status: 403, body: { status: 'error', message: 'This app hasn’t been granted all required scopes', category: 'MISSING_SCOPES' } } : undefined));
    server.faults.push((r) => (r.path === '/crm/v3/objects/emails' && (r.body as { properties: { hs_email_subject: string } }).properties.hs_email_subject === 'Message 2' ? { kind: 'status', status: 422, body: { status: 'error', message: 'Property values were not valid', category: 'VALIDATION_ERROR' } } : undefined));
    await sync.queueCrmSync(first);
    await sync.queueCrmSync(second);
    await runToEnd(sync);
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    expect(rows.map((r) => r.lastError).join('\n')).toMatch(/scopes.*403/);
    expect(rows.map((r) => r.lastError).join('\n')).toMatch(/check the contact and deal.*422/);
    // Nothing was written, so the ledger does not hold them as in flight.
    expect(await db.crmWrites.count()).toBe(0);
  });

  it('a contact HubSpot does not know fails with what to do — unless the rep lets Followthrough create contacts', async () => {
    const a = await seedLocalContact(1);
    const activity = await seedMessage(1, a.id, a.email);
    const sync = makeSync();
    await sync.queueCrmSync(activity);
    await runToEnd(sync);
    expect((await db.outbox.toArray())[0]!.lastError).toBe(`No HubSpot contact has ${a.email} — add them in HubSpot (or allow Followthrough to create contacts), then retry.`);
    await settings.update({ createCrmContacts: true });
    await sync.retry('hubspot');
    await runToEnd(sync);
    expect(server.state.objects.contacts.size).toBe(1);
    expect(server.emails()).toHaveLength(1);
  });
});

describe('fault run: 500 queued logs through rate limits, 500 bursts, timeouts, dropped connections and a worker stop', () => {
  it('0 lost, 0 duplicated, Retry-After honoured and backoff observed', { timeout: 120_000 }, async () => {
    const N = 500;
    const people = await Promise.all(Array.from({ length: 25 }, (_, n) => seedLocalContact(n)));
    for (const p of people) server.addContact({ email: p.email, firstname: 'Person', lastname: p.id });
    const activities: Activity[] = [];
    for (let i = 0; i < N; i++) activities.push(await seedMessage(i, people[i % people.length]!.id, people[i % people.length]!.email, i % 4 === 0 ? 'inbound' : 'outbound'));

    let emailPosts = 0;
    let stopAt: (() => void) | undefined;
    const stopped = new Promise<void>((resolve) => (stopAt = resolve));
    server.faults.push((req, index) => {
      const isPost = req.method === 'POST' && req.path === '/crm/v3/objects/emails';
      if (isPost) emailPosts++;
      if (isPost && emailPosts === 260) return { kind: 'hang-after-apply', onApplied: stopAt }; // the worker stops mid-request
      if (index % 41 === 7) return { kind: 'status', status: 429, headers: { 'Retry-After': '7' }, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' } };
      if (index >= 300 && index < 330) return { kind: 'status', status: 502, body: { status: 'error', message: 'Bad gateway' } }; // a burst
      if (index % 97 === 50) return { kind: 'hang' }; // times out
      if (isPost && emailPosts % 53 === 11) return { kind: 'drop-after-apply' }; // written, answer lost
      if (index % 89 === 20) return { kind: 'drop' }; // connection dropped before the CRM saw it
      return undefined;
    });

    const delays: { error: string; attempts: number; delay: number }[] = [];
    const seen = new Set<string>();
    const observe = (box: FollowthroughDb) => async () => {
      for (const r of await box.outbox.where('status').equals('pending').toArray()) {
        // A budget wait gives its attempt back, so a row may wait with 0 attempts: seen by its due time too.
        const key = `${r.id}#${r.attempts}#${r.nextAttemptAt}`;
        if ((r.attempts > 0 || r.lastError) && !seen.has(key)) {
          seen.add(key);
          delays.push({ error: r.lastError ?? '', attempts: r.attempts, delay: r.nextAttemptAt - clock });
        }
      }
    };

    // First worker: queue everything, run until it is stopped mid-request.
    let sync = makeSync();
    for (const a of activities) await sync.queueCrmSync(a);
    expect(await db.outbox.count()).toBe(N);
    const firstRun = runToEnd(sync, observe(db)).catch((e: unknown) => e);
    await stopped;
    db.close(); // the service worker dies: its in-flight request's answer never lands
    const ended = await firstRun;
    expect(String(ended)).toMatch(/DatabaseClosed|closed/i);

    // Second worker, same IndexedDB: resume and finish.
    db = new FollowthroughDb(dbName);
    await db.open();
    const interrupted = await db.outbox.where('status').equals('running').toArray();
    expect(interrupted).toHaveLength(1);
    expect(await db.crmWrites.get(interrupted[0]!.id)).toMatchObject({ status: 'sending' });
    sync = makeSync();
    await sync.start();
    await runToEnd(sync, observe(db));

    // 0 lost, 0 duplicated: each message logged exactly once, on its contact.
    const emails = server.emails();
    const bySubject = new Map<string, number>();
    for (const e of emails) bySubject.set(e.properties.hs_email_subject!, (bySubject.get(e.properties.hs_email_subject!) ?? 0) + 1);
    expect(emails).toHaveLength(N);
    expect(bySubject.size).toBe(N);
    expect([...bySubject.values()].every((n) => n === 1)).toBe(true);
    for (const e of emails) expect(e.contactIds).toHaveLength(1);
    expect(await sync.outbox.counts('crm.')).toEqual({ pending: 0, running: 0, done: N, failed: 0 });
    expect(await db.crmWrites.where('status').equals('written').count()).toBe(N);

    // The faults really happened and were retried the way they should be.
    const rateLimited = delays.filter((d) => /\(429\)/.test(d.error));
    const serverErrors = delays.filter((d) => /\(502\)/.test(d.error));
    const timeouts = delays.filter((d) => /did not answer/.test(d.error));
    const dropped = delays.filter((d) => /could not be reached/.test(d.error));
    const lostAnswers = delays.filter((d) => /checking HubSpot for it/.test(d.error));
    expect(rateLimited.length).toBeGreaterThan(5);
    // Retry-After: 7 on a SECONDLY 429: the row that met it waits exactly 7 s, and every other row waits with
    // it (no request is sent until then) — none longer.
    expect(rateLimited.some((d) => d.delay === 7_000)).toBe(true);
    expect(rateLimited.every((d) => d.delay > 0 && d.delay <= 7_000)).toBe(true);
    expect(serverErrors.length).toBeGreaterThan(3);
    for (const d of [...serverErrors, ...timeouts, ...dropped]) expect(d.delay).toBe(backoffDelay(d.attempts, 1_000, 60 * 60_000, () => 0.5));
    expect(serverErrors.some((d) => d.attempts >= 2)).toBe(true); // a burst longer than one attempt: the delay grew
    expect(timeouts.length).toBeGreaterThan(0);
    expect(dropped.length).toBeGreaterThan(0);
    // Writes whose answer was lost waited for HubSpot's search before looking for themselves, then found them.
    expect(lostAnswers.length).toBeGreaterThan(0);
    const searches = server.requests.filter((r) => r.path === '/crm/v3/objects/emails/search');
    expect(searches.length).toBeGreaterThan(0);
  });
});
