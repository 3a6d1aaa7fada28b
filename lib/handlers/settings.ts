import type { Handlers } from '../router';
import type { ServicePorts } from './ports';

/** The background's answers to the settings channels (lib/channels/settings.ts). */
export function settingsHandlers(ports: ServicePorts) {
  return {
    async 'settings.load'() {
      const { settings, warnings, warningWords } = await ports.settings.load();
      return { settings, warnings, warningWords };
    },
    async 'settings.update'({ patch }) {
      delete patch.version;
      return { settings: await ports.settings.update(patch) };
    },
  } satisfies Partial<Handlers>;
}
