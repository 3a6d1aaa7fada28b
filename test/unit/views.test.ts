import { describe, expect, it } from 'vitest';
import { ViewTracker } from '@/lib/views';
import type { KeyValuePort } from '@/lib/settings';

const storage = () => {
  const data = new Map<string, unknown>();
  const counts = { reads: 0, writes: 0 };
  let hold: Promise<void> | undefined;
  const port: KeyValuePort = {
    get: async (k) => {
      counts.reads++;
      return structuredClone(data.get(k));
    },
    set: async (k, v) => {
      await hold;
      counts.writes++;
      data.set(k, structuredClone(v));
    },
  };
  return { port, data, counts, holdWrites: (p: Promise<void>) => void (hold = p) };
};

const view = (tabId: number, threadId: string, at: number) => ({ tabId, view: 'thread' as const, threadId, at });

describe('ViewTracker: what each tab shows, in memory and written behind', () => {
  it('reads storage once per worker life, and a new worker finds what the last one wrote', async () => {
    const s = storage();
    const views = new ViewTracker(s.port);
    await views.set(view(1, 'thread-f:1', 10));
    await views.set(view(2, 'thread-f:2', 20));
    expect(await views.get(1)).toMatchObject({ threadId: 'thread-f:1' });
    expect(await views.get()).toMatchObject({ tabId: 2 });
    expect(s.counts.reads).toBe(1);
    // A stopped worker: a new tracker over the same storage.
    const again = new ViewTracker(s.port);
    expect(await again.get(1)).toMatchObject({ threadId: 'thread-f:1' });
    await again.remove(1);
    expect(await new ViewTracker(s.port).get(1)).toMatchObject({ tabId: 2 });
  });

  it('answers from memory while a write is still on its way, and the last write holds every change', async () => {
    const s = storage();
    const views = new ViewTracker(s.port);
    let release!: () => void;
    s.holdWrites(new Promise<void>((r) => (release = r)));
    const first = views.set(view(1, 'thread-f:1', 10));
    const second = views.set(view(2, 'thread-f:2', 20));
    // Neither write has landed, yet both are seen.
    expect(await views.get(1)).toMatchObject({ threadId: 'thread-f:1' });
    expect(await views.get(2)).toMatchObject({ threadId: 'thread-f:2' });
    release();
    await Promise.all([first, second]);
    expect(Object.keys(s.data.get('tabViews') as object).sort()).toEqual(['1', '2']);
  });

  it('forgets after a wipe: storage is read again and nothing from before is written back', async () => {
    const s = storage();
    const views = new ViewTracker(s.port);
    await views.set(view(1, 'thread-f:1', 10));
    s.data.clear();
    views.forget();
    expect(await views.get(1)).toBeUndefined();
    await views.set(view(3, 'thread-f:3', 30));
    expect(Object.keys(s.data.get('tabViews') as object)).toEqual(['3']);
  });
});
