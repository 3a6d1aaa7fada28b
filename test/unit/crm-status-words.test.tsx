import Dexie from 'dexie';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrmStatus } from '@/components/CrmStatus';
import { CredentialStore } from '@/lib/crm/auth';
import { CrmSync, emailJobId } from '@/lib/crm/sync';
import { contactEmails, FollowthroughDb } from '@/lib/db';
import type { Activity } from '@/lib/records';
import { say } from '@/lib/say';
import { SettingsStore } from '@/lib/settings';
import { createCrmStore } from '@/lib/ui/crm-store';
import { memoryArea } from '../support/background';
import { setUiLanguage } from '../support/i18n-fake';

// CRM sync statuses in the rep's language: a write HubSpot refuses is stored with its English line and its
// words (the outbox's `lastErrorWords`); the popup's and side panel's CRM section says our framing and what to
// do in German, with HubSpot's own message as HubSpot wrote it. Rows stored before words still show English.

const TOKEN = 'pat-na1-deadbeef-dead-beef-dead-beefdeadbeef';
const START = 1_764_072_000_000;
const OWN = 'followthrough-demo.example';
const JANE = 'jane@acme.example';

let db: FollowthroughDb;
let dbName: string;
let settings: SettingsStore;
let credentials: CredentialStore;
let answer: { status: number; body: unknown };

const makeSync = () =>
  new CrmSync({
    db,
    settings,
    credentials,
    state: memoryArea(),
    // Every request gets the same answer: the contact lookup is the first, and the one refused.
    fetch: async () => new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } }),
    now: () => START,
    random: () => 0.5,
    baseUrls: { hubspot: 'http://127.0.0.1:9' },
    timeoutMs: 300,
  });

async function queuedEmail(sync: CrmSync): Promise<string> {
  await db.contacts.put({ id: 'ct-1', name: 'Jane', email: JANE, altEmails: [], emails: contactEmails({ email: JANE }), source: 'local', createdAt: 0, updatedAt: 0 });
  const me = { name: 'Sam Rep', email: `sam@${OWN}` };
  await db.messages.put({ id: 'msg-f:1', threadId: 'thread-f:1', from: me, to: [{ name: 'Jane', email: JANE }], cc: [], bcc: [], subject: 'Pilot', date: START - 1000, bodyText: 'Hi Jane', direction: 'outbound' });
  const activity: Activity = { id: 'act-1', kind: 'email.sent', contactId: 'ct-1', threadId: 'thread-f:1', messageId: 'msg-f:1', summary: 'Pilot', at: START };
  await db.activities.put(activity);
  await sync.queueCrmSync(activity);
  await sync.run();
  return emailJobId('hubspot', 'msg-f:1');
}

/** The CRM section as the popup shows it, drawn from the sync's real health. */
async function drawn(sync: CrmSync): Promise<HTMLElement> {
  const store = createCrmStore({ send: async () => ({ ok: true, data: await sync.health() }), requestAccess: async () => true });
  await store.getState().load();
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  await act(async () => root.render(<CrmStatus store={store} />));
  return host;
}
const text = (host: HTMLElement, id: string) => [...host.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent);

beforeEach(async () => {
  dbName = `ft-status-words-${Math.random().toString(36).slice(2)}`;
  db = new FollowthroughDb(dbName);
  await db.open();
  const storage = memoryArea();
  settings = new SettingsStore(storage);
  await settings.update({ crm: 'hubspot', ownDomains: [OWN] });
  credentials = new CredentialStore(storage);
  await credentials.set({ crm: 'hubspot', method: 'token', accessToken: TOKEN, account: 'HubSpot portal 4242', connectedAt: START - 1_000_000 });
});
afterEach(async () => {
  setUiLanguage('en');
  document.body.replaceChildren();
  db.close();
  await Dexie.delete(dbName);
});

describe('CRM statuses in the rep’s language', () => {
  it('a refused write: our framing and the fix in German, HubSpot’s own words as written, no token', async () => {
    answer = { status: 401, body: { status: 'error', message: `Authentication credentials not found for ${TOKEN}`, category: 'INVALID_AUTHENTICATION' } };
    const sync = makeSync();
    const id = await queuedEmail(sync);
    const row = (await db.outbox.get(id))!;
    expect(row.status).toBe('failed');
    expect(row.lastErrorWords?.key).toBe('crm_failed_fix');
    // In English the words say what the English line says.
    const [health] = (await sync.health()).crms.filter((c) => c.crm === 'hubspot');
    const failed = health!.rows[0]!;
    expect(say(failed.messageWords)).toBe(failed.message);
    expect(say(failed.fixWords)).toBe(failed.fix);
    expect(say(health!.failures[0]!.words)).toBe(health!.failures[0]!.error);

    setUiLanguage('de');
    const host = await drawn(sync);
    expect(text(host, 'crm-row-message')).toEqual(['HubSpot hat POST /crm/v3/objects/contacts/search abgelehnt (401): Authentication credentials not found for [redacted]']);
    expect(text(host, 'crm-row-fix')).toEqual(['Verbinden Sie HubSpot neu: Das Token wurde abgelehnt (abgelaufen oder widerrufen).']);
    // The failures' summary says the whole stored line: what to do, then what HubSpot said.
    expect(text(host, 'crm-failure')).toEqual(['Verbinden Sie HubSpot neu: Das Token wurde abgelehnt (abgelaufen oder widerrufen). (HubSpot hat POST /crm/v3/objects/contacts/search abgelehnt (401): Authentication credentials not found for [redacted])']);
    expect(JSON.stringify(await db.outbox.toArray()) + host.innerHTML).not.toContain('deadbeef');
  });

  it('a write waiting for its retry says so in German', async () => {
    answer = { status: 503, body: { message: 'Service Unavailable' } };
    const sync = makeSync();
    await queuedEmail(sync);
    setUiLanguage('de');
    const host = await drawn(sync);
    expect(text(host, 'crm-row-message')).toEqual(['HubSpot hat POST /crm/v3/objects/contacts/search abgelehnt (503): Service Unavailable']);
    expect(text(host, 'crm-row-fix')).toEqual(['Noch nichts: Followthrough versucht es selbst erneut. „Erneut versuchen“ sendet jetzt, „Verwerfen“ lässt es fallen.']);
  });

  it('a row stored before words still shows its English line', async () => {
    await db.outbox.add({
      id: 'crm:hubspot:msg-f:old',
      kind: 'crm.logEmail',
      payload: { crm: 'hubspot', subject: 'Old' },
      status: 'failed',
      attempts: 1,
      nextAttemptAt: START,
      createdAt: START,
      finishedAt: START,
      lastError: 'Reconnect HubSpot: its token was refused (expired or revoked). (HubSpot refused POST /crm/v3/objects/emails (401): old)',
    });
    setUiLanguage('de');
    const host = await drawn(makeSync());
    expect(text(host, 'crm-row-message')).toEqual(['HubSpot refused POST /crm/v3/objects/emails (401): old']);
    expect(text(host, 'crm-row-fix')).toEqual(['Reconnect HubSpot: its token was refused (expired or revoked).']);
  });
});
