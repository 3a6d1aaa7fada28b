import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { PanelState } from '@/lib/ui/panel-store';
import { AutomationLog } from './AutomationLog';
import { Brand } from './Brand';
import { ContactCard } from './ContactCard';
import { DetectionBanner } from './DetectionBanner';
import { Reminders } from './Reminders';
import { PanelSkeleton } from './Skeleton';
import { SuggestionQueue } from './SuggestionQueue';
import { ThreadSummary } from './ThreadSummary';
import { Timeline } from './Timeline';

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

/** The side panel: who the tab in view is about, what happened, what to do next and why. */
export function SidePanel({ store }: { store: StoreApi<PanelState> }) {
  const state = useStore(store);
  const { status, context, extras, error, notice, busy } = state;
  const isBusy = (key: string) => busy[key] === true;
  const suggestionActions = { resolve: state.resolveSuggestion, busy: (id: string) => isBusy(`suggestion:${id}`) };
  const reminderProps = {
    subjects: extras?.subjects ?? {},
    busy: (id: string) => isBusy(`reminder:${id}`),
    onDone: (id: string) => void state.updateReminder(id, 'done'),
    onSnooze: (id: string, until: number) => void state.updateReminder(id, 'snooze', until),
  };
  const automation = extras && (
    <AutomationLog entries={extras.automation} busy={(seq) => isBusy(`audit:${seq}`)} onUndo={(seq) => void state.undoAutomation(seq)} />
  );
  const thread = context?.kind === 'thread' && extras?.mode === 'thread' && extras.threadId === context.thread.id ? context : null;

  return (
    <main className="app panel">
      <Brand>
        {extras && (
          <span className={`chip ${extras.autoLog ? 'on' : 'off'}`} data-testid="autolog-state">
            {extras.autoLog ? 'Auto-logging on' : 'Auto-logging paused'}
          </span>
        )}
      </Brand>
      <div role="status" aria-live="polite" className={notice ? `notice ${notice.tone}` : 'notice empty'} data-testid="notice">
        {notice?.text}
      </div>
      {extras?.detection?.degraded && <DetectionBanner health={extras.detection} />}
      {status === 'loading' && <PanelSkeleton />}
      {status === 'error' && (
        <div className="banner" role="alert">
          Followthrough could not reach its background: {error}
        </div>
      )}
      {status === 'ready' && extras && thread && (
        <>
          <ThreadSummary thread={thread.thread} />
          <Section id="contacts" title="Contacts">
            {thread.cards.length === 0 ? (
              <p className="muted">No one on this thread is in your CRM yet.</p>
            ) : (
              thread.cards.map((card) => <ContactCard key={card.contact.id} card={card} />)
            )}
          </Section>
          <Section id="suggestions" title="Suggestions" count={extras.suggestions.length}>
            <SuggestionQueue suggestions={extras.suggestions} subjects={extras.subjects} actions={suggestionActions} />
          </Section>
          <Section id="reminders" title="Reminders" count={extras.reminders.length}>
            <Reminders reminders={extras.reminders} {...reminderProps} empty="No reminders on this thread." />
          </Section>
          <Section id="timeline" title="Timeline">
            <Timeline activities={thread.activities} />
          </Section>
          <Section id="automation" title="Automation log">
            {automation}
          </Section>
        </>
      )}
      {status === 'ready' && extras && !thread && extras.mode === 'crm' && extras.crm && (
        <>
          <h1 className="wrap">{extras.crm.card.contact.name}</h1>
          <Section id="contacts" title="Contact">
            <ContactCard card={extras.crm.card} />
          </Section>
          <Section id="timeline" title="Timeline">
            <Timeline activities={extras.crm.activities} empty="Nothing logged for this contact yet." />
          </Section>
        </>
      )}
      {status === 'ready' && extras && !thread && extras.mode !== 'crm' && (
        <>
          <h1>Today</h1>
          <p className="muted" data-testid="panel-empty">
            Open an email thread in Gmail to see who it is with, what was logged and what to do next.
          </p>
          <Section id="reminders" title="Due today" count={extras.reminders.length}>
            <Reminders reminders={extras.reminders} {...reminderProps} showThread empty="Nothing due today." />
          </Section>
          <Section id="suggestions" title="Suggestions" count={extras.suggestions.length}>
            <SuggestionQueue suggestions={extras.suggestions} subjects={extras.subjects} actions={suggestionActions} showThread />
          </Section>
          <Section id="automation" title="Recent automation">
            {automation}
          </Section>
        </>
      )}
    </main>
  );
}
