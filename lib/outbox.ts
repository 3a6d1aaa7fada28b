import type { FollowthroughDb } from './db';
import type { OutboxRow } from './records';
import { mapWordsText, words, WordsError, type Words } from './words';

// Work that writes or calls out goes through the outbox table, never only through memory: the service
// worker can be stopped at any moment (CONTRIBUTING.md habit 11). A row's id is its idempotency key, so the same
// work queued twice is one row. A row whose handler was interrupted runs again on the next start, so every
// handler must itself be idempotent (write by a key derived from the row, or check before writing).

export type OutboxOutcome =
  | { kind: 'done' }
  /** Try again later; `retryAfterMs` (e.g. from a 429's Retry-After) overrides the backoff. */
  | { kind: 'retry'; error: string; retryAfterMs?: number; words?: Words }
  /** Stop for good: the rep must fix something (401, 403, 422…). */
  | { kind: 'failed'; error: string; words?: Words }
  /**
   * Not now, and not the row's fault: a budget outside it is spent (a CRM's daily API allowance). The row
   * runs again at `until` and this run does not count as one of its attempts, however long the wait.
   */
  | { kind: 'wait'; error: string; until: number; words?: Words };
// `error` is the English line (logs, older readers); `words` says it in the rep's language (lib/words.ts), with
// the vendor's own text inside it as written.

/** Runs one row. Returning nothing means done; throwing means retry with backoff. */
export type OutboxHandler = (row: OutboxRow) => Promise<OutboxOutcome | void>;

export interface OutboxOptions {
  now: () => number;
  handlers: Record<string, OutboxHandler>;
  random?: () => number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Redacts secrets from error text before it is stored. */
  redact?: (text: string) => string;
  /**
   * Run only rows whose kind has a handler here, so each area can run its own Outbox over the one table
   * without failing another area's rows. Default false: this outbox owns every row.
   */
  ownKindsOnly?: boolean;
}

export interface DrainReport {
  ran: number;
  done: number;
  retried: number;
  failed: number;
  /** Rows put back to wait for a budget (the `wait` outcome): no attempt spent. */
  waited: number;
}

/** Exponential backoff with "equal jitter": half the window fixed, half random. */
export function backoffDelay(attempts: number, base: number, max: number, random: () => number): number {
  const window = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(window / 2 + (window / 2) * random());
}

export class Outbox {
  private draining: Promise<DrainReport> | null = null;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly redact: (text: string) => string;

  constructor(
    private readonly db: FollowthroughDb,
    private readonly options: OutboxOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
    this.baseDelayMs = options.baseDelayMs ?? 2_000;
    this.maxDelayMs = options.maxDelayMs ?? 30 * 60_000;
    this.random = options.random ?? Math.random;
    this.redact = options.redact ?? ((t) => t);
  }

  /** Queue work once: a row with this id already queued (or done) is left as it is. True when newly queued. */
  async enqueue(id: string, kind: string, payload: unknown, notBefore?: number): Promise<boolean> {
    if (!this.options.handlers[kind]) throw new WordsError(words('outbox_no_handler', { kind }), `outbox: no handler for "${kind}"`);
    const now = this.options.now();
    return this.db.transaction('rw', this.db.outbox, async () => {
      if (await this.db.outbox.get(id)) return false;
      await this.db.outbox.add({ id, kind, payload, status: 'pending', attempts: 0, nextAttemptAt: notBefore ?? now, createdAt: now });
      return true;
    });
  }

  /**
   * After a worker start: rows left `running` were interrupted mid-way (this worker is the only runner), so
   * they are pending again. Safe to repeat.
   */
  async resume(): Promise<number> {
    return this.db.outbox
      .where('status')
      .equals('running')
      .filter((r) => this.owns(r.kind))
      .modify({ status: 'pending', nextAttemptAt: this.options.now() });
  }

  /** When the next row falls due, for scheduling an alarm; undefined when nothing waits. */
  async nextDueAt(): Promise<number | undefined> {
    const next = await this.db.outbox
      .where('[status+nextAttemptAt]')
      .between(['pending', -Infinity], ['pending', Infinity])
      .filter((r) => this.owns(r.kind))
      .first();
    return next?.nextAttemptAt;
  }

  /** Run every row that is due, one at a time, until none is. Concurrent calls share one drain. */
  drain(limit = Infinity): Promise<DrainReport> {
    this.draining ??= this.drainOnce(limit).finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** A failed row, queued again at once (the rep's "retry"). */
  async retry(id: string): Promise<boolean> {
    const changed = await this.db.outbox
      .where('id')
      .equals(id)
      .filter((r) => r.status === 'failed' && this.owns(r.kind))
      .modify({ status: 'pending', attempts: 0, nextAttemptAt: this.options.now(), finishedAt: undefined });
    return changed > 0;
  }

  async counts(kindPrefix = ''): Promise<Record<OutboxRow['status'], number>> {
    const out = { pending: 0, running: 0, done: 0, failed: 0 };
    await this.db.outbox.each((r) => {
      if (r.kind.startsWith(kindPrefix)) out[r.status]++;
    });
    return out;
  }

  private owns(kind: string): boolean {
    return !this.options.ownKindsOnly || Object.hasOwn(this.options.handlers, kind);
  }

  private async claimNext(): Promise<OutboxRow | undefined> {
    const now = this.options.now();
    return this.db.transaction('rw', this.db.outbox, async () => {
      const row = await this.db.outbox
        .where('[status+nextAttemptAt]')
        .between(['pending', -Infinity], ['pending', now], true, true)
        .filter((r) => this.owns(r.kind))
        .first();
      if (!row) return undefined;
      const claimed: OutboxRow = { ...row, status: 'running', attempts: row.attempts + 1 };
      await this.db.outbox.put(claimed);
      return claimed;
    });
  }

  private async drainOnce(limit: number): Promise<DrainReport> {
    const report: DrainReport = { ran: 0, done: 0, retried: 0, failed: 0, waited: 0 };
    while (report.ran < limit) {
      const row = await this.claimNext();
      if (!row) break;
      report.ran++;
      const outcome = await this.runOne(row);
      const now = this.options.now();
      if (outcome.kind === 'done') {
        report.done++;
        await this.db.outbox.update(row.id, { status: 'done', finishedAt: now, lastError: undefined, lastErrorWords: undefined });
      } else if (outcome.kind === 'wait') {
        report.waited++;
        // The claim counted an attempt; a wait gives it back.
        await this.db.outbox.update(row.id, { status: 'pending', attempts: row.attempts - 1, nextAttemptAt: Math.max(outcome.until, now), lastError: this.redact(outcome.error).slice(0, 2000), lastErrorWords: this.said(outcome.words) });
      } else if (outcome.kind === 'failed' || row.attempts >= this.maxAttempts) {
        report.failed++;
        const error = outcome.kind === 'failed' ? outcome.error : `gave up after ${row.attempts} attempts: ${outcome.error}`;
        const said = outcome.kind === 'failed' ? outcome.words : words('outbox_gave_up', { count: row.attempts, why: outcome.words ?? outcome.error });
        await this.db.outbox.update(row.id, { status: 'failed', finishedAt: now, lastError: this.redact(error).slice(0, 2000), lastErrorWords: this.said(said) });
      } else {
        report.retried++;
        const delay = outcome.retryAfterMs ?? backoffDelay(row.attempts, this.baseDelayMs, this.maxDelayMs, this.random);
        await this.db.outbox.update(row.id, { status: 'pending', nextAttemptAt: now + delay, lastError: this.redact(outcome.error).slice(0, 2000), lastErrorWords: this.said(outcome.words) });
      }
    }
    return report;
  }

  /** Words to store beside an error, with secrets stripped from their text as from the English line; none clears them. */
  private said(said: Words | undefined): Words | undefined {
    return said && mapWordsText(said, (text) => this.redact(text).slice(0, 1000));
  }

  private async runOne(row: OutboxRow): Promise<OutboxOutcome> {
    const handler = this.options.handlers[row.kind];
    if (!handler) return { kind: 'failed', error: `no handler for "${row.kind}"`, words: words('outbox_no_handler', { kind: row.kind }) };
    try {
      return (await handler(row)) ?? { kind: 'done' };
    } catch (error) {
      return { kind: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
