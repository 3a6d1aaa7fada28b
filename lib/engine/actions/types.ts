import type { z } from 'zod';
import type { FollowthroughDb } from '../../db';
import type { Settings } from '../../settings';
import type { EngineEvent, EventType } from '../events';
import type { Undo } from '../undo';
import type { Words } from '../../words';

export interface ActionPorts {
  /** Tell the rep something outside the page (the toolbar badge); never throws into the engine. */
  notify: (title: string, message: string) => Promise<void>;
  /** Queue a logged activity's write to the active remote CRM (lib/crm/sync.ts); absent where no sync runs. */
  crm?: { queue: (activityId: string) => Promise<{ queued: boolean; id?: string; reason?: string; words?: Words }> };
  /**
   * Look addresses up in the connected CRM and mirror the contacts found locally (lib/crm/directory.ts), so a
   * log finds them. Throws when the CRM cannot answer; absent where no CRM sync runs.
   */
  crmLookup?: (addresses: string[], subject: string) => Promise<unknown>;
}

export interface ActionContext {
  /** Inside one read-write transaction over every table, unless the action is `external`. */
  db: FollowthroughDb;
  event: EngineEvent;
  eventId: string;
  ruleId?: string;
  /** This run's idempotency key: derive row ids from it (or from the event) so a re-run writes nothing new. */
  key: string;
  now: number;
  settings: Settings;
  ports: ActionPorts;
}

export interface ActionResult {
  result: 'ok' | 'skipped';
  /** What happened, in the rep's words: shown in the audit log. */
  detail: string;
  /** `detail` as words (lib/words.ts), said in the rep's language where the log is shown. */
  detailWords?: Words;
  undo?: Undo;
  /** Events this action caused, handed back to the engine (chains). */
  emit?: EngineEvent[];
  threadId?: string;
  contactIds?: string[];
}

/**
 * An action kind: its parameters as a zod schema (checked when a rule is saved or loaded) and what it does.
 * Runs from an outbox row, so it must be idempotent: the same key twice changes nothing the second time.
 */
export interface ActionDef<P extends z.ZodType = z.ZodType> {
  kind: string;
  label: string;
  params: P;
  triggers?: readonly EventType[];
  /** Calls out of the database (through a port): runs outside the database transaction. */
  external?: boolean;
  run(ctx: ActionContext, params: z.output<P>): Promise<ActionResult>;
  /**
   * Work that must call out before `run` (outside its transaction), such as asking the CRM who a recipient is.
   * Must be idempotent; a RetryLater thrown here retries the row, anything else is recorded as the failure.
   */
  prepare?(ctx: ActionContext, params: z.output<P>): Promise<void>;
}

export const defineAction = <P extends z.ZodType>(def: ActionDef<P>): ActionDef => def as unknown as ActionDef;

/** Thrown by an action to be tried again later (with backoff) instead of failing for good. */
export class RetryLater extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'RetryLater';
  }
}
