import { z } from 'zod';
import { Suggestion } from '../../records';
import { eventThreadId } from '../facts';
import { defineAction } from './types';
import { words } from '../../words';
import { kindWords } from '../kind-words';

/**
 * Offer the rep a suggestion (a follow-up, a draft, a log) to accept, edit or dismiss. One per event and rule.
 * The payload is passed through for the area that shows and acts on that kind of suggestion.
 */
export const createSuggestion = defineAction({
  kind: 'suggestion.create',
  label: 'suggest something to the rep',
  params: z.object({ kind: Suggestion.shape.kind, reason: z.string().min(1).max(1000), payload: z.record(z.string(), z.unknown()).default({}) }),
  async run({ db, event, key, now }, params) {
    const threadId = eventThreadId(event);
    const id = `sug:${key}`.slice(0, 200);
    if (await db.suggestions.get(id)) return { result: 'skipped', detail: 'suggestion already made', detailWords: words('audit_suggestion_exists'), threadId };
    const contactId = event.type === 'activity.logged' ? event.contactId : undefined;
    await db.suggestions.add({ id, kind: params.kind, threadId, contactId, reason: params.reason, payload: params.payload, status: 'open', createdAt: now });
    return { result: 'ok', detail: `suggested (${params.kind}): ${params.reason}`, detailWords: words('audit_suggested', { kind: kindWords(`suggestion.${params.kind}`), reason: params.reason }), undo: [{ op: 'delete', table: 'suggestions', keys: [id] }], threadId };
  },
});
