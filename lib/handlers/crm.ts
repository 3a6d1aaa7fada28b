import type { Handlers } from '../router';
import type { ServicePorts } from '../service';

/** The background's answers to the crm area's channels (lib/channels/crm.ts). */
export function crmHandlers(_ports: ServicePorts) {
  return {} satisfies Partial<Handlers>;
}
