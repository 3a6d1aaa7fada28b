import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { SequenceEdit, SequenceView, SequencesState, TemplateChoice } from '@/lib/ui/sequences-store';
import { EnrolmentList } from './SequenceEnrol';
import { formatNumber, t, tn, weekdayNames } from '@/lib/i18n';

type StepDraft = SequenceEdit['steps'][number];

function newStep(kind: StepDraft['kind'], templates: TemplateChoice[]): StepDraft {
  if (kind === 'email') return { kind, templateId: templates[0]?.id ?? '', threading: 'reply-in-thread', afterWorkingDays: 2 };
  if (kind === 'task') return { kind, title: 'Task', afterWorkingDays: 2 };
  return { kind, title: '', afterWorkingDays: 2 };
}

function StepEditor({ step, index, templates, onChange, onRemove }: { step: StepDraft; index: number; templates: TemplateChoice[]; onChange: (s: StepDraft) => void; onRemove: () => void }) {
  const id = useId();
  const label = `Step ${index + 1}`;
  return (
    <fieldset className="card" data-testid={`sequence-step-${index}`}>
      <legend>{label}</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('sequencesTab_kind')}</label>
        <select id={`${id}-kind`} value={step.kind} onChange={(e) => onChange({ ...newStep(e.currentTarget.value as StepDraft['kind'], templates), afterWorkingDays: step.afterWorkingDays })}>
          <option value="email">{t('sequencesTab_email')}</option>
          <option value="task">{t('sequencesTab_task')}</option>
          <option value="call">{t('sequencesTab_call')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-delay`}>{index === 0 ? t('sequencesTab_working_days_after_enrolment') : t('sequencesTab_working_days_after_the_previous')}</label>
        <input id={`${id}-delay`} type="number" min={0} max={365} value={step.afterWorkingDays} onChange={(e) => onChange({ ...step, afterWorkingDays: Math.max(0, Math.min(365, Number(e.currentTarget.value) || 0)) })} />
      </div>
      {step.kind === 'email' ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-template`}>{t('sequencesTab_template')}</label>
            <select id={`${id}-template`} value={step.templateId} onChange={(e) => onChange({ ...step, templateId: e.currentTarget.value })}>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-threading`}>{t('sequencesTab_send_as')}</label>
            <select id={`${id}-threading`} value={step.threading ?? 'reply-in-thread'} onChange={(e) => onChange({ ...step, threading: e.currentTarget.value as 'reply-in-thread' | 'new-thread' })}>
              <option value="reply-in-thread">{t('sequencesTab_a_reply_in_the_same')}</option>
              <option value="new-thread">{t('sequencesTab_a_new_thread')}</option>
            </select>
          </div>
          {step.threading === 'new-thread' && (
            <div className="field">
              <label htmlFor={`${id}-subject`}>{t('sequencesTab_subject_of_the_new_thread')}</label>
              <input id={`${id}-subject`} type="text" maxLength={300} value={step.subject ?? ''} onChange={(e) => onChange({ ...step, subject: e.currentTarget.value || undefined })} />
            </div>
          )}
        </>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-title`}>{step.kind === 'task' ? t('sequencesTab_what_to_do') : t('sequencesTab_call_notes')}</label>
          <input id={`${id}-title`} type="text" value={step.title} onChange={(e) => onChange({ ...step, title: e.currentTarget.value })} />
        </div>
      )}
      <button type="button" onClick={onRemove} aria-label={t('sequencesTab_remove_step_index', { index: index + 1 })}>
        {t('sequencesTab_remove_step')}</button>
    </fieldset>
  );
}

/**
 * While an existing sequence is edited: which running enrolments the change would reach, asked again a moment
 * after each change (nothing is saved), with a box per reached enrolment for "Save and apply".
 */
function LivePreview({ store, edit, chosen, setChosen }: { store: StoreApi<SequencesState>; edit: SequenceEdit & { id: string }; chosen: Set<string>; setChosen: (c: Set<string>) => void }) {
  const { preview, previewReach } = useStore(store);
  const key = JSON.stringify(edit);
  useEffect(() => {
    const t = setTimeout(() => void previewReach(edit), 250);
    return () => clearTimeout(t);
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const items = preview?.sequenceId === edit.id ? preview.items : [];
  const reached = items.filter((r) => r.reaches);
  const reachedKey = reached.map((r) => r.enrolmentId).join();
  useEffect(() => setChosen(new Set(reached.map((r) => r.enrolmentId))), [reachedKey]); // eslint-disable-line react-hooks/exhaustive-deps
  if (preview?.error) return <p className="error" data-testid="reach-preview">{preview.error}</p>;
  return (
    <section className="card" aria-label={t('sequencesTab_who_this_change_reaches')} data-testid="reach-preview">
      <p data-testid="reach-count">
        {items.length === 0 ? t('sequencesTab_no_change_yet_it_reaches') : tn('sequencesTab_this_change_would_reach', items.length, { reached: formatNumber(reached.length) })}
      </p>
      {items.length > 0 && (
        <ul className="plain">
          {items.map((r) => (
            <li key={r.enrolmentId} data-testid="reach-item" data-reaches={r.reaches}>
              <label>
                <input
                  type="checkbox"
                  disabled={!r.reaches}
                  checked={chosen.has(r.enrolmentId)}
                  onChange={(e) => setChosen(e.currentTarget.checked ? new Set([...chosen, r.enrolmentId]) : new Set([...chosen].filter((x) => x !== r.enrolmentId)))}
                />{' '}
                {r.contactName ? `${r.contactName} (${r.contactEmail})` : r.contactEmail}
                {r.nextStep !== undefined && (r.state === 'active' || r.state === 'paused') ? ` ${t('sequencesTab_on_step_nextstep', { nextStep: r.nextStep + 1 })}` : r.state ? ` — ${r.state}` : ''}
              </label>{' '}
              <span className="muted">· {r.why}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SequenceEditor({ store, sequence, templates, onSave, onCancel }: { store: StoreApi<SequencesState>; sequence?: SequenceView; templates: TemplateChoice[]; onSave: (e: SequenceEdit) => Promise<boolean>; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState(sequence?.name ?? '');
  const [steps, setSteps] = useState<StepDraft[]>(sequence?.steps ?? [newStep('email', templates)]);
  const [window, setWindow] = useState(sequence?.window ?? { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] });
  const [stopOnCompany, setStopOnCompany] = useState(sequence?.stopOnCompany ?? false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const { saveAndApply, busy } = useStore(store);
  const edit = sequence ? { id: sequence.id, name, steps, window, stopOnCompany } : undefined;
  return (
    <form
      className="card editor"
      aria-label={sequence ? t('sequencesTab_edit_sequence_name', { name: sequence.name }) : t('sequencesTab_new_sequence')}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ id: sequence?.id, name, steps, window, stopOnCompany }).then((ok) => ok && onCancel());
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('sequencesTab_name')}</label>
        <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      </div>
      {steps.map((step, i) => (
        <StepEditor key={i} step={step} index={i} templates={templates} onChange={(s) => setSteps(steps.map((x, j) => (j === i ? s : x)))} onRemove={() => setSteps(steps.filter((_, j) => j !== i))} />
      ))}
      <div className="actions">
        <button type="button" onClick={() => setSteps([...steps, newStep('email', templates)])}>
          {t('sequencesTab_add_email')}</button>
        <button type="button" onClick={() => setSteps([...steps, newStep('task', templates)])}>
          {t('sequencesTab_add_task')}</button>
        <button type="button" onClick={() => setSteps([...steps, newStep('call', templates)])}>
          {t('sequencesTab_add_call')}</button>
      </div>
      <fieldset className="card">
        <legend>{t('sequencesTab_send_window_in_the_contact')}</legend>
        <div className="field">
          <label htmlFor={`${id}-start`}>{t('sequencesTab_from')}</label>
          <input id={`${id}-start`} type="time" value={window.start} onChange={(e) => setWindow({ ...window, start: e.currentTarget.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-end`}>{t('sequencesTab_until')}</label>
          <input id={`${id}-end`} type="time" value={window.end} onChange={(e) => setWindow({ ...window, end: e.currentTarget.value })} />
        </div>
        <div className="row">
          {weekdayNames('short').map((d, i) => (
            <label key={d}>
              <input type="checkbox" checked={window.days.includes(i)} onChange={(e) => setWindow({ ...window, days: e.currentTarget.checked ? [...window.days, i].sort() : window.days.filter((x) => x !== i) })} /> {d}
            </label>
          ))}
        </div>
      </fieldset>
      <label>
        <input type="checkbox" checked={stopOnCompany} onChange={(e) => setStopOnCompany(e.currentTarget.checked)} />{' '}{t('sequencesTab_stop_when_anyone_at_the')}</label>
      {edit && <LivePreview store={store} edit={edit} chosen={chosen} setChosen={setChosen} />}
      <div className="actions">
        <button type="submit" className={edit && chosen.size > 0 ? undefined : 'primary'}>
          {sequence ? t('sequencesTab_save_as_a_new_version') : t('sequencesTab_create_sequence')}
        </button>
        {edit && chosen.size > 0 && (
          <button type="button" className="primary" disabled={busy} onClick={() => void saveAndApply(edit, [...chosen]).then((ok) => ok && onCancel())}>{t('sequencesTab_save_and_apply_to_size', { size: chosen.size })}</button>
        )}
        <button type="button" onClick={onCancel}>
          {t('sequencesTab_cancel')}</button>
      </div>
    </form>
  );
}

function ReachPanel({ store }: { store: StoreApi<SequencesState> }) {
  const { reach, apply, busy } = useStore(store);
  const reached = reach?.items.filter((r) => r.reaches) ?? [];
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  useEffect(() => setChosen(new Set(reached.map((r) => r.enrolmentId))), [reach]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!reach || reach.items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="reach-title" data-testid="sequence-reach">
      <h2 id="reach-title">{t('sequencesTab_who_version_version_reaches', { version: reach.version })}</h2>
      <ul className="bullets">
        {reach.items.map((r) => (
          <li key={r.enrolmentId}>
            <label>
              <input type="checkbox" disabled={!r.reaches} checked={chosen.has(r.enrolmentId)} onChange={(e) => setChosen((c) => (e.currentTarget.checked ? new Set([...c, r.enrolmentId]) : new Set([...c].filter((x) => x !== r.enrolmentId))))} /> {r.contactEmail}
            </label>{' '}
            <span className="muted">— {r.why}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="primary" disabled={busy || chosen.size === 0} onClick={() => void apply(reach.sequenceId, [...chosen])}>
        {t('sequencesTab_apply_the_change_to_size', { size: chosen.size })}</button>
    </section>
  );
}

function EnrolPanel({ store, sequence }: { store: StoreApi<SequencesState>; sequence: SequenceView }) {
  const { matches, filterContacts, enrol, enrolCsv, busy } = useStore(store);
  const [query, setQuery] = useState('');
  const id = useId();
  useEffect(() => {
    const t = setTimeout(() => void filterContacts(query), 200);
    return () => clearTimeout(t);
  }, [query, filterContacts]);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('sequencesTab_enrol_in_name', { name: sequence.name })}</h2>
      <div className="field">
        <label htmlFor={`${id}-filter`}>{t('sequencesTab_filter_contacts_name_address_title')}</label>
        <input id={`${id}-filter`} type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
        <span className="hint" data-testid="enrol-matches">
          {tn('sequencesTab_contacts_match', matches.length)}</span>
      </div>
      <button type="button" className="primary" disabled={busy || matches.length === 0} onClick={() => void enrol(sequence.id, matches.map((m) => ({ email: m.email })))}>
        {tn('sequencesTab_enrol_contacts', matches.length)}
      </button>
      <div className="field">
        <label htmlFor={`${id}-csv`}>{t('sequencesTab_or_enrol_from_a_csv')}</label>
        <input
          id={`${id}-csv`}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void file.text().then((csv) => enrolCsv(sequence.id, csv));
            e.currentTarget.value = '';
          }}
        />
      </div>
    </section>
  );
}

function SettingsPanel({ store }: { store: StoreApi<SequencesState> }) {
  const { vacationUntil, country, setVacation, setCountry, busy } = useStore(store);
  const id = useId();
  const [until, setUntil] = useState(vacationUntil ?? '');
  const [holidays, setHolidays] = useState(country ?? '');
  useEffect(() => setUntil(vacationUntil ?? ''), [vacationUntil]);
  useEffect(() => setHolidays(country ?? ''), [country]);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('sequencesTab_vacation_and_holidays')}</h2>
      <p className="muted" data-testid="vacation-state">
        {vacationUntil ? t('sequencesTab_on_vacation_until_vacationuntil_every', { vacationUntil }) : t('sequencesTab_vacation_is_off')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-until`}>{t('sequencesTab_pause_every_sequence_until')}</label>
        <input id={`${id}-until`} type="date" value={until} onChange={(e) => setUntil(e.currentTarget.value)} />
      </div>
      <div className="actions">
        <button type="button" disabled={busy || !until} onClick={() => void setVacation(until)}>
          {t('sequencesTab_go_on_vacation')}</button>
        <button type="button" disabled={busy || !vacationUntil} onClick={() => void setVacation(undefined)}>
          {t('sequencesTab_back_from_vacation')}</button>
      </div>
      <div className="field">
        <label htmlFor={`${id}-country`}>{t('sequencesTab_public_holidays_of_country_code')}</label>
        <input id={`${id}-country`} type="text" value={holidays} maxLength={6} onChange={(e) => setHolidays(e.currentTarget.value.toUpperCase())} />
      </div>
      <button type="button" disabled={busy} onClick={() => void setCountry(holidays.trim() || undefined)}>
        {t('sequencesTab_save_holidays')}</button>
    </section>
  );
}

/** The options page's Sequences tab: create and edit (versioned) sequences, enrol contacts, see enrolments. */
export function SequencesTab({ store }: { store: StoreApi<SequencesState> }) {
  const { sequences, templates, notice, load, save, remove, loadEnrolments } = useStore(store);
  const [editing, setEditing] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  const chosen = sequences.find((s) => s.id === selected);
  return (
    <section aria-labelledby="sequences-title">
      <h1 id="sequences-title">{t('sequencesTab_sequences')}</h1>
      <p className="muted">{t('sequencesTab_steps_followthrough_offers_you_when')}</p>
      <p role="status" aria-live="polite" className={notice?.tone === 'error' ? 'error' : 'muted'} data-testid="sequences-notice">
        {notice?.text}
      </p>
      <SettingsPanel store={store} />
      <ReachPanel store={store} />
      {editing === 'new' ? (
        <SequenceEditor store={store} templates={templates} onSave={save} onCancel={() => setEditing(null)} />
      ) : (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('sequencesTab_new_sequence')}</button>
      )}
      {sequences.length === 0 && <p className="muted">{t('sequencesTab_no_sequences_yet')}</p>}
      <ul className="plain" aria-label={t('sequencesTab_sequences')}>
        {sequences.map((s) => (
          <li key={s.id} className="card" data-testid={`sequence-${s.name}`}>
            {editing === s.id ? (
              <SequenceEditor store={store} sequence={s} templates={templates} onSave={save} onCancel={() => setEditing(null)} />
            ) : (
              <>
                <div className="row">
                  <span className="card-title">{s.name}</span>
                  <span className="muted">
                    {t('sequencesTab_version_version_steps_steps_running', { version: s.version, steps: s.steps.length, running: s.running })}</span>
                </div>
                <div className="actions">
                  <button type="button" onClick={() => setEditing(s.id)} aria-label={t('sequencesTab_edit_name', { name: s.name })}>
                    {t('sequencesTab_edit')}</button>
                  <button
                    type="button"
                    aria-label={t('sequencesTab_enrol_enrolments_name', { name: s.name })}
                    onClick={() => {
                      setSelected(s.id);
                      void loadEnrolments({ sequenceId: s.id });
                    }}
                  >
                    {t('sequencesTab_enrol_amp_enrolments')}</button>
                  <button type="button" onClick={() => void remove(s.id)} aria-label={t('sequencesTab_delete_name', { name: s.name })}>
                    {t('sequencesTab_delete')}</button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      {chosen && (
        <>
          <EnrolPanel store={store} sequence={chosen} />
          <EnrolmentList store={store} title={t('sequencesTab_enrolments_in_name', { name: chosen.name })} />
        </>
      )}
    </section>
  );
}
