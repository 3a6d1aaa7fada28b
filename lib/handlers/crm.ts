import type { Handlers } from '../router';
import type { ServicePorts } from './ports';

/** The background's answers to the crm area's channels (lib/channels/crm.ts). */
export function crmHandlers(ports: ServicePorts) {
  const crm = () => {
    if (!ports.crm) throw new Error('CRM sync is not running in this background');
    return ports.crm;
  };
  return {
    async 'crm.status'() {
      return crm().sync.health();
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
