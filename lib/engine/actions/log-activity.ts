import { z } from 'zod';
import { logEmail } from '../../crm/log';
import { describeSkips } from '../../crm/policy';
import type { Undo } from '../undo';
import { defineAction } from './types';

/** Put the email on the timeline of each contact it went to (or came from), under the logging policy. */
export const logActivity = defineAction({
  kind: 'activity.log',
  label: 'log the email on the contact’s timeline',
  params: z.object({}),
  triggers: ['email.sent', 'email.received'],
  async run({ db, event, ruleId, settings, now }) {
    if (event.type !== 'email.sent' && event.type !== 'email.received') return { result: 'skipped', detail: `nothing to log on ${event.type}` };
    const out = await logEmail(db, { email: event.email, direction: event.type === 'email.sent' ? 'outbound' : 'inbound', settings, now, ruleId });
    const undo: Undo = [];
    if (out.createdCompanyIds.length) undo.push({ op: 'delete', table: 'companies', keys: out.createdCompanyIds });
    if (out.createdContactIds.length) undo.push({ op: 'delete', table: 'contacts', keys: out.createdContactIds });
    if (out.activityIds.length) undo.push({ op: 'delete', table: 'activities', keys: out.activityIds });
    const skipped = out.skips.length ? `; left out ${describeSkips(out.skips.map((s) => s.reason))}` : '';
    if (out.activityIds.length === 0) {
      return {
        result: 'skipped',
        detail: out.alreadyLogged.length ? `already logged${skipped}` : `nothing logged${skipped || ': no recipients'}`,
        threadId: event.email.threadId,
      };
    }
    const created = out.createdContactIds.length ? `, created ${out.createdContactIds.length} contact(s)` : '';
    return {
      result: 'ok',
      detail: `logged “${event.email.subject}” to ${out.activityIds.length} contact(s)${created}${skipped}`,
      undo,
      emit: out.emitted,
      threadId: event.email.threadId,
      contactIds: out.contactIds,
    };
  },
});
