import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { ResponseOf } from '../messages';
import { BUILT_IN_DESCRIPTIONS, BUILT_IN_RULES } from '../engine/builtins';
import { userMessage } from './errors';
import { t } from '../i18n';
import { say } from '../say';
import { placeWords } from '../issue-words';

export type RulesList = ResponseOf<'engine.rulesList'>;
export type RuleView = RulesList['rules'][number];
/** A refused field and why, already said in the rep's language. */
export interface RuleIssue {
  path: string;
  message: string;
}

/** The engine's issues as the rep reads them: its words when it sent some, else its English line. */
export const sayRuleIssues = (issues: readonly { path: string; message: string; words?: unknown }[]): RuleIssue[] => issues.map((i) => ({ path: i.path, message: say(i.words, i.message) }));
/** The issues as one line, each after where it sits in the rule in the rep's words ("Bedingung 1: …"), never its raw path. */
export const sayRuleIssuesLine = (issues: readonly { path: string; message: string; words?: unknown }[]) =>
  sayRuleIssues(issues)
    .map((i) => {
      const place = placeWords(i.path);
      return place ? t('issue_at', { path: say(place), issue: i.message }) : i.message;
    })
    .join('; ');

/** A rule as the editor holds it: the engine's rule shape, with each kind's parameters as JSON text. */
export interface RuleDraft {
  id: string;
  description: string;
  trigger: string;
  enabled: boolean;
  conditions: { kind: string; not: boolean; params: string }[];
  actions: { kind: string; params: string }[];
}

export interface RulesState {
  list: RulesList | null;
  error: string | null;
  notice: string | null;
  busy: boolean;
  load: () => Promise<void>;
  setEnabled: (id: string, enabled: boolean) => Promise<void>;
  /** Save a draft; answers the issues that kept it from being saved (none: saved). */
  save: (draft: RuleDraft) => Promise<RuleIssue[]>;
  duplicate: (rule: RuleView) => Promise<string | null>;
  reset: (id: string) => Promise<void>;
}

type Definition = { id?: string; description?: string; trigger?: string; enabled?: boolean; conditions?: { kind: string; params?: unknown; not?: boolean }[]; actions?: { kind: string; params?: unknown }[] };

export const builtInDefault = (id: string) => BUILT_IN_RULES.find((r) => r.id === id);

/** A rule's description for the rep: a built-in's own in their language while unchanged, else as written. */
export function describedAs(id: string, description: string): string {
  const key = BUILT_IN_DESCRIPTIONS[id];
  return key && description === builtInDefault(id)?.description ? t(key) : description;
}

export function toDraft(rule: RuleView): RuleDraft {
  const d = (rule.definition ?? {}) as Definition;
  const json = (v: unknown) => JSON.stringify(v ?? {}, null, 1).replace(/\n\s*/g, ' ');
  return {
    id: rule.id,
    description: d.description ?? '',
    trigger: d.trigger ?? '',
    enabled: rule.enabled,
    conditions: (d.conditions ?? []).map((c) => ({ kind: c.kind, not: c.not ?? false, params: json(c.params) })),
    actions: (d.actions ?? []).map((a) => ({ kind: a.kind, params: json(a.params) })),
  };
}

/** The draft as the engine's rule input, or the fields whose parameters are not JSON. */
export function fromDraft(draft: RuleDraft): { rule: Record<string, unknown> } | { issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const parse = (text: string, path: string) => {
    if (!text.trim()) return {};
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
      issues.push({ path, message: t('rulesStore_params_not_object') });
    } catch {
      issues.push({ path, message: t('rulesStore_params_not_json') });
    }
    return {};
  };
  const rule = {
    id: draft.id,
    description: draft.description,
    trigger: draft.trigger,
    enabled: draft.enabled,
    conditions: draft.conditions.map((c, i) => ({ kind: c.kind, not: c.not, params: parse(c.params, `conditions.${i}.params`) })),
    actions: draft.actions.map((a, i) => ({ kind: a.kind, params: parse(a.params, `actions.${i}.params`) })),
  };
  return issues.length ? { issues } : { rule };
}

/** The options page's Rules tab: the engine's rules, read and changed through the engine's channels. */
export const createRulesStore = (send: SendPort) =>
  createStore<RulesState>()((set, get) => {
    const run = async (work: () => Promise<string | null>) => {
      set({ busy: true });
      try {
        const notice = await work();
        await get().load();
        set({ notice, error: null });
      } catch (error) {
        set({ error: userMessage(error) });
        await get().load(); // show what is stored, not what was attempted
      } finally {
        set({ busy: false });
      }
    };
    return {
      list: null,
      error: null,
      notice: null,
      busy: false,

      async load() {
        try {
          // A worker that has just started seeds the built-in rules first: an empty list then is early, not final.
          for (let attempt = 0; ; attempt++) {
            const list = await request(send, 'engine.rulesList', {});
            if (list.rules.length > 0 || attempt >= 4) return set({ list });
            await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
          }
        } catch (error) {
          set({ error: userMessage(error) });
        }
      },

      setEnabled: (id, enabled) => {
        // The switch moves at once; the reload after the answer puts it back if the change was refused.
        set((s) => (s.list ? { list: { ...s.list, rules: s.list.rules.map((r) => (r.id === id ? { ...r, enabled } : r)) } } : {}));
        return run(async () => {
          await request(send, 'engine.ruleSetEnabled', { id, enabled });
          return enabled ? t('rulesStore_on') : t('rulesStore_off');
        });
      },

      async save(draft) {
        const built = fromDraft(draft);
        if ('issues' in built) return built.issues;
        try {
          const out = await request(send, 'engine.ruleSave', { rule: built.rule });
          if (!out.saved) return sayRuleIssues(out.issues);
          set({ notice: t('store_saved_name', { name: draft.description }), error: null });
          await get().load();
          return [];
        } catch (error) {
          return [{ path: '', message: userMessage(error) }];
        }
      },

      async duplicate(rule) {
        const taken = new Set(get().list?.rules.map((r) => r.id));
        const base = `${rule.id.replace(/^builtin\./, '')}-copy`;
        let id = base;
        for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
        const d = (rule.definition ?? {}) as Definition;
        let created: string | null = null;
        await run(async () => {
          const out = await request(send, 'engine.ruleSave', { rule: { ...d, id, enabled: false, description: t('rulesStore_copy', { description: d.description ?? rule.id }).slice(0, 1000) } });
          if (!out.saved) throw new Error(sayRuleIssuesLine(out.issues));
          created = id;
          return t('rulesStore_duplicated');
        });
        return created;
      },

      reset: (id) =>
        run(async () => {
          const original = builtInDefault(id);
          if (!original) throw new Error(t('rulesStore_no_default'));
          const out = await request(send, 'engine.ruleSave', { rule: { ...original, enabled: true } as Record<string, unknown> });
          if (!out.saved) throw new Error(sayRuleIssuesLine(out.issues));
          return t('rulesStore_reset');
        }),
    };
  });
