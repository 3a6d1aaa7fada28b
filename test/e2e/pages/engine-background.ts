import type { BrowserContext, Worker } from 'playwright-core';

// The extension's service worker as the engine tests need it: settings in, table counts out, and stopping
// the worker the way Chrome does when it idles (CDP ServiceWorker.stopAllWorkers).

type Listener = (changes: Record<string, unknown>, areaName: string) => void;
type Chrome = {
  chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> }; onChanged: { addListener(l: Listener): void; removeListener(l: Listener): void } } };
};

export class EngineBackground {
  constructor(
    readonly context: BrowserContext,
    public worker: Worker,
  ) {}

  async setSettings(patch: Record<string, unknown>): Promise<void> {
    await this.worker.evaluate(async (patch) => {
      const key = 'settings';
      const { chrome } = globalThis as unknown as Chrome;
      const area = chrome.storage.local;
        // The background keeps the settings in memory until storage.onChanged tells it otherwise: the write
        // counts once this worker has heard it (the background's listener, added first, has run by then).
        const heard = new Promise<void>((resolve) => {
          const listener = (changes: Record<string, unknown>, areaName: string) => {
            if (areaName !== 'local' || !(key in changes)) return;
            chrome.storage.onChanged.removeListener(listener);
            resolve();
          };
          chrome.storage.onChanged.addListener(listener);
          // An unchanged value is reported to no one, and needs no telling.
          setTimeout(() => {
            chrome.storage.onChanged.removeListener(listener);
            resolve();
          }, 1_000);
        });
      const current = ((await area.get('settings')).settings as Record<string, unknown> | undefined) ?? {};
      await area.set({ settings: { version: 2, ...current, ...patch } });
      await heard;
    }, patch);
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
