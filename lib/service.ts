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
import { todayHandlers, type TodayWiring } from './handlers/today';
import { reportsHandlers, type ReportsPorts } from './handlers/reports';
// Meetings (#16): its own block.
import { meetingsHandlers, meetingsService } from './handlers/meetings';

export type { DraftsPorts, ServicePorts } from './handlers/ports';

// ---- Today (issue 15) ----
// Today's sources beyond its own (inbound mail, reminders): one line each, e.g. sequences' due steps and
// meetings to confirm.
export const TODAY_SOURCES: TodayWiring['sources'] = [];

/** The background's answers to every channel it owns. Pure of `browser.*`: ports come in. */
export function createHandlers(ports: ServicePorts & { reports?: ReportsPorts }): Handlers {
  // Each capability answers its own channels (lib/handlers/*.ts): one line here per file.
  const handlers = {
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
    // Reports (lib/handlers/reports.ts): figures from the daily rollup; the background passes its one rollup.
    ...reportsHandlers(ports),
  };
  return {
    ...handlers,
    // ---- Today (issue 15): reminders are done and snoozed through the side panel's own answer. ----
    ...todayHandlers(ports, {
      updateReminder: (id, action, until) => handlers['ui.reminder.update']({ id, action, until }),
      sources: [...TODAY_SOURCES, ...(ports.sequences ? [() => ports.sequences!.today] : []), meetingsService],
    }),
    // Meetings (#16)
    ...meetingsHandlers(ports),
  } satisfies Handlers;
}

// ---- Today's sources (lib/today/source.ts): each capability's due work, composed by lib/today into today.* ----

export { sequenceTodaySource, type SequenceSourcePorts } from './sequences/today-source';
export { SequenceService, type SequencePorts } from './sequences/service';
