import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { CrmState } from '@/lib/ui/crm-store';
import { CrmConnectForm } from './CrmConnectForm';
import { formatDateWith, t } from '@/lib/i18n';
import { say } from '@/lib/say';

const timeFormat = { format: (at: number) => formatDateWith(at, { dateStyle: 'medium', timeStyle: 'short' }) };
const WHAT = { email: 'crmStatus_what_email', note: 'crmStatus_what_note', task: 'crmStatus_what_task', undo: 'crmStatus_what_undo', owner: 'crmStatus_what_owner', meeting: 'crmStatus_what_meeting' } as const;

/** Per-CRM health — connected, last sync, queued, failed with the reason — with retry; connect in the popup. */
export function CrmStatus({ store, allowConnect = false, openSignInSetup }: { store: StoreApi<CrmState>; allowConnect?: boolean; openSignInSetup?: () => void }) {
  const { status, error, notice, busy, retry, dismiss, disconnect } = useStore(store);
  const shown = status?.crms.filter((c) => c.connected || c.active || c.queued > 0 || c.failed > 0) ?? [];
  return (
    <section aria-label={t('crmStatus_crm_sync')} data-testid="crm-status">
      <h2>{t('crmStatus_crm_sync')}</h2>
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
      {status && shown.length === 0 && <p className="muted">{t('crmStatus_logging_to_the_local_crm')}</p>}
      {shown.map((c) => (
        <article key={c.crm} className="card" aria-label={t('crmStatus_label_sync', { label: c.label })} data-testid={`crm-health-${c.crm}`}>
          <div className="row">
            <span className="card-title">{c.label}</span>
            <span className="chip" data-testid="crm-connection">{c.connected ? (c.active ? t('crmStatus_connected') : t('crmStatus_connected_not_active')) : t('crmStatus_not_connected')}</span>
          </div>
          {c.account && <div className="muted">{c.account}</div>}
          <div className="row">
            <span>{t('crmStatus_last_sync')}</span>
            <span data-testid="crm-last-sync">{c.lastSyncAt ? timeFormat.format(c.lastSyncAt) : t('crmStatus_never')}</span>
          </div>
          <div className="row">
            <span>{t('crmStatus_queued')}</span>
            <strong data-testid="crm-queued">{c.queued}</strong>
          </div>
          <div className="row">
            <span>{t('crmStatus_failed')}</span>
            <strong data-testid="crm-failed">{c.failed}</strong>
          </div>
          {groupFailures(c.failures).map((f) => (
            <p key={f.error} className="banner" data-testid="crm-failure">
              {f.count > 1 && <strong>{f.count} × </strong>}
              {say(f.words, f.error)}
            </p>
          ))}
          {c.rows.length > 0 && (
            <ul className="crm-rows" aria-label={t('crmStatus_label_writes_that_failed_or', { label: c.label })}>
              {c.rows.map((r) => (
                <li key={r.id} className="card" data-testid="crm-row" data-status={r.status}>
                  <div className="row">
                    <strong data-testid="crm-row-subject">{r.subject || t(WHAT[r.what])}</strong>
                    <span className="chip">{r.status === 'failed' ? t('crmStatus_failed') : t('crmStatus_waiting')}</span>
                  </div>
                  <div className="muted" data-testid="crm-row-who">
                    {t(WHAT[r.what])}
                    {r.contact ? ` ${t('crmStatus_to_contact', { contact: r.contact })}` : ''} · {c.label}
                    {r.status === 'waiting' && r.nextAttemptAt ? ` ${t('crmStatus_next_try_nextattemptat', { nextAttemptAt: timeFormat.format(r.nextAttemptAt) })}` : ''}
                  </div>
                  <div data-testid="crm-row-message">{say(r.messageWords, r.message)}</div>
                  <div className="muted" data-testid="crm-row-fix">{say(r.fixWords, r.fix)}</div>
                  <div className="row">
                    <button type="button" disabled={busy} onClick={() => void retry(c.crm, r.id)} aria-label={t('crmStatus_retry_what', { what: r.subject || t(WHAT[r.what]) })}>
                      {t('crmStatus_retry')}</button>
                    <button type="button" disabled={busy} onClick={() => void dismiss(c.crm, r.id)} aria-label={t('crmStatus_dismiss_what', { what: r.subject || t(WHAT[r.what]) })}>
                      {t('crmStatus_dismiss')}</button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <div className="row">
            {c.failed > 0 && (
              <button type="button" className="primary" disabled={busy} onClick={() => void retry(c.crm)}>
                {t('crmStatus_retry_all')}</button>
            )}
            {allowConnect && c.connected && (
              <button type="button" disabled={busy} onClick={() => void disconnect(c.crm)}>
                {t('crmStatus_disconnect')}</button>
            )}
          </div>
        </article>
      ))}
      {allowConnect && <CrmConnectForm store={store} openSignInSetup={openSignInSetup} />}
    </section>
  );
}

/** The same reason once, with how many rows it stopped: the rep fixes causes, not rows. Grouped by the English line. */
function groupFailures<F extends { error: string }>(failures: readonly F[]): (F & { count: number })[] {
  const groups = new Map<string, F & { count: number }>();
  for (const f of failures) {
    const seen = groups.get(f.error);
    if (seen) seen.count++;
    else groups.set(f.error, { ...f, count: 1 });
  }
  return [...groups.values()].slice(0, 3);
}
