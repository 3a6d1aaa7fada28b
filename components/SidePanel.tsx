import { useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { PanelState } from '@/lib/ui/panel-store';
import { AuditLog } from './AuditLog';
import type { DraftsState } from '@/lib/ui/drafts-store';
import { DraftSuggestions } from './DraftSuggestions';
import { Brand } from './Brand';
import { ContactCard } from './ContactCard';
import { DetectionBanner } from './DetectionBanner';
import { SendChecks } from './SendChecks';
import { Reminders } from './Reminders';
import { RecordSummary } from './RecordSummary';
import { PanelSkeleton } from './Skeleton';
import { SuggestionQueue } from './SuggestionQueue';
import { ThreadSummary } from './ThreadSummary';
import { Timeline } from './Timeline';
import type { CrmState } from '@/lib/ui/crm-store';
import { CrmStatus } from './CrmStatus';
import type { SequencesState } from '@/lib/ui/sequences-store';
import { SequenceEnrol } from './SequenceEnrol';
import type { TodayState } from '@/lib/ui/today-store';
import { Today } from './Today';
import { MeetingBooking } from './MeetingBooking';
import type { SendPort } from '@/lib/client';
import { t } from '@/lib/i18n';
import { say } from '@/lib/say';

function Section({ id, title, count, children }: { id: string; title: string; count?: number; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} data-testid={`section-${id}`}>
      <h2 id={`${id}-title`}>
        {title}
        {count !== undefined && count > 0 && <span className="count"> {count}</span>}
      </h2>
      {children}
    </section>
  );
}

/** Whom the thread's sequences are about: its contacts, else the people on it the rep does not send as. */
function sequencePeople(thread: { thread: { participants: { email: string }[]; account?: string }; cards: { contact: { email: string } }[] }): string[] {
  if (thread.cards.length) return [...new Set(thread.cards.map((c) => c.contact.email.toLowerCase()))];
  const self = thread.thread.account?.toLowerCase();
  return [...new Set(thread.thread.participants.map((p) => p.email.toLowerCase()))].filter((e) => e !== self);
}

/**
 * True from the task after `key` was first drawn. A thread's own panes (subject, contacts, suggestions,
 * reminders) are drawn first; the panes that ask the background for more on mount (suggested replies,
 * sequences, meetings) and the long lists (timeline, automation log, Today) follow a task later, so their
 * rendering and their reads never hold back the thread the rep just opened (bench gmail-panel). A timer, not
 * an animation frame: a panel opened as a background tab gets no frames.
 */
function useDrawnAfter(key: string | undefined): boolean {
  const [drawn, setDrawn] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (key === undefined) return;
    const timer = setTimeout(() => setDrawn(key), 0);
    return () => clearTimeout(timer);
  }, [key]);
  return key !== undefined && drawn === key;
}

/** The side panel: who the tab in view is about, what happened, what to do next and why. */
export function SidePanel({
  store,
  drafts,
  crm,
  sequences,
  today,
  meetings,
}: {
  store: StoreApi<PanelState>;
  drafts?: StoreApi<DraftsState>;
  crm?: StoreApi<CrmState>;
  sequences?: StoreApi<SequencesState>;
  today?: StoreApi<TodayState>;
  /** Meetings (#16): the thread's booking suggestion and invitation. */
  meetings?: { send: SendPort; activeTabId: () => Promise<number | undefined> };
}) {
  const state = useStore(store);
  const { status, context, extras, detection, sends, audit, error, notice, busy } = state;
  const isBusy = (key: string) => busy[key] === true;
  const suggestionActions = { resolve: state.resolveSuggestion, busy: (id: string) => isBusy(`suggestion:${id}`) };
  const reminderProps = {
    subjects: extras?.subjects ?? {},
    busy: (id: string) => isBusy(`reminder:${id}`),
    onDone: (id: string) => void state.updateReminder(id, 'done'),
    onSnooze: (id: string, until: number) => void state.updateReminder(id, 'snooze', until),
  };
  const automation = <AuditLog entries={audit} busy={(seq) => isBusy(`audit:${seq}`)} onUndo={(seq) => void state.undoAutomation(seq)} />;
  const thread = context?.kind === 'thread' && extras?.mode === 'thread' && extras.threadId === context.thread.id ? context : null;
  const record = context?.kind === 'record' && extras?.mode === 'record' ? context : null;
  const rest = useDrawnAfter(status === 'ready' ? thread?.thread.id : undefined);

  return (
    <main className="app panel">
      <Brand>
        {extras && (
          <span className={`chip ${extras.autoLog ? 'on' : 'off'}`} data-testid="autolog-state">
            {extras.autoLog ? t('sidePanel_auto_logging_on') : t('sidePanel_auto_logging_paused')}
          </span>
        )}
      </Brand>
      <div role="status" aria-live="polite" className={notice ? `notice ${notice.tone}` : 'notice empty'} data-testid="notice">
        {notice?.text}
      </div>
      {detection?.degraded && <DetectionBanner health={detection} />}
      <SendChecks checks={sends} busy={(id) => isBusy(`send:${id}`)} onResolve={(id, action) => void state.resolveSend(id, action)} />
      {status === 'loading' && <PanelSkeleton />}
      {status === 'error' && (
        <div className="banner" role="alert">
          {t('sidePanel_followthrough_could_not_reach_its', { error: error ?? '' })}
        </div>
      )}
      {status === 'ready' && extras && thread && (
        <>
          <ThreadSummary thread={thread.thread} />
          <div className="actions">
            <button type="button" className="primary" disabled={isBusy(`log:${thread.thread.id}`)} onClick={() => void state.logThread(thread.thread.id)}>
              {t('sidePanel_log_to_crm')}</button>
          </div>
          <Section id="contacts" title={t('sidePanel_contacts')}>
            {thread.cards.length === 0 ? (
              <p className="muted">{t('sidePanel_no_one_on_this_thread')}</p>
            ) : (
              thread.cards.map((card) => <ContactCard key={card.contact.id} card={card} onSavePlace={sequences ? (tz, country) => sequences.getState().savePlace(card.contact.email, tz, country) : undefined} />)
            )}
          </Section>
          <Section id="suggestions" title={t('sidePanel_suggestions')} count={extras.suggestions.length}>
            <SuggestionQueue suggestions={extras.suggestions} subjects={extras.subjects} actions={suggestionActions} />
          </Section>
          {/* Suggested replies, edited in place and inserted into Gmail's reply (its own section and heading). */}
          {rest && drafts && <DraftSuggestions store={drafts} threadId={thread.thread.id} messageCount={thread.thread.messageIds.length} />}
          {/* Sequences: enrol the thread's contact, their enrolments and why, a step due now (issue 15). */}
          {rest && sequences && <SequenceEnrol store={sequences} people={sequencePeople(thread)} threadId={thread.thread.id} subject={thread.thread.subject} />}
          {rest && meetings && <MeetingBooking send={meetings.send} activeTabId={meetings.activeTabId} threadId={thread.thread.id} messageCount={thread.thread.messageIds.length} />}
          <Section id="reminders" title={t('sidePanel_reminders')} count={extras.reminders.length}>
            {extras.flag && (
              <p role="status" className="card wrap" data-testid="thread-flag">
                {t('sidePanel_a_message_on_this_thread', { reason: say(extras.flag.words, extras.flag.reason) })}</p>
            )}
            <Reminders reminders={extras.reminders} {...reminderProps} empty={t('sidePanel_no_reminders_on_this_thread')} />
          </Section>
          {rest && (
            <>
              <Section id="timeline" title={t('sidePanel_timeline')}>
                <Timeline activities={thread.activities} />
              </Section>
              <Section id="automation" title={t('sidePanel_automation_log')}>
                {automation}
              </Section>
              {/* Today stays one keypress away beside a thread: the same list as the home, compact. */}
              {today && <Today store={today} compact />}
            </>
          )}
        </>
      )}
      {status === 'ready' && extras && record && (
        <>
          <RecordSummary record={record.record} />
          <Section id="contacts" title={t('sidePanel_contact')}>
            {record.card ? (
              <ContactCard card={record.card} />
            ) : (
              <p className="muted" data-testid="record-unmatched">
                {t('sidePanel_no_contact_in_followthrough_matches')}{record.record.email ? ` (${record.record.email})` : ''}.
              </p>
            )}
          </Section>
          <Section id="timeline" title={t('sidePanel_timeline')}>
            <Timeline activities={record.activities} empty={t('sidePanel_nothing_logged_for_this_contact')} />
          </Section>
          <Section id="automation" title={t('sidePanel_recent_automation')}>
            {automation}
          </Section>
        </>
      )}
      {status === 'ready' && extras && !thread && !record && (
        <>
          {today ? <Today store={today} headingLevel={1} /> : <h1>{t('sidePanel_today')}</h1>}
          <p className="muted" data-testid="panel-empty">
            {t('sidePanel_open_an_email_thread_in')}</p>
          <Section id="reminders" title={t('sidePanel_due_today')} count={extras.reminders.length}>
            <Reminders reminders={extras.reminders} {...reminderProps} showThread empty={t('sidePanel_nothing_due_today')} />
          </Section>
          <Section id="suggestions" title={t('sidePanel_suggestions')} count={extras.suggestions.length}>
            <SuggestionQueue suggestions={extras.suggestions} subjects={extras.subjects} actions={suggestionActions} showThread />
          </Section>
          <Section id="automation" title={t('sidePanel_recent_automation')}>
            {automation}
          </Section>
        </>
      )}
      {crm && <CrmStatus store={crm} />}
    </main>
  );
}
