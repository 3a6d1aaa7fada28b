import { useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { HUBSPOT_STEPS, PIPEDRIVE_STEPS } from '@/lib/crm/connect-help';
import type { CrmState, RemoteCrm } from '@/lib/ui/crm-store';
import { CRM_LABELS } from '@/lib/crm/connectors/types';

const FIELD: Record<RemoteCrm, string> = { hubspot: 'Service key', pipedrive: 'API token', salesforce: 'Access token' };

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
      <summary>Connect a CRM</summary>
      <form
        aria-label="Connect a CRM"
        onSubmit={(e) => {
          e.preventDefault();
          void connect(crm, token, crm === 'salesforce' ? instanceUrl : undefined).then((ok) => ok && setToken(''));
        }}
      >
        <label className="row">
          <span>CRM</span>
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
              Sign in with your Salesforce account. Your admin sets this up once in{' '}
              {openSignInSetup ? (
                <a
                  href="#crm"
                  onClick={(e) => {
                    e.preventDefault();
                    openSignInSetup();
                  }}
                >
                  Options → CRM sign-in
                </a>
              ) : (
                'Options → CRM sign-in'
              )}{' '}
              (an External Client App and its Consumer Key).
            </p>
            <div className="row">
              <button type="button" className="primary" disabled={busy} onClick={() => void signIn('salesforce')}>
                Sign in with Salesforce
              </button>
            </div>
            <p className="muted">Or paste a session token (it stops working at your org’s session timeout):</p>
          </div>
        )}
        <label className="row">
          <span>{FIELD[crm]}</span>
          <input type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.currentTarget.value)} required minLength={8} />
        </label>
        {crm === 'salesforce' && (
          <label className="row">
            <span>Org address</span>
            <input type="url" placeholder="https://yourorg.my.salesforce.com" value={instanceUrl} onChange={(e) => setInstanceUrl(e.currentTarget.value)} required />
          </label>
        )}
        <div className="row">
          <button type="submit" className={crm === 'salesforce' && canSignIn ? undefined : 'primary'} disabled={busy}>
            Connect
          </button>
        </div>
      </form>
    </details>
  );
}
