import type { SettingsStore } from '../settings';
import type { FollowthroughDb } from '../db';
import { connectSalesforceOAuth, type CredentialStore, type PermissionPort, type WebAuthPort } from './auth';
import { connectors } from './connectors';
import { CrmError, crmNameWords } from './connectors/http';
import { mapWordsText as mapClean, WordsError, words, type Words } from '../words';
import { CrmCredentials, type FetchPort, type RemoteCrmName } from './connectors/types';

// Connecting and disconnecting a CRM. The token is checked against the CRM before it is stored, and
// becomes the active CRM only then; every error that reaches the rep is redacted.

export interface CrmAccountsOptions {
  db: FollowthroughDb;
  settings: SettingsStore;
  credentials: CredentialStore;
  fetch: FetchPort;
  now: () => number;
  /** Whether the CRM's API host was granted (the popup asks, on the rep's click). */
  permissions?: Pick<PermissionPort, 'contains'>;
  webAuth?: WebAuthPort;
  baseUrls?: Partial<Record<RemoteCrmName, string>>;
  /** Tests only: accept a loopback Salesforce instance from the OAuth answer. */
  allowInstance?: (url: string) => boolean;
}

export class CrmAccounts {
  constructor(private readonly o: CrmAccountsOptions) {}

  private async checkPermission(crm: RemoteCrmName, instanceUrl?: string) {
    if (!this.o.permissions) return;
    const origins = crm === 'salesforce' && instanceUrl ? [`${new URL(instanceUrl).origin}/*`] : connectors[crm].apiOrigins;
    if (!(await this.o.permissions.contains(origins))) {
      throw new WordsError(words('crm_connect_no_access', { crm: connectors[crm].label, origins: origins.join(', ') }), `Followthrough may not reach ${connectors[crm].label} yet: allow access to ${origins.join(', ')} when the browser asks.`);
    }
  }

  private async verifyAndStore(credentials: CrmCredentials): Promise<{ account: string }> {
    const connector = connectors[credentials.crm].create({ credentials, fetch: this.o.fetch, now: this.o.now, db: this.o.db, baseUrl: this.o.baseUrls?.[credentials.crm] });
    let account: string;
    try {
      ({ account } = await connector.verify());
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const fix = error instanceof CrmError && error.fix ? ` ${error.fix}` : '';
      const clean = (t: string) => this.o.credentials.redact(t.replaceAll(credentials.accessToken, '[redacted]'));
      // Our framing in the rep's language; the CRM's own message inside it, redacted as the English line is.
      const why: Words | string = error instanceof CrmError && error.said?.message ? mapClean(error.said.message, clean) : clean(text.replace(/\.+$/, ''));
      const fixSaid = error instanceof CrmError ? error.said?.fix : undefined;
      const said = fixSaid ? words('crm_connect_failed_fix', { crm: crmNameWords(credentials.crm), why, fix: fixSaid }) : words('crm_connect_failed', { crm: crmNameWords(credentials.crm), why });
      throw new WordsError(said, clean(`Could not connect ${connectors[credentials.crm].label}: ${text.replace(/\.+$/, "")}.${fix}`));
    }
    await this.o.credentials.set({ ...credentials, account });
    await this.o.settings.update({ crm: credentials.crm });
    return { account };
  }

  async connectWithToken(crm: RemoteCrmName, token: string, instanceUrl?: string): Promise<{ account: string }> {
    if (!connectors[crm].auth.includes('token')) throw new WordsError(words('crm_connect_no_token', { crm: connectors[crm].label }), `${connectors[crm].label} does not take a pasted token`);
    if (crm === 'salesforce' && !instanceUrl) throw new WordsError(words('crm_connect_sf_instance'), 'Salesforce needs your org’s https://<domain>.my.salesforce.com address with the token.');
    await this.checkPermission(crm, instanceUrl);
    const parsed = CrmCredentials.safeParse({ crm, method: 'token', accessToken: token.trim(), instanceUrl: instanceUrl?.replace(/\/+$/, ''), connectedAt: this.o.now() });
    if (!parsed.success) throw new WordsError(words('crm_connect_bad_token', { crm: connectors[crm].label }), `That does not look like a ${connectors[crm].label} token.`);
    return this.verifyAndStore(parsed.data);
  }

  async connectOAuth(crm: RemoteCrmName): Promise<{ account: string }> {
    if (crm !== 'salesforce' || !this.o.webAuth) throw new WordsError(words('crm_connect_token_only', { crm: connectors[crm].label }), `${connectors[crm].label} connects with a token, not a sign-in window`);
    const { settings } = await this.o.settings.load();
    const credentials = await connectSalesforceOAuth({ config: settings.salesforceOAuth, webAuth: this.o.webAuth, fetch: this.o.fetch, now: this.o.now, allowInstance: this.o.allowInstance });
    await this.checkPermission(crm, credentials.instanceUrl);
    return this.verifyAndStore(credentials);
  }

  async disconnect(crm: RemoteCrmName): Promise<void> {
    await this.o.credentials.remove(crm);
    const { settings } = await this.o.settings.load();
    if (settings.crm === crm) await this.o.settings.update({ crm: 'local' });
  }
}
