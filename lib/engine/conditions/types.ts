import type { z } from 'zod';
import type { EngineEvent, EventType } from '../events';
import type { Facts, Need } from '../facts';

/**
 * A condition kind: its parameters as a zod schema (checked when a rule is saved or loaded, never per event)
 * and a synchronous test over the event and the facts loaded for it.
 */
export interface ConditionDef<P extends z.ZodType = z.ZodType> {
  kind: string;
  /** What it checks, in the rep's words, for the rule editor. */
  label: string;
  params: P;
  /** The facts it reads; the runner loads only what some matching rule needs. */
  needs?: readonly Need[];
  /** Events it makes sense on; a rule using it on another trigger is refused. Omitted: any. */
  triggers?: readonly EventType[];
  test(event: EngineEvent, params: z.output<P>, facts: Facts): boolean;
}

export const defineCondition = <P extends z.ZodType>(def: ConditionDef<P>): ConditionDef => def as unknown as ConditionDef;
