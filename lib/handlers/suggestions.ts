import type { Handlers } from '../router';
import type { Suggestion } from '../records';
import { parseIsoDay } from '../followup/calendar';
import { reminderService } from './reminders';
import type { ServicePorts } from './ports';
import { WordsError, words } from '../words';

/** The rep accepting (possibly after editing) or dismissing a suggestion in the side panel (`ui.suggestion.*`). */
export function suggestionsHandlers(ports: ServicePorts) {
  const { db, now } = ports;

  return {
    async 'ui.suggestion.resolve'({ id, action, edits }) {
      const at = now();
      // A follow-up becomes (or stops being) a reminder through the one reminder service, so its alarm and
      // notification follow; the rep's edited date is the reminder's day.
      const current = await db.suggestions.get(id);
      if (current?.kind === 'followup' && current.status === 'open') {
        const reminders = reminderService(ports);
        const date = edits?.date;
        if (date !== undefined && (typeof date !== 'string' || parseIsoDay(date) === undefined)) throw new WordsError(words('err_date_format'), 'date: a day as YYYY-MM-DD');
        if (action === 'accept') {
          await reminders.accept(id, date);
          await ports.dispatch({ type: 'suggestion.accepted', suggestionId: id, kind: 'followup', threadId: current.threadId, at });
        } else {
          await reminders.dismiss(id);
        }
        ports.notifyPanels();
        return { suggestion: (await db.suggestions.get(id))! };
      }
      const suggestion = await db.transaction('rw', db.suggestions, async (): Promise<Suggestion> => {
        const row = await db.suggestions.get(id);
        if (!row) throw new WordsError(words('err_suggestion_gone'), 'that suggestion no longer exists');
        if (row.status !== 'open') throw new WordsError(words(row.status === 'accepted' ? 'err_suggestion_already_accepted' : 'err_suggestion_already_dismissed'), `that suggestion was already ${row.status}`);
        const next: Suggestion = {
          ...row,
          status: action === 'accept' ? 'accepted' : 'dismissed',
          payload: edits ? { ...row.payload, ...edits, editedAt: at } : row.payload,
        };
        await db.suggestions.put(next);
        return next;
      });
      // The engine acts on an accepted suggestion (schedule the reminder, log the thread) from the event.
      if (action === 'accept') {
        await ports.dispatch({ type: 'suggestion.accepted', suggestionId: id, kind: suggestion.kind, threadId: suggestion.threadId, at });
      }
      ports.notifyPanels();
      return { suggestion };
    },
  } satisfies Partial<Handlers>;
}
