import * as rruleModule from 'rrule';

// rrule ships ESM for bundlers ("module") but a UMD file as "main": Node (the inspect and bench scripts) sees
// only a default export, Vite the named ones. One place reads it either way.
type RRuleModule = typeof rruleModule;
const mod = rruleModule as RRuleModule & { default?: RRuleModule };
export const RRule: RRuleModule['RRule'] = mod.RRule ?? mod.default!.RRule;
export type RRule = rruleModule.RRule;
