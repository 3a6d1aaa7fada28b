import { createStore } from 'zustand/vanilla';
import { Settings, type SettingsStore } from '../settings';
import { t, type MessageKey } from '../i18n';
import { userMessage } from './errors';

// The options page's "Sign in with Salesforce" setup: the External Client App's consumer key (public, not a
// secret — kept in the settings), where the org signs in, and the callback URL the admin pastes into the app.

export const SALESFORCE_LOGIN_HOSTS = [
  { url: 'https://login.salesforce.com', label: 'salesforceStore_production' },
  { url: 'https://test.salesforce.com', label: 'salesforceStore_sandbox' },
] as const satisfies readonly { url: string; label: MessageKey }[];

export interface SalesforceSignInPorts {
  settings: SettingsStore;
  /** The callback URL the browser's sign-in window returns to (identity.getRedirectURL). */
  redirectUrl: () => string;
  copy: (text: string) => Promise<void>;
}

export interface SalesforceSignInState {
  clientId: string;
  loginUrl: string;
  redirectUrl: string;
  /** Why the last save was refused, or null. */
  error: string | null;
  notice: string | null;
  load: () => Promise<void>;
  save: (input: { clientId: string; loginUrl: string }) => Promise<boolean>;
  copyRedirect: () => Promise<void>;
}

/**
 * The callback URL for Salesforce sign-in. With the identity permission granted the browser says it
 * (identity.getRedirectURL); before that, Chrome's documented form is https://<extension id>.chromiumapp.org/.
 */
export function salesforceRedirectUrl(identity: { getRedirectURL(path?: string): string } | undefined, extensionId: string): string {
  return identity ? identity.getRedirectURL('salesforce') : `https://${extensionId}.chromiumapp.org/salesforce`;
}


export const createSalesforceSignInStore = (ports: SalesforceSignInPorts) =>
  createStore<SalesforceSignInState>()((set, get) => ({
    clientId: '',
    loginUrl: 'https://login.salesforce.com',
    redirectUrl: ports.redirectUrl(),
    error: null,
    notice: null,
    async load() {
      try {
        const { settings } = await ports.settings.load();
        set({ clientId: settings.salesforceOAuth.clientId, loginUrl: settings.salesforceOAuth.loginUrl.replace(/\/+$/, '') });
      } catch (error) {
        set({ error: userMessage(error) });
      }
    },
    async save(input) {
      const salesforceOAuth = { clientId: input.clientId.trim(), loginUrl: input.loginUrl.trim().replace(/\/+$/, '') };
      const checked = Settings.shape.salesforceOAuth.safeParse(salesforceOAuth);
      if (!checked.success) {
        // The only field the schema can refuse here is the login address (the key is checked below, by its shape).
        set({ error: checked.error.issues.some((i) => i.path[0] === 'loginUrl') ? t('salesforceStore_not_saved_login_url') : t('salesforceStore_not_saved_key'), notice: null });
        return false;
      }
      if (!/^[A-Za-z0-9._-]{10,300}$/.test(salesforceOAuth.clientId)) {
        set({ error: t('salesforceStore_not_saved_key'), notice: null });
        return false;
      }
      try {
        await ports.settings.update({ salesforceOAuth: checked.data });
        set({ ...salesforceOAuth, error: null, notice: t('salesforceStore_saved') });
        return true;
      } catch (error) {
        set({ error: userMessage(error), notice: null });
        return false;
      }
    },
    async copyRedirect() {
      try {
        await ports.copy(get().redirectUrl);
        set({ notice: t('salesforceStore_copied'), error: null });
      } catch {
        set({ error: t('salesforceStore_copy_failed'), notice: null });
      }
    },
  }));
