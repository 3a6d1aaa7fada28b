import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { BackgroundStore } from './pages/background-store';
import { LeadRoutingForm } from './pages/lead-routing';
import { OptionsPage } from './pages/options-page';

// The CRM side of lead routing and of a booked meeting, in the real extension against a loopback HubSpot at
// https://api.hubapi.com: a stranger's mail becomes a lead whose owner (the next teammate) is written on the
// HubSpot contact; a meeting row (as the meetings area queues it on booking, reschedule and cancel) becomes one
// HubSpot meeting on the contact, moved and then cancelled in place.

const TOKEN = 'pat-na1-e2e0e2e0-7777-8888-9999-444455556666';
const DANA = { name: 'Dana Whitfield', email: 'dana.whitfield@bluefin-logistics.example' };
let hubspot: HubSpotServer;

const e2e = useExtensionBrowser({
  async launch() {
    hubspot = await startHubSpotServer({ token: TOKEN, tls: { hosts: ['api.hubapi.com'] }, cors: true });
    return { extraHosts: [{ host: 'api.hubapi.com', port: hubspot.port }] };
  },
});

beforeAll(async () => {
  const worker = e2e.browser.worker!;
  hubspot.addOwner({ id: '101', firstName: 'Ana', lastName: 'Lee', email: 'ana@followthrough-demo.example' });
  hubspot.addOwner({ id: '202', firstName: 'Bo', lastName: 'Kim', email: 'bo@followthrough-demo.example' });
  // Connected as the background stores it after a checked connect (the permission prompt cannot be clicked headless).
  await worker.evaluate(async (token) => {
    const storage = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } }).chrome.storage.local;
    const { settings } = await storage.get('settings');
    await storage.set({ settings: { ...(settings as object), crm: 'hubspot' }, crmCredentials: { hubspot: { crm: 'hubspot', method: 'token', accessToken: token, account: 'HubSpot portal 4242', connectedAt: Date.now() - 1_000 } } });
  }, TOKEN);
  await new BackgroundStore(worker).setSettings({
    ownDomains: ['followthrough-demo.example'],
    leadRouting: { inbound: true, formSenders: [], teammates: [{ name: 'Bo Kim', crmOwnerId: '202', away: true }, { name: 'Ana Lee', crmOwnerId: '101', away: false }], assignOwner: true },
  });
});
afterAll(async () => {
  await hubspot?.close();
});

describe('HubSpot: owners and meetings written by the CRM sync', () => {
  it('the rep picks teammates from HubSpot\'s owners: the ids saved are the ids hubspot_owner_id holds', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await options.tab('Today');
    const form = new LeadRoutingForm(options.page);
    await form.pickFromCrm('HubSpot');
    const choices = await form.ownerChoices(0, 'HubSpot');
    expect(choices).toEqual(['Pick an owner…', 'Ana Lee <ana@followthrough-demo.example> — 101', 'Bo Kim <bo@followthrough-demo.example> — 202']);
    await form.pickOwner(0, 'HubSpot', '202');
    await form.pickOwner(1, 'HubSpot', '101');
    expect(await form.save()).toBe('Lead routing saved.');
    const saved = (await new BackgroundStore(e2e.browser.worker!).settings()).leadRouting as { teammates: { crmOwnerId: string }[] };
    expect(saved.teammates.map((t) => t.crmOwnerId)).toEqual(['202', '101']);
    await options.page.close();
  });

  it('a routed lead is created in HubSpot with the next teammate who is not away as its owner, once', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.receiveReply({ subject: 'Rollout schedule for Q1', from: DANA, body: 'Hi Sam, we run 120 trucks out of Rotterdam. Could we talk pricing next week?' });
    await gmail.openThread('Rollout schedule for Q1');
    const contactOf = () => [...hubspot.state.objects.contacts.values()].find((c) => c.properties.email === DANA.email);
    await expect.poll(() => contactOf()?.properties.hubspot_owner_id, { timeout: 30_000 }).toBe('101');
    const store = new BackgroundStore(e2e.browser.worker!);
    await expect.poll(async () => (await store.table<{ kind: string; status: string }>('outbox')).filter((r) => r.kind === 'crm.assignOwner').map((r) => r.status), { timeout: 20_000 }).toEqual(['done']);
    // Opening the thread again (another sweep and run) writes nothing more.
    await gmail.backToInbox();
    await gmail.openThread('Rollout schedule for Q1');
    await gmail.page.waitForTimeout(1_500);
    expect(hubspot.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/crm/v3/objects/contacts/'))).toHaveLength(1);
    expect(hubspot.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts')).toHaveLength(1);
  });

  it('a booked meeting becomes one HubSpot meeting on the contact; the reschedule moves it and the cancel marks it CANCELED', async () => {
    const store = new BackgroundStore(e2e.browser.worker!);
    const gmail = await GmailPage.open(e2e.browser.context);
    const start = Date.UTC(2026, 11, 10, 15, 0);
    // The meetings area (another branch) queues these rows on book, reschedule and cancel; here they are queued
    // as it does, straight into the outbox, and the CRM sync picks them up on its next run.
    const queue = (sequence: number, status: 'booked' | 'cancelled', at: number) =>
      store.putRow('outbox', {
        id: `crm:hubspot:meeting:mtg-e2e:${sequence}`,
        kind: 'crm.logMeeting',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: Date.now(),
        createdAt: Date.now(),
        payload: { crm: 'hubspot', meetingId: 'mtg-e2e', uid: 'mtg-e2e@followthrough.invalid', sequence, status, title: 'Fleet tracking: pricing call', start: at, end: at + 30 * 60_000, contactEmail: DANA.email, contactName: DANA.name, organizerEmail: 'sam@followthrough-demo.example', attendees: [{ email: DANA.email, name: DANA.name }], note: 'Booked from her reply.' },
      });
    const nudge = async () => {
      await gmail.openThread('Rollout schedule for Q1');
      await gmail.backToInbox();
    };
    const meetings = () => hubspot.meetings();

    await queue(0, 'booked', start);
    await nudge();
    await expect.poll(() => meetings().length, { timeout: 30_000 }).toBe(1);
    const dana = [...hubspot.state.objects.contacts.values()].find((c) => c.properties.email === DANA.email)!;
    expect(meetings()[0]).toMatchObject({ contactIds: [dana.id], properties: expect.objectContaining({ hs_meeting_title: 'Fleet tracking: pricing call', hs_meeting_outcome: 'SCHEDULED', hs_meeting_start_time: new Date(start).toISOString() }) });

    await queue(1, 'booked', start + 24 * 3_600_000);
    await nudge();
    await expect.poll(() => meetings()[0]?.properties.hs_meeting_start_time, { timeout: 30_000 }).toBe(new Date(start + 24 * 3_600_000).toISOString());

    await queue(2, 'cancelled', start + 24 * 3_600_000);
    await nudge();
    await expect.poll(() => meetings()[0]?.properties.hs_meeting_outcome, { timeout: 30_000 }).toBe('CANCELED');
    expect(meetings()).toHaveLength(1);
    await expect.poll(async () => (await store.table<{ kind: string; status: string }>('outbox')).filter((r) => r.kind === 'crm.logMeeting').map((r) => r.status), { timeout: 20_000 }).toEqual(['done', 'done', 'done']);
  });
});
