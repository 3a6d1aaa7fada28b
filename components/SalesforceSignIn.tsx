import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { SALESFORCE_SETUP_STEPS } from '@/lib/crm/connect-help';
import { SALESFORCE_LOGIN_HOSTS, type SalesforceSignInState } from '@/lib/ui/salesforce-signin-store';
import { t } from '@/lib/i18n';

/** Options → CRM sign-in: what an admin sets up once so "Sign in with Salesforce" works. */
export function SalesforceSignIn({ store }: { store: StoreApi<SalesforceSignInState> }) {
  const { clientId, loginUrl, redirectUrl, error, notice, save, copyRedirect } = useStore(store);
  const [key, setKey] = useState(clientId);
  const [host, setHost] = useState(loginUrl);
  useEffect(() => setKey(clientId), [clientId]);
  useEffect(() => setHost(loginUrl), [loginUrl]);
  const custom = !SALESFORCE_LOGIN_HOSTS.some((h) => h.url === host);
  return (
    <section aria-labelledby="sf-signin-title" data-testid="salesforce-signin">
      <h2 id="sf-signin-title">{t('salesforceSignIn_sign_in_with_salesforce')}</h2>
      <p className="muted">
        {t('salesforceSignIn_followthrough_signs_in_through_salesforce')}</p>
      <ol data-testid="salesforce-steps">
        {SALESFORCE_SETUP_STEPS.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <div className="row">
        <label className="row" style={{ flex: 1, minWidth: 0 }}>
          <span>{t('salesforceSignIn_callback_url')}</span>
          <input type="text" readOnly value={redirectUrl} data-testid="salesforce-callback" style={{ minWidth: 0, flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" onClick={() => void copyRedirect()}>
          {t('salesforceSignIn_copy')}</button>
      </div>
      <form
        aria-label={t('salesforceSignIn_salesforce_sign_in_settings')}
        onSubmit={(e) => {
          e.preventDefault();
          void save({ clientId: key, loginUrl: host });
        }}
      >
        <label className="row">
          <span>{t('salesforceSignIn_consumer_key')}</span>
          <input type="text" autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.currentTarget.value)} placeholder={t('salesforceSignIn_3mvg9')} required />
        </label>
        <label className="row">
          <span>{t('salesforceSignIn_users_sign_in_at')}</span>
          <select value={custom ? 'custom' : host} onChange={(e) => setHost(e.currentTarget.value === 'custom' ? 'https://' : e.currentTarget.value)}>
            {SALESFORCE_LOGIN_HOSTS.map((h) => (
              <option key={h.url} value={h.url}>
                {t(h.label, { host: new URL(h.url).host })}
              </option>
            ))}
            <option value="custom">{t('salesforceSignIn_my_domain_https_yourorg_my')}</option>
          </select>
        </label>
        {custom && (
          <label className="row">
            <span>{t('salesforceSignIn_my_domain_address')}</span>
            <input type="url" value={host} onChange={(e) => setHost(e.currentTarget.value)} placeholder={t('salesforceSignIn_https_yourorg_my_salesforce_com')} required />
          </label>
        )}
        {error && (
          <p className="banner" role="alert">
            {error}
          </p>
        )}
        {notice && (
          <p className="muted" role="status">
            {notice}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary">
            {t('salesforceSignIn_save')}</button>
        </div>
      </form>
    </section>
  );
}
