import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { PopupState } from '@/lib/ui/popup-store';
import type { CrmState } from '@/lib/ui/crm-store';
import { CrmStatus } from './CrmStatus';
import { Brand } from './Brand';
import { Skeleton } from './Skeleton';

/** Status at a glance and the auto-log switch. */
export function Popup({ store, crm }: { store: StoreApi<PopupState>; crm?: StoreApi<CrmState> }) {
  const { status, settings, warnings, error, busy, setAutoLog, loadDemoData } = useStore(store);
  return (
    <main className="app" style={{ width: 320 }}>
      <Brand subtitle="local CRM" />
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
        <Skeleton rows={3} />
      ) : (
        <>
          <ul aria-label="Status">
            <li className="row"><span>Logged today</span><strong data-testid="logged-today">{status.activitiesToday}</strong></li>
            <li className="row"><span>Reminders due</span><strong>{status.remindersDue}</strong></li>
            <li className="row"><span>Contacts</span><strong data-testid="contact-count">{status.contacts}</strong></li>
            <li className="row"><span>Threads seen</span><strong>{status.threads}</strong></li>
          </ul>
          <label className="row">
            <span>Log sent email automatically</span>
            <input type="checkbox" checked={settings.autoLog} onChange={(e) => void setAutoLog(e.currentTarget.checked)} />
          </label>
          {status.contacts === 0 && (
            <button type="button" disabled={busy} onClick={() => void loadDemoData()}>
              Load demo contacts
            </button>
          )}
        </>
      )}
      {crm && <CrmStatus store={crm} allowConnect />}
    </main>
  );
}
