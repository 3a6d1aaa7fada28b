// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { createPipedrive, pipedriveMarker, pipedriveRateLimit } from '@/lib/crm/connectors/pipedrive';
import { CrmError } from '@/lib/crm/connectors/http';
import type { CrmConnector, EmailLog } from '@/lib/crm/connectors/types';
import { startPipedriveServer, type PipedriveServer } from '../server/crm-api/pipedrive';

// Contract tests: the Pipedrive connector against a loopback server that checks every request and answer
// against Pipedrive's published OpenAPI documents (v1 and v2), asserting the exact requests it sends. The
// server's close() fails the test on any break of the spec.

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const NOW = 1_764_072_000_000;
let server: PipedriveServer;
let db: FollowthroughDb;
let pd: CrmConnector;

beforeEach(async () => {
  server = await startPipedriveServer({ token: TOKEN });
  db = new FollowthroughDb(`ft-pd-${Math.random().toString(36).slice(2)}`);
  pd = createPipedrive({ credentials: { crm: 'pipedrive', method: 'token', accessToken: TOKEN, connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin, timeoutMs: 2_000 });
});
afterEach(async () => {
  await server.close();
  db.close();
  await Dexie.delete(db.name);
});

describe('Pipedrive connector (API v2, v1 only where v2 has nothing) against its loopback API', () => {
  it('sends the token in the x-api-token header, never in the URL', async () => {
    expect((await pd.verify()).account).toMatch(/Rep Co/);
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/users/me');
    expect(req.headers['x-api-token']).toBe(TOKEN);
    expect(JSON.stringify(req.query)).not.toContain(TOKEN);
  });

  it('finds a person by any of their addresses with an exact email search per address', async () => {
    const id = server.addPerson({ name: 'Elena Sorensen', emails: ['elena@northwind.example', 'e.sorensen@northwind.example'], orgId: 3, orgName: 'Northwind' });
    const found = await pd.findContact(['nobody@x.example', 'E.Sorensen@northwind.example']);
    expect(found).toMatchObject({ id: String(id), kind: 'person', name: 'Elena Sorensen', email: 'elena@northwind.example', altEmails: ['e.sorensen@northwind.example'], company: 'Northwind' });
    expect(server.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/api/v2/persons/search', { term: 'nobody@x.example', fields: 'email', exact_match: 'true', limit: '10' }],
      ['GET', '/api/v2/persons/search', { term: 'e.sorensen@northwind.example', fields: 'email', exact_match: 'true', limit: '10' }],
    ]);
  });

  it('builds the card from the person (plain ids), their open deals, stage names and the owner', async () => {
    const id = server.addPerson({ name: 'Priya Raman', emails: ['priya@acme.example'], orgId: 4, orgName: 'Acme', ownerName: 'Dana Owner' });
    const open = server.addDeal({ title: 'Fleet pilot', personId: id, stageId: 3, status: 'open', value: 48000 });
    server.addDeal({ title: 'Lost one', personId: id, stageId: 1, status: 'lost', value: 1 });
    const card = await pd.contactCard((await pd.findContact(['priya@acme.example']))!);
    expect(card).toMatchObject({ owner: { name: 'Dana Owner' }, company: { id: '4', name: 'Acme' }, openDeals: [{ id: String(open), name: 'Fleet pilot', stage: 'Proposal Made', amount: 48000, currency: 'EUR' }] });
    expect(server.requests.slice(1).map((r) => `${r.method} ${r.path} ${new URLSearchParams(r.query).toString()}`)).toEqual([
      `GET /api/v2/persons/${id} `,
      `GET /api/v2/deals person_id=${id}&status=open&limit=500`,
      'GET /api/v2/stages limit=500',
      `GET /v1/users/${server.persons.get(id)!.ownerId} `,
    ]);
  });

  it('follows next_cursor to the end of a list', async () => {
    const id = server.addPerson({ name: 'Many Deals', emails: ['many@acme.example'] });
    for (let i = 0; i < 1_203; i++) server.addDeal({ title: `Deal ${i}`, personId: id, stageId: 1, status: 'open', value: i });
    const card = await pd.contactCard({ id: String(id), kind: 'person', name: 'Many Deals', email: 'many@acme.example', altEmails: [] });
    expect(card.openDeals.length).toBe(100); // ContactCardData keeps 100; all pages were read
    const pages = server.requests.filter((r) => r.path === '/api/v2/deals');
    expect(pages.map((r) => r.query.cursor === undefined)).toEqual([true, false, false]);
  });

  it('logs an email as a done email activity with participants and deal, and finds it again by its marker', async () => {
    const priya = server.addPerson({ name: 'Priya Raman', emails: ['priya@acme.example'] });
    const marcus = server.addPerson({ name: 'Marcus Webb', emails: ['marcus@acme.example'] });
    const deal = server.addDeal({ title: 'Pilot', personId: priya, stageId: 2, status: 'open', value: 1 });
    const log: EmailLog = {
      key: 'crm:pipedrive:msg-f:42',
      messageId: 'msg-f:42',
      direction: 'outbound',
      subject: 'Proposal <v2>',
      bodyText: 'Hi both,\nsee attached & reply.',
      at: Date.UTC(2026, 10, 24, 15, 30),
      from: { name: 'Sam', email: 'sam@rep.example' },
      to: [{ name: 'Priya', email: 'priya@acme.example' }],
      cc: [],
      contacts: [
        { id: String(priya), kind: 'person', name: 'Priya', email: 'priya@acme.example', altEmails: [] },
        { id: String(marcus), kind: 'person', name: 'Marcus', email: 'marcus@acme.example', altEmails: [] },
      ],
      dealId: String(deal),
    };
    expect(await pd.findLoggedEmail(log)).toBeNull();
    const { id } = await pd.logEmail(log);
    const post = server.requests.at(-1)!;
    expect(post).toMatchObject({ method: 'POST', path: '/api/v2/activities' });
    expect(post.body).toEqual({
      subject: 'Email: Proposal <v2>',
      type: 'email',
      done: true,
      due_date: '2026-11-24',
      due_time: '15:30',
      deal_id: deal,
      participants: [
        { person_id: priya, primary: true },
        { person_id: marcus, primary: false },
      ],
      note: `Hi both,<br>see attached &amp; reply.<br><br>${pipedriveMarker(log.key)}`,
    });
    expect(await pd.findLoggedEmail(log)).toBe(id);
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v2/activities', query: { person_id: String(priya), done: 'true', updated_since: '2026-11-24T15:25:00Z', limit: '500' } });
  });

  it('logs notes, creates tasks and persons', async () => {
    const priya = server.addPerson({ name: 'Priya Raman', emails: ['priya@acme.example'] });
    const contact = { id: String(priya), kind: 'person' as const, name: 'Priya', email: 'priya@acme.example', altEmails: [] };
    const note = { key: 'n-1', body: 'Met at the fair', at: NOW, contact };
    await pd.logNote(note);
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/notes', body: { content: `Met at the fair<br><br>${pipedriveMarker('n-1')}`, person_id: priya } });
    expect(await pd.findLoggedNote(note)).not.toBeNull();
    await pd.createTask({ key: 't-1', subject: 'Call back', body: '', dueAt: Date.UTC(2026, 11, 1, 9, 0), contact });
    expect(server.requests.at(-1)).toMatchObject({ path: '/api/v2/activities', body: { subject: 'Call back', type: 'task', done: false, due_date: '2026-12-01', due_time: '09:00', participants: [{ person_id: priya, primary: true }] } });
    expect(server.requests.at(-1)!.body).not.toHaveProperty('person_id');
    const created = await pd.createContact({ email: 'New@acme.example', name: 'New Person' });
    expect(server.requests.at(-1)).toMatchObject({ path: '/api/v2/persons', body: { name: 'New Person', emails: [{ value: 'new@acme.example', primary: true, label: 'work' }] } });
    expect(created.email).toBe('new@acme.example');
  });

  it('a refused token is a permanent auth error without the token in it', async () => {
    const bad = createPipedrive({ credentials: { crm: 'pipedrive', method: 'token', accessToken: 'ffffffffffffffffffffffffffffffffffffffff', connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin });
    const error = (await bad.verify().catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(/401/);
    expect(error.message).not.toContain('ffffffff');
  });

  it("a request Pipedrive's published spec rejects is refused and recorded, and the server will not close over it", async () => {
    // A v1-style activity (done: 1, primary_flag) sent to v2: the spec says `done` is a boolean.
    const res = await fetch(`${server.origin}/api/v2/activities`, {
      method: 'POST',
      headers: { 'x-api-token': TOKEN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'Old shape', type: 'email', done: 1, participants: [{ person_id: 1, primary_flag: true }] }),
    });
    expect(res.status).toBe(400);
    expect(server.violations).toHaveLength(1);
    expect(server.violations[0]).toMatchObject({ where: 'request', spec: 'Pipedrive API v2', method: 'POST', path: '/api/v2/activities' });
    expect(server.violations[0]!.errors.join(' ')).toMatch(/\/requestBody\/done must be boolean/);
    // An operation Pipedrive does not publish (the removed v1 person-activities list under v2) is a break too.
    await fetch(`${server.origin}/api/v2/persons/1/activities`, { headers: { 'x-api-token': TOKEN } });
    expect(server.violations[1]).toMatchObject({ where: 'request', errors: ['no such operation in the published API'] });
    await expect(server.close()).rejects.toThrow(/2 break\(s\) of the vendor's published spec/);
    server.violations.length = 0; // closed already; afterEach's close must not fail again
    server = await startPipedriveServer({ token: TOKEN });
  });

  it("an answer that breaks the spec is a 500 and a recorded break (the fake cannot drift either)", async () => {
    server.addPerson({ name: 'P', emails: ['p@x.example'] });
    // Corrupt the fake's own data so its answer breaks the published shape: a person's name is a string.
    (server.persons.values().next().value as { name: unknown }).name = 42;
    const error = (await pd.findContact(['p@x.example']).catch((e: unknown) => e)) as CrmError;
    expect(error).toBeInstanceOf(CrmError);
    expect(error.status).toBe(500);
    expect(server.violations[0]).toMatchObject({ where: 'response', status: 200 });
    server.violations.length = 0;
  });

  it('reads a daily-budget 429 as a wait until the reset, and a burst 429 as the window', () => {
    const now = Date.UTC(2026, 11, 6, 17, 0, 0);
    const daily = pipedriveRateLimit({ status: 429, headers: new Headers({ 'x-daily-ratelimit-token-remaining': '0', 'x-ratelimit-reset': '2' }) }, now);
    expect(daily).toEqual({ scope: 'budget', until: Date.UTC(2026, 11, 7), label: 'daily API budget' });
    expect(pipedriveRateLimit({ status: 429, headers: new Headers({ 'x-daily-requests-left': '0', 'retry-after': '60' }) }, now)).toMatchObject({ scope: 'budget', until: now + 60_000 });
    expect(pipedriveRateLimit({ status: 429, headers: new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2', 'x-daily-ratelimit-token-remaining': '1200' }) }, now)).toEqual({ scope: 'burst', until: now + 2_000 });
    expect(pipedriveRateLimit({ status: 500, headers: new Headers({ 'x-daily-requests-left': '0' }) }, now)).toBeUndefined();
  });

  it('a daily-budget 429 becomes a rate_limited CrmError carrying the wait', async () => {
    server.addPerson({ name: 'P', emails: ['p@x.example'] });
    server.faults.push(() => ({ kind: 'status', status: 429, headers: { 'x-daily-ratelimit-token-remaining': '0' }, body: { success: false, error: 'Daily limit reached' } }));
    const error = (await pd.findContact(['p@x.example']).catch((e: unknown) => e)) as CrmError;
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, limit: { scope: 'budget' } });
    expect(error.retryAfterMs).toBe(Date.UTC(2025, 10, 26) - NOW);
    expect(error.message).toMatch(/resets at 2025-11-26T00:00:00.000Z/);
  });
});
