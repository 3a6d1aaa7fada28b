import type { Handlers } from './router';
import type { ServicePorts } from './handlers/ports';
import { panelHandlers } from './handlers/panel';
import { gmailHandlers } from './handlers/gmail';
import { engineHandlers } from './handlers/engine';
import { followupHandlers } from './handlers/followup';
import { draftsHandlers } from './handlers/drafts';
import { crmHandlers } from './handlers/crm';
import { uiHandlers } from './handlers/ui';
import { settingsHandlers } from './handlers/settings';
// Meetings (#16): its own block.
import { meetingsHandlers } from './handlers/meetings';

export type { DraftsPorts, ServicePorts } from './handlers/ports';

/** The background's answers to every channel it owns. Pure of `browser.*`: ports come in. */
export function createHandlers(ports: ServicePorts): Handlers {
  // Each capability answers its own channels (lib/handlers/*.ts): one line here per file.
  return {
    ...panelHandlers(ports),
    ...gmailHandlers(ports),
    ...engineHandlers(ports),
    ...followupHandlers(ports),
    ...draftsHandlers(ports),
    ...crmHandlers(ports),
    ...uiHandlers(ports),
    ...settingsHandlers(ports),
    // Meetings (#16)
    ...meetingsHandlers(ports),
  } satisfies Handlers;
}
