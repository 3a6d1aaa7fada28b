// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { SettingsStore } from '@/lib/settings';
import { CredentialStore } from '@/lib/crm/auth';
import { CrmSync } from '@/lib/crm/sync';
import { connectors } from '@/lib/crm/connectors';
import { MEETING_LOG_KIND, MeetingLogJob, meetingLogJobId } from '@/lib/crm/meeting-log';
import { OWNER_KIND, OwnerJob, ownerJobId } from '@/lib/crm/owner';
import { memoryArea } from '../support/background';
import type { ApiServer } from '../server/crm-api/common';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { startPipedriveServer, type PipedriveServer } from '../server/crm-api/pipedrive';
import { startSalesforceServer, type SalesforceServer } from '../server/crm-api/salesforce';

// The CRM side of lead routing's owner rows (crm.assignOwner) and the meetings area's rows (crm.logMeeting),
// against each loopback CRM: written once, found again, never overwriting an owner someone set, a later
// SEQUENCE updating the same record, a cancel in each CRM's own way, and a missing scope waiting with its name.

const START = Date.UTC(2026, 11, 7, 9, 0);
const HOUR = 3_600_000;

interface Meeting {
  id: string;
  title: string;
  start: number;
  cancelled: boolean;
  contactId: string;
}
interface Setup {
  crm: 'hubspot' | 'pipedrive' | 'salesforce';
  token: string;
  start(): Promise<ApiServer>;
  /** Two users who may own records: [the teammate the round-robin picks, someone else]. */
  users(s: ApiServer): [string, string];
  addContact(s: ApiServer, email: string, ownerId?: string): string;
  ownerOf(s: ApiServer, email: string): string | undefined;
  meetings(s: ApiServer): Meeting[];
  /** Take away what writing an owner needs; the scope or permission the rep is told about. */
  denyOwner(s: ApiServer): string;
  isOwnerWrite(method: string, path: string): boolean;
  isMeetingCreate(method: string, path: string): boolean;
}

const setups: Setup[] = [
  {
    crm: 'hubspot',
    token: 'pat-na1-11111111-2222-3333-4444-555555555555',
    start: () => startHubSpotServer(),
    users(s) {
      const hs = s as HubSpotServer;
      hs.addOwner({ id: '101', firstName: 'Ana', lastName: 'Lee', email: 'ana@rep.example' });
      hs.addOwner({ id: '202', firstName: 'Bo', lastName: 'Kim', email: 'bo@rep.example' });
      return ['101', '202'];
    },
    addContact: (s, email, ownerId) => (s as HubSpotServer).addContact({ email, firstname: 'Priya', lastname: 'Raman', ownerId }),
    ownerOf: (s, email) => [...(s as HubSpotServer).state.objects.contacts.values()].find((c) => c.properties.email === email)?.properties.hubspot_owner_id,
    meetings: (s) =>
      (s as HubSpotServer).meetings().map((m) => ({ id: m.id, title: m.properties.hs_meeting_title ?? '', start: Date.parse(m.properties.hs_meeting_start_time ?? ''), cancelled: m.properties.hs_meeting_outcome === 'CANCELED', contactId: m.contactIds[0] ?? '' })),
    denyOwner(s) {
      (s as HubSpotServer).state.scopes.delete('crm.objects.contacts.write');
      return 'crm.objects.contacts.write';
    },
    isOwnerWrite: (method, path) => method === 'PATCH' && path.startsWith('/crm/v3/objects/contacts/'),
    isMeetingCreate: (method, path) => method === 'POST' && path === '/crm/v3/objects/meetings',
  },
  {
    crm: 'pipedrive',
    token: '0123456789abcdef0123456789abcdef01234567',
    start: () => startPipedriveServer(),
    users(s) {
      const pd = s as PipedriveServer;
      return [String(pd.addUser({ name: 'Ana Lee', email: 'ana@rep.example' })), String(pd.addUser({ name: 'Bo Kim', email: 'bo@rep.example' }))];
    },
    addContact(s, email, ownerId) {
      const pd = s as PipedriveServer;
      const id = pd.addPerson({ name: 'Priya Raman', emails: [email] });
      if (ownerId) Object.assign(pd.persons.get(id)!, { ownerId: Number(ownerId) });
      return String(id);
    },
    ownerOf: (s, email) => {
      const p = [...(s as PipedriveServer).persons.values()].find((x) => x.emails.includes(email));
      return p ? String(p.ownerId) : undefined;
    },
    meetings: (s) =>
      [...(s as PipedriveServer).activities.values()].filter((a) => a.type === 'meeting').map((a) => ({ id: String(a.id), title: a.subject, start: Date.parse(`${a.due_date}T${a.due_time}:00Z`), cancelled: false, contactId: String(a.person_id) })),
    denyOwner(s) {
      (s as PipedriveServer).faults.push((req) => (req.method === 'PATCH' && req.path.startsWith('/api/v2/persons/') ? { kind: 'status', status: 403, body: { success: false, error: 'You do not have permission to change the owner of this person', data: null, additional_data: null } } : undefined));
      return 'contacts:full';
    },
    isOwnerWrite: (method, path) => method === 'PATCH' && path.startsWith('/api/v2/persons/'),
    isMeetingCreate: (method, path) => method === 'POST' && path === '/api/v2/activities',
  },
  {
    crm: 'salesforce',
    token: '00D5g000001abcd!AQ0AQHx.test.session.token',
    start: () => startSalesforceServer(),
    users(s) {
      const sf = s as SalesforceServer;
      return [sf.addUser({ Name: 'Ana Lee', Email: 'ana@rep.example' }), sf.addUser({ Name: 'Bo Kim', Email: 'bo@rep.example' })];
    },
    addContact: (s, email, ownerId) => (s as SalesforceServer).addContact({ Name: 'Priya Raman', Email: email, ...(ownerId ? { OwnerId: ownerId } : {}) }),
    ownerOf: (s, email) => {
      const c = [...(s as SalesforceServer).records.Contact.values()].find((x) => x.Email === email);
      return c ? String(c.OwnerId ?? '005000000000001AAA') : undefined;
    },
    meetings: (s) =>
      [...(s as SalesforceServer).records.Event.values()].map((e) => ({ id: e.Id, title: String(e.Subject).replace(/^Canceled: /, ''), start: Date.parse(String(e.StartDateTime)), cancelled: String(e.Subject).startsWith('Canceled: ') && e.ShowAs === 'Free', contactId: String(e.WhoId) })),
    denyOwner(s) {
      (s as SalesforceServer).permissions.delete('TransferRecord');
      return 'Transfer Record';
    },
    isOwnerWrite: (method, path) => method === 'PATCH' && /\/sobjects\/(Contact|Lead)\//.test(path),
    isMeetingCreate: (method, path) => method === 'POST' && path.endsWith('/sobjects/Event'),
  },
];

let db: FollowthroughDb;
let clock: number;
beforeEach(async () => {
  clock = START;
  db = new FollowthroughDb(`ft-remote-${Math.random().toString(36).slice(2)}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function connect(setup: Setup, server: ApiServer, createCrmContacts = false) {
  const storage = memoryArea();
  const settings = new SettingsStore(storage);
  await settings.update({ crm: setup.crm, ownDomains: ['rep.example'], createCrmContacts });
  const credentials = new CredentialStore(storage);
  await credentials.set({ crm: setup.crm, method: 'token', accessToken: setup.token, instanceUrl: 'https://acme.my.salesforce.com', connectedAt: START - 1 });
  return new CrmSync({ db, settings, credentials, state: storage, fetch: (u, i) => fetch(u, i), now: () => clock, random: () => 0.5, baseUrls: { [setup.crm]: server.origin }, timeoutMs: 2_000, baseDelayMs: 1_000 });
}

/** Run the sync until nothing is due, moving the clock to each next due row (bounded). */
async function settle(sync: CrmSync, horizon = 2 * HOUR) {
  for (let guard = 0; guard < 200; guard++) {
    await sync.run();
    const next = await sync.outbox.nextDueAt();
    if (next === undefined || next > clock + horizon) return;
    clock = Math.max(clock, next);
  }
}

const count = (server: ApiServer, match: (method: string, path: string) => boolean) => server.requests.filter((r) => match(r.method, r.path)).length;

describe.each(setups)('$crm: a routed lead\'s owner', (setup) => {
  const ownerJob = (ownerId: string, email = 'priya@acme.example') => OwnerJob.parse({ crm: setup.crm, messageId: 'msg-f:1900000000000001', email, name: 'Priya Raman', ownerId, ownerName: 'Ana Lee' });

  it('a lead the CRM does not have yet is created with the teammate as owner; a second run writes nothing more', async () => {
    const server = await setup.start();
    try {
      const [ana] = setup.users(server);
      const sync = await connect(setup, server);
      const id = ownerJobId(setup.crm, 'msg-f:1900000000000001');
      await sync.outbox.enqueue(id, OWNER_KIND, ownerJob(ana));
      await settle(sync);
      expect(setup.ownerOf(server, 'priya@acme.example')).toBe(ana);
      expect(await sync.outbox.counts(OWNER_KIND)).toMatchObject({ done: 1, failed: 0, pending: 0 });
      const writes = count(server, setup.isOwnerWrite);

      // The worker stopped after the write and before the row was marked done (its ledger lost too): the run
      // again finds the owner already set and writes nothing.
      await db.outbox.update(id, { status: 'pending', nextAttemptAt: clock });
      await db.crmWrites.delete(id);
      await settle(sync);
      expect(count(server, setup.isOwnerWrite)).toBe(writes);
      expect(setup.ownerOf(server, 'priya@acme.example')).toBe(ana);
    } finally {
      await server.close();
    }
  });

  it('a record someone else already owns is left as it is, and the row and the lead say why', async () => {
    const server = await setup.start();
    try {
      const [ana, bo] = setup.users(server);
      setup.addContact(server, 'priya@acme.example', bo);
      const sync = await connect(setup, server);
      await db.leads.put({ id: 'lead:msg-f:1900000000000001', messageId: 'msg-f:1900000000000001', threadId: 'thread-f:1', contactId: 'ct:priya@acme.example', email: 'priya@acme.example', name: 'Priya Raman', source: 'inbound', subject: 'Pricing', status: 'new', at: START, owner: { name: 'Ana Lee', crmOwnerId: ana } });
      const id = ownerJobId(setup.crm, 'msg-f:1900000000000001');
      await sync.outbox.enqueue(id, OWNER_KIND, ownerJob(ana));
      await settle(sync);
      expect(count(server, setup.isOwnerWrite)).toBe(0);
      expect(setup.ownerOf(server, 'priya@acme.example')).toBe(bo);
      const row = await db.outbox.get(id);
      expect(row?.status).toBe('done');
      expect((row?.payload as { kept?: { ownerId: string; reason: string } }).kept).toMatchObject({ ownerId: bo, reason: expect.stringMatching(/^left as it is: .*already owns priya@acme\.example/) });
      expect((await db.leads.get('lead:msg-f:1900000000000001'))?.owner?.crmOwnerId).toBe(bo);
    } finally {
      await server.close();
    }
  });

  it('a missing scope or permission keeps the row waiting, named for the rep; granted, Retry writes it', async () => {
    const server = await setup.start();
    try {
      const [ana] = setup.users(server);
      // Not in the CRM yet: Followthrough creates the record, so its owner is the round-robin's to set.
      const sync = await connect(setup, server);
      const need = setup.denyOwner(server);
      const id = ownerJobId(setup.crm, 'msg-f:1900000000000001');
      await sync.outbox.enqueue(id, OWNER_KIND, ownerJob(ana));
      await settle(sync, 0);
      const row = await db.outbox.get(id);
      expect(row).toMatchObject({ status: 'pending', attempts: 0 });
      expect(row?.lastError).toContain(need);
      const health = (await sync.health()).crms.find((c) => c.crm === setup.crm)!;
      expect(health.rows[0]).toMatchObject({ status: 'waiting', what: 'owner', contact: 'Priya Raman <priya@acme.example>' });
      // Granted again (the fault or scope removed), the rep's Retry runs it now.
      server.faults.length = 0;
      if (setup.crm === 'hubspot') (server as HubSpotServer).state.scopes.add('crm.objects.contacts.write');
      if (setup.crm === 'salesforce') (server as SalesforceServer).permissions.add('TransferRecord');
      expect(await sync.retry(setup.crm, id)).toBe(1);
      await settle(sync, 0);
      expect(setup.ownerOf(server, 'priya@acme.example')).toBe(ana);
      expect((await db.outbox.get(id))?.status).toBe('done');
    } finally {
      await server.close();
    }
  });

  it('a 429 on the write waits and then writes once', async () => {
    const server = await setup.start();
    try {
      const [ana] = setup.users(server);
      const sync = await connect(setup, server);
      let refused = 0;
      server.faults.push((req) => (setup.isOwnerWrite(req.method, req.path) && refused++ === 0 ? { kind: 'status', status: 429, headers: { 'Retry-After': '3' }, body: { message: 'slow down' } } : undefined));
      await sync.outbox.enqueue(ownerJobId(setup.crm, 'msg-f:1900000000000001'), OWNER_KIND, ownerJob(ana));
      await settle(sync);
      expect(refused).toBe(2); // one refused, one written
      expect(count(server, setup.isOwnerWrite)).toBe(2);
      expect(count(server, (m, p) => setup.isOwnerWrite(m, p) || /\/(contacts|persons|Contact)$/.test(p) && m === 'POST')).toBe(3); // and one record created
      expect(setup.ownerOf(server, 'priya@acme.example')).toBe(ana);
      expect(await sync.outbox.counts(OWNER_KIND)).toMatchObject({ done: 1, failed: 0 });
    } finally {
      await server.close();
    }
  });
});

describe.each(setups)('$crm: a booked meeting', (setup) => {
  const job = (sequence: number, over: Partial<MeetingLogJob> = {}) =>
    MeetingLogJob.parse({
      crm: setup.crm,
      meetingId: 'mtg-1',
      uid: 'mtg-1@followthrough.invalid',
      sequence,
      status: 'booked',
      title: 'Intro call with Priya',
      start: START + 26 * HOUR,
      end: START + 26.5 * HOUR,
      contactEmail: 'priya@acme.example',
      contactName: 'Priya Raman',
      organizerEmail: 'sam@rep.example',
      attendees: [{ email: 'priya@acme.example', name: 'Priya Raman' }],
      note: 'Booked from her reply: "Thursday at 3 works".',
      ...over,
    });
  const enqueue = (sync: CrmSync, j: MeetingLogJob) => sync.outbox.enqueue(meetingLogJobId(setup.crm, j.meetingId, j.sequence), MEETING_LOG_KIND, j);

  it('is written once on the contact; a reschedule updates the same record; an older row after it changes nothing; a cancel marks it', async () => {
    const server = await setup.start();
    try {
      const contactId = setup.addContact(server, 'priya@acme.example');
      const sync = await connect(setup, server);
      await enqueue(sync, job(0));
      await settle(sync);
      let meetings = setup.meetings(server);
      expect(meetings).toHaveLength(1);
      expect(meetings[0]).toMatchObject({ title: 'Intro call with Priya', start: START + 26 * HOUR, contactId, cancelled: false });
      const remoteId = meetings[0]!.id;

      // Run again after a stop between the write and "done": the ledger holds it, nothing is written twice.
      const first = meetingLogJobId(setup.crm, 'mtg-1', 0);
      await db.outbox.update(first, { status: 'pending', nextAttemptAt: clock });
      await settle(sync);
      expect(count(server, setup.isMeetingCreate)).toBe(1);

      await enqueue(sync, job(1, { start: START + 50 * HOUR, end: START + 51 * HOUR }));
      await settle(sync);
      meetings = setup.meetings(server);
      expect(meetings).toHaveLength(1);
      expect(meetings[0]).toMatchObject({ id: remoteId, start: START + 50 * HOUR });

      // SEQUENCE 0 again under another key (a late duplicate): older than what the CRM holds, so no change.
      await db.crmWrites.delete(first);
      await db.outbox.update(first, { status: 'pending', nextAttemptAt: clock });
      await settle(sync);
      expect(setup.meetings(server)[0]).toMatchObject({ id: remoteId, start: START + 50 * HOUR });

      await enqueue(sync, job(2, { status: 'cancelled', start: START + 50 * HOUR, end: START + 51 * HOUR }));
      await settle(sync);
      meetings = setup.meetings(server);
      if (setup.crm === 'pipedrive') {
        // Pipedrive: the activity is deleted (restorable for 30 days).
        expect(meetings).toHaveLength(0);
        expect((server as PipedriveServer).deleted).toEqual([Number(remoteId)]);
      } else {
        expect(meetings).toEqual([expect.objectContaining({ id: remoteId, cancelled: true })]);
      }
      expect(count(server, setup.isMeetingCreate)).toBe(1);
      expect(await sync.outbox.counts(MEETING_LOG_KIND)).toMatchObject({ done: 3, failed: 0, pending: 0 });
    } finally {
      await server.close();
    }
  });

  it('a create whose answer was lost is found again by its marker, not written twice', async () => {
    const server = await setup.start();
    try {
      setup.addContact(server, 'priya@acme.example');
      const sync = await connect(setup, server);
      let creates = 0;
      server.faults.push((req) => (setup.isMeetingCreate(req.method, req.path) && creates++ === 0 ? { kind: 'drop-after-apply' } : undefined));
      await enqueue(sync, job(0));
      await settle(sync);
      expect(setup.meetings(server)).toHaveLength(1);
      expect(creates).toBe(1);
      expect(await sync.outbox.counts(MEETING_LOG_KIND)).toMatchObject({ done: 1, failed: 0 });
    } finally {
      await server.close();
    }
  });

  it('a person the CRM does not know fails with what to do, unless the rep lets Followthrough create contacts', async () => {
    const server = await setup.start();
    try {
      const sync = await connect(setup, server);
      await enqueue(sync, job(0));
      await settle(sync);
      const row = await db.outbox.get(meetingLogJobId(setup.crm, 'mtg-1', 0));
      expect(row?.status).toBe('failed');
      expect(row?.lastError).toMatch(new RegExp(`^No ${connectors[setup.crm].label} contact has priya@acme\\.example`));
      expect(setup.meetings(server)).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe.each(setups)('$crm: owners to pick teammates from', (setup) => {
  it('lists the CRM\'s users with the ids its owner field holds', async () => {
    const server = await setup.start();
    try {
      const [ana, bo] = setup.users(server);
      const sync = await connect(setup, server);
      const owners = await (await sync.connector(setup.crm)).listOwners!();
      expect(owners).toEqual(expect.arrayContaining([expect.objectContaining({ id: ana, name: 'Ana Lee' }), expect.objectContaining({ id: bo, name: 'Bo Kim' })]));
    } finally {
      await server.close();
    }
  });
});

describe('the loopback CRMs check these calls against the documented shapes', () => {
  it('HubSpot: a meeting without associations, and an owner list past its page limit, are refused by the document', async () => {
    const server = await startHubSpotServer();
    try {
      const headers = { Authorization: `Bearer ${server.state.token}`, 'Content-Type': 'application/json' };
      const created = await fetch(`${server.origin}/crm/v3/objects/meetings`, { method: 'POST', headers, body: JSON.stringify({ properties: { hs_timestamp: '2026-12-10T15:00:00Z' } }) });
      expect(created.status).toBe(400);
      const owners = await fetch(`${server.origin}/crm/v3/owners?limit=501`, { headers });
      expect(owners.status).toBe(400);
      expect(server.violations.map((v) => `${v.method} ${v.path}`)).toEqual(['POST /crm/v3/objects/meetings', 'GET /crm/v3/owners']);
      server.violations.length = 0;
    } finally {
      await server.close();
    }
  });

  it('Salesforce: an Event subject past 255 characters and an owner that is not a User id are refused by the document', async () => {
    const server = await startSalesforceServer();
    try {
      const headers = { Authorization: 'Bearer 00D5g000001abcd!AQ0AQHx.test.session.token', 'Content-Type': 'application/json' };
      const event = await fetch(`${server.origin}/services/data/v62.0/sobjects/Event`, { method: 'POST', headers, body: JSON.stringify({ Subject: 'x'.repeat(256), StartDateTime: '2026-12-10T15:00:00Z', EndDateTime: '2026-12-10T15:30:00Z' }) });
      expect(event.status).toBe(400);
      const contact = server.addContact({ Name: 'P', Email: 'p@acme.example' });
      const owner = await fetch(`${server.origin}/services/data/v62.0/sobjects/Contact/${contact}`, { method: 'PATCH', headers, body: JSON.stringify({ OwnerId: '00G000000000001AAA' }) });
      expect(owner.status).toBe(400);
      expect(server.violations).toHaveLength(2);
      server.violations.length = 0;
    } finally {
      await server.close();
    }
  });
});
