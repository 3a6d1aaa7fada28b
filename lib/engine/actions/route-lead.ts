import { z } from 'zod';
import { contactEmails } from '../../db';
import { contactIdFor } from '../../crm/log';
import { companyForDomain, emailDomain, findContacts } from '../../crm/match';
import { OWNER_KIND, OwnerJob, ownerJobId } from '../../crm/owner';
import type { Contact, LeadRow } from '../../records';
import { decideLead, nextOwner } from '../../today/leads';
import type { Undo } from '../undo';
import { defineAction } from './types';
import { words, type Words } from '../../words';
import { kindWords } from '../kind-words';

/**
 * Lead routing: an unknown person at a company domain (or the visitor a web-form notification names) becomes
 * a contact and a new lead at the top of Today; for teams on a CRM, its owner is the next teammate who is not
 * away, written to the CRM through its outbox. Once per message: the lead row is keyed by it, and the
 * round-robin cursor moves in the same transaction as the lead is stored.
 */
export const routeLead = defineAction({
  kind: 'lead.route',
  label: 'route a new lead',
  params: z.object({}),
  triggers: ['email.received'],
  async run({ db, event, settings, now }) {
    if (event.type !== 'email.received') return { result: 'skipped', detail: `no lead in ${event.type}`, detailWords: words('audit_no_lead_in', { event: kindWords(event.type) }) };
    const { email } = event;
    const leadId = `lead:${email.messageId}`;
    if (await db.leads.get(leadId)) return { result: 'skipped', detail: 'this message was routed already', detailWords: words('audit_lead_routed_already') };
    const addresses = [email.from.email, ...(email.bodyText.match(/[^\s<>]+@[^\s<>]+/g) ?? []).slice(0, 20)];
    const known = await findContacts(db, addresses);
    const account = (await db.threads.get(email.threadId))?.account;
    const decision = decideLead(email, settings, (a) => known.has(a.toLowerCase()), account);
    if (!decision.lead) return { result: 'skipped', detail: `not a lead: ${decision.reason}`, detailWords: words('audit_not_a_lead', { reason: decision.words ?? decision.reason }) };

    const undo: Undo = [];
    let contact: Contact | undefined = known.get(decision.email);
    if (!contact) {
      const id = contactIdFor(decision.email);
      contact = await db.contacts.get(id);
      if (!contact) {
        const company = await companyForDomain(db, emailDomain(decision.email));
        const draft = { id, name: decision.name || decision.email, email: decision.email, altEmails: [], companyId: company?.id, source: 'local' as const, createdAt: now, updatedAt: now };
        contact = { ...draft, emails: contactEmails(draft) };
        await db.contacts.add(contact);
        undo.push({ op: 'delete', table: 'contacts', keys: [id] });
      }
    }

    const routing = settings.leadRouting;
    let owner: LeadRow['owner'];
    let ownerNote = '';
    let ownerWords: ((what: Words) => Words) | undefined;
    if (routing.assignOwner && settings.crm !== 'local') {
      const cursor = await db.routing.get('round-robin');
      const next = nextOwner(routing.teammates, cursor?.last);
      if (next) {
        owner = { name: next.name, crmOwnerId: next.crmOwnerId };
        await db.routing.put({ id: 'round-robin', last: next.name, given: (cursor?.given ?? 0) + 1, updatedAt: now });
        const job = OwnerJob.parse({ crm: settings.crm, messageId: email.messageId, email: decision.email, name: decision.name, ownerId: next.crmOwnerId, ownerName: next.name });
        const rowId = ownerJobId(settings.crm, email.messageId);
        if (!(await db.outbox.get(rowId))) await db.outbox.add({ id: rowId, kind: OWNER_KIND, payload: job, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now });
        // The owner is part of the lead being made, not an edit: the contact stays as created (and undoable).
        if (!contact.ownerName) await db.contacts.update(contact.id, { ownerName: next.name });
        ownerNote = `; owner ${next.name} (round-robin)`;
        ownerWords = (what) => words('audit_lead_owner', { what, owner: next.name });
      } else {
        ownerNote = routing.teammates.length ? '; no owner: every teammate is away' : '';
        if (routing.teammates.length) ownerWords = (what) => words('audit_lead_no_owner', { what });
      }
    }

    const lead: LeadRow = {
      id: leadId,
      messageId: email.messageId,
      threadId: email.threadId,
      contactId: contact.id,
      email: decision.email,
      name: decision.name,
      source: decision.source,
      subject: email.subject,
      status: 'new',
      at: email.at,
      owner,
    };
    await db.leads.add(lead);
    undo.push({ op: 'delete', table: 'leads', keys: [leadId] });
    return {
      result: 'ok',
      detail: `new lead ${decision.email} (${decision.source === 'form' ? 'web form' : 'inbound mail'})${ownerNote}`,
      detailWords: (ownerWords ?? ((w: Words) => w))(words(decision.source === 'form' ? 'audit_new_lead_form' : 'audit_new_lead_mail', { email: decision.email })),
      undo,
      threadId: email.threadId,
      contactIds: [contact.id],
    };
  },
});
