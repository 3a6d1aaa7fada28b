import { setAndHear } from './storage-heard';
import type { Worker } from 'playwright-core';
import { SETTINGS_KEY, SETTINGS_VERSION } from '../../../lib/settings';

// What the background stored, read straight from its service worker (IndexedDB and extension storage), so
// tests assert on the real database rather than on what a page shows.

export interface StoredEvent {
  id: string;
  type: string;
  event: { type: string; email?: { messageId: string; threadId: string; subject: string; to: { email: string }[]; cc: { email: string }[] }; threadId?: string };
  at: number;
}

export interface StoredReminder {
  id: string;
  status: string;
  dueAt: number;
  awaitingSend?: boolean;
  date?: string;
  /** When the rep was told (the notification shown); set means due. */
  firedAt?: number;
}

export interface StoredSuggestion {
  id: string;
  payload: { date?: string; direction?: string };
}

export class BackgroundStore {
  constructor(readonly worker: Worker) {}

  async setSettings(patch: Record<string, unknown>): Promise<void> {
    const current = (await this.settings()) as Record<string, unknown>;
    await this.worker.evaluate(setAndHear({ [SETTINGS_KEY]: { ...current, ...patch, version: SETTINGS_VERSION } }));
  }

  /** The stored settings object as the background reads it. */
  async settings(): Promise<Record<string, unknown> & { salesforceOAuth?: unknown }> {
    return this.worker.evaluate(async (key) => {
      const area = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local;
      return ((await area.get(key))[key] as Record<string, unknown> | undefined) ?? {};
    }, SETTINGS_KEY);
  }

  /** Every row of one IndexedDB table of the background's database. */
  async table<T = unknown>(name: string): Promise<T[]> {
    return this.worker.evaluate(
      (store) =>
        new Promise<T[]>((resolve, reject) => {
          const open = indexedDB.open('followthrough');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains(store)) {
              db.close();
              return resolve([]);
            }
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

  /** A thread's reminders as stored, oldest due first (ended ones too, which the side panel no longer lists). */
  /** Put one row into a table of the background's database, as another area of the background would. */
  async putRow(name: string, row: Record<string, unknown>): Promise<void> {
    await this.worker.evaluate(
      ({ store, row }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('followthrough');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(store, 'readwrite');
            tx.objectStore(store).put(row);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { store: name, row },
    );
  }

  async reminders(threadId: string): Promise<StoredReminder[]> {
    const rows = await this.table<StoredReminder & { threadId?: string }>('reminders');
    return rows.filter((r) => r.threadId === threadId).sort((a, b) => a.dueAt - b.dueAt);
  }

  /** A thread's open follow-up suggestions as stored, newest first. */
  async followUpSuggestions(threadId: string): Promise<StoredSuggestion[]> {
    const rows = await this.table<StoredSuggestion & { threadId?: string; kind: string; status: string; createdAt: number }>('suggestions');
    return rows.filter((s) => s.threadId === threadId && s.kind === 'followup' && s.status === 'open').sort((a, b) => b.createdAt - a.createdAt);
  }

  async events(type?: string): Promise<StoredEvent[]> {
    const rows = await this.table<StoredEvent>('events');
    return rows.filter((r) => !type || r.type === type).sort((a, b) => a.at - b.at);
  }
}
