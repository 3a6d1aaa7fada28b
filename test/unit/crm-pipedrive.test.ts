// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { createPipedrive, pipedriveMarker } from '@/lib/crm/connectors/pipedrive';
import type { CrmConnector, EmailLog } from '@/lib/crm/connectors/types';
import { startPipedriveServer, type PipedriveServer } from '../server/crm-api/pipedrive';

// Contract tests: the Pipedrive connector against a loopback server implementing Pipedrive's documented
// shapes, asserting the exact requests it sends.

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

describe('Pipedrive connector (API v1) against its loopback API', () => {
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
      ['GET', '/v1/persons/search', { term: 'nobody@x.example', fields: 'email', exact_match: 'true', limit: '10' }],
      ['GET', '/v1/persons/search', { term: 'e.sorensen@northwind.example', fields: 'email', exact_match: 'true', limit: '10' }],
    ]);
  });

  it('builds the card from the person, their open deals and stage names', async () => {
    const id = server.addPerson({ name: 'Priya Raman', emails: ['priya@acme.example'], orgId: 4, orgName: 'Acme', ownerName: 'Dana Owner' });
    const open = server.addDeal({ title: 'Fleet pilot', personId: id, stageId: 3, status: 'open', value: 48000 });
    server.addDeal({ title: 'Lost one', personId: id, stageId: 1, status: 'lost', value: 1 });
    const card = await pd.contactCard((await pd.findContact(['priya@acme.example']))!);
    expect(card).toMatchObject({ owner: { name: 'Dana Owner' }, company: { id: '4', name: 'Acme' }, openDeals: [{ id: String(open), name: 'Fleet pilot', stage: 'Proposal Made', amount: 48000, currency: 'EUR' }] });
    expect(server.requests.slice(1).map((r) => `${r.method} ${r.path} ${new URLSearchParams(r.query).toString()}`)).toEqual([
      `GET /v1/persons/${id} `,
      `GET /v1/persons/${id}/deals status=open&start=0&limit=100`,
      'GET /v1/stages start=0&limit=100',
    ]);
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
    expect(post).toMatchObject({ method: 'POST', path: '/v1/activities' });
    expect(post.body).toEqual({
      subject: 'Email: Proposal <v2>',
      type: 'email',
      done: 1,
      due_date: '2026-11-24',
      due_time: '15:30',
      person_id: priya,
      deal_id: deal,
      participants: [
        { person_id: priya, primary_flag: true },
        { person_id: marcus, primary_flag: false },
      ],
      note: `Hi both,<br>see attached &amp; reply.<br><br>${pipedriveMarker(log.key)}`,
    });
    expect(await pd.findLoggedEmail(log)).toBe(id);
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/persons/${priya}/activities`, query: { done: '1', start: '0', limit: '500' } });
  });

  it('logs notes, creates tasks and persons', async () => {
    const priya = server.addPerson({ name: 'Priya Raman', emails: ['priya@acme.example'] });
    const contact = { id: String(priya), kind: 'person' as const, name: 'Priya', email: 'priya@acme.example', altEmails: [] };
    const note = { key: 'n-1', body: 'Met at the fair', at: NOW, contact };
    await pd.logNote(note);
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/notes', body: { content: `Met at the fair<br><br>${pipedriveMarker('n-1')}`, person_id: priya } });
    expect(await pd.findLoggedNote(note)).not.toBeNull();
    await pd.createTask({ key: 't-1', subject: 'Call back', body: '', dueAt: Date.UTC(2026, 11, 1, 9, 0), contact });
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/activities', body: { subject: 'Call back', type: 'task', done: 0, due_date: '2026-12-01', due_time: '09:00', person_id: priya } });
    const created = await pd.createContact({ email: 'New@acme.example', name: 'New Person' });
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/persons', body: { name: 'New Person', email: [{ value: 'new@acme.example', primary: true, label: 'work' }] } });
    expect(created.email).toBe('new@acme.example');
  });

  it('a refused token is a permanent auth error without the token in it', async () => {
    const bad = createPipedrive({ credentials: { crm: 'pipedrive', method: 'token', accessToken: 'ffffffffffffffffffffffffffffffffffffffff', connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin });
    const error = (await bad.verify().catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(/401/);
    expect(error.message).not.toContain('ffffffff');
  });
});
