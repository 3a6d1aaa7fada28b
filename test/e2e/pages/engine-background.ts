import type { BrowserContext, Worker } from 'playwright-core';
import { setAndHear } from './storage-heard';

// The extension's service worker as the engine tests need it: settings in, table counts out, and stopping
// the worker the way Chrome does when it idles (CDP ServiceWorker.stopAllWorkers).

type Chrome = { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } };

export class EngineBackground {
  constructor(
    readonly context: BrowserContext,
    public worker: Worker,
  ) {}

  async setSettings(patch: Record<string, unknown>): Promise<void> {
    const current = await this.worker.evaluate(async () => ((await (globalThis as unknown as Chrome).chrome.storage.local.get('settings')).settings as Record<string, unknown> | undefined) ?? {});
    await this.worker.evaluate(setAndHear({ settings: { version: 2, ...current, ...patch } }));
  }

  /** Rows of one IndexedDB table, read in the worker (waking it if needed). */
  async table<T = Record<string, unknown>>(name: string): Promise<T[]> {
    await this.current();
    return this.worker.evaluate(
      (store) =>
        new Promise<T[]>((resolve, reject) => {
          const open = indexedDB.open('followthrough');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const req = db.transaction(store, 'readonly').objectStore(store).getAll();
            req.onsuccess = () => {
              db.close();
              resolve(req.result as T[]);
            };
            req.onerror = () => reject(req.error);
          };
        }),
      name,
    );
  }

  /** Stop every service worker now, as Chrome does to an idle or evicted worker. */
  async stop(): Promise<void> {
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    const cdp = await this.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
  }

  /** The running worker: the last one Chrome started (it restarts on the next message or alarm). */
  async current(): Promise<Worker> {
    const workers = this.context.serviceWorkers();
    this.worker = workers.at(-1) ?? (await this.context.waitForEvent('serviceworker', { timeout: 15_000 }));
    return this.worker;
  }
}
