import type { Handlers } from '../router';
import type { ServicePorts } from '../service';

/** The background's answers to the engine area's channels (lib/channels/engine.ts). */
export function engineHandlers(_ports: ServicePorts) {
  return {} satisfies Partial<Handlers>;
}
