import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { PopupState } from '@/lib/ui/popup-store';
import { Brand } from './Brand';
import { SendChecks } from './SendChecks';
import { SettingsForm } from './SettingsForm';
import { Skeleton } from './Skeleton';
import type { CrmState } from '@/lib/ui/crm-store';
import { CrmStatus } from './CrmStatus';
import { t } from '@/lib/i18n';

/** Status at a glance, the auto-log switch and the main settings, each saved as it changes. */
export function Popup({ store, openOptions, crm, openCrmSignIn }: { store: StoreApi<PopupState>; openOptions: () => void; crm?: StoreApi<CrmState>; openCrmSignIn?: () => void }) {
  const state = useStore(store);
  const { status, settings, warnings, error, busy, detection, sends, resolving, saved, lastChange } = state;
  return (
    <main className="app popup">
      <Brand>
        {/* Reports: its own page, so the chart library never loads here. */}
        <a className="brand-link" href="/reports.html" target="_blank" rel="noreferrer">
          {t('popup_reports')}</a>{' '}
        <button type="button" onClick={openOptions}>
          {t('popup_all_options')}</button>
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
            {t('popup_status')}</h2>
          <ul className="stats" aria-label={t('popup_status')}>
            <li className="stat">
              <strong data-testid="logged-today">{status.activitiesToday}</strong>
              <span>{t('popup_logged_today')}</span>
            </li>
            <li className="stat">
              <strong data-testid="reminders-due">{status.remindersDue}</strong>
              <span>{t('popup_reminders_due')}</span>
            </li>
            <li className="stat">
              <strong data-testid="contact-count">{status.contacts}</strong>
              <span>{t('popup_contacts')}</span>
            </li>
          </ul>
          <p className="small" data-testid="detection-health">
            {detection?.degraded ? (
              <span className="error">{t('popup_gmail_detection_degraded')}{' '}{detection.problems.join('; ')}</span>
            ) : detection ? (
              <span>{t('popup_gmail_detection_working')}</span>
            ) : (
              <span className="muted">{t('popup_gmail_detection_no_gmail_tab')}</span>
            )}
          </p>
          <SendChecks checks={sends} busy={(id) => resolving === id} onResolve={(id, action) => void state.resolveSend(id, action)} />
          <div className="save-line" role="status" aria-live="polite">
            {saved && <span className="muted small">{saved}</span>}
            {lastChange && (
              <button type="button" onClick={() => void state.undo()} aria-label={t('popup_undo_label', { label: lastChange.label })}>
                {t('popup_undo')}</button>
            )}
          </div>
          <SettingsForm store={store} />
          {status.contacts === 0 && (
            <button type="button" disabled={busy} onClick={() => void state.loadDemoData()}>
              {t('popup_load_demo_contacts')}</button>
          )}
        </>
      )}
      {crm && <CrmStatus store={crm} allowConnect openSignInSetup={openCrmSignIn} />}
    </main>
  );
}
