import { z } from 'zod';
import { logEmail } from '../../crm/log';
import { describeSkips, describeSkipsWords } from '../../crm/policy';
import type { Undo } from '../undo';
import { CrmError } from '../../crm/connectors/http';
import { defineAction, RetryLater } from './types';
import { words, type Words } from '../../words';
import { kindWords, withCreated } from '../kind-words';

/** Put the email on the timeline of each contact it went to (or came from), under the logging policy. */
export const logActivity = defineAction({
  kind: 'activity.log',
  label: 'log the email on the contact’s timeline',
  params: z.object({}),
  triggers: ['email.sent', 'email.received'],
  // Recipients who are contacts only in the connected CRM are looked up first (outside the transaction), so
  // the log below finds their mirror rows. A CRM that cannot answer now (rate limit, outage) retries the row.
  async prepare({ event, settings, ports }) {
    if ((event.type !== 'email.sent' && event.type !== 'email.received') || !ports.crmLookup) return;
    if (settings.crm === 'local' || !settings.logToCrmContacts) return;
    const { email } = event;
    const people = event.type === 'email.sent' ? [...email.to, ...email.cc, ...email.bcc] : [email.from, ...email.to, ...email.cc];
    try {
      await ports.crmLookup(people.map((p) => p.email), email.subject);
    } catch (error) {
      if (error instanceof CrmError && error.code === 'not_connected') return;
      // Even a refused token waits (with backoff) rather than logging without the CRM's contacts: reconnecting
      // lets the next attempt log the email to everyone it should.
      if (error instanceof CrmError) throw new RetryLater(`looking recipients up in the CRM: ${error.fix ?? error.message}`, error.retryAfterMs);
      throw error;
    }
  },
  async run({ db, event, ruleId, settings, now }) {
    if (event.type !== 'email.sent' && event.type !== 'email.received') return { result: 'skipped', detail: `nothing to log on ${event.type}`, detailWords: words('audit_nothing_to_log_on', { event: kindWords(event.type) }) };
    const out = await logEmail(db, { email: event.email, direction: event.type === 'email.sent' ? 'outbound' : 'inbound', settings, now, ruleId });
    const undo: Undo = [];
    if (out.createdCompanyIds.length) undo.push({ op: 'delete', table: 'companies', keys: out.createdCompanyIds });
    if (out.createdContactIds.length) undo.push({ op: 'delete', table: 'contacts', keys: out.createdContactIds });
    if (out.activityIds.length) undo.push({ op: 'delete', table: 'activities', keys: out.activityIds });
    const skipped = out.skips.length ? `; left out ${describeSkips(out.skips.map((s) => s.reason))}` : '';
    const leftOut = (what: Words) => (out.skips.length ? words('audit_left_out', { what, who: describeSkipsWords(out.skips.map((s) => s.reason)) }) : what);
    if (out.activityIds.length === 0) {
      return {
        result: 'skipped',
        detail: out.alreadyLogged.length ? `already logged${skipped}` : `nothing logged${skipped || ': no recipients'}`,
        detailWords: out.alreadyLogged.length ? leftOut(words('audit_already_logged')) : out.skips.length ? leftOut(words('audit_nothing_logged')) : words('audit_nothing_logged_no_recipients'),
        threadId: event.email.threadId,
      };
    }
    const created = out.createdContactIds.length ? `, created ${out.createdContactIds.length} contact(s)` : '';
    return {
      result: 'ok',
      detail: `logged “${event.email.subject}” to ${out.activityIds.length} contact(s)${created}${skipped}`,
      detailWords: leftOut(withCreated(words('audit_logged_email', { subject: event.email.subject, contacts: words('audit_n_contacts', { count: out.activityIds.length }) }), out.createdContactIds.length)),
      undo,
      emit: out.emitted,
      threadId: event.email.threadId,
      contactIds: out.contactIds,
    };
  },
});
