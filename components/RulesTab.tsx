import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { builtInDefault, describedAs, sayRuleIssuesLine, toDraft, type RuleDraft, type RuleIssue, type RulesList, type RulesState, type RuleView } from '@/lib/ui/rules-store';
import { FormActions } from './FormActions';
import { t } from '@/lib/i18n';
import { KIND_WORDS, TRIGGER_WORDS } from '@/lib/engine/kind-words';

const triggerWords = (trigger: string) => (TRIGGER_WORDS[trigger] ? t(TRIGGER_WORDS[trigger]) : trigger);
// A kind this build has no words for shows the engine's own (English) label.
const kindWords = (kinds: RulesList['conditions'], kind: string) => (KIND_WORDS[kind] ? t(KIND_WORDS[kind]) : (kinds.find((k) => k.kind === kind)?.label ?? kind));

/** A kind's parameters in brief, e.g. " (setting: autoLog)"; nothing when it has none. */
function paramWords(json: string): string {
  try {
    const params = JSON.parse(json) as Record<string, unknown>;
    const parts = Object.entries(params).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    return parts.length ? ` (${parts.join('; ')})` : '';
  } catch {
    return '';
  }
}

/** The rule as a sentence from its parts, under the rep's own description. */
function plainWords(rule: RuleView, list: RulesList): string {
  const d = toDraft(rule);
  const conditions = d.conditions.map((c) => {
    const said = `${kindWords(list.conditions, c.kind)}${paramWords(c.params)}`;
    return c.not ? t('rulesTab_sentence_not', { condition: said }) : said;
  });
  const actions = d.actions.map((a) => `${kindWords(list.actions, a.kind)}${paramWords(a.params)}`);
  const chain = (parts: string[], key: 'rulesTab_sentence_and' | 'rulesTab_sentence_then') => parts.reduce((first, next) => t(key, { first, next }));
  const trigger = triggerWords(d.trigger);
  const then = actions.length ? chain(actions, 'rulesTab_sentence_then') : t('rulesTab_sentence_nothing');
  return conditions.length ? t('rulesTab_sentence_if', { trigger, conditions: chain(conditions, 'rulesTab_sentence_and'), actions: then }) : t('rulesTab_sentence', { trigger, actions: then });
}

const issuesAt = (issues: RuleIssue[], prefix: string) => issues.filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`));

function Issues({ issues, id }: { issues: RuleIssue[]; id?: string }) {
  if (issues.length === 0) return null;
  return (
    <span id={id} className="error" role="alert">
      {issues.map((i) => i.message).join('; ')}
    </span>
  );
}

function RuleEditor({ initial, list, onSave, onCancel, isNew }: { initial: RuleDraft; list: RulesList; onSave: (d: RuleDraft) => Promise<RuleIssue[]>; onCancel: () => void; isNew: boolean }) {
  const [draft, setDraft] = useState(initial);
  const [issues, setIssues] = useState<RuleIssue[]>([]);
  const base = useId();
  const other = issues.filter((i) => !/^(id|description|trigger|conditions|actions)(\.|$)/.test(i.path));
  return (
    <form
      className="card editor"
      aria-label={isNew ? t('rulesTab_new_rule') : t('rulesTab_edit_rule_description', { description: initial.description })}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave(draft).then((found) => (found.length ? setIssues(found) : onCancel()));
      }}
    >
      {isNew && (
        <div className="field">
          <label htmlFor={`${base}-id`}>{t('rulesTab_rule_id')}</label>
          <input id={`${base}-id`} type="text" value={draft.id} aria-invalid={issuesAt(issues, 'id').length > 0 || undefined} onChange={(e) => setDraft({ ...draft, id: e.currentTarget.value })} />
          <Issues issues={issuesAt(issues, 'id')} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${base}-desc`}>{t('rulesTab_in_plain_words')}</label>
        <textarea id={`${base}-desc`} rows={2} value={draft.description} aria-invalid={issuesAt(issues, 'description').length > 0 || undefined} onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })} />
        <Issues issues={issuesAt(issues, 'description')} />
      </div>
      <div className="field">
        <label htmlFor={`${base}-trigger`}>{t('rulesTab_when')}</label>
        <select id={`${base}-trigger`} value={draft.trigger} onChange={(e) => setDraft({ ...draft, trigger: e.currentTarget.value })}>
          {!list.triggers.includes(draft.trigger) && <option value={draft.trigger}>{draft.trigger || t('rulesTab_choose')}</option>}
          {list.triggers.map((t) => (
            <option key={t} value={t}>
              {triggerWords(t)}
            </option>
          ))}
        </select>
        <Issues issues={issuesAt(issues, 'trigger')} />
      </div>
      <fieldset className="field">
        <legend className="label">{t('rulesTab_only_if')}</legend>
        {draft.conditions.map((c, i) => (
          <div key={i} className="rule-part">
            <select
              aria-label={t('rulesTab_condition_i', { i: i + 1 })}
              value={c.kind}
              onChange={(e) => setDraft({ ...draft, conditions: draft.conditions.map((x, j) => (j === i ? { ...x, kind: e.currentTarget.value } : x)) })}
            >
              {list.conditions.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {kindWords(list.conditions, k.kind)}
                </option>
              ))}
            </select>
            <label>
              <input type="checkbox" checked={c.not} onChange={(e) => setDraft({ ...draft, conditions: draft.conditions.map((x, j) => (j === i ? { ...x, not: e.currentTarget.checked } : x)) })} />{' '}{t('rulesTab_not')}</label>
            <input
              type="text"
              aria-label={t('rulesTab_condition_i_parameters_json', { i: i + 1 })}
              value={c.params}
              aria-invalid={issuesAt(issues, `conditions.${i}`).length > 0 || undefined}
              onChange={(e) => setDraft({ ...draft, conditions: draft.conditions.map((x, j) => (j === i ? { ...x, params: e.currentTarget.value } : x)) })}
            />
            <button type="button" aria-label={t('rulesTab_remove_condition_i', { i: i + 1 })} onClick={() => setDraft({ ...draft, conditions: draft.conditions.filter((_, j) => j !== i) })}>
              {t('rulesTab_remove')}</button>
            <Issues issues={issuesAt(issues, `conditions.${i}`)} />
          </div>
        ))}
        <button type="button" onClick={() => setDraft({ ...draft, conditions: [...draft.conditions, { kind: list.conditions[0]?.kind ?? '', not: false, params: '{}' }] })}>
          {t('rulesTab_add_condition')}</button>
        <Issues issues={issues.filter((i) => i.path === 'conditions')} />
      </fieldset>
      <fieldset className="field">
        <legend className="label">{t('rulesTab_then')}</legend>
        {draft.actions.map((a, i) => (
          <div key={i} className="rule-part">
            <select aria-label={t('rulesTab_action_i', { i: i + 1 })} value={a.kind} onChange={(e) => setDraft({ ...draft, actions: draft.actions.map((x, j) => (j === i ? { ...x, kind: e.currentTarget.value } : x)) })}>
              {list.actions.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {kindWords(list.actions, k.kind)}
                </option>
              ))}
            </select>
            <input
              type="text"
              aria-label={t('rulesTab_action_i_parameters_json', { i: i + 1 })}
              value={a.params}
              aria-invalid={issuesAt(issues, `actions.${i}`).length > 0 || undefined}
              onChange={(e) => setDraft({ ...draft, actions: draft.actions.map((x, j) => (j === i ? { ...x, params: e.currentTarget.value } : x)) })}
            />
            <button type="button" aria-label={t('rulesTab_remove_action_i', { i: i + 1 })} onClick={() => setDraft({ ...draft, actions: draft.actions.filter((_, j) => j !== i) })}>
              {t('rulesTab_remove')}</button>
            <Issues issues={issuesAt(issues, `actions.${i}`)} />
          </div>
        ))}
        <button type="button" onClick={() => setDraft({ ...draft, actions: [...draft.actions, { kind: list.actions[0]?.kind ?? '', params: '{}' }] })}>
          {t('rulesTab_add_action')}</button>
        <Issues issues={issues.filter((i) => i.path === 'actions')} />
      </fieldset>
      <Issues issues={other} />
      <FormActions save={t('rulesTab_save_rule')} onCancel={onCancel} />
    </form>
  );
}

/** The rep's SOP: each rule in plain words, on or off, editable with validation, duplicable, resettable. */
export function RulesTab({ store }: { store: StoreApi<RulesState> }) {
  const { list, error, notice, busy, load, setEnabled, save, duplicate, reset } = useStore(store);
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  if (!list) return error ? <p className="error">{error}</p> : <p className="muted">{t('rulesTab_loading_rules')}</p>;
  const blank: RuleDraft = { id: `my-rule-${list.rules.length + 1}`, description: '', trigger: list.triggers[0] ?? '', enabled: true, conditions: [], actions: [{ kind: list.actions[0]?.kind ?? '', params: '{}' }] };

  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t('rulesTab_rules')}</h1>
      <p className="muted">{t('rulesTab_what_followthrough_does_on_its')}</p>
      {(notice || error) && (
        <p role="status" className={error ? 'error' : 'muted'}>
          {error ?? notice}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => setEditing('new')}>
          {t('rulesTab_new_rule')}</button>
      </div>
      {editing === 'new' && <RuleEditor isNew initial={blank} list={list} onSave={save} onCancel={() => setEditing(null)} />}
      <ul aria-label={t('rulesTab_rules')} data-testid="rules">
        {list.rules.map((rule) => {
          const d = toDraft(rule);
          const title = describedAs(rule.id, d.description) || rule.id;
          return (
            <li key={rule.id} className="card" data-testid="rule" data-rule-id={rule.id}>
              {editing === rule.id ? (
                <RuleEditor isNew={false} initial={d} list={list} onSave={save} onCancel={() => setEditing(null)} />
              ) : (
                <>
                  <div className="row">
                    <strong className="wrap">{title}</strong>
                    <label className="switch-inline">
                      <input type="checkbox" role="switch" checked={rule.enabled} disabled={busy} aria-label={t('rulesTab_rule_on_title', { title })} onChange={(e) => void setEnabled(rule.id, e.currentTarget.checked)} />
                      <span aria-hidden="true">{rule.enabled ? t('rulesTab_on') : t('rulesTab_off')}</span>
                    </label>
                  </div>
                  <p className="muted small wrap">{plainWords(rule, list)}</p>
                  <p className="muted small">
                    {rule.builtIn ? t('rulesTab_built_in') : t('rulesTab_yours')} · {rule.id}
                  </p>
                  {rule.issues && rule.issues.length > 0 && (
                    <p className="error small" role="alert">
                      {t('rulesTab_this_rule_is_not_run')}{' '}{sayRuleIssuesLine(rule.issues)}
                    </p>
                  )}
                  <div className="actions">
                    <button type="button" aria-label={t('rulesTab_edit_title', { title })} onClick={() => setEditing(rule.id)}>
                      {t('rulesTab_edit')}</button>
                    <button type="button" disabled={busy} aria-label={t('rulesTab_duplicate_title', { title })} onClick={() => void duplicate(rule).then((id) => id && setEditing(id))}>
                      {t('rulesTab_duplicate')}</button>
                    {rule.builtIn && builtInDefault(rule.id) && (
                      <button type="button" disabled={busy} aria-label={t('rulesTab_reset_to_default_title', { title })} onClick={() => void reset(rule.id)}>
                        {t('rulesTab_reset_to_default')}</button>
                    )}
                  </div>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
