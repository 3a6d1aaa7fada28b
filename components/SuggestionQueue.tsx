import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Suggestion } from '@/lib/records';
import { formatDateTime, formatRelative, fromLocalInput, toLocalInput } from './format';
import { FormActions, FormError } from './FormActions';
import { formatDay, t, tn } from '@/lib/i18n';
import { explainOf } from '@/lib/followup/explain';
import { say } from '@/lib/say';

export interface SuggestionActions {
  resolve: (id: string, action: 'accept' | 'dismiss', edits?: Record<string, unknown>) => Promise<boolean>;
  busy: (id: string) => boolean;
}

const kindTitle = (kind: Suggestion['kind']) =>
  ({ followup: t('suggestionQueue_kind_followup'), draft: t('suggestionQueue_kind_draft'), log: t('suggestionQueue_kind_log'), recap: t('suggestionQueue_kind_recap') })[kind];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayLabel = (iso: string) => formatDay(iso, { weekday: 'long', month: 'long', day: 'numeric' });

/**
 * Why, in the rep's language: a follow-up from the explanation the background stored, any other from its words,
 * else its English line (older rows, and a rule's own reason, which is the rep's text).
 */
function why(s: Suggestion): string {
  const explain = s.kind === 'followup' ? explainOf(s.payload) : undefined;
  if (!explain) return say(s.reasonWords, s.reason);
  const base =
    explain.code === 'cue' && explain.phrase
      ? t('suggestionQueue_why_cue', { phrase: explain.phrase })
      : tn('suggestionQueue_why_cadence', explain.days ?? 3);
  return explain.wasDue ? t('suggestionQueue_why_was_due', { reason: base, day: dayLabel(explain.wasDue) }) : base;
}

/** Payload fields a rep can edit before accepting: a follow-up's day; otherwise text, and times (numbers named …At). */
function editableFields(suggestion: Suggestion) {
  const { payload } = suggestion;
  if (suggestion.kind === 'followup' && typeof payload.date === 'string') return [['date', payload.date]] as [string, unknown][];
  return Object.entries(payload).filter(
    ([key, value]) => (typeof value === 'string' && key !== 'id' && !key.endsWith('Id')) || (typeof value === 'number' && key.endsWith('At')),
  );
}

const fieldLabel = (key: string) =>
  (
    {
      dueAt: t('suggestionQueue_field_date'),
      date: t('suggestionQueue_field_date'),
      body: t('suggestionQueue_field_text'),
      text: t('suggestionQueue_field_text'),
      note: t('suggestionQueue_field_note'),
      subject: t('suggestionQueue_field_subject'),
      summary: t('suggestionQueue_field_summary'),
    } as Record<string, string>
  )[key] ??
  key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

/** A one-line description of what accepting does, from the payload. */
function headline(s: Suggestion, now: number): string {
  const due = s.payload.dueAt;
  const day = s.payload.date;
  if (s.kind === 'followup' && typeof day === 'string' && ISO_DAY.test(day)) return t('suggestionQueue_followup_on_day', { day: dayLabel(day) });
  if (s.kind === 'followup' && typeof due === 'number') return t('suggestionQueue_followup_relative', { when: formatRelative(due, now), at: formatDateTime(due) });
  const text = s.payload.title ?? s.payload.summary ?? s.payload.subject;
  return typeof text === 'string' && text ? say(s.payload.titleWords, text) : kindTitle(s.kind);
}

function Editor({ suggestion, onSave, onCancel }: { suggestion: Suggestion; onSave: (edits: Record<string, unknown>) => void; onCancel: () => void }) {
  const fields = editableFields(suggestion);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map(([k, v]) => [k, typeof v === 'number' ? toLocalInput(v) : String(v)])),
  );
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = () => {
    const edits: Record<string, unknown> = {};
    for (const [key, original] of fields) {
      const raw = values[key] ?? '';
      if (typeof original === 'number') {
        const at = fromLocalInput(raw);
        if (at === undefined) return setError(t('suggestionQueue_error_pick_date_time', { field: fieldLabel(key) }));
        edits[key] = at;
      } else if (key === 'date' && suggestion.kind === 'followup') {
        if (!ISO_DAY.test(raw)) return setError(t('suggestionQueue_error_pick_day', { field: fieldLabel(key) }));
        edits[key] = raw;
      } else edits[key] = raw;
    }
    onSave(edits);
  };
  if (fields.length === 0) return <p className="muted small">{t('suggestionQueue_nothing_to_edit_on_this')}</p>;
  return (
    <form
      className="editor"
      aria-label={t('suggestionQueue_edit_kind', { kind: kindTitle(suggestion.kind) })}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') onCancel();
      }}
    >
      {fields.map(([key, value], i) => {
        const id = `edit-${suggestion.id}-${key}`;
        const long = typeof value === 'string' && (value.length > 60 || value.includes('\n'));
        return (
          <div key={key} className="field">
            <label htmlFor={id}>{fieldLabel(key)}</label>
            {key === 'date' && suggestion.kind === 'followup' ? (
              <input id={id} ref={i === 0 ? first : undefined} type="date" value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })} />
            ) : typeof value === 'number' ? (
              <input id={id} ref={i === 0 ? first : undefined} type="datetime-local" value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })} />
            ) : long ? (
              <textarea id={id} ref={i === 0 ? first : undefined} rows={6} value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })} />
            ) : (
              <input id={id} ref={i === 0 ? first : undefined} type="text" value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })} />
            )}
          </div>
        );
      })}
      <FormError error={error} />
      <FormActions save={t('suggestionQueue_save_and_accept')} onCancel={onCancel} />
    </form>
  );
}

/**
 * What Followthrough suggests doing next, each with its reason. Arrow keys move between suggestions,
 * Enter accepts the focused one, Escape dismisses it.
 */
export function SuggestionQueue({
  suggestions,
  subjects,
  actions,
  showThread = false,
  now = Date.now(),
}: {
  suggestions: Suggestion[];
  subjects: Record<string, string>;
  actions: SuggestionActions;
  showThread?: boolean;
  now?: number;
}) {
  const [focused, setFocused] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const items = useRef<(HTMLLIElement | null)[]>([]);
  const index = Math.min(focused, Math.max(0, suggestions.length - 1));

  if (suggestions.length === 0) return <p className="muted" data-testid="no-suggestions">{t('suggestionQueue_no_suggestions_right_now')}</p>;

  const move = (to: number) => {
    const next = (to + suggestions.length) % suggestions.length;
    setFocused(next);
    items.current[next]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>, s: Suggestion, i: number) => {
    if (e.target !== e.currentTarget) return; // keys inside buttons and editors are theirs
    if (e.key === 'ArrowDown') move(i + 1);
    else if (e.key === 'ArrowUp') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(suggestions.length - 1);
    else if (e.key === 'Enter') void actions.resolve(s.id, 'accept');
    else if (e.key === 'Escape') void actions.resolve(s.id, 'dismiss');
    else return;
    e.preventDefault();
  };

  return (
    <>
    <p id="queue-keys" className="sr-only">
      {t('suggestionQueue_use_the_up_and_down')}</p>
    <ul className="queue" aria-label={t('suggestionQueue_suggestions')} aria-describedby="queue-keys" data-testid="suggestions">
      {suggestions.map((s, i) => {
        const busy = actions.busy(s.id);
        const title = headline(s, now);
        return (
          <li
            key={s.id}
            ref={(el) => {
              items.current[i] = el;
            }}
            className="card suggestion"
            tabIndex={i === index ? 0 : -1}
            aria-label={`${kindTitle(s.kind)}: ${title}`}
            aria-busy={busy}
            data-testid="suggestion"
            data-kind={s.kind}
            onFocus={(e) => e.target === e.currentTarget && setFocused(i)}
            onKeyDown={(e) => onKeyDown(e, s, i)}
          >
            <div className="row">
              <span className="chip">{kindTitle(s.kind)}</span>
              <time className="muted small" dateTime={new Date(s.createdAt).toISOString()}>
                {formatRelative(s.createdAt, now)}
              </time>
            </div>
            <div className="card-title wrap">{title}</div>
            {showThread && s.threadId && subjects[s.threadId] && <div className="muted small wrap">{t('suggestionQueue_on_subject', { subject: subjects[s.threadId] ?? '' })}</div>}
            <p className="reason wrap">
              <span className="muted">{t('suggestionQueue_why')}{' '}</span>
              <span data-testid="suggestion-why">{why(s)}</span>
            </p>
            {editing === s.id ? (
              <Editor
                suggestion={s}
                onCancel={() => {
                  setEditing(null);
                  items.current[i]?.focus();
                }}
                onSave={(edits) => {
                  void actions.resolve(s.id, 'accept', edits).then((ok) => ok && setEditing(null));
                }}
              />
            ) : (
              <div className="actions">
                <button type="button" className="primary" disabled={busy} aria-label={t('suggestionQueue_accept_title', { title })} onClick={() => void actions.resolve(s.id, 'accept')}>
                  {t('suggestionQueue_accept')}</button>
                <button type="button" disabled={busy} aria-label={t('suggestionQueue_edit_title', { title })} onClick={() => setEditing(s.id)}>
                  {t('suggestionQueue_edit')}</button>
                <button type="button" disabled={busy} aria-label={t('suggestionQueue_dismiss_title', { title })} onClick={() => void actions.resolve(s.id, 'dismiss')}>
                  {t('suggestionQueue_dismiss')}</button>
              </div>
            )}
          </li>
        );
      })}
    </ul>
    </>
  );
}
