import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { CrmStatus } from '../crm/health';
import { CRM_WEB_ORIGINS } from '../crm/web-access';
import { t } from '../i18n';
import { userMessage } from './errors';

export type RemoteCrm = 'hubspot' | 'pipedrive' | 'salesforce';

/** The CRM API hosts each connection needs (wxt.config.ts optional host permissions). */
export const CRM_ORIGINS: Record<RemoteCrm, string[]> = {
  hubspot: ['https://api.hubapi.com/*'],
  pipedrive: ['https://api.pipedrive.com/*'],
  salesforce: ['https://*.my.salesforce.com/*'],
};
const SALESFORCE_SIGN_IN = ['https://login.salesforce.com/*', 'https://test.salesforce.com/*', 'https://*.my.salesforce.com/*'];

export interface CrmUiPorts {
  send: SendPort;
  /** browser.permissions.request: must be the first thing a click does (it needs the rep's gesture). */
  requestAccess: (request: { origins: string[]; permissions?: string[] }) => Promise<boolean>;
}

export interface CrmState {
  status: CrmStatus | null;
  error: string | null;
  notice: string | null;
  busy: boolean;
  load: () => Promise<void>;
  retry: (crm: RemoteCrm, id?: string) => Promise<void>;
  dismiss: (crm: RemoteCrm, id: string) => Promise<void>;
  connect: (crm: RemoteCrm, token: string, instanceUrl?: string) => Promise<boolean>;
  signIn: (crm: 'salesforce') => Promise<boolean>;
  disconnect: (crm: RemoteCrm) => Promise<void>;
}

const message = userMessage;

/** The CRM section's state (popup and side panel): health per CRM, retry, connect. Holds no token. */
export const createCrmStore = (ports: CrmUiPorts) =>
  createStore<CrmState>()((set, get) => {
    const act = async (work: () => Promise<string | null>) => {
      set({ busy: true, error: null, notice: null });
      try {
        const notice = await work();
        set({ notice });
        await get().load();
        return true;
      } catch (error) {
        set({ error: message(error) });
        return false;
      } finally {
        set({ busy: false });
      }
    };
    return {
      status: null,
      error: null,
      notice: null,
      busy: false,
      async load() {
        try {
          set({ status: await request(ports.send, 'crm.status', {}) });
        } catch (error) {
          set({ error: message(error) });
        }
      },
      async retry(crm, id) {
        await act(async () => {
          const { retried } = await request(ports.send, 'crm.retry', { crm, id });
          return retried ? t('crmStore_retrying', { what: retried }) : t('crmStore_nothing_to_retry');
        });
      },
      async dismiss(crm, id) {
        await act(async () => {
          const { dismissed } = await request(ports.send, 'crm.dismiss', { crm, id });
          return dismissed ? t('crmStore_dismissed') : t('crmStore_not_queued');
        });
      },
      connect(crm, token, instanceUrl) {
        const origins = crm === 'salesforce' && instanceUrl ? [`${new URL(instanceUrl).origin}/*`] : CRM_ORIGINS[crm];
        // Ask before anything else is awaited: the browser grants only inside the click.
        // With the API, the CRM's web app: its record pages show that contact's timeline in the side panel.
        const granted = ports.requestAccess({ origins: [...origins, ...CRM_WEB_ORIGINS[crm]] });
        return act(async () => {
          if (!(await granted)) throw new Error(t('crmStore_needs_api_access'));
          const { account } = await request(ports.send, 'crm.connect', { crm, token, instanceUrl });
          return t('crmStore_connected', { account });
        });
      },
      signIn(crm) {
        const granted = ports.requestAccess({ origins: [...SALESFORCE_SIGN_IN, ...CRM_WEB_ORIGINS.salesforce], permissions: ['identity'] });
        return act(async () => {
          if (!(await granted)) throw new Error(t('crmStore_needs_salesforce_access'));
          const { account } = await request(ports.send, 'crm.signIn', { crm });
          return t('crmStore_connected', { account });
        });
      },
      async disconnect(crm) {
        await act(async () => {
          await request(ports.send, 'crm.disconnect', { crm });
          return t('crmStore_disconnected');
        });
      },
    };
  });
