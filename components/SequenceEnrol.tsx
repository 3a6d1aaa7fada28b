import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { DueItem, EnrolmentView, SequencesState } from '@/lib/ui/sequences-store';
import { formatDay, t, type MessageKey } from '@/lib/i18n';
import { say } from '@/lib/say';

const STATE_LABELS: Record<EnrolmentView['state'], MessageKey> = { active: 'seq_state_active', paused: 'seq_state_paused', stopped: 'seq_state_stopped', done: 'seq_state_done' };

const ACTION_LABELS: Record<DueItem['actions'][number], MessageKey> = { insert: 'sequenceAction_insert', done: 'sequenceAction_done', skip: 'sequenceAction_skip', snooze: 'sequenceAction_snooze', open: 'sequenceAction_open' };

/** Enrolments with their state and why, and the rep's pause, resume and stop. */
export function EnrolmentList({ store, title, level = 2 }: { store: StoreApi<SequencesState>; title: string; level?: 2 | 3 }) {
  const { enrolments, control, busy } = useStore(store);
  const id = useId();
  const Heading = level === 3 ? 'h3' : 'h2';
  return (
    <section aria-labelledby={`${id}-title`} data-testid="enrolments">
      <Heading id={`${id}-title`}>{title}</Heading>
      {enrolments.length === 0 && <p className="muted">{t('sequenceEnrol_not_enrolled_in_any_sequence')}</p>}
      <ul className="plain">
        {enrolments.map((e) => (
          <li key={e.id} className="card" data-testid="enrolment" data-state={e.state}>
            <div className="row">
              <span className="card-title">
                {e.sequenceName} · {e.contactEmail}
              </span>
              <span className={`chip ${e.state === 'active' ? 'on' : 'off'}`}>{t(STATE_LABELS[e.state])}</span>
            </div>
            <p className="wrap" data-testid="enrolment-reason">
              {say(e.reasonWords, e.reason)}
            </p>
            {e.place && (e.state === 'active' || e.state === 'paused') && (
              <p className="muted small wrap" data-testid="enrolment-place">
                {e.place}
              </p>
            )}
            {e.held && e.state === 'active' && (
              <p className="error wrap" data-testid="enrolment-held">
                {say(e.heldWords, e.held)}
              </p>
            )}
            {e.state === 'paused' && e.askResumeOn && <ResumeOn store={store} enrolment={e} />}
            {e.nextStep !== undefined && e.due && (e.state === 'active' || e.state === 'paused') && (
              <p className="muted" data-testid="enrolment-next">
                {t('sequenceEnrol_next_step_nextstep_of_steps', { nextStep: e.nextStep + 1, steps: e.steps, due: formatDay(e.due) })}
                {e.resumeOn ? ` ${t('sequenceEnrol_resumes_resumeon', { resumeOn: formatDay(e.resumeOn) })}` : ''}
              </p>
            )}
            <div className="actions">
              {e.state === 'active' && (
                <button type="button" disabled={busy} onClick={() => void control(e.id, 'pause')} aria-label={t('sequenceEnrol_pause_sequencename_for_contactemail', { sequenceName: e.sequenceName, contactEmail: e.contactEmail })}>
                  {t('sequenceEnrol_pause')}</button>
              )}
              {(e.state === 'paused' || (e.state === 'stopped' && e.manual === 'stopped')) && (
                <button type="button" disabled={busy} onClick={() => void control(e.id, 'resume')} aria-label={t('sequenceEnrol_resume_sequencename_for_contactemail', { sequenceName: e.sequenceName, contactEmail: e.contactEmail })}>
                  {t('sequenceEnrol_resume')}</button>
              )}
              {(e.state === 'active' || e.state === 'paused') && (
                <button type="button" disabled={busy} onClick={() => void control(e.id, 'stop')} aria-label={t('sequenceEnrol_stop_sequencename_for_contactemail', { sequenceName: e.sequenceName, contactEmail: e.contactEmail })}>
                  {t('sequenceEnrol_stop')}</button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * An out-of-office too long to resume by itself (beyond 30 days): the rep picks the day, preset to the return
 * date the message gave, or stops.
 */
function ResumeOn({ store, enrolment }: { store: StoreApi<SequencesState>; enrolment: EnrolmentView }) {
  const { control, busy } = useStore(store);
  const id = useId();
  const [day, setDay] = useState(enrolment.askResumeOn ?? '');
  useEffect(() => setDay(enrolment.askResumeOn ?? ''), [enrolment.askResumeOn]);
  return (
    <div className="row" data-testid="resume-ask">
      <div className="field">
        <label htmlFor={`${id}-day`}>{t('sequenceEnrol_resume_contactemail_on', { contactEmail: enrolment.contactEmail })}</label>
        <input id={`${id}-day`} type="date" value={day} min={new Date().toISOString().slice(0, 10)} onChange={(ev) => setDay(ev.currentTarget.value)} />
      </div>
      <button type="button" className="primary" disabled={busy || !/^\d{4}-\d{2}-\d{2}$/.test(day)} onClick={() => void control(enrolment.id, 'resume', day)}>{t('sequenceEnrol_resume_on_this_day')}</button>
    </div>
  );
}

/**
 * The side panel's sequences for a thread: enrol its contact, see the contact's enrolments and why each
 * stands where it does, and act on a step due now (until Today lists it with everything else).
 */
export function SequenceEnrol({ store, people, threadId, subject }: { store: StoreApi<SequencesState>; people: string[]; threadId: string; subject: string }) {
  const { sequences, due, loadOnce, loadEnrolments, loadDue, enrol, act, busy, notice } = useStore(store);
  const id = useId();
  const [person, setPerson] = useState(people[0] ?? '');
  const [sequenceId, setSequenceId] = useState('');
  const peopleKey = people.join(',');
  useEffect(() => {
    if (!people.includes(person)) setPerson(people[0] ?? '');
  }, [peopleKey]); // eslint-disable-line react-hooks/exhaustive-deps
  // Drawn on every thread the rep opens: the sequences and due steps follow no thread, so they are read once
  // here and kept current by the panel's refresh. Read on each draw, the due steps (the sequences' tick and
  // Today's items, tens of ms in the background) ran for every thread clicked through (bench gmail-panel).
  useEffect(() => {
    void loadOnce();
  }, [loadOnce]);
  useEffect(() => {
    if (person) void loadEnrolments({ email: person });
  }, [person, loadEnrolments]);
  useEffect(() => {
    if (!sequences.some((s) => s.id === sequenceId)) setSequenceId(sequences[0]?.id ?? '');
  }, [sequences, sequenceId]);
  if (people.length === 0) return null;
  const dueHere = due.filter((d) => d.contactEmail === person);
  return (
    <section aria-labelledby={`${id}-title`} data-testid="section-sequences">
      <h2 id={`${id}-title`}>{t('sequenceEnrol_sequences')}</h2>
      {notice && (
        <p role="status" className={notice.tone === 'error' ? 'error' : 'muted'} data-testid="sequences-notice">
          {notice.text}
        </p>
      )}
      {people.length > 1 && (
        <div className="field">
          <label htmlFor={`${id}-person`}>{t('sequenceEnrol_contact')}</label>
          <select id={`${id}-person`} value={person} onChange={(e) => setPerson(e.currentTarget.value)}>
            {people.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </div>
      )}
      {dueHere.map((item) => (
        <div key={item.id} className="card" data-testid="due-step">
          <h3 className="card-title">{say(item.titleWords, item.title)}</h3>
          <p className="muted">{item.detailWords?.length ? item.detailWords.map((w) => say(w)).join(' · ') : item.detail}</p>
          <div className="actions">
            {item.actions.map((a, i) => (
              <button key={a} type="button" className={i === 0 ? 'primary' : undefined} disabled={busy} onClick={() => void act(item.id, a)}>
                {t(ACTION_LABELS[a])}
              </button>
            ))}
          </div>
        </div>
      ))}
      {sequences.length === 0 ? (
        <p className="muted">{t('sequenceEnrol_no_sequences_yet_create_one')}</p>
      ) : (
        <div className="row">
          <div className="field">
            <label htmlFor={`${id}-sequence`}>{t('sequenceEnrol_sequence')}</label>
            <select id={`${id}-sequence`} value={sequenceId} onChange={(e) => setSequenceId(e.currentTarget.value)}>
              {sequences.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="primary" disabled={busy || !sequenceId || !person} onClick={() => void enrol(sequenceId, [{ email: person, threadId, subject }]).then(() => loadDue())}>
            {t('sequenceEnrol_enrol_in_sequence')}</button>
        </div>
      )}
      <EnrolmentList store={store} title={t('sequenceEnrol_enrolments_of_person', { person })} level={3} />
    </section>
  );
}
