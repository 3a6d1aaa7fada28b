import type { SettingsStore } from '../settings';
import type { FollowthroughDb } from '../db';
import { connectSalesforceOAuth, type CredentialStore, type PermissionPort, type WebAuthPort } from './auth';
import { connectors } from './connectors';
import { CrmError } from './connectors/http';
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
      throw new Error(`Followthrough may not reach ${connectors[crm].label} yet: allow access to ${origins.join(', ')} when the browser asks.`);
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
      throw new Error(this.o.credentials.redact(`Could not connect ${connectors[credentials.crm].label}: ${text.replace(/\.+$/, "")}.${fix}`.replaceAll(credentials.accessToken, '[redacted]')));
    }
    await this.o.credentials.set({ ...credentials, account });
    await this.o.settings.update({ crm: credentials.crm });
    return { account };
  }

  async connectWithToken(crm: RemoteCrmName, token: string, instanceUrl?: string): Promise<{ account: string }> {
    if (!connectors[crm].auth.includes('token')) throw new Error(`${connectors[crm].label} does not take a pasted token`);
    if (crm === 'salesforce' && !instanceUrl) throw new Error('Salesforce needs your org’s https://<domain>.my.salesforce.com address with the token.');
    await this.checkPermission(crm, instanceUrl);
    const parsed = CrmCredentials.safeParse({ crm, method: 'token', accessToken: token.trim(), instanceUrl: instanceUrl?.replace(/\/+$/, ''), connectedAt: this.o.now() });
    if (!parsed.success) throw new Error(`That does not look like a ${connectors[crm].label} token.`);
    return this.verifyAndStore(parsed.data);
  }

  async connectOAuth(crm: RemoteCrmName): Promise<{ account: string }> {
    if (crm !== 'salesforce' || !this.o.webAuth) throw new Error(`${connectors[crm].label} connects with a token, not a sign-in window`);
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
