import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { CrmState } from '@/lib/ui/crm-store';
import { CrmConnectForm } from './CrmConnectForm';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const WHAT = { email: 'Email', note: 'Note', task: 'Task', undo: 'Undo of a logged email', owner: 'Lead owner', meeting: 'Meeting' } as const;

/** Per-CRM health — connected, last sync, queued, failed with the reason — with retry; connect in the popup. */
export function CrmStatus({ store, allowConnect = false, openSignInSetup }: { store: StoreApi<CrmState>; allowConnect?: boolean; openSignInSetup?: () => void }) {
  const { status, error, notice, busy, retry, dismiss, disconnect } = useStore(store);
  const shown = status?.crms.filter((c) => c.connected || c.active || c.queued > 0 || c.failed > 0) ?? [];
  return (
    <section aria-label="CRM sync" data-testid="crm-status">
      <h2>CRM sync</h2>
      {error && (
        <div className="banner" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {status && shown.length === 0 && <p className="muted">Logging to the local CRM in this browser.</p>}
      {shown.map((c) => (
        <article key={c.crm} className="card" aria-label={`${c.label} sync`} data-testid={`crm-health-${c.crm}`}>
          <div className="row">
            <span className="card-title">{c.label}</span>
            <span className="chip" data-testid="crm-connection">{c.connected ? (c.active ? 'Connected' : 'Connected, not active') : 'Not connected'}</span>
          </div>
          {c.account && <div className="muted">{c.account}</div>}
          <div className="row">
            <span>Last sync</span>
            <span data-testid="crm-last-sync">{c.lastSyncAt ? timeFormat.format(c.lastSyncAt) : 'never'}</span>
          </div>
          <div className="row">
            <span>Queued</span>
            <strong data-testid="crm-queued">{c.queued}</strong>
          </div>
          <div className="row">
            <span>Failed</span>
            <strong data-testid="crm-failed">{c.failed}</strong>
          </div>
          {groupFailures(c.failures).map((f) => (
            <p key={f.error} className="banner" data-testid="crm-failure">
              {f.count > 1 && <strong>{f.count} × </strong>}
              {f.error}
            </p>
          ))}
          {c.rows.length > 0 && (
            <ul className="crm-rows" aria-label={`${c.label} writes that failed or wait`}>
              {c.rows.map((r) => (
                <li key={r.id} className="card" data-testid="crm-row" data-status={r.status}>
                  <div className="row">
                    <strong data-testid="crm-row-subject">{r.subject || WHAT[r.what]}</strong>
                    <span className="chip">{r.status === 'failed' ? 'Failed' : 'Waiting'}</span>
                  </div>
                  <div className="muted" data-testid="crm-row-who">
                    {WHAT[r.what]}
                    {r.contact ? ` to ${r.contact}` : ''} · {c.label}
                    {r.status === 'waiting' && r.nextAttemptAt ? ` · next try ${timeFormat.format(r.nextAttemptAt)}` : ''}
                  </div>
                  <div data-testid="crm-row-message">{r.message}</div>
                  <div className="muted" data-testid="crm-row-fix">{r.fix}</div>
                  <div className="row">
                    <button type="button" disabled={busy} onClick={() => void retry(c.crm, r.id)} aria-label={`Retry ${r.subject || WHAT[r.what]}`}>
                      Retry
                    </button>
                    <button type="button" disabled={busy} onClick={() => void dismiss(c.crm, r.id)} aria-label={`Dismiss ${r.subject || WHAT[r.what]}`}>
                      Dismiss
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <div className="row">
            {c.failed > 0 && (
              <button type="button" className="primary" disabled={busy} onClick={() => void retry(c.crm)}>
                Retry all
              </button>
            )}
            {allowConnect && c.connected && (
              <button type="button" disabled={busy} onClick={() => void disconnect(c.crm)}>
                Disconnect
              </button>
            )}
          </div>
        </article>
      ))}
      {allowConnect && <CrmConnectForm store={store} openSignInSetup={openSignInSetup} />}
    </section>
  );
}

/** The same reason once, with how many rows it stopped: the rep fixes causes, not rows. */
function groupFailures(failures: readonly { error: string }[]): { error: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.error, (counts.get(f.error) ?? 0) + 1);
  return [...counts].slice(0, 3).map(([error, count]) => ({ error, count }));
}
