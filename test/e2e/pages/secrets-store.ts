import type { Worker } from 'playwright-core';
import { setAndHear } from './storage-heard';

// Where a secret could be, read from the service worker: storage.local and storage.session, the secrets
// database, and the host permissions held. For tests that a token is where it should be, and nowhere else.

type Area = { get(k: null): Promise<Record<string, unknown>>; set(v: object): Promise<void> };
type Chrome = { storage: { local: Area; session: Area }; permissions: { getAll(): Promise<{ origins?: string[]; permissions?: string[] }> } };

export class SecretsStore {
  constructor(readonly worker: Worker) {}

  /** Write storage.local as an earlier build left it (tokens and the AI key there). */
  async seedEarlierBuild(values: Record<string, unknown>): Promise<void> {
    await this.worker.evaluate(setAndHear(values));
  }

  storageLocal(): Promise<Record<string, unknown>> {
    return this.worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.get(null));
  }

  storageSession(): Promise<Record<string, unknown>> {
    return this.worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(null));
  }

  /** Every row of the secrets database (followthrough-secrets). */
  secretRows(): Promise<unknown[]> {
    return this.worker.evaluate(
      () =>
        new Promise<unknown[]>((resolve, reject) => {
          const open = indexedDB.open('followthrough-secrets');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('secrets')) {
              db.close();
              return resolve([]);
            }
            const all = db.transaction('secrets').objectStore('secrets').getAll();
            all.onsuccess = () => {
              db.close();
              resolve(all.result);
            };
            all.onerror = () => reject(all.error);
          };
        }),
    );
  }

  permissions(): Promise<{ origins?: string[]; permissions?: string[] }> {
    return this.worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.permissions.getAll());
  }
}
