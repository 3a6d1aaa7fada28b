import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { PanelState } from '@/lib/ui/panel-store';
import { Brand } from './Brand';
import { ContactCard } from './ContactCard';
import { Skeleton } from './Skeleton';
import { ThreadSummary } from './ThreadSummary';
import { Timeline } from './Timeline';
import type { CrmState } from '@/lib/ui/crm-store';
import { CrmStatus } from './CrmStatus';

/** The side panel: what Followthrough knows about the thread in view. */
export function SidePanel({ store, crm }: { store: StoreApi<PanelState>; crm?: StoreApi<CrmState> }) {
  const { status, context, error } = useStore(store);
  return (
    <main className="app">
      <Brand />
      {status === 'loading' && <Skeleton />}
      {status === 'error' && (
        <div className="banner" role="alert">
          Followthrough could not reach its background: {error}
        </div>
      )}
      {status === 'ready' && context?.kind === 'none' && (
        <p className="muted" data-testid="panel-empty">
          Open an email thread in Gmail to see who it is with, what was logged and what to do next.
        </p>
      )}
      {status === 'ready' && context?.kind === 'thread' && (
        <>
          <ThreadSummary thread={context.thread} />
          <h2>Contacts</h2>
          {context.cards.length === 0 ? (
            <p className="muted">No one on this thread is in your CRM yet.</p>
          ) : (
            context.cards.map((card) => <ContactCard key={card.contact.id} card={card} />)
          )}
          <h2>Timeline</h2>
          <Timeline activities={context.activities} />
        </>
      )}
      {crm && <CrmStatus store={crm} />}
    </main>
  );
}
