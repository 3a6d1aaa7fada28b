import type { Handlers } from '../router';
import { CrmError } from '../crm/connectors/http';
import { CRM_LABELS } from '../crm/connectors/types';
import type { ServicePorts } from './ports';
import { WordsError, words } from '../words';

/** The background's answers to the crm area's channels (lib/channels/crm.ts). */
export function crmHandlers(ports: ServicePorts) {
  const crm = () => {
    if (!ports.crm) throw new WordsError(words('err_crm_not_running'), 'CRM sync is not running in this background');
    return ports.crm;
  };
  return {
    async 'crm.status'() {
      return crm().sync.health();
    },
    async 'crm.owners'({ crm: name }) {
      const connector = await crm().sync.connector(name);
      if (!connector.listOwners) throw new WordsError(words('err_crm_users_unlisted', { crm: CRM_LABELS[name] }), `${CRM_LABELS[name]} users cannot be listed by this version of Followthrough`);
      try {
        return { owners: (await connector.listOwners()).slice(0, 2000) };
      } catch (error) {
        // A token without the right scope: say which one, rather than the CRM's bare 403.
        if (error instanceof CrmError && error.code === 'forbidden') throw new WordsError(
            connector.needs?.owners ? words('err_crm_users_refused', { crm: CRM_LABELS[name], need: connector.needs.owners }) : words('err_crm_users_refused_read', { crm: CRM_LABELS[name] }),
            `${CRM_LABELS[name]} refused to list its users: the connected token needs ${connector.needs?.owners ?? 'permission to read users'}.`,
          );
        throw error;
      }
    },
    async 'crm.retry'({ crm: name, id }) {
      return { retried: await crm().sync.retry(name, id) };
    },
    async 'crm.connect'({ crm: name, token, instanceUrl }) {
      const result = await crm().accounts.connectWithToken(name, token, instanceUrl);
      crm().sync.forgetCache();
      void crm().sync.start().catch(() => {});
      return result;
    },
    async 'crm.signIn'({ crm: name }) {
      const result = await crm().accounts.connectOAuth(name);
      crm().sync.forgetCache();
      void crm().sync.start().catch(() => {});
      return result;
    },
    async 'crm.disconnect'({ crm: name }) {
      await crm().accounts.disconnect(name);
      crm().sync.forgetCache();
      return { disconnected: true as const };
    },
    async 'crm.dismiss'({ crm: name, id }) {
      return { dismissed: await crm().sync.dismiss(name, id) };
    },
  } satisfies Partial<Handlers>;
}
