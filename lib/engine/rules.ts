import { z } from 'zod';
import { issue, issueWords } from '../issue-words';
import { words, type Words } from '../words';
import { kindWords } from './kind-words';
import { actions as builtInActions, type ActionDef } from './actions';
import { conditions as builtInConditions, type ConditionDef } from './conditions';
import { EngineEvent, type EventType } from './events';
import type { Need } from './facts';

// Rules are data: what starts them, what must hold, what to do, and a plain-language description the rep
// reads as their SOP ("When I send an email to a contact, log it on their timeline").

export const EVENT_TYPES = EngineEvent.options.map((o) => o.shape.type.value) as [EventType, ...EventType[]];

const Kind = z.string().min(1, issue('name a kind', 'issue_rule_kind')).max(100);
const Params = z.record(z.string(), z.unknown()).default({});

export const ConditionSpec = z.object({ kind: Kind, params: Params, not: z.boolean().default(false) });
export type ConditionSpec = z.infer<typeof ConditionSpec>;
export const ActionSpec = z.object({ kind: Kind, params: Params });
export type ActionSpec = z.infer<typeof ActionSpec>;

export const Rule = z.object({
  id: z
    .string()
    .min(1, issue('a rule needs an id', 'issue_rule_id'))
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, issue('letters, digits, dots, dashes and colons only', 'issue_rule_id_chars')),
  description: z.string().trim().min(1, issue('describe the rule in plain words', 'issue_rule_description')).max(1000),
  trigger: z.enum(EVENT_TYPES, { message: issue(`one of ${EVENT_TYPES.join(', ')}`, 'issue_rule_trigger') }),
  conditions: z.array(ConditionSpec).max(20, issue('at most 20 conditions', 'issue_rule_max_conditions')).default([]),
  actions: z.array(ActionSpec).min(1, issue('a rule needs at least one action', 'issue_rule_min_action')).max(10, issue('at most 10 actions', 'issue_rule_max_actions')),
  enabled: z.boolean().default(true),
});
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;

/** The condition and action kinds rules may name. */
export interface Registry {
  conditions: ReadonlyMap<string, ConditionDef>;
  actions: ReadonlyMap<string, ActionDef>;
}

/** The built-in kinds, plus (or replaced by) any given: how tests and other areas bring their own. */
export function createRegistry(extra: { conditions?: readonly ConditionDef[]; actions?: readonly ActionDef[] } = {}): Registry {
  return {
    conditions: new Map([...builtInConditions, ...(extra.conditions ?? [])].map((c) => [c.kind, c])),
    actions: new Map([...builtInActions, ...(extra.actions ?? [])].map((a) => [a.kind, a])),
  };
}

export interface RuleIssue {
  /** The offending field, as a path into the rule: `conditions.1.params.in.0`. */
  path: string;
  message: string;
  /** The message for the rep (the Rules tab says it in their language). */
  words?: Words;
}

export class RuleValidationError extends Error {
  constructor(readonly issues: RuleIssue[]) {
    super(`Invalid rule: ${issues.map((i) => `${i.path || '(rule)'}: ${i.message}`).join('; ')}`);
    this.name = 'RuleValidationError';
  }
}

export interface CompiledCondition {
  def: ConditionDef;
  /** `def.test`, held directly: evaluation calls it without a lookup. */
  test: ConditionDef['test'];
  params: unknown;
  not: boolean;
}
export interface CompiledAction {
  def: ActionDef;
  params: unknown;
}
/** A rule checked against the registry once, with its parameters parsed: ready to evaluate per event. */
export interface CompiledRule {
  rule: Rule;
  conditions: CompiledCondition[];
  actions: CompiledAction[];
  needs: Set<Need>;
}

const pathOf = (prefix: (string | number)[], issue: z.core.$ZodIssue) => [...prefix, ...issue.path.map(String)].join('.');

/** Check a rule's shape, that every kind exists and fits the trigger, and every kind's parameters. */
export function compileRule(input: unknown, registry: Registry): { ok: true; compiled: CompiledRule } | { ok: false; issues: RuleIssue[] } {
  const parsed = Rule.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: pathOf([], i), message: i.message, words: issueWords(i) })) };
  const rule = parsed.data;
  const issues: RuleIssue[] = [];
  const compiled: CompiledRule = { rule, conditions: [], actions: [], needs: new Set() };

  const check = <D extends ConditionDef | ActionDef>(list: 'conditions' | 'actions', index: number, kind: string, params: unknown, defs: ReadonlyMap<string, D>) => {
    const def = defs.get(kind);
    if (!def) {
      issues.push({
        path: `${list}.${index}.kind`,
        message: `no ${list === 'conditions' ? 'condition' : 'action'} kind "${kind}" (known: ${[...defs.keys()].join(', ')})`,
        words: words(list === 'conditions' ? 'ruleIssue_no_condition_kind' : 'ruleIssue_no_action_kind', { kind }),
      });
      return undefined;
    }
    if (def.triggers && !def.triggers.includes(rule.trigger)) {
      issues.push({
        path: `${list}.${index}.kind`,
        message: `"${kind}" does not apply to ${rule.trigger} (only ${def.triggers.join(', ')})`,
        words: words('ruleIssue_wrong_trigger', { kind: kindWords(kind), trigger: kindWords(rule.trigger) }),
      });
      return undefined;
    }
    const p = def.params.safeParse(params);
    if (!p.success) {
      for (const i of p.error.issues) issues.push({ path: pathOf([list, index, 'params'], i), message: i.message, words: issueWords(i) });
      return undefined;
    }
    return { def, params: p.data };
  };

  rule.conditions.forEach((c, i) => {
    const ok = check('conditions', i, c.kind, c.params, registry.conditions);
    if (ok) {
      compiled.conditions.push({ def: ok.def, test: ok.def.test, params: ok.params, not: c.not });
      for (const n of ok.def.needs ?? []) compiled.needs.add(n);
    }
  });
  rule.actions.forEach((a, i) => {
    const ok = check('actions', i, a.kind, a.params, registry.actions);
    if (ok) compiled.actions.push(ok);
  });
  return issues.length ? { ok: false, issues } : { ok: true, compiled };
}

/** Like `compileRule`, throwing a `RuleValidationError` that names each offending field. */
export function parseRule(input: unknown, registry: Registry): CompiledRule {
  const result = compileRule(input, registry);
  if (!result.ok) throw new RuleValidationError(result.issues);
  return result.compiled;
}
