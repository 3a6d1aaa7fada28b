import { useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { HUBSPOT_STEPS, PIPEDRIVE_STEPS } from '@/lib/crm/connect-help';
import type { CrmState, RemoteCrm } from '@/lib/ui/crm-store';
import { CRM_LABELS } from '@/lib/crm/connectors/types';
import { t, type MessageKey } from '@/lib/i18n';

const FIELD: Record<RemoteCrm, MessageKey> = { hubspot: 'crmConnectForm_field_hubspot', pipedrive: 'crmConnectForm_field_pipedrive', salesforce: 'crmConnectForm_field_salesforce' };

/**
 * Connect a CRM, with the steps a new user follows for each (lib/crm/connect-help.ts, checked against the
 * vendors' docs on 2026-12-06): HubSpot with a Service key, Pipedrive with the personal API token, Salesforce
 * by signing in (set up once in Options) or, failing that, a pasted session token.
 */
export function CrmConnectForm({ store, openSignInSetup }: { store: StoreApi<CrmState>; openSignInSetup?: () => void }) {
  const { busy, connect, signIn } = useStore(store);
  const [crm, setCrm] = useState<RemoteCrm>('hubspot');
  const [token, setToken] = useState('');
  const [instanceUrl, setInstanceUrl] = useState('');
  // Firefox cannot ask for the sign-in window as an optional permission: a pasted token there.
  const canSignIn = crm === 'salesforce' && !import.meta.env.FIREFOX;
  return (
    <details data-testid="crm-connect">
      <summary>{t('crmConnectForm_connect_a_crm')}</summary>
      <form
        aria-label={t('crmConnectForm_connect_a_crm')}
        onSubmit={(e) => {
          e.preventDefault();
          void connect(crm, token, crm === 'salesforce' ? instanceUrl : undefined).then((ok) => ok && setToken(''));
        }}
      >
        <label className="row">
          <span>{t('crmConnectForm_crm')}</span>
          <select value={crm} onChange={(e) => setCrm(e.currentTarget.value as RemoteCrm)}>
            {(Object.keys(CRM_LABELS) as RemoteCrm[]).map((k) => (
              <option key={k} value={k}>
                {CRM_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {crm !== 'salesforce' && (
          <ol className="muted" data-testid="crm-connect-steps">
            {(crm === 'hubspot' ? HUBSPOT_STEPS : PIPEDRIVE_STEPS).map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        )}
        {canSignIn && (
          <div data-testid="crm-connect-steps">
            <p className="muted">
              {t('crmConnectForm_sign_in_with_your_salesforce')}{' '}
              {openSignInSetup ? (
                <a
                  href="#crm"
                  onClick={(e) => {
                    e.preventDefault();
                    openSignInSetup();
                  }}
                >
                  {t('crmConnectForm_options_crm_sign_in')}</a>
              ) : (
                t('crmConnectForm_options_crm_sign_in')
              )}{' '}
              {t('crmConnectForm_an_external_client_app_and')}</p>
            <div className="row">
              <button type="button" className="primary" disabled={busy} onClick={() => void signIn('salesforce')}>
                {t('crmConnectForm_sign_in_with_salesforce')}</button>
            </div>
            <p className="muted">{t('crmConnectForm_or_paste_a_session_token')}</p>
          </div>
        )}
        <label className="row">
          <span>{t(FIELD[crm])}</span>
          <input type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.currentTarget.value)} required minLength={8} />
        </label>
        {crm === 'salesforce' && (
          <label className="row">
            <span>{t('crmConnectForm_org_address')}</span>
            <input type="url" placeholder={t('crmConnectForm_https_yourorg_my_salesforce_com')} value={instanceUrl} onChange={(e) => setInstanceUrl(e.currentTarget.value)} required />
          </label>
        )}
        <div className="row">
          <button type="submit" className={crm === 'salesforce' && canSignIn ? undefined : 'primary'} disabled={busy}>
            {t('crmConnectForm_connect')}</button>
        </div>
      </form>
    </details>
  );
}
