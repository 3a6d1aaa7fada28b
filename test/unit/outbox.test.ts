import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { backoffDelay, Outbox, type OutboxHandler } from '@/lib/outbox';

let db: FollowthroughDb;
let name: string;
let clock: number;
beforeEach(async () => {
  name = `ft-outbox-${Math.random().toString(36).slice(2)}`;
  db = new FollowthroughDb(name);
  await db.open();
  clock = 1_000_000;
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

const outbox = (handlers: Record<string, OutboxHandler>, extra = {}) =>
  new Outbox(db, { now: () => clock, handlers, random: () => 0.5, baseDelayMs: 1000, maxAttempts: 4, ...extra });

describe('outbox', () => {
  it('queues work once per id and runs it once', async () => {
    const seen: string[] = [];
    const box = outbox({ log: async (row) => void seen.push(row.id) });
    expect(await box.enqueue('a', 'log', { n: 1 })).toBe(true);
    expect(await box.enqueue('a', 'log', { n: 2 })).toBe(false);
    expect(await box.drain()).toEqual({ ran: 1, done: 1, retried: 0, failed: 0, waited: 0 });
    expect(await box.drain()).toEqual({ ran: 0, done: 0, retried: 0, failed: 0, waited: 0 });
    expect(await box.enqueue('a', 'log', {})).toBe(false);
    expect(seen).toEqual(['a']);
    expect(await db.outbox.get('a')).toMatchObject({ status: 'done', attempts: 1, payload: { n: 1 } });
  });

  it('refuses work of a kind nobody handles', async () => {
    await expect(outbox({}).enqueue('x', 'nope', {})).rejects.toThrow(/no handler for "nope"/);
  });

  it('retries a throwing handler with growing backoff, honours retryAfterMs, and gives up after maxAttempts', async () => {
    let calls = 0;
    const box = outbox({
      flaky: async () => {
        calls++;
        if (calls === 2) return { kind: 'retry', error: 'rate limited', retryAfterMs: 7_000 };
        throw new Error(`boom ${calls}`);
      },
    });
    await box.enqueue('f', 'flaky', {});
    await box.drain();
    let row = (await db.outbox.get('f'))!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'boom 1' });
    expect(row.nextAttemptAt - clock).toBe(backoffDelay(1, 1000, 30 * 60_000, () => 0.5));
    expect(await box.drain()).toMatchObject({ ran: 0 }); // not due yet
    clock = row.nextAttemptAt;
    await box.drain();
    row = (await db.outbox.get('f'))!;
    expect(row.nextAttemptAt - clock).toBe(7_000);
    clock = row.nextAttemptAt;
    await box.drain();
    row = (await db.outbox.get('f'))!;
    expect(row.nextAttemptAt - clock).toBe(backoffDelay(3, 1000, 30 * 60_000, () => 0.5));
    expect(backoffDelay(3, 1000, 1e9, () => 0.5)).toBeGreaterThan(backoffDelay(1, 1000, 1e9, () => 0.5));
    clock = row.nextAttemptAt;
    await box.drain();
    row = (await db.outbox.get('f'))!;
    expect(row).toMatchObject({ status: 'failed', attempts: 4 });
    expect(row.lastError).toMatch(/gave up after 4 attempts: boom 4/);
    expect(await box.retry('f')).toBe(true);
    expect(await db.outbox.get('f')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('stops a row for good on a permanent failure, with the secret redacted', async () => {
    const box = outbox({ crm: async () => ({ kind: 'failed', error: '401 for token pat-123' }) }, { redact: (t: string) => t.replaceAll('pat-123', '[token]') });
    await box.enqueue('c', 'crm', {});
    expect(await box.drain()).toMatchObject({ failed: 1 });
    expect(await db.outbox.get('c')).toMatchObject({ status: 'failed', lastError: '401 for token [token]' });
  });

  it('a row interrupted mid-run (worker stopped) runs again after resume, and only then', async () => {
    const box = outbox({ log: async () => {} });
    await box.enqueue('r', 'log', {});
    await db.outbox.update('r', { status: 'running', attempts: 1 }); // as a worker that died left it
    expect(await box.drain()).toMatchObject({ ran: 0 });
    const restarted = outbox({ log: async () => {} });
    expect(await restarted.resume()).toBe(1);
    expect(await restarted.drain()).toMatchObject({ ran: 1, done: 1 });
    expect(await restarted.resume()).toBe(0);
  });

  it('concurrent drains share one run: no row runs twice', async () => {
    const runs = new Map<string, number>();
    const box = outbox({ log: async (row) => void runs.set(row.id, (runs.get(row.id) ?? 0) + 1) });
    for (let i = 0; i < 50; i++) await box.enqueue(`k${i}`, 'log', {});
    await Promise.all([box.drain(), box.drain(), box.drain()]);
    expect(runs.size).toBe(50);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await box.nextDueAt()).toBeUndefined();
    expect(await box.counts()).toEqual({ pending: 0, running: 0, done: 50, failed: 0 });
  });
});

describe('outbox: waits that are not the row’s fault', () => {
  it('a wait (a spent daily API budget) never counts towards maxAttempts; an ordinary retry does', async () => {
    let budgetSpent = true;
    const box = outbox({
      sync: async () => (budgetSpent ? { kind: 'wait', error: 'daily budget spent', until: clock + 60_000 } : { kind: 'done' }),
      flaky: async () => ({ kind: 'retry', error: 'server said 503' }),
    });
    await box.enqueue('s', 'sync', {});
    await box.enqueue('f', 'flaky', {});
    for (let i = 0; i < 10; i++) {
      await box.drain();
      clock += 60 * 60_000;
    }
    expect(await db.outbox.get('s')).toMatchObject({ status: 'pending', attempts: 0, lastError: 'daily budget spent' });
    expect(await db.outbox.get('f')).toMatchObject({ status: 'failed', attempts: 4 });
    budgetSpent = false;
    await box.drain();
    expect(await db.outbox.get('s')).toMatchObject({ status: 'done', attempts: 1 });
  });
});

describe('outbox shared by areas', () => {
  it('with ownKindsOnly, an outbox runs its own kinds and leaves other areas’ rows untouched', async () => {
    const mine = outbox({ crm: async () => {} }, { ownKindsOnly: true });
    const theirs = outbox({ other: async () => {} }, { ownKindsOnly: true });
    await mine.enqueue('m', 'crm', {});
    await theirs.enqueue('t', 'other', {});
    await db.outbox.update('t', { status: 'running' });
    expect(await mine.resume()).toBe(0);
    expect(await mine.drain()).toMatchObject({ ran: 1, done: 1 });
    expect(await db.outbox.get('t')).toMatchObject({ status: 'running' });
    expect(await theirs.resume()).toBe(1);
    expect(await mine.nextDueAt()).toBeUndefined();
    expect(await theirs.nextDueAt()).toBe(clock);
  });
});
