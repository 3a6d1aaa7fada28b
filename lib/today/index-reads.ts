import type { FollowthroughDb } from '../db';

// Many keyed index reads in ONE read-only IndexedDB transaction, each an IDBIndex request of its own, answered
// in order. Dexie wraps every request in its own promise chain and collection, which costs several times the
// read itself (measured in `npm run bench`'s Today rows: ~0.1 ms a keyed read through Dexie against ~0.03 ms
// for the request alone); Today's ranking makes a few hundred such reads on every read of the list. Read-only:
// the database's hooks are on writes only (lib/db.ts), so nothing is skipped by reading below Dexie.

type Read<T> = (index: IDBIndex) => IDBRequest<T> | { cursor: IDBRequest<IDBCursorWithValue | null> };

async function readAll<T>(db: FollowthroughDb, store: string, index: string, reads: readonly Read<T>[]): Promise<(T | undefined)[]> {
  if (reads.length === 0) return [];
  if (!db.isOpen()) await db.open();
  const idb = db.backendDB();
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(store, 'readonly');
    const ix = tx.objectStore(store).index(index);
    const out: (T | undefined)[] = new Array(reads.length);
    reads.forEach((read, i) => {
      const request = read(ix);
      if ('cursor' in request) {
        // The first record the cursor meets, then stop: `prev` gives the last of a range.
        request.cursor.onsuccess = () => {
          out[i] = request.cursor.result?.value as T | undefined;
        };
      } else {
        request.onsuccess = () => {
          out[i] = request.result;
        };
      }
    });
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error ?? new Error(`reading ${store} by ${index} failed`));
    tx.onabort = () => reject(tx.error ?? new Error(`reading ${store} by ${index} was aborted`));
  });
}

/** For each key, the first row the index holds under it (as `where(index).equals(key).first()`), or undefined. */
export function firstByIndex<T>(db: FollowthroughDb, store: string, index: string, keys: readonly IDBValidKey[]): Promise<(T | undefined)[]> {
  return readAll<T>(db, store, index, keys.map((key) => (ix: IDBIndex) => ix.get(key) as IDBRequest<T>));
}

/** For each key, every row the index holds under it (as `where(index).equals(key).toArray()`). */
export async function allByIndex<T>(db: FollowthroughDb, store: string, index: string, keys: readonly IDBValidKey[]): Promise<T[][]> {
  const found = await readAll<T[]>(db, store, index, keys.map((key) => (ix: IDBIndex) => ix.getAll(key) as IDBRequest<T[]>));
  return found.map((rows) => rows ?? []);
}

/** For each range `[lower, upper]`, the row last in index order within it (as `where(index).between(…).last()`). */
export function lastInRange<T>(db: FollowthroughDb, store: string, index: string, ranges: readonly [IDBValidKey, IDBValidKey][]): Promise<(T | undefined)[]> {
  const KeyRange = keyRangeOf(db);
  return readAll<T>(db, store, index, ranges.map(([lower, upper]) => (ix: IDBIndex) => ({ cursor: ix.openCursor(KeyRange.bound(lower, upper), 'prev') })));
}

/**
 * The key-range constructor of the IndexedDB this database runs on: the one it was opened with (a test or the
 * bench hands Dexie fake-indexeddb's), else the browser's.
 */
function keyRangeOf(db: FollowthroughDb): typeof IDBKeyRange {
  return (db as unknown as { _deps?: { IDBKeyRange?: typeof IDBKeyRange } })._deps?.IDBKeyRange ?? IDBKeyRange;
}
