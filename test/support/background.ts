import Dexie from 'dexie';
import { FollowthroughDb } from '@/lib/db';
import { Engine } from '@/lib/engine/runner';
import { createRouter } from '@/lib/router';
import { createHandlers } from '@/lib/service';
import { SettingsStore, type KeyValuePort } from '@/lib/settings';
import type { SenderLike } from '@/lib/sender';
import { ViewTracker } from '@/lib/views';
import { CredentialStore } from '@/lib/crm/auth';
import { CrmAccounts } from '@/lib/crm/accounts';
import { CrmSync } from '@/lib/crm/sync';

export const OWN_ID = 'followthrough-test-id';
export const EXT_ORIGIN = `chrome-extension://${OWN_ID}`;

export const memoryArea = (): KeyValuePort & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>();
  return { data, get: async (k) => structuredClone(data.get(k)), set: async (k, v) => void data.set(k, structuredClone(v)) };
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
  const logs: string[] = [];
  const storage = memoryArea();
  const settings = new SettingsStore(storage);
  const credentials = new CredentialStore(storage);
  // No network in these tests: any CRM call fails as a dropped connection would.
  const offline = async () => {
    throw new TypeError('fetch failed (offline test background)');
  };
  const crm = {
    sync: new CrmSync({ db, settings, credentials, state: storage, fetch: offline, now }),
    accounts: new CrmAccounts({ db, settings, credentials, fetch: offline, now }),
  };
  const engine = new Engine({
    db,
    now,
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
    views: new ViewTracker(memoryArea()),
    now,
    engine,
    dispatch: (event) => engine.dispatch(event),
    notifyPanels: (tabId) => notified.push(tabId),
  });
  const route = createRouter(handlers, { ownId: OWN_ID, extensionOrigin: EXT_ORIGIN, log: (m) => logs.push(m) });
  return {
    db,
    route,
    handlers,
    engine,
    settings,
    storage,
    crm,
    notified,
    logs,
    async close() {
      await engine.idle();
      db.close();
      await Dexie.delete(name);
    },
  };
}
