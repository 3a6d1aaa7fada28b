import { z } from 'zod';
import type { FollowthroughDb } from '../db';
import { Outbox, type OutboxHandler, type OutboxOptions, type OutboxOutcome } from '../outbox';
import type { AuditEntry, EventRow, OutboxRow } from '../records';
import type { Settings } from '../settings';
import { RetryLater, type ActionPorts, type ActionResult } from './actions';
import { BUILT_IN_RULES, RETIRED_BUILT_INS } from './builtins';
import { recordEvent, type Dispatched } from './dispatch';
import { EngineEvent, eventId } from './events';
import { eventThreadId, loadFacts, type Facts, type Need } from './facts';
import { ActionSpec, compileRule, createRegistry, parseRule, type CompiledRule, type Registry, type RuleInput, type RuleIssue } from './rules';
import { applyUndo, keptWords, Undo, undoTables } from './undo';
import { ReminderService } from '../followup/reminders';
import { WordsError, words, wordsOfError, type Words } from '../words';
import { firstIssueWords, issuesWords } from '../issue-words';

// The trigger → action engine. Events arrive as pending rows of the events table (recordEvent); the engine
// evaluates the enabled rules of each event's type and queues one outbox row per action to run. Outbox rows
// run one at a time, each in one database transaction together with its audit entry and the events it
// emits, so a worker stopped at any instant leaves either all of an action or none of it; the row runs
// again on the next start and its key makes the re-run change nothing.

export const ACTION_KIND = 'engine.action';
export const DEFAULT_MAX_DEPTH = 5;

const ActionPayload = z.object({
  eventId: z.string().min(1).max(300),
  ruleId: z.string().max(200),
  ruleDescription: z.string().max(1000).optional(),
  index: z.number().int().nonnegative(),
  action: ActionSpec,
  depth: z.number().int().nonnegative(),
  chain: z.array(z.string()).max(50),
});

export interface EngineOptions {
  db: FollowthroughDb;
  now: () => number;
  settings: () => Promise<Settings>;
  ports?: Partial<ActionPorts>;
  registry?: Registry;
  /** How many events deep a chain may go; events beyond it are recorded in the audit log, not acted on. */
  maxDepth?: number;
  /** Other areas' durable work sharing the outbox (one runner for the table). */
  outboxHandlers?: Record<string, OutboxHandler>;
  outbox?: Partial<Omit<OutboxOptions, 'handlers' | 'now'>>;
  /** Something rules did changed these threads (or anything, when empty): side panels should refresh. */
  onChange?: (threadIds: string[]) => void;
  /** Nothing left to do now; `nextDueAt` is when a retried outbox row falls due (for an alarm). */
  onIdle?: (nextDueAt: number | undefined) => void;
  log?: (message: string) => void;
  /**
   * What every sent and received email does to reminders, whatever rules are on (the background's service,
   * with its alarms and notifications; by default one that only changes rows).
   */
  reminders?: Pick<ReminderService, 'sendConfirmed' | 'inboundArrived'>;
  /**
   * Awaited before each event and each action: the background's `Foreground.idle`, so work the rep is waiting
   * for (a thread open reaching the side panel) does not queue behind a transaction begun meanwhile.
   */
  beforeWork?: () => Promise<void>;
}

/** Whether every condition of a rule holds. Synchronous: facts were loaded before. */
export function ruleMatches(rule: CompiledRule, event: EngineEvent, facts: Facts): boolean {
  const conditions = rule.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    if (c.test(event, c.params, facts) === c.not) return false;
  }
  return true;
}

/**
 * The rules an event fires: those of its trigger whose conditions hold. A rule whose condition throws is
 * reported to `onError` and skipped; the others are still evaluated.
 */
export function evaluateRules(
  byTrigger: ReadonlyMap<string, readonly CompiledRule[]>,
  event: EngineEvent,
  facts: Facts,
  onError?: (rule: CompiledRule, error: unknown) => void,
): CompiledRule[] {
  const rules = byTrigger.get(event.type);
  const matched: CompiledRule[] = [];
  if (!rules) return matched;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    try {
      if (ruleMatches(rule, event, facts)) matched.push(rule);
    } catch (error) {
      onError?.(rule, error);
    }
  }
  return matched;
}

/** Rules indexed by trigger, enabled ones only, in a stable order. */
export function indexRules(rules: readonly CompiledRule[]): Map<string, CompiledRule[]> {
  const out = new Map<string, CompiledRule[]>();
  for (const r of rules) {
    if (!r.rule.enabled) continue;
    const list = out.get(r.rule.trigger) ?? [];
    list.push(r);
    out.set(r.rule.trigger, list);
  }
  return out;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface StoredRule {
  id: string;
  builtIn: boolean;
  enabled: boolean;
  updatedAt: number;
  definition: unknown;
  /** Set when the stored definition no longer validates (e.g. a kind was removed): the rule does not run. */
  issues?: RuleIssue[];
}

export class Engine {
  readonly outbox: Outbox;
  readonly registry: Registry;
  private readonly db: FollowthroughDb;
  private readonly maxDepth: number;
  private readonly log: (message: string) => void;
  private byTrigger: Map<string, CompiledRule[]> | null = null;
  private processing: Promise<void> | null = null;
  private again = false;
  private readonly ports: ActionPorts;
  private readonly reminders: Pick<ReminderService, 'sendConfirmed' | 'inboundArrived'>;

  // Inert: nothing runs until start() (CONTRIBUTING.md habit 11).
  constructor(private readonly options: EngineOptions) {
    this.db = options.db;
    this.registry = options.registry ?? createRegistry();
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.log = options.log ?? ((m) => console.warn(`[Followthrough engine] ${m}`));
    this.ports = { notify: async () => {}, ...options.ports };
    this.reminders =
      options.reminders ??
      new ReminderService({
        db: this.db,
        now: options.now,
        settings: options.settings,
        alarms: { set: async () => {}, clear: async () => {} },
        notifier: { show: async () => {}, clear: async () => {} },
      });
    this.outbox = new Outbox(this.db, {
      ...options.outbox,
      now: options.now,
      handlers: { ...options.outboxHandlers, [ACTION_KIND]: (row) => this.runActionRow(row) },
      // Other areas run their own Outbox over the same table: each runs only its own kinds.
      ownKindsOnly: true,
    });
  }

  /** On every worker start: seed built-in rules, take back interrupted work, and act on what waits. Safe to repeat. */
  async start(): Promise<void> {
    await this.seedBuiltIns();
    await this.outbox.resume();
    await this.process();
  }

  /** Record an event once by its id and act on it soon. The returned promise settles when it is stored. */
  async dispatch(event: EngineEvent): Promise<Dispatched> {
    const dispatched = await recordEvent(this.db, event, this.options.now());
    if (!dispatched.duplicate) this.kick();
    return dispatched;
  }

  /** Process in the background, logging (never throwing) a failure: the rows stay for the next run. */
  kick(): void {
    this.process().catch((e: unknown) => this.log(`processing stopped: ${message(e)}`));
  }

  /** Act on every pending event and run every due outbox row, until none is left. Concurrent calls share one run. */
  process(): Promise<void> {
    this.again = true;
    this.processing ??= (async () => {
      try {
        for (;;) {
          while (this.again) {
            this.again = false;
            await this.processAll();
          }
          const nextDueAt = await this.outbox.nextDueAt();
          // An event dispatched while the next due time was read is work in hand: report idle only when
          // nothing arrived meanwhile, or its resume alarm would be cleared with the event still pending.
          if (this.again) continue;
          this.options.onIdle?.(nextDueAt);
          return;
        }
      } finally {
        this.processing = null;
      }
    })();
    return this.processing;
  }

  /** Settles when the engine has nothing left in hand (tests, and the background before it reports idle). */
  async idle(): Promise<void> {
    while (this.processing) await this.processing.catch(() => {});
  }

  private async processAll(): Promise<void> {
    for (;;) {
      const batch = await this.db.events.where('[status+at]').between(['pending', -Infinity], ['pending', Infinity]).limit(50).toArray();
      for (const row of batch) await this.handleEvent(row);
      const report = await this.outbox.drain();
      if (batch.length === 0 && report.ran === 0) return;
    }
  }

  // ---- rules ----

  private async compiledRules(): Promise<Map<string, CompiledRule[]>> {
    if (this.byTrigger) return this.byTrigger;
    const compiled: CompiledRule[] = [];
    for (const row of await this.db.rules.toArray()) {
      const result = compileRule({ ...(row.definition as object), enabled: row.enabled }, this.registry);
      if (result.ok) compiled.push(result.compiled);
      else this.log(`rule ${row.id} does not run: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    }
    this.byTrigger = indexRules(compiled);
    return this.byTrigger;
  }

  async seedBuiltIns(): Promise<void> {
    const now = this.options.now();
    await this.db.transaction('rw', this.db.rules, async () => {
      for (const id of RETIRED_BUILT_INS) {
        const row = await this.db.rules.get(id);
        if (row?.builtIn) await this.db.rules.delete(id);
      }
      for (const input of BUILT_IN_RULES) {
        if (await this.db.rules.get(input.id)) continue;
        const { rule } = parseRule(input, this.registry);
        await this.db.rules.add({ id: rule.id, enabled: rule.enabled, builtIn: true, definition: rule, updatedAt: now });
      }
    });
    this.byTrigger = null;
  }

  async listRules(): Promise<StoredRule[]> {
    const rows = await this.db.rules.toArray();
    return rows.map((row) => {
      const result = compileRule({ ...(row.definition as object), enabled: row.enabled }, this.registry);
      return { id: row.id, builtIn: row.builtIn, enabled: row.enabled, updatedAt: row.updatedAt, definition: row.definition, ...(result.ok ? {} : { issues: result.issues }) };
    });
  }

  /** Store a new or edited rule. Throws a RuleValidationError naming each offending field; stores nothing then. */
  async saveRule(input: RuleInput): Promise<StoredRule> {
    const { rule } = parseRule(input, this.registry);
    const now = this.options.now();
    const existing = await this.db.rules.get(rule.id);
    const row = { id: rule.id, enabled: rule.enabled, builtIn: existing?.builtIn ?? false, definition: rule, updatedAt: now };
    await this.db.rules.put(row);
    this.byTrigger = null;
    return row;
  }

  async setRuleEnabled(id: string, enabled: boolean): Promise<boolean> {
    const row = await this.db.rules.get(id);
    if (!row) return false;
    await this.db.rules.update(id, { enabled, definition: { ...(row.definition as object), enabled }, updatedAt: this.options.now() });
    this.byTrigger = null;
    return true;
  }

  /** Delete a rule the rep made; built-in rules are switched off instead. */
  async deleteRule(id: string): Promise<boolean> {
    const row = await this.db.rules.get(id);
    if (!row) return false;
    if (row.builtIn) throw new WordsError(words('err_rule_built_in'), `${id} is built in: switch it off instead of deleting it`);
    await this.db.rules.delete(id);
    this.byTrigger = null;
    return true;
  }

  // ---- events → outbox rows ----

  private async handleEvent(row: EventRow): Promise<void> {
    await this.options.beforeWork?.();
    const parsed = EngineEvent.safeParse(row.event);
    if (!parsed.success) {
      await this.db.events.update(row.id, { status: 'failed', lastError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 2000) });
      return;
    }
    const event = parsed.data;
    await this.remindersFor(row.id, event);
    const byTrigger = await this.compiledRules();
    const rules = byTrigger.get(event.type) ?? [];
    let matched: CompiledRule[] = [];
    const conditionFailures: { rule: CompiledRule; error: string; words?: Words }[] = [];
    if (rules.length) {
      const needs = new Set<Need>();
      for (const r of rules) for (const n of r.needs) needs.add(n);
      const facts = await loadFacts(this.db, event, needs, await this.options.settings(), this.options.now());
      matched = evaluateRules(byTrigger, event, facts, (rule, error) => {
        const said = wordsOfError(error);
        // JavaScript's own error (a condition's bug) is not the rep's to read: its text goes to the log and the English line.
        if (!said) this.log(`rule ${rule.rule.id}: a condition threw: ${message(error)}`);
        conditionFailures.push({ rule, error: message(error), words: said });
      });
    }
    const at = this.options.now();
    const threadId = eventThreadId(event);
    await this.db.transaction('rw', this.db.events, this.db.outbox, this.db.auditLog, async () => {
      const current = await this.db.events.get(row.id);
      if (current?.status !== 'pending') return;
      for (const { rule, error, words: said } of conditionFailures) {
        await this.audit({ at, eventId: row.id, ruleId: rule.rule.id, action: 'conditions', result: 'failed', detail: `a condition failed: ${error}`, detailWords: words('audit_condition_failed', { error: said ?? words('err_unexpected') }), key: `${row.id}|${rule.rule.id}|conditions`, threadId });
      }
      for (const rule of matched) {
        if (row.chain?.includes(rule.rule.id)) {
          await this.audit({
            at,
            eventId: row.id,
            ruleId: rule.rule.id,
            action: 'cycle',
            result: 'skipped',
            detail: `cycle: ${[...row.chain, rule.rule.id].join(' → ')} — this rule already ran earlier in the chain`,
            detailWords: words('audit_cycle', { chain: [...row.chain, rule.rule.id].join(' → ') }),
            key: `${row.id}|${rule.rule.id}|cycle`,
            threadId,
          });
          continue;
        }
        for (const [index, action] of rule.rule.actions.entries()) {
          const payload: z.input<typeof ActionPayload> = {
            eventId: row.id,
            ruleId: rule.rule.id,
            ruleDescription: rule.rule.description,
            index,
            action,
            depth: row.depth,
            chain: row.chain ?? [],
          };
          await this.outbox.enqueue(`${row.id}|${rule.rule.id}|${index}`, ACTION_KIND, payload);
        }
      }
      await this.db.events.update(row.id, { status: 'done', lastError: undefined });
    });
  }

  /**
   * The one reminder path, before any rule: a confirmed send starts the "Remind me" chosen in its compose;
   * an inbound email ends, moves or keeps the thread's reminders by what it is. Both are safe to repeat
   * (an event handled again after a stopped worker changes nothing more), and are audited with their undo.
   */
  private async remindersFor(eventRowId: string, event: EngineEvent): Promise<void> {
    if (event.type !== 'email.sent' && event.type !== 'email.received') return;
    const at = this.options.now();
    const key = `${eventRowId}|reminders`;
    try {
      if (event.type === 'email.sent') {
        const started = await this.reminders.sendConfirmed(event.email);
        if (started.length === 0) return;
        await this.audit({
          at,
          eventId: eventRowId,
          action: 'reminders.start',
          result: 'ok',
          detail: `started ${started.length} reminder(s) chosen in compose`,
          detailWords: words('audit_started_reminders', { count: started.length }),
          undo: [{ op: 'put', table: 'reminders', rows: started }],
          key,
          threadId: event.email.threadId,
        });
      } else {
        const outcome = await this.reminders.inboundArrived(event.email);
        if (!outcome) return;
        await this.audit({ at, eventId: eventRowId, action: outcome.action, result: 'ok', detail: outcome.detail.slice(0, 2000), detailWords: outcome.detailWords, undo: outcome.undo?.length ? outcome.undo : undefined, key, threadId: outcome.threadId });
      }
      this.options.onChange?.([event.email.threadId]);
    } catch (error) {
      await this.audit({ at, eventId: eventRowId, action: 'reminders', result: 'failed', detail: message(error).slice(0, 2000), detailWords: wordsOfError(error), key, threadId: event.email.threadId });
      this.log(`reminders for ${eventRowId}: ${message(error)}`);
    }
  }

  // ---- outbox rows → actions ----

  private async audit(entry: AuditEntry): Promise<number> {
    if (entry.key) {
      const existing = await this.db.auditLog.where('key').equals(entry.key).first();
      if (existing?.seq) return existing.seq;
    }
    return this.db.auditLog.add(entry);
  }

  private async runActionRow(row: OutboxRow): Promise<OutboxOutcome> {
    const payload = ActionPayload.safeParse(row.payload);
    if (!payload.success) return { kind: 'failed', error: `malformed action row: ${payload.error.issues[0]?.message ?? ''}`, words: words('err_action_row_malformed', { issue: firstIssueWords(payload.error.issues) }) };
    const p = payload.data;
    // Already ran (the worker stopped after the action's transaction, before the row was marked done).
    if (await this.db.auditLog.where('key').equals(row.id).first()) return { kind: 'done' };
    const base = { at: this.options.now(), eventId: p.eventId, ruleId: p.ruleId, ruleDescription: p.ruleDescription, action: p.action.kind, key: row.id };

    const eventRow = await this.db.events.get(p.eventId);
    const event = EngineEvent.safeParse(eventRow?.event);
    const def = this.registry.actions.get(p.action.kind);
    const params = def?.params.safeParse(p.action.params);
    let failure: string | undefined;
    let failureWords: Words | undefined;
    if (!event.success) {
      failure = `the event ${p.eventId} is gone or unreadable`;
      failureWords = words('audit_event_gone', { event: p.eventId });
    } else if (!def) {
      failure = `no action kind "${p.action.kind}"`;
      failureWords = words('audit_no_action_kind', { kind: p.action.kind });
    } else if (!params?.success) {
      const issues = params?.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? '';
      failure = `invalid parameters: ${issues}`;
      failureWords = words('audit_invalid_params', { issues: issuesWords(params?.error.issues ?? []) });
    }
    if (failure || !event.success || !def || !params?.success) {
      await this.audit({ ...base, result: 'failed', detail: failure ?? 'unrunnable', detailWords: failureWords });
      return { kind: 'failed', error: failure ?? 'unrunnable' };
    }

    await this.options.beforeWork?.();
    const settings = await this.options.settings();
    const ctx = { event: event.data, eventId: p.eventId, ruleId: p.ruleId, key: row.id, now: this.options.now(), settings, ports: this.ports };
    const threadId = eventThreadId(event.data);
    let result: ActionResult;
    try {
      await def.prepare?.({ ...ctx, db: this.db }, params.data);
      if (def.external) {
        result = await def.run({ ...ctx, db: this.db }, params.data);
        await this.db.transaction('rw', this.db.events, this.db.auditLog, () => this.recordResult(base, p, result, threadId));
      } else {
        result = await this.db.transaction('rw', [...this.db.tables], async () => {
          const r = await def.run({ ...ctx, db: this.db }, params.data);
          await this.recordResult(base, p, r, threadId);
          return r;
        });
      }
    } catch (error) {
      if (error instanceof RetryLater) return { kind: 'retry', error: error.message, retryAfterMs: error.retryAfterMs };
      // A failing action is recorded and stops only itself: the rule's other actions are rows of their own.
      await this.audit({ ...base, result: 'failed', detail: message(error).slice(0, 2000), detailWords: wordsOfError(error), threadId });
      return { kind: 'failed', error: message(error) };
    }
    if (result.result === 'ok') this.options.onChange?.(result.threadId ? [result.threadId] : threadId ? [threadId] : []);
    return { kind: 'done' };
  }

  private async recordResult(base: Omit<AuditEntry, 'result' | 'detail'>, p: z.output<typeof ActionPayload>, result: ActionResult, threadId: string | undefined) {
    await this.audit({ ...base, result: result.result, detail: result.detail.slice(0, 2000), detailWords: result.detailWords, undo: result.undo?.length ? result.undo : undefined, threadId: result.threadId ?? threadId, contactIds: result.contactIds });
    const emitted = result.emit ?? [];
    if (emitted.length === 0) return;
    const depth = p.depth + 1;
    if (depth > this.maxDepth) {
      await this.audit({
        ...base,
        action: 'chain',
        key: `${base.key}|chain`,
        result: 'skipped',
        detail: `chain stopped at the depth limit (${this.maxDepth}): ${emitted.map((e) => eventId(e)).join(', ')} not acted on`.slice(0, 2000),
        detailWords: words('audit_chain_depth', { limit: this.maxDepth, events: emitted.map((e) => eventId(e)).join(', ').slice(0, 900) }),
        threadId,
      });
      return;
    }
    const chain = [...p.chain, p.ruleId];
    for (const e of emitted) await recordEvent(this.db, e, this.options.now(), depth, p.eventId, chain);
  }

  // ---- the rep's own actions and undo ----

  /**
   * Run something the rep asked for (Log to CRM) now, in one transaction with its audit entry, so it is whole
   * or absent if the worker stops; the rep's click is retried by the rep. Emitted events are acted on as usual.
   */
  async runManual(opts: { action: string; eventId: string; key: string; run: (db: FollowthroughDb) => Promise<ActionResult> }): Promise<{ seq: number; result: ActionResult }> {
    const at = this.options.now();
    const out = await this.db.transaction('rw', [...this.db.tables], async () => {
      const result = await opts.run(this.db);
      const seq = await this.audit({
        at,
        eventId: opts.eventId,
        action: opts.action,
        result: result.result,
        detail: result.detail.slice(0, 2000),
        detailWords: result.detailWords,
        undo: result.undo?.length ? result.undo : undefined,
        key: opts.key,
        threadId: result.threadId,
        contactIds: result.contactIds,
      });
      for (const e of result.emit ?? []) await recordEvent(this.db, e, at, 1, opts.eventId, [opts.action]);
      return { seq, result };
    });
    if (out.result.emit?.length) this.kick();
    return out;
  }

  /** Take back what an audited action did. Throws when there is nothing to undo. */
  async undo(seq: number): Promise<{ seq: number; changed: number; detail: string; detailWords: Words }> {
    const now = this.options.now();
    const out = await this.db.transaction('rw', [...undoTables(this.db), this.db.auditLog], async () => {
      const entry = await this.db.auditLog.get(seq);
      if (!entry) throw new WordsError(words('err_undo_no_entry', { seq: String(seq) }), `no audit entry #${seq}`);
      if (entry.undoneAt) throw new WordsError(words('err_undo_already', { seq: String(seq) }), `#${seq} was already undone`);
      const undo = Undo.safeParse(entry.undo);
      if (!undo.success || undo.data.length === 0) throw new WordsError(words('err_undo_nothing', { seq: String(seq) }), `#${seq} (${entry.action}) has nothing to undo`);
      const { changed, kept } = await applyUndo(this.db, undo.data, entry.at);
      await this.db.auditLog.update(seq, { undoneAt: now });
      const detail = `undid #${seq}: ${entry.detail}${kept.length ? `; kept ${kept.map((k) => k.english).join('; ')}` : ''}`.slice(0, 2000);
      // What was undone in the words it was logged with (an older entry has only its English line), and what was kept.
      const what = entry.detailWords ?? entry.detail;
      const detailWords = kept.length ? words('audit_undid_kept', { seq: String(seq), what, kept: keptWords(kept) }) : words('audit_undid', { seq: String(seq), what });
      const undoSeq = await this.audit({ at: now, eventId: entry.eventId, action: 'undo', result: 'ok', detail, detailWords, threadId: entry.threadId, contactIds: entry.contactIds });
      return { seq: undoSeq, changed, detail, detailWords, threadId: entry.threadId };
    });
    this.options.onChange?.(out.threadId ? [out.threadId] : []);
    return { seq: out.seq, changed: out.changed, detail: out.detail, detailWords: out.detailWords };
  }
}
