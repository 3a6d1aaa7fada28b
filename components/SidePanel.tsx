import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { PanelState } from '@/lib/ui/panel-store';
import { AuditLog } from './AuditLog';
import type { DraftsState } from '@/lib/ui/drafts-store';
import { DraftSuggestions } from './DraftSuggestions';
import { Brand } from './Brand';
import { ContactCard } from './ContactCard';
import { RecordSummary } from './RecordSummary';
import { Skeleton } from './Skeleton';
import { ThreadSummary } from './ThreadSummary';
import { Timeline } from './Timeline';

/** The side panel: what Followthrough knows about the thread or CRM record in view. */
export function SidePanel({ store, drafts }: { store: StoreApi<PanelState>; drafts?: StoreApi<DraftsState> }) {
  const { status, context, error, audit, notice, busy, logThread, undo } = useStore(store);
  return (
    <main className="app">
      <Brand />
      {status === 'loading' && <Skeleton />}
      {status === 'error' && (
        <div className="banner" role="alert">
          Followthrough could not reach its background: {error}
        </div>
      )}
      {notice && (
        <p role="status" data-testid="panel-notice">
          {notice}
        </p>
      )}
      {status === 'ready' && context?.kind === 'none' && (
        <p className="muted" data-testid="panel-empty">
          Open an email thread in Gmail to see who it is with, what was logged and what to do next.
        </p>
      )}
      {status === 'ready' && context?.kind === 'thread' && (
        <>
          <ThreadSummary thread={context.thread} />
          <button type="button" disabled={busy} onClick={() => void logThread(context.thread.id)}>
            Log to CRM
          </button>
          <h2>Contacts</h2>
          {context.cards.length === 0 ? (
            <p className="muted">No one on this thread is in your CRM yet.</p>
          ) : (
            context.cards.map((card) => <ContactCard key={card.contact.id} card={card} />)
          )}
          <h2>Timeline</h2>
          <Timeline activities={context.activities} />
          {/* Drafts: suggested replies (self-contained; see components/DraftSuggestions.tsx). */}
          {drafts && <DraftSuggestions store={drafts} threadId={context.thread.id} messageCount={context.thread.messageIds.length} />}
        </>
      )}
      {status === 'ready' && context?.kind === 'record' && (
        <>
          <RecordSummary record={context.record} />
          {context.card ? (
            <ContactCard card={context.card} />
          ) : (
            <p className="muted" data-testid="record-unmatched">
              No contact in Followthrough matches this record{context.record.email ? ` (${context.record.email})` : ''}.
            </p>
          )}
          <h2>Timeline</h2>
          <Timeline activities={context.activities} />
        </>
      )}
      {status === 'ready' && (
        <>
          <h2>Automation</h2>
          <AuditLog entries={audit} busy={busy} onUndo={(seq) => void undo(seq)} />
        </>
      )}
    </main>
  );
}
