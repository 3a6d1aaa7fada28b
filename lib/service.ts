import type { Handlers } from './router';
import type { ServicePorts } from './handlers/ports';
import { panelHandlers } from './handlers/panel';
import { gmailHandlers } from './handlers/gmail';
import { engineHandlers } from './handlers/engine';
import { remindersHandlers } from './handlers/reminders';
import { suggestionsHandlers } from './handlers/suggestions';
import { draftsHandlers } from './handlers/drafts';
import { crmHandlers } from './handlers/crm';
import { dataHandlers } from './handlers/data';
import { contactsHandlers } from './handlers/contacts';
import { settingsHandlers } from './handlers/settings';
import { sequencesHandlers } from './handlers/sequences';

export type { DraftsPorts, ServicePorts } from './handlers/ports';

/** The background's answers to every channel it owns. Pure of `browser.*`: ports come in. */
export function createHandlers(ports: ServicePorts): Handlers {
  // Each capability answers its own channels (lib/handlers/*.ts): one line here per file.
  return {
    ...panelHandlers(ports),
    ...gmailHandlers(ports),
    ...engineHandlers(ports),
    ...suggestionsHandlers(ports),
    ...remindersHandlers(ports),
    ...draftsHandlers(ports),
    ...crmHandlers(ports),
    ...dataHandlers(ports),
    ...contactsHandlers(ports),
    ...settingsHandlers(ports),
    ...sequencesHandlers(ports),
  } satisfies Handlers;
}

// ---- Today's sources (lib/today/source.ts): each capability's due work, composed by lib/today into today.* ----

export { sequenceTodaySource, type SequenceSourcePorts } from './sequences/today-source';
export { SequenceService, type SequencePorts } from './sequences/service';
