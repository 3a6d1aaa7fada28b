// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { createHubSpot } from '@/lib/crm/connectors/hubspot';
import { CrmError } from '@/lib/crm/connectors/http';
import type { CrmConnector, EmailLog } from '@/lib/crm/connectors/types';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';

// Contract tests: the HubSpot connector against a loopback server implementing HubSpot's documented shapes,
// asserting the exact requests it sends.

let server: HubSpotServer;
let db: FollowthroughDb;
let hubspot: CrmConnector;
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const NOW = 1_764_072_000_000;

beforeEach(async () => {
  server = await startHubSpotServer({ token: TOKEN, now: () => NOW });
  db = new FollowthroughDb(`ft-hs-${Math.random().toString(36).slice(2)}`);
  hubspot = createHubSpot({ credentials: { crm: 'hubspot', method: 'token', accessToken: TOKEN, connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin, timeoutMs: 2_000 });
});
afterEach(async () => {
  await server.close();
  db.close();
  await Dexie.delete(db.name);
});

const log = (over: Partial<EmailLog> = {}): EmailLog => ({
  key: 'crm:hubspot:msg-f:1785432109876543210',
  messageId: 'msg-f:1785432109876543210',
  threadId: 'thread-f:1785432109876543210',
  direction: 'outbound',
  subject: 'Pilot proposal',
  bodyText: 'Hi Priya,\nthe proposal is attached.',
  at: 1_764_000_000_000,
  from: { name: 'Sam Rep', email: 'sam@followthrough-demo.example' },
  to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }],
  cc: [],
  contacts: [{ id: '1001', kind: 'contact', name: 'Priya Raman', email: 'priya.raman@acme-robotics.example', altEmails: [] }],
  ...over,
});

describe('HubSpot connector (CRM v3) against its loopback API', () => {
  it('verifies the token with account info, sending it only as a Bearer header', async () => {
    expect(await hubspot.verify()).toEqual({ account: 'HubSpot portal 4242' });
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'GET', path: '/account-info/v3/details', query: {} });
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('finds a contact by primary or alternate address with one search on email IN and hs_additional_emails', async () => {
    const id = server.addContact({ email: 'elena@northwind.example', firstname: 'Elena', lastname: 'Sorensen', company: 'Northwind', additionalEmails: ['e.sorensen@northwind.example'] });
    const found = await hubspot.findContact(['E.Sorensen@northwind.example']);
    expect(found).toMatchObject({ id, name: 'Elena Sorensen', email: 'elena@northwind.example', altEmails: ['e.sorensen@northwind.example'], company: 'Northwind' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/crm/v3/objects/contacts/search',
      body: {
        filterGroups: [
          { filters: [{ propertyName: 'email', operator: 'IN', values: ['e.sorensen@northwind.example'] }] },
          { filters: [{ propertyName: 'hs_additional_emails', operator: 'CONTAINS_TOKEN', value: 'e.sorensen@northwind.example' }] },
        ],
        properties: ['email', 'firstname', 'lastname', 'company', 'hs_additional_emails', 'hubspot_owner_id', 'associatedcompanyid'],
        limit: 10,
      },
    });
    expect(await hubspot.findContact(['nobody@nowhere.example'])).toBeNull();
  });

  it('keeps every search within HubSpot’s limits (≤ 5 groups, ≤ 18 filters) however many addresses', async () => {
    const emails = Array.from({ length: 11 }, (_, i) => `p${i}@x.example`);
    server.addContact({ email: 'p10@x.example', firstname: 'P', lastname: 'Ten' });
    expect(await hubspot.findContact(emails)).toMatchObject({ email: 'p10@x.example' });
    expect(server.requests).toHaveLength(3);
    for (const r of server.requests) expect((r.body as { filterGroups: unknown[] }).filterGroups.length).toBeLessThanOrEqual(5);
  });

  it('builds the contact card: owner, company, open deals with stage labels (closed deals left out)', async () => {
    server.addOwner({ id: '77', firstName: 'Dana', lastName: 'Owner', email: 'dana@rep.example' });
    const id = server.addContact({ email: 'priya@acme.example', firstname: 'Priya', lastname: 'Raman', company: 'Acme', ownerId: '77' });
    const open = server.addDeal({ name: 'Fleet pilot', stage: 'presentationscheduled', amount: 48000, contactId: id });
    server.addDeal({ name: 'Old deal', stage: 'closedwon', contactId: id });
    const contact = (await hubspot.findContact(['priya@acme.example']))!;
    const card = await hubspot.contactCard(contact);
    expect(card).toMatchObject({
      contact: { id, ownerName: 'Dana Owner' },
      company: { name: 'Acme' },
      owner: { id: '77', name: 'Dana Owner' },
      openDeals: [{ id: open, name: 'Fleet pilot', stage: 'Presentation Scheduled', amount: 48000 }],
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /crm/v3/objects/contacts/search',
      'GET /crm/v3/owners/77',
      `GET /crm/v4/objects/contacts/${id}/associations/deals`,
      'POST /crm/v3/objects/deals/batch/read',
      'GET /crm/v3/pipelines/deals',
    ]);
  });

  it('logs an email engagement with the documented properties and contact + deal associations', async () => {
    const contactId = server.addContact({ email: 'priya.raman@acme-robotics.example', firstname: 'Priya', lastname: 'Raman' });
    const dealId = server.addDeal({ name: 'Pilot', stage: 'appointmentscheduled', contactId });
    const written = await hubspot.logEmail(log({ contacts: [{ id: contactId, kind: 'contact', name: 'Priya Raman', email: 'priya.raman@acme-robotics.example', altEmails: [] }], dealId }));
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/crm/v3/objects/emails');
    expect(req.body).toEqual({
      properties: {
        hs_timestamp: '2025-11-24T16:00:00.000Z',
        hs_email_direction: 'EMAIL',
        hs_email_status: 'SENT',
        hs_email_subject: 'Pilot proposal',
        hs_email_text: 'Hi Priya,\nthe proposal is attached.',
        hs_email_headers: JSON.stringify({
          from: { email: 'sam@followthrough-demo.example', firstName: 'Sam', lastName: 'Rep' },
          to: [{ email: 'priya.raman@acme-robotics.example', firstName: 'Priya', lastName: 'Raman' }],
          cc: [],
          bcc: [],
        }),
      },
      associations: [
        { to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 198 }] },
        { to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 210 }] },
      ],
    });
    expect(server.emails()).toEqual([expect.objectContaining({ id: written.id, contactIds: [contactId], dealIds: [dealId] })]);
  });

  it('marks inbound mail INCOMING_EMAIL', async () => {
    const contactId = server.addContact({ email: 'priya.raman@acme-robotics.example' });
    await hubspot.logEmail(log({ direction: 'inbound', contacts: [{ id: contactId, kind: 'contact', name: 'P', email: 'priya.raman@acme-robotics.example', altEmails: [] }] }));
    expect((server.requests.at(-1)!.body as { properties: { hs_email_direction: string } }).properties.hs_email_direction).toBe('INCOMING_EMAIL');
  });

  it('finds an email it logged — but only once HubSpot’s search index has caught up', async () => {
    await server.close();
    let clock = NOW;
    server = await startHubSpotServer({ token: TOKEN, now: () => clock, indexLagMs: 5_000 });
    hubspot = createHubSpot({ credentials: { crm: 'hubspot', method: 'token', accessToken: TOKEN, connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => clock, db, baseUrl: server.origin });
    const contactId = server.addContact({ email: 'priya.raman@acme-robotics.example' });
    const entry = log({ contacts: [{ id: contactId, kind: 'contact', name: 'P', email: 'priya.raman@acme-robotics.example', altEmails: [] }] });
    const { id } = await hubspot.logEmail(entry);
    expect(await hubspot.findLoggedEmail(entry)).toBeNull(); // eventually consistent: not yet
    clock += 5_000;
    expect(await hubspot.findLoggedEmail(entry)).toBe(id);
    expect(await hubspot.findLoggedEmail({ ...entry, subject: 'Another email at the same millisecond' })).toBeNull();
    expect(server.requests.at(-1)).toMatchObject({
      path: '/crm/v3/objects/emails/search',
      body: {
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_timestamp', operator: 'EQ', value: String(entry.at) },
              { propertyName: 'associations.contact', operator: 'EQ', value: contactId },
            ],
          },
        ],
      },
    });
  });

  it('creates a task associated with the contact and deal, and a note', async () => {
    const contactId = server.addContact({ email: 'a@b.example' });
    const contact = { id: contactId, kind: 'contact' as const, name: 'A', email: 'a@b.example', altEmails: [] };
    await hubspot.createTask({ key: 'k1', subject: 'Follow up on the proposal', body: 'Ask about the budget', dueAt: 1_764_500_000_000, contact, dealId: undefined });
    expect(server.requests.at(-1)).toMatchObject({
      path: '/crm/v3/objects/tasks',
      body: {
        properties: { hs_timestamp: new Date(1_764_500_000_000).toISOString(), hs_task_subject: 'Follow up on the proposal', hs_task_body: 'Ask about the budget', hs_task_status: 'NOT_STARTED', hs_task_priority: 'MEDIUM', hs_task_type: 'EMAIL' },
        associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] }],
      },
    });
    await hubspot.logNote({ key: 'n1', body: 'Met at the fair', at: 1_764_000_000_000, contact });
    expect(server.requests.at(-1)).toMatchObject({ path: '/crm/v3/objects/notes', body: { properties: { hs_note_body: 'Met at the fair' }, associations: [{ types: [{ associationTypeId: 202 }] }] } });
  });

  it('creates a contact, and on 409 (already there) returns the existing one', async () => {
    const created = await hubspot.createContact({ email: 'New.Person@acme.example', name: 'New Person' });
    expect(server.requests.at(-1)).toMatchObject({ path: '/crm/v3/objects/contacts', body: { properties: { email: 'new.person@acme.example', firstname: 'New', lastname: 'Person' } } });
    expect(created).toMatchObject({ email: 'new.person@acme.example', name: 'New Person' });
    const again = await hubspot.createContact({ email: 'new.person@acme.example', name: 'New Person' });
    expect(again.id).toBe(created.id);
  });

  it('turns a refused token into a permanent auth error that names the fix and never the token', async () => {
    const bad = createHubSpot({ credentials: { crm: 'hubspot', method: 'token', accessToken: 'pat-na1-99999999-9999-9999-9999-999999999999', connectedAt: 0 }, fetch: (u, i) => fetch(u, i), now: () => NOW, db, baseUrl: server.origin });
    const error = await bad.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ code: 'auth', status: 401, permanent: true });
    expect((error as CrmError).fix).toMatch(/Reconnect HubSpot/);
    expect(JSON.stringify({ m: (error as Error).message, s: (error as Error).stack })).not.toContain('99999999-9999');
  });

  it('uses the real API host when no base URL is given', async () => {
    const seen: string[] = [];
    const prod = createHubSpot({ credentials: { crm: 'hubspot', method: 'token', accessToken: TOKEN, connectedAt: 0 }, fetch: async (u) => (seen.push(u), new Response('{"portalId":1}', { status: 200 })), now: () => NOW, db });
    await prod.verify();
    expect(seen).toEqual(['https://api.hubapi.com/account-info/v3/details']);
  });
});
