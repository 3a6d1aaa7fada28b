import type { Table } from 'dexie';
import type { FollowthroughDb } from './db';
import type { KeyValuePort } from './settings';

// Retention: what Followthrough records about its own work (events, finished outbox rows, the audit log,
// sends, the CRM write ledger, the AI log) and the bodies of stored messages are kept for the rep's chosen
// number of days, then pruned in the background in small batches, one short transaction each, so Gmail and
// the side panel never wait on it. What dedupes is kept as compact keys: an email's event row stays, without
// its payload, so a thread re-opened years later is not logged or suggested again. The rep's own data
// (contacts, companies, deals, activities, reminders, suggestions, rules, templates) is never pruned.

export const RETENTION_ALARM = 'followthrough.retention';
export const RETENTION_MINUTES = 24 * 60;
const DAY = 24 * 3_600_000;
// Events that only say something happened at a moment (a thread opened, a CRM page viewed): their ids carry
// the time, so nothing dedupes on them later and they go whole.
const MOMENT_EVENTS = new Set(['thread.opened', 'crm.record.viewed']);
const MARK = 'retention.compactedThrough';

export interface RetentionPorts {
  db: FollowthroughDb;
  now: () => number;
  days: () => Promise<number>;
  /** Where the compaction's progress is kept (extension storage), so a run never re-reads what it did. */
  state: KeyValuePort;
  batch?: number;
  /** Batches per run at most; the next run (or the next day) goes on. */
  maxBatches?: number;
  /** Between batches: give the worker back to other work. */
  pause?: () => Promise<void>;
}

export type PruneReport = Record<'events' | 'eventsCompacted' | 'outbox' | 'auditLog' | 'gmailSends' | 'crmWrites' | 'aiLog' | 'bodies', number>;

export async function prune(ports: RetentionPorts): Promise<PruneReport> {
  const { db } = ports;
  const batch = ports.batch ?? 200;
  let budget = ports.maxBatches ?? 100;
  const pause = ports.pause ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  const cutoff = ports.now() - (await ports.days()) * DAY;
  const report: PruneReport = { events: 0, eventsCompacted: 0, outbox: 0, auditLog: 0, gmailSends: 0, crmWrites: 0, aiLog: 0, bodies: 0 };

  /** Run one batch at a time until it does nothing or the run's budget is spent. */
  async function batches(step: () => Promise<number>, into: keyof PruneReport) {
    while (budget > 0) {
      budget--;
      const n = await step();
      if (into !== 'events') report[into] += n;
      if (n < batch) return;
      await pause();
    }
  }
  const deleteKeys = async <K,>(table: Table<unknown, K>, keys: K[]) => {
    if (keys.length) await table.bulkDelete(keys);
    return keys.length;
  };

  const mark = Number((await ports.state.get(MARK)) ?? 0) || 0;
  let through = mark;
  // Events: finished ones before the cutoff, oldest first, from where the last run stopped.
  await batches(
    () =>
      db.transaction('rw', db.events, async () => {
        const rows = await db.events.where('at').between(through, cutoff, through === 0, false).limit(batch).toArray();
        const finished = rows.filter((r) => r.status !== 'pending');
        const moments = finished.filter((r) => MOMENT_EVENTS.has(r.type)).map((r) => r.id);
        await deleteKeys(db.events, moments);
        const compact = finished.filter((r) => !MOMENT_EVENTS.has(r.type) && r.event !== null);
        for (const r of compact) await db.events.update(r.id, { event: null, chain: undefined, lastError: undefined });
        report.eventsCompacted += compact.length;
        report.events += moments.length;
        if (rows.length) through = rows.at(-1)!.at;
        return rows.length;
      }),
    'events',
  );
  if (through !== mark) await ports.state.set(MARK, through);

  await batches(
    () => db.transaction('rw', db.outbox, async () => deleteKeys(db.outbox, (await db.outbox.where('status').equals('done').filter((r) => (r.finishedAt ?? r.createdAt) < cutoff).limit(batch).primaryKeys()) as string[])),
    'outbox',
  );
  await batches(() => db.transaction('rw', db.auditLog, async () => deleteKeys(db.auditLog, (await db.auditLog.where('at').below(cutoff).limit(batch).primaryKeys()) as number[])), 'auditLog');
  await batches(
    () =>
      db.transaction('rw', db.gmailSends, async () =>
        deleteKeys(db.gmailSends, (await db.gmailSends.where('dueAt').below(cutoff).filter((r) => r.status !== 'pending').limit(batch).primaryKeys()) as string[]),
      ),
    'gmailSends',
  );
  await batches(
    () => db.transaction('rw', db.crmWrites, async () => deleteKeys(db.crmWrites, (await db.crmWrites.where('at').below(cutoff).filter((r) => r.status === 'written').limit(batch).primaryKeys()) as string[])),
    'crmWrites',
  );
  await batches(() => db.transaction('rw', db.aiLog, async () => deleteKeys(db.aiLog, (await db.aiLog.where('at').below(cutoff).limit(batch).primaryKeys()) as string[])), 'aiLog');
  // Message bodies: the row stays (who wrote, when, which way), its text goes.
  await batches(
    () =>
      db.transaction('rw', db.messages, async () => {
        const rows = await db.messages.where('date').below(cutoff).filter((m) => m.bodyText !== '').limit(batch).toArray();
        for (const m of rows) await db.messages.update(m.id, { bodyText: '' });
        return rows.length;
      }),
    'bodies',
  );
  return report;
}
