import type { Handlers } from '../router';
import type { ServicePorts } from '../service';

/** The background's answers to the drafts area's channels (lib/channels/drafts.ts). */
export function draftsHandlers(_ports: ServicePorts) {
  return {} satisfies Partial<Handlers>;
}
