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
  return behindTheRep(ports, {
    ...handlers,
    // ---- Today (issue 15): reminders are done and snoozed through the side panel's own answer. ----
    ...todayHandlers(ports, {
      updateReminder: (id, action, until) => handlers['ui.reminder.update']({ id, action, until }),
      sources: [...TODAY_SOURCES, ...(ports.sequences ? [() => ports.sequences!.today] : []), meetingsService],
    }),
    // Meetings (#16)
    ...meetingsHandlers(ports),
  } satisfies Handlers);
}

/**
 * Reads for panes that follow no thread: Today, the sequences' due steps (their tick runs first) and list, the
 * CRM status, the templates. The side panel asks for them when its notices settle, which can be while the rep's
 * next thread click is on its way to the panel; side by side with it they took 30–235 ms of the worker (quiet
 * marks, bench gmail-panel). They start once the thread open in hand has reached the panel (lib/foreground.ts,
 * never more than its wait), not in the middle of it.
 */
export const BEHIND_THE_REP = ['today.list', 'sequences.due', 'sequences.list', 'crm.status', 'drafts.listTemplates'] as const satisfies readonly (keyof Handlers)[];

function behindTheRep(ports: ServicePorts, handlers: Handlers): Handlers {
  const foreground = ports.foreground;
  if (!foreground) return handlers;
  const wrapped: Record<string, (payload: never, ctx: never) => Promise<unknown>> = {};
  for (const name of BEHIND_THE_REP) {
    const handler = handlers[name] as (payload: never, ctx: never) => Promise<unknown>;
    wrapped[name] = async (payload, ctx) => {
      await foreground.idle();
      return handler(payload, ctx);
    };
  }
  return { ...handlers, ...wrapped } as Handlers;
}

// ---- Today's sources (lib/today/source.ts): each capability's due work, composed by lib/today into today.* ----

export { sequenceTodaySource, type SequenceSourcePorts } from './sequences/today-source';
export { SequenceService, type SequencePorts } from './sequences/service';
