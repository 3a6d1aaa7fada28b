import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { CREDENTIALS_KEY, CredentialStore } from '@/lib/crm/auth';
import { SETTINGS_KEY, SettingsStore } from '@/lib/settings';
import { AI_KEY_SECRET, SecretStore, SecretsDb, secretArea, settingsWithSecretKey } from '@/lib/secrets';
import { manifestPermissions, wipeBrowserData } from '@/lib/wipe';
import { memoryArea, memoryPermissions, startTestBackground } from '../support/background';

// CRM tokens and the AI key never sit in storage.local, which Chrome hands to content scripts too.

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const REFRESH = '5Aep861TSESvWeug_refresh_0123456789';
const AI_KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
const hubspot = { crm: 'hubspot' as const, method: 'token' as const, accessToken: TOKEN, account: 'HubSpot portal 4242', connectedAt: 1 };
const salesforce = { crm: 'salesforce' as const, method: 'oauth' as const, accessToken: '00Dxx0000001gPL!AR8AQJXg', refreshToken: REFRESH, instanceUrl: 'https://acme.my.salesforce.com', connectedAt: 2 };

/** Everything a content script could read: storage.local and storage.session, every key. */
const readable = (...areas: { data: Map<string, unknown> }[]) => JSON.stringify(areas.map((a) => [...a.data]));

let name: string;
let db: SecretsDb;
let secrets: SecretStore;
beforeEach(() => {
  name = `ft-secrets-${Math.random().toString(36).slice(2)}`;
  db = new SecretsDb(name);
  secrets = new SecretStore(db, () => 5);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

describe('CRM credentials', () => {
  it('are kept in the extension’s IndexedDB, never in storage.local', async () => {
    const local = memoryArea();
    const store = new CredentialStore(secretArea(secrets, local));
    await store.set(hubspot);
    await store.set(salesforce);
    expect(readable(local)).not.toContain(TOKEN);
    expect(readable(local)).not.toContain(REFRESH);
    expect(await store.get('hubspot')).toEqual(hubspot);
    expect(JSON.stringify(await db.secrets.get(CREDENTIALS_KEY))).toContain(TOKEN);
    // A fresh store (a restarted worker) reads them back.
    expect(await new CredentialStore(secretArea(secrets, local)).get('salesforce')).toEqual(salesforce);
  });

  it('left in storage.local by an earlier build are moved out on the first read', async () => {
    const local = memoryArea();
    local.data.set(CREDENTIALS_KEY, { hubspot });
    const store = new CredentialStore(secretArea(secrets, local));
    expect(await store.summary()).toEqual({ hubspot: { method: 'token', account: 'HubSpot portal 4242', connectedAt: 1 } });
    expect(local.data.has(CREDENTIALS_KEY)).toBe(false);
    expect(await store.get('hubspot')).toEqual(hubspot);
    // Redaction still knows the moved token.
    expect(store.redact(`401 for ${TOKEN}`)).not.toContain(TOKEN);
  });

  it('disconnecting removes the token from the secret store', async () => {
    const local = memoryArea();
    const store = new CredentialStore(secretArea(secrets, local));
    await store.set(hubspot);
    await store.remove('hubspot');
    expect(JSON.stringify(await db.secrets.toArray())).not.toContain(TOKEN);
  });
});

describe('the AI provider’s key', () => {
  const ai = { provider: 'openai-compatible', endpoint: 'https://api.openai.com/v1', model: 'gpt-4.1-mini', apiKey: AI_KEY };

  it('is split off the settings: storage.local has the settings, the secret store the key', async () => {
    const local = memoryArea();
    const settings = new SettingsStore(settingsWithSecretKey(local, secrets));
    await settings.update({ ai });
    expect(readable(local)).not.toContain(AI_KEY);
    expect((local.data.get(SETTINGS_KEY) as { ai: { model: string } }).ai.model).toBe('gpt-4.1-mini');
    expect(await secrets.get(AI_KEY_SECRET)).toBe(AI_KEY);
    // Everything above the storage sees the key as before (the gateway sends it).
    expect((await settings.load()).settings.ai.apiKey).toBe(AI_KEY);
    // Another field's change keeps it; saving the provider without a key clears it.
    await settings.update({ autoLog: false });
    expect((await settings.load()).settings.ai.apiKey).toBe(AI_KEY);
    await settings.update({ ai: { ...ai, apiKey: undefined } });
    expect((await settings.load()).settings.ai.apiKey).toBeUndefined();
    expect(await secrets.keys()).toEqual([]);
  });

  it('a key an earlier build kept inside the settings is moved on the first read', async () => {
    const local = memoryArea();
    local.data.set(SETTINGS_KEY, { version: 2, autoLog: false, ai });
    const settings = new SettingsStore(settingsWithSecretKey(local, secrets));
    const { settings: loaded } = await settings.load();
    expect(loaded.ai.apiKey).toBe(AI_KEY);
    expect(loaded.autoLog).toBe(false);
    expect(readable(local)).not.toContain(AI_KEY);
  });

  it('a settings write from an extension page (straight to storage.local, without the key) keeps it', async () => {
    const local = memoryArea();
    const background = new SettingsStore(settingsWithSecretKey(local, secrets));
    await background.update({ ai });
    // The popup's own store over storage.local never sees the key, and cannot lose it.
    await new SettingsStore(local).update({ repName: 'Sam' });
    expect((await background.load()).settings).toMatchObject({ repName: 'Sam', ai: { apiKey: AI_KEY } });
  });
});

describe('delete all data', () => {
  it('wipeBrowserData empties the secrets and every storage area and gives back optional permissions only', async () => {
    const local = memoryArea();
    const session = memoryArea();
    local.data.set('crmSyncSweptThrough', 123);
    session.data.set('views', { 7: {} });
    await secrets.set(CREDENTIALS_KEY, { hubspot });
    const required = manifestPermissions({ permissions: ['storage', 'alarms', 'https://mail.google.com/*'], host_permissions: [] });
    expect(required).toEqual({ origins: ['https://mail.google.com/*'], permissions: ['storage', 'alarms'] });
    const permissions = memoryPermissions({ origins: required.origins!, permissions: required.permissions! });
    ['https://api.hubapi.com/*', 'https://app.hubspot.com/*', 'http://localhost/*'].forEach((o) => permissions.granted.origins.add(o));
    permissions.granted.permissions.add('identity');

    const wiped = await wipeBrowserData({ secrets, areas: [local, session], permissions, required: permissions.required });
    expect(wiped).toEqual({ secrets: 1, origins: ['https://api.hubapi.com/*', 'https://app.hubspot.com/*', 'http://localhost/*'], permissions: ['identity'] });
    expect(await secrets.keys()).toEqual([]);
    expect(local.data.size + session.data.size).toBe(0);
    expect([...permissions.granted.origins]).toEqual(['https://mail.google.com/*']);
    expect([...permissions.granted.permissions]).toEqual(['storage', 'alarms']);
  });

  it('through the background: no token, key or cursor is left anywhere, nor any optional permission', async () => {
    const bg = await startTestBackground();
    try {
      await bg.credentials.set(hubspot);
      await bg.settings.update({ crm: 'hubspot', ai: { provider: 'openai-compatible', endpoint: 'https://api.openai.com/v1', model: 'm', apiKey: AI_KEY } });
      await bg.storage.set('crmSyncSweptThrough', 1_764_000_000_000);
      bg.permissions.granted.origins.add('https://api.hubapi.com/*');
      bg.permissions.granted.origins.add('https://app.hubspot.com/*');

      const answer = await bg.handlers['ui.data.deleteAll']({ confirm: 'delete everything' }, {});
      expect(answer.browser).toMatchObject({ secrets: 2, origins: ['https://api.hubapi.com/*', 'https://app.hubspot.com/*'] });

      const everywhere = JSON.stringify([await bg.secretsDb.secrets.toArray(), [...bg.storage.data], [...bg.session.data], await bg.db.dump()]);
      expect(everywhere).not.toContain(TOKEN);
      expect(everywhere).not.toContain(AI_KEY);
      expect(bg.storage.data.has('crmSyncSweptThrough')).toBe(false);
      expect(await bg.credentials.summary()).toEqual({});
      expect((await bg.settings.load()).settings.crm).toBe('local');
      expect([...bg.permissions.granted.origins]).toEqual(['https://mail.google.com/*']);
    } finally {
      await bg.close();
    }
  });
});
