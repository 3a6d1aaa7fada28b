import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowthroughDb } from '@/lib/db';
import { prune } from '@/lib/retention';
import { defaultSettings } from '@/lib/settings';
import { freshDb, makeEngine, received, T0 } from '../support/engine';

// Retention: a year of records pruned to the rep's 180 days in small batches, and a re-opened old thread is
// still not acted on twice (its email events survive as compact keys).

const DAY = 24 * 3_600_000;
let db: FollowthroughDb;
let drop: () => Promise<void>;
beforeEach(async () => {
  ({ db, drop } = await freshDb());
});
afterEach(() => drop());

const memory = () => {
  const m = new Map<string, unknown>();
  return { get: async (k: string) => m.get(k), set: async (k: string, v: unknown) => void m.set(k, v) };
};

describe('retention', () => {
  it('prunes what is older than the setting in small batches, keeps the rest, and never acts on an old thread twice', async () => {
    const now = T0 + 365 * DAY;
    const old = T0; // a year before now
    const recent = now - 10 * DAY;
    // A year ago: a reply was received, acted on (logged, suggested), and its thread opened 300 times.
    let clock = old;
    const engine = makeEngine(db, { autoLog: true }, { now: () => clock++ });
    await engine.start();
    const reply = received('priya@acme.example', 'thread-a:r42', { messageId: 'msg-a:r42' });
    if (reply.type !== 'email.received') throw new Error('not received');
    await engine.dispatch({ ...reply, email: { ...reply.email, at: old } });
    await engine.idle();
    const opens = Array.from({ length: 300 }, (_, i) => ({ id: `thread.opened:thread-a:r42:${old + i}`, type: 'thread.opened', event: {}, status: 'done' as const, depth: 0, at: old + i }));
    await db.events.bulkAdd(opens);
    await db.events.add({ id: `thread.opened:thread-a:r42:${recent}`, type: 'thread.opened', event: {}, status: 'done', depth: 0, at: recent });
    await db.outbox.bulkAdd([
      { id: 'old-done', kind: 'x', payload: {}, status: 'done', attempts: 1, nextAttemptAt: old, finishedAt: old, createdAt: old },
      { id: 'old-failed', kind: 'x', payload: {}, status: 'failed', attempts: 5, nextAttemptAt: old, finishedAt: old, createdAt: old },
      { id: 'new-done', kind: 'x', payload: {}, status: 'done', attempts: 1, nextAttemptAt: recent, finishedAt: recent, createdAt: recent },
    ]);
    await db.auditLog.add({ at: recent, eventId: 'e', action: 'x', result: 'ok', detail: 'recent' });
    await db.gmailSends.bulkAdd([
      { id: 'msg-a:r1', status: 'emitted', firstSeenAt: old, dueAt: old },
      { id: 'msg-a:r2', status: 'emitted', firstSeenAt: recent, dueAt: recent },
    ]);
    await db.crmWrites.bulkAdd([
      { id: 'w-old', crm: 'hubspot', status: 'written', at: old },
      { id: 'w-sending', crm: 'hubspot', status: 'sending', at: old },
    ]);
    const ai = { provider: 'chrome' as const, purpose: 'draft', promptTokens: 1, completionTokens: 1, redactions: { emails: 0, phones: 0, secrets: 0 }, outcome: 'ok' as const, detail: '', durationMs: 1 };
    await db.aiLog.bulkAdd([
      { id: 'ai-old', at: old, day: '2025-11-25', ...ai },
      { id: 'ai-new', at: recent, day: '2026-11-15', ...ai },
    ]);
    await db.messages.bulkAdd([
      { id: 'msg-a:r42', threadId: 'thread-a:r42', from: { name: '', email: 'priya@acme.example' }, to: [], cc: [], bcc: [], subject: 's', bodyText: 'x'.repeat(200_000), date: old, direction: 'inbound' },
      { id: 'msg-a:r43', threadId: 'thread-a:r43', from: { name: '', email: 'priya@acme.example' }, to: [], cc: [], bcc: [], subject: 's', bodyText: 'recent body', date: recent, direction: 'inbound' },
    ]);
    const activities = await db.activities.count();
    const suggestions = await db.suggestions.count();
    expect(activities).toBe(0); // the thread was not logged; the reply still made a suggestion
    expect(suggestions).toBe(1);

    let pauses = 0;
    const state = memory();
    const run = () => prune({ db, now: () => now, days: async () => defaultSettings().retentionDays, state, batch: 50, pause: async () => void pauses++ });
    const report = await run();
    expect(pauses).toBeGreaterThan(5); // small batches, the worker given back between them
    // outbox: the row added here and the engine's own two finished action rows from a year ago (the reply's
    // follow-up suggestion and lead routing's look at its sender).
    expect(report).toMatchObject({ events: 300, eventsCompacted: 1, outbox: 3, auditLog: expect.any(Number), gmailSends: 1, crmWrites: 1, aiLog: 1, bodies: 1 });
    expect(await db.events.where('type').equals('thread.opened').count()).toBe(1);
    expect(await db.events.get('email.received:msg-a:r42')).toMatchObject({ status: 'done', event: null });
    expect((await db.outbox.toArray()).map((r) => r.id).sort()).toEqual(['new-done', 'old-failed']);
    expect((await db.auditLog.toArray()).map((a) => a.detail)).toEqual(['recent']);
    expect((await db.gmailSends.toArray()).map((r) => r.id)).toEqual(['msg-a:r2']);
    expect((await db.crmWrites.toArray()).map((r) => r.id)).toEqual(['w-sending']);
    expect((await db.aiLog.toArray()).map((r) => r.id)).toEqual(['ai-new']);
    expect((await db.messages.get('msg-a:r42'))?.bodyText).toBe('');
    expect((await db.messages.get('msg-a:r43'))?.bodyText).toBe('recent body');

    // The rep re-opens the old thread: its reply is reported again and is a duplicate, acted on never again.
    clock = now;
    expect((await engine.dispatch({ ...reply, email: { ...reply.email, at: old } })).duplicate).toBe(true);
    await engine.idle();
    expect(await db.suggestions.count()).toBe(suggestions);
    // A second run has nothing left to do.
    expect(Object.values(await run()).every((n) => n === 0)).toBe(true);
  });
});
