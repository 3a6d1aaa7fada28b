import type { Handlers } from '../router';
import type { ServicePorts } from '../service';

/** The background's answers to the followup area's channels (lib/channels/followup.ts). */
export function followupHandlers(_ports: ServicePorts) {
  return {} satisfies Partial<Handlers>;
}
