import type { Handlers } from '../router';
import type { ServicePorts } from '../service';

/** The background's answers to the gmail area's channels (lib/channels/gmail.ts). */
export function gmailHandlers(_ports: ServicePorts) {
  return {} satisfies Partial<Handlers>;
}
