// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { CREDENTIALS_KEY, CredentialStore, connectSalesforceOAuth, OAuthError, type WebAuthPort } from '@/lib/crm/auth';
import { CrmAccounts } from '@/lib/crm/accounts';
import { redactSecrets } from '@/lib/crm/redact';
import { CrmSync } from '@/lib/crm/sync';
import { SETTINGS_KEY, SettingsStore } from '@/lib/settings';
import { createHandlers } from '@/lib/service';
import { Engine } from '@/lib/engine/runner';
import { createRouter } from '@/lib/router';
import { ViewTracker } from '@/lib/views';
import { EXT_ORIGIN, memoryArea, OWN_ID, senders } from '../support/background';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { startSalesforceServer, type SalesforceServer } from '../server/crm-api/salesforce';

// Tokens: entered by the rep (or from Salesforce's sign-in), checked, kept in storage.local only, and never
// seen again in a log, an error, a stored row, the settings or the status.

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const NOW = 1_764_072_000_000;
let db: FollowthroughDb;
let hs: HubSpotServer;

beforeEach(async () => {
  db = new FollowthroughDb(`ft-auth-${Math.random().toString(36).slice(2)}`);
  await db.open();
  hs = await startHubSpotServer({ token: TOKEN, now: () => NOW });
});
afterEach(async () => {
  await hs.close();
  db.close();
  await Dexie.delete(db.name);
});

describe('redaction', () => {
  it('removes known tokens and anything shaped like a credential', () => {
    expect(redactSecrets('refused abcdefgh123 twice: abcdefgh123', ['abcdefgh123'])).toBe('refused [redacted] twice: [redacted]');
    expect(redactSecrets('Authorization: Bearer eyJhbGciOi.J9x-y_z')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('GET /v1/deals?api_token=0123456789abcdef&start=0')).toBe('GET /v1/deals?api_token=[redacted]&start=0');
    expect(redactSecrets('{"access_token":"00D5g000001abcd!AQ0AQH.x","refresh_token": "5Aep.y"}')).toBe('{"access_token":"[redacted]","refresh_token": "[redacted]"}');
    expect(redactSecrets('token pat-eu1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee leaked')).toBe('token [redacted] leaked');
    expect(redactSecrets('session 00D5g000001abcd!AQ0AQHx.secret.value')).toBe('session [redacted]');
    expect(redactSecrets('HubSpot refused POST /crm/v3/objects/emails (429)')).toBe('HubSpot refused POST /crm/v3/objects/emails (429)');
  });
});

describe('credential store', () => {
  it('keeps tokens under their own storage.local key, apart from the settings object, and drops unreadable entries', async () => {
    const area = memoryArea();
    const store = new CredentialStore(area);
    const settings = new SettingsStore(area);
    await settings.update({ crm: 'hubspot' });
    await store.set({ crm: 'hubspot', method: 'token', accessToken: TOKEN, connectedAt: NOW });
    expect([...area.data.keys()].sort()).toEqual([CREDENTIALS_KEY, SETTINGS_KEY].sort());
    expect(JSON.stringify(area.data.get(SETTINGS_KEY))).not.toContain(TOKEN);
    expect(JSON.stringify((await settings.load()).settings)).not.toContain(TOKEN);
    expect(await store.get('hubspot')).toMatchObject({ accessToken: TOKEN });
    expect(await store.summary()).toEqual({ hubspot: { method: 'token', connectedAt: NOW } });
    area.data.set(CREDENTIALS_KEY, { hubspot: { crm: 'hubspot', accessToken: 1 }, pipedrive: { crm: 'salesforce', method: 'token', accessToken: 'xxxxxxxxxx', connectedAt: 1 } });
    expect(await store.get('hubspot')).toBeUndefined();
    expect(await store.get('pipedrive')).toBeUndefined();
  });

  it('no code path writes to storage.sync', () => {
    const root = resolve(import.meta.dirname, '../..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(name)) files.push(path);
      }
    };
    for (const dir of ['lib', 'entrypoints', 'components']) walk(join(root, dir));
    const offenders = files.filter((f) => /storage\s*\.\s*sync\s*\.\s*(set|get|remove|clear)\b|storage\[['"]sync['"]\]/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('connecting with a token', () => {
  const accounts = (area = memoryArea(), granted = true) => {
    const settings = new SettingsStore(area);
    const credentials = new CredentialStore(area);
    const asked: string[][] = [];
    const a = new CrmAccounts({
      db,
      settings,
      credentials,
      fetch: (u, i) => fetch(u, i),
      now: () => NOW,
      permissions: { contains: async (o) => (asked.push([...o]), granted) },
      baseUrls: { hubspot: hs.origin },
    });
    return { a, area, settings, credentials, asked };
  };

  it('checks the host permission and the token, then stores it and makes HubSpot the active CRM', async () => {
    const { a, settings, credentials, asked } = accounts();
    expect(await a.connectWithToken('hubspot', ` ${TOKEN} `)).toEqual({ account: 'HubSpot portal 4242' });
    expect(asked).toEqual([['https://api.hubapi.com/*']]);
    expect(hs.requests.map((r) => r.path)).toEqual(['/account-info/v3/details']);
    expect((await settings.load()).settings.crm).toBe('hubspot');
    expect(await credentials.get('hubspot')).toMatchObject({ accessToken: TOKEN, account: 'HubSpot portal 4242', method: 'token' });
    await a.disconnect('hubspot');
    expect(await credentials.get('hubspot')).toBeUndefined();
    expect((await settings.load()).settings.crm).toBe('local');
  });

  it('without the host permission: a clear error, no request, nothing stored', async () => {
    const { a, credentials } = accounts(memoryArea(), false);
    await expect(a.connectWithToken('hubspot', TOKEN)).rejects.toThrow(/allow access to https:\/\/api\.hubapi\.com/);
    expect(hs.requests).toEqual([]);
    expect(await credentials.get('hubspot')).toBeUndefined();
  });

  it('a refused token: the error says what to do and never shows the token; nothing stored', async () => {
    const { a, credentials } = accounts();
    const wrong = 'pat-na1-99999999-8888-7777-6666-555555555555';
    const error = (await a.connectWithToken('hubspot', wrong).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/Could not connect HubSpot: HubSpot refused GET \/account-info\/v3\/details \(401\).*Reconnect HubSpot/);
    expect(error.message).not.toContain('99999999');
    expect(await credentials.get('hubspot')).toBeUndefined();
  });
});

describe('Salesforce sign-in (OAuth web-server flow with PKCE through launchWebAuthFlow)', () => {
  let sf: SalesforceServer;
  beforeEach(async () => {
    sf = await startSalesforceServer();
  });
  afterEach(() => sf.close());

  const fakeWebAuth = (answer: (authorizeUrl: URL) => string): WebAuthPort & { opened: URL[] } => {
    const opened: URL[] = [];
    return {
      opened,
      redirectUrl: () => 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/salesforce',
      launch: async (url) => {
        const u = new URL(url);
        opened.push(u);
        return answer(u);
      },
    };
  };

  it('opens the authorize page with an S256 challenge and state, exchanges the code with its verifier, and yields the org', async () => {
    const webAuth = fakeWebAuth((u) => `${u.searchParams.get('redirect_uri')}?code=${sf.oauth.code}&state=${u.searchParams.get('state')}`);
    const credentials = await connectSalesforceOAuth({ config: { clientId: '3MVG9-consumer-key', loginUrl: sf.origin }, webAuth, fetch: (u, i) => fetch(u, i), now: () => NOW, allowInstance: (url) => url === sf.origin });
    const authorize = webAuth.opened[0]!;
    expect(authorize.pathname).toBe('/services/oauth2/authorize');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: '3MVG9-consumer-key', redirect_uri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/salesforce', code_challenge_method: 'S256', scope: 'api refresh_token openid' });
    const exchange = sf.oauth.tokenRequests[0]!;
    expect(Object.fromEntries(exchange)).toMatchObject({ grant_type: 'authorization_code', code: sf.oauth.code, client_id: '3MVG9-consumer-key' });
    // The verifier sent is the one the challenge was made from.
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(exchange.get('code_verifier')!)));
    expect(Buffer.from(digest).toString('base64url')).toBe(authorize.searchParams.get('code_challenge'));
    expect(credentials).toMatchObject({ crm: 'salesforce', method: 'oauth', instanceUrl: sf.origin, refreshToken: '5Aep861.test-refresh-token', connectedAt: NOW });
  });

  it('refuses an answer for another request (state), a denied sign-in, and an instance that is not Salesforce — without leaking the code', async () => {
    const base = { config: { clientId: 'cid', loginUrl: sf.origin }, fetch: (u: string, i: RequestInit) => fetch(u, i), now: () => NOW };
    await expect(connectSalesforceOAuth({ ...base, webAuth: fakeWebAuth((u) => `${u.searchParams.get('redirect_uri')}?code=${sf.oauth.code}&state=forged`) })).rejects.toThrow(/state mismatch/);
    await expect(connectSalesforceOAuth({ ...base, webAuth: fakeWebAuth((u) => `${u.searchParams.get('redirect_uri')}?error=access_denied&error_description=end-user+denied+authorization`) })).rejects.toThrow(/refused the sign-in: end-user denied/);
    const error = (await connectSalesforceOAuth({ ...base, webAuth: fakeWebAuth((u) => `${u.searchParams.get('redirect_uri')}?code=${sf.oauth.code}&state=${u.searchParams.get('state')}`) }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(OAuthError);
    expect(error.message).toMatch(/not a \*\.my\.salesforce\.com address/);
    expect(error.message).not.toContain(sf.oauth.code);
    await expect(connectSalesforceOAuth({ ...base, config: { clientId: '', loginUrl: sf.origin }, webAuth: fakeWebAuth(() => '') })).rejects.toThrow(/Consumer Key/);
  });
});

describe('no token in any log, error, stored row, export or status', () => {
  it('greps everything a failing and a succeeding sync leave behind', async () => {
    const area = memoryArea();
    const settings = new SettingsStore(area);
    await settings.update({ crm: 'hubspot', ownDomains: ['rep.example'] });
    const credentials = new CredentialStore(area);
    const printed: string[] = [];
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))));
    const routerLogs: string[] = [];
    try {
      const sync = new CrmSync({ db, settings, credentials, state: area, fetch: (u, i) => fetch(u, i), now: () => NOW, baseUrls: { hubspot: hs.origin }, timeoutMs: 500 });
      const accounts = new CrmAccounts({ db, settings, credentials, fetch: (u, i) => fetch(u, i), now: () => NOW, baseUrls: { hubspot: hs.origin } });
      const engine = new Engine({ db, now: () => NOW, settings: async () => (await settings.load()).settings, outbox: { ownKindsOnly: true } });
      const handlers = createHandlers({ db, settings, views: new ViewTracker(memoryArea()), now: () => NOW, engine, dispatch: (e) => engine.dispatch(e), notifyPanels: () => {}, crm: { sync, accounts } });
      const route = createRouter(handlers, { ownId: OWN_ID, extensionOrigin: EXT_ORIGIN, log: (m) => routerLogs.push(m) });

      // A wrong token through the real channel: the refusal the popup shows.
      const WRONG = 'pat-na1-77777777-6666-5555-4444-333333333333';
      const refused = await route({ channel: 'crm.connect', payload: { crm: 'hubspot', token: WRONG } }, senders.extension);
      expect(refused).toMatchObject({ ok: false, error: { code: 'handler_failed' } });
      // The right one, then a log whose write fails (500, then 401 after the token is revoked).
      expect(await route({ channel: 'crm.connect', payload: { crm: 'hubspot', token: TOKEN } }, senders.extension)).toMatchObject({ ok: true });
      const email = 'priya@acme.example';
      await db.contacts.put({ id: 'c1', name: 'Priya', email, altEmails: [], emails: [email], source: 'local', createdAt: 0, updatedAt: 0 });
      hs.addContact({ email });
      await db.messages.put({ id: 'msg-f:1', threadId: 'thread-f:1', from: { name: 'Sam', email: 'sam@rep.example' }, to: [{ name: 'Priya', email }], cc: [], bcc: [], subject: 'Hello', date: NOW, bodyText: 'Hi Priya', direction: 'outbound' });
      await db.activities.put({ id: 'a1', kind: 'email.sent', contactId: 'c1', threadId: 'thread-f:1', messageId: 'msg-f:1', summary: 'Hello', at: NOW });
      hs.faults.push(() => ({ kind: 'status', status: 500, body: { message: `internal error near Bearer ${TOKEN}` } }));
      await sync.queueCrmSync((await db.activities.get('a1'))!);
      await sync.run();
      hs.faults.splice(0);
      hs.state.token = 'pat-na1-rotated-0000-0000-0000-000000000000';
      await db.outbox.update('crm:hubspot:msg-f:1', { nextAttemptAt: NOW });
      await sync.run();
      const status = await route({ channel: 'crm.status', payload: {} }, senders.extension);
      expect(JSON.stringify(status)).toMatch(/Reconnect HubSpot/);

      const everything = JSON.stringify({
        refused,
        status,
        printed,
        routerLogs,
        // What a data export holds: the settings and every table (lib/handlers/data.ts 'ui.data.export').
        exported: { settings: (await settings.load()).settings, tables: await db.dump() },
      });
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(WRONG);
      expect(everything).not.toContain('11111111-2222-3333');
      // And the token is where it belongs.
      expect(JSON.stringify(area.data.get(CREDENTIALS_KEY))).toContain(TOKEN);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });
});
