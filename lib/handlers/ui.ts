import type { Handlers } from '../router';
import type { ServicePorts } from '../service';

/** The background's answers to the ui area's channels (lib/channels/ui.ts). */
export function uiHandlers(_ports: ServicePorts) {
  return {} satisfies Partial<Handlers>;
}
