import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { FollowthroughDb } from '@/lib/db';
import { actions } from '@/lib/engine/actions';
import { conditions } from '@/lib/engine/conditions';
import { recordEvent } from '@/lib/engine/dispatch';
import { createRegistry } from '@/lib/engine/rules';
import { contact, makeEngine, sent, T0 } from '../support/engine';

// The service worker can stop at any instant. Here it "stops" by closing the database under the engine
// at different points (inside a condition, inside an action's transaction, on a timer), then a new engine
// is built over the same IndexedDB, as a restarted worker would.

const name = `ft-reliability-${Math.random().toString(36).slice(2)}`;
afterEach(() => Dexie.delete(name));

type Kill = { at: 'condition' | 'action'; after: number } | { at: 'timer'; ms: number };

async function runUntilKilled(kill: Kill): Promise<'killed' | 'finished'> {
  const db = new FollowthroughDb(name);
  await db.open();
  let count = 0;
  const die = () => {
    if (++count === (kill as { after: number }).after) db.close();
  };
  const registry = createRegistry({
    conditions: conditions.map((c) => (c.kind === 'setting.on' && kill.at === 'condition' ? { ...c, test: (e, p, f) => (die(), c.test(e, p, f)) } : c)),
    actions: actions.map((a) => (a.kind === 'activity.log' && kill.at === 'action' ? { ...a, run: async (ctx, p) => (die(), a.run(ctx, p)) } : a)),
  });
  const engine = makeEngine(db, {}, { registry });
  if (kill.at === 'timer') setTimeout(() => db.close(), kill.ms);
  try {
    await engine.start();
    await engine.idle();
    db.close();
    return 'finished';
  } catch {
    db.close();
    return 'killed';
  }
}

describe('1,000 sends across worker stops', () => {
  it('logs exactly 1,000 activities, none twice', { timeout: 120_000 }, async () => {
    const setup = new FollowthroughDb(name);
    await setup.open();
    const people = Array.from({ length: 20 }, (_, i) => contact(`ct-${i}`, `person${i}@customer${i % 4}.example`));
    await setup.contacts.bulkAdd(people);
    // A send to an own-domain colleague and to a no-reply address in each batch: never logged.
    const queue = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await recordEvent(setup, sent([people[i % 20]!.email, 'colleague@followthrough-demo.example'], { messageId: `msg-a:r${i + 1}`, threadId: `thread-a:r${i + 1}` }), T0 + i);
      }
      await recordEvent(setup, sent(['no-reply@vendor.example'], { messageId: `msg-a:r${90_000 + from}` }), T0 + to);
    };

    const kills: Kill[] = [
      { at: 'action', after: 37 },
      { at: 'condition', after: 120 },
      { at: 'timer', ms: 150 },
      { at: 'action', after: 211 },
      { at: 'condition', after: 5 },
      { at: 'timer', ms: 400 },
    ];
    const outcomes: string[] = [];
    const progress: number[] = [];
    for (const [i, kill] of kills.entries()) {
      if (i < 4) await queue(i * 250, (i + 1) * 250); // queued while the worker is stopped
      outcomes.push(await runUntilKilled(kill));
      progress.push(await setup.activities.count());
    }
    setup.close();
    // Then a worker that is left alone finishes the work.
    expect(await runUntilKilled({ at: 'action', after: Number.MAX_SAFE_INTEGER })).toBe('finished');
    expect(outcomes).toEqual(Array(kills.length).fill('killed'));
    // Each stop came mid-way: some work done before it, not all.
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress.every((p) => p < 1000)).toBe(true);

    const db = new FollowthroughDb(name);
    await db.open();
    const activities = await db.activities.toArray();
    expect(activities.length).toBe(1000);
    expect(new Set(activities.map((a) => a.messageId)).size).toBe(1000);
    expect(new Set(activities.map((a) => a.id)).size).toBe(1000);
    expect(activities.every((a) => a.contactId?.startsWith('ct-'))).toBe(true);
    expect(await db.events.where('status').notEqual('done').count()).toBe(0);
    expect(await db.outbox.where('status').notEqual('done').count()).toBe(0);
    // One audit entry per action run, never two for the same key.
    const keys = (await db.auditLog.toArray()).map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await db.auditLog.filter((a) => a.result === 'skipped' && a.action === 'activity.log').toArray()).map((a) => a.detail)).toEqual(Array(4).fill('nothing logged; left out 1 an automated sender'));
    // The sender policy holds for suggestions too: no follow-up for an automated sender.
    expect((await db.auditLog.filter((a) => a.result === 'skipped' && a.action === 'followup.suggest').toArray()).map((a) => a.detail)).toEqual(Array(4).fill('no follow-up suggested: 1 an automated sender'));
    db.close();
  });
});
