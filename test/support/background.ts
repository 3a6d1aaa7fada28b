import Dexie from 'dexie';
import { FollowthroughDb } from '@/lib/db';
import { Engine } from '@/lib/engine/runner';
import { createRouter } from '@/lib/router';
import { createHandlers } from '@/lib/service';
import { SETTINGS_KEY, SettingsStore } from '@/lib/settings';
import type { SenderLike } from '@/lib/sender';
import type { PanelView } from '@/lib/messages';
import { ViewTracker } from '@/lib/views';
import { Foreground } from '@/lib/foreground';
import { CredentialStore } from '@/lib/crm/auth';
import { CrmAccounts } from '@/lib/crm/accounts';
import { CrmSync } from '@/lib/crm/sync';
import { SecretStore, SecretsDb, secretArea, settingsWithSecretKey, type LegacyArea } from '@/lib/secrets';
import { wipeBrowserData, type PermissionSet } from '@/lib/wipe';

export const OWN_ID = 'followthrough-test-id';
export const EXT_ORIGIN = `chrome-extension://${OWN_ID}`;

/** An in-memory storage area; `onChanged` hears the keys each write, removal or clear touched, as storage.onChanged does. */
export const memoryArea = (): LegacyArea & { data: Map<string, unknown>; clear(): Promise<void>; onChanged: (listener: (keys: string[]) => void) => void } => {
  const data = new Map<string, unknown>();
  const listeners: ((keys: string[]) => void)[] = [];
  // After the write, in a later task, as the browser reports it.
  const tell = (keys: string[]) => setTimeout(() => listeners.forEach((l) => l(keys)));
  return {
    data,
    get: async (k) => structuredClone(data.get(k)),
    set: async (k, v) => {
      data.set(k, structuredClone(v));
      tell([k]);
    },
    remove: async (k) => {
      data.delete(k);
      tell([k]);
    },
    clear: async () => {
      const keys = [...data.keys()];
      data.clear();
      tell(keys);
    },
    onChanged: (listener) => void listeners.push(listener),
  };
};

/** browser.permissions as the manifest leaves it, plus what a test grants. */
export const memoryPermissions = (required: Required<PermissionSet>) => {
  const granted = { origins: new Set(required.origins), permissions: new Set(required.permissions) };
  return {
    granted,
    required,
    getAll: async () => ({ origins: [...granted.origins], permissions: [...granted.permissions] }),
    remove: async (set: PermissionSet) => {
      if ([...(set.origins ?? []), ...(set.permissions ?? [])].some((p) => required.origins.includes(p) || required.permissions.includes(p))) {
        throw new Error('You cannot remove required permissions.');
      }
      set.origins?.forEach((o) => granted.origins.delete(o));
      set.permissions?.forEach((p) => granted.permissions.delete(p));
      return true;
    },
  };
};

export const senders = {
  gmail: { id: OWN_ID, origin: 'https://mail.google.com', url: 'https://mail.google.com/mail/u/0/#inbox', frameId: 0, tab: { id: 7 } },
  gmailSubframe: { id: OWN_ID, origin: 'https://mail.google.com', frameId: 3, tab: { id: 7 } },
  crm: { id: OWN_ID, origin: 'https://app.hubspot.com', frameId: 0, tab: { id: 9 } },
  extension: { id: OWN_ID, origin: EXT_ORIGIN, url: `${EXT_ORIGIN}/sidepanel.html` },
  otherExtension: { id: 'someone-else', origin: 'chrome-extension://someone-else' },
  // A content script's page can set its URL (history.pushState); only the origin is trusted.
  spoofedUrl: { id: OWN_ID, origin: 'https://evil.example', url: `${EXT_ORIGIN}/sidepanel.html`, frameId: 0, tab: { id: 8 } },
} satisfies Record<string, SenderLike>;

/** The background as it runs in the extension, on fake-indexeddb and in-memory storage. */
export async function startTestBackground(now = () => 1_764_072_000_000) {
  const name = `ft-bg-${Math.random().toString(36).slice(2)}`;
  const db = new FollowthroughDb(name);
  await db.open();
  const notified: (number | undefined)[] = [];
  /** The views handed to the panels with a notice (a thread just opened), in order. */
  const handedViews: { tabId?: number; view: PanelView }[] = [];
  const logs: string[] = [];
  // As in the extension: settings and bookkeeping in storage.local, secrets in their own IndexedDB.
  const storage = memoryArea();
  const session = memoryArea();
  const secretsDb = new SecretsDb(`${name}-secrets`);
  const secrets = new SecretStore(secretsDb, now);
  const permissions = memoryPermissions({ origins: ['https://mail.google.com/*'], permissions: ['storage', 'alarms', 'notifications', 'scripting'] });
  // As the background keeps them: in memory between the changes storage reports.
  const settings = new SettingsStore(settingsWithSecretKey(storage, secrets), { watch: (changed) => storage.onChanged((keys) => keys.includes(SETTINGS_KEY) && changed()) });
  const views = new ViewTracker(session);
  const credentials = new CredentialStore(secretArea(secrets, storage));
  // No network in these tests: any CRM call fails as a dropped connection would.
  const offline = async () => {
    throw new TypeError('fetch failed (offline test background)');
  };
  const crm = {
    sync: new CrmSync({ db, settings, credentials, state: storage, fetch: offline, now }),
    accounts: new CrmAccounts({ db, settings, credentials, fetch: offline, now }),
  };
  // As in the extension: a thread open reaching the panel goes before the engine's work.
  const foreground = new Foreground();
  const engine = new Engine({
    db,
    now,
    beforeWork: () => foreground.idle(),
    settings: async () => (await settings.load()).settings,
    log: (m) => logs.push(m),
    outbox: { ownKindsOnly: true },
    ports: { crm: { queue: (activityId) => crm.sync.queueActivity(activityId) } },
  });
  await engine.start();
  const handlers = createHandlers({
    db,
    settings,
    crm,
    views,
    foreground,
    now,
    engine,
    dispatch: (event) => engine.dispatch(event),
    notifyPanels: (tabId, view) => {
      notified.push(tabId);
      if (view) handedViews.push({ tabId, view });
    },
    wipe: () =>
      wipeBrowserData({ secrets, areas: [storage, session], permissions, required: permissions.required }).finally(() => {
        settings.forget();
        views.forget();
      }),
  });
  const route = createRouter(handlers, { ownId: OWN_ID, extensionOrigin: EXT_ORIGIN, log: (m) => logs.push(m) });
  return {
    db,
    route,
    handlers,
    engine,
    foreground,
    settings,
    storage,
    session,
    secrets,
    secretsDb,
    permissions,
    credentials,
    crm,
    notified,
    handedViews,
    logs,
    async close() {
      await engine.idle();
      db.close();
      secretsDb.close();
      await Dexie.delete(name);
      await Dexie.delete(`${name}-secrets`);
    },
  };
}
