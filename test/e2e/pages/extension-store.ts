import type { BrowserContext, Page } from 'playwright-core';

// Followthrough's IndexedDB read and written from one of its own pages, which keeps working while the
// service worker is stopped (same origin, same database) — the way queued work waits for the worker.

type Row = Record<string, unknown>;

export class ExtensionStore {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<ExtensionStore> {
    const page = await context.newPage();
    // The manifest is a page of ours that sends no message, so opening it does not wake the worker.
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    return new ExtensionStore(page);
  }

  async add(table: string, rows: Row[]): Promise<void> {
    await this.page.evaluate(
      ({ table, rows }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('followthrough');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(table, 'readwrite');
            for (const row of rows) tx.objectStore(table).add(row);
            tx.oncomplete = () => (db.close(), resolve());
            tx.onerror = () => (db.close(), reject(tx.error));
          };
        }),
      { table, rows },
    );
  }

  async all<T = Row>(table: string): Promise<T[]> {
    return this.page.evaluate(
      (table) =>
        new Promise<T[]>((resolve, reject) => {
          const open = indexedDB.open('followthrough');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const req = db.transaction(table, 'readonly').objectStore(table).getAll();
            req.onsuccess = () => (db.close(), resolve(req.result as T[]));
            req.onerror = () => (db.close(), reject(req.error));
          };
        }),
      table,
    );
  }

  async count(table: string): Promise<number> {
    return this.page.evaluate(
      (table) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('followthrough');
          open.onsuccess = () => {
            const db = open.result;
            const req = db.transaction(table, 'readonly').objectStore(table).count();
            req.onsuccess = () => (db.close(), resolve(req.result));
            req.onerror = () => (db.close(), reject(req.error));
          };
          open.onerror = () => reject(open.error);
        }),
      table,
    );
  }

  /** Any message to the background starts a stopped worker (here a harmless status request). */
  async wakeWorker(): Promise<void> {
    type Runtime = { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
    await this.page.evaluate(() => (globalThis as unknown as Runtime).chrome.runtime.sendMessage({ channel: 'popup.getStatus', payload: {} }));
  }

  /** Stop every service worker now, as Chrome does to an idle one (CDP ServiceWorker.stopAllWorkers). */
  async stopWorker(): Promise<void> {
    const cdp = await this.page.context().newCDPSession(this.page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
  }
}
