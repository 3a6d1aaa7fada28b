import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { PopupState } from '@/lib/ui/popup-store';
import { Brand } from './Brand';
import { SendChecks } from './SendChecks';
import { SettingsForm } from './SettingsForm';
import { Skeleton } from './Skeleton';
import type { CrmState } from '@/lib/ui/crm-store';
import { CrmStatus } from './CrmStatus';

/** Status at a glance, the auto-log switch and the main settings, each saved as it changes. */
export function Popup({ store, openOptions, crm, openCrmSignIn }: { store: StoreApi<PopupState>; openOptions: () => void; crm?: StoreApi<CrmState>; openCrmSignIn?: () => void }) {
  const state = useStore(store);
  const { status, settings, warnings, error, busy, detection, sends, resolving, saved, lastChange } = state;
  return (
    <main className="app popup">
      <Brand>
        {/* Reports: its own page, so the chart library never loads here. */}
        <a className="brand-link" href="/reports.html" target="_blank" rel="noreferrer">
          Reports
        </a>{' '}
        <button type="button" onClick={openOptions}>
          All options
        </button>
      </Brand>
      {error && (
        <div className="banner" role="alert">
          {error}
        </div>
      )}
      {warnings.map((w) => (
        <div key={w} className="banner" role="status">
          {w}
        </div>
      ))}
      {!status || !settings ? (
        <Skeleton rows={6} />
      ) : (
        <>
          <h2 id="status-title" className="sr-only">
            Status
          </h2>
          <ul className="stats" aria-label="Status">
            <li className="stat">
              <strong data-testid="logged-today">{status.activitiesToday}</strong>
              <span>logged today</span>
            </li>
            <li className="stat">
              <strong data-testid="reminders-due">{status.remindersDue}</strong>
              <span>reminders due</span>
            </li>
            <li className="stat">
              <strong data-testid="contact-count">{status.contacts}</strong>
              <span>contacts</span>
            </li>
          </ul>
          <p className="small" data-testid="detection-health">
            {detection?.degraded ? (
              <span className="error">Gmail detection degraded: {detection.problems.join('; ')}</span>
            ) : detection ? (
              <span>Gmail detection working.</span>
            ) : (
              <span className="muted">Gmail detection: no Gmail tab has reported yet.</span>
            )}
          </p>
          <SendChecks checks={sends} busy={(id) => resolving === id} onResolve={(id, action) => void state.resolveSend(id, action)} />
          <div className="save-line" role="status" aria-live="polite">
            {saved && <span className="muted small">{saved}</span>}
            {lastChange && (
              <button type="button" onClick={() => void state.undo()} aria-label={`Undo: ${lastChange.label}`}>
                Undo
              </button>
            )}
          </div>
          <SettingsForm store={store} />
          {status.contacts === 0 && (
            <button type="button" disabled={busy} onClick={() => void state.loadDemoData()}>
              Load demo contacts
            </button>
          )}
        </>
      )}
      {crm && <CrmStatus store={crm} allowConnect openSignInSetup={openCrmSignIn} />}
    </main>
  );
}
