import { contactEmails } from '../../db';
import type { Activity, Contact } from '../../records';
import { findContacts } from '../match';
import { ContactCardData, CrmContact, type ConnectorContext, type ConnectorDefinition, type CrmConnector } from './types';

// The embedded CRM: the same interface over the database's own tables. Its reads are the database, so a
// write is found at once; every write is keyed, so repeating one changes nothing.

const OPEN = new Set(['lead', 'qualified', 'demo', 'proposal', 'negotiation']);

export function createLocal(ctx: ConnectorContext): CrmConnector {
  const { db, now } = ctx;

  async function toCrm(contact: Contact): Promise<CrmContact> {
    const company = contact.companyId ? await db.companies.get(contact.companyId) : undefined;
    return CrmContact.parse({
      id: contact.id,
      kind: 'contact',
      name: contact.name,
      email: contact.email,
      altEmails: contact.altEmails,
      company: company?.name,
      companyId: contact.companyId,
      ownerName: contact.ownerName,
    });
  }

  const activityFor = async (messageId: string) => db.activities.where('messageId').equals(messageId).first();

  const connector: CrmConnector = {
    crm: 'local',
    searchLagMs: 0,
    async verify() {
      return { account: 'Local CRM (this browser)' };
    },
    async findContact(emails) {
      const found = await findContacts(db, emails);
      for (const e of emails) {
        const hit = found.get(e.trim().toLowerCase());
        if (hit) return toCrm(hit);
      }
      return null;
    },
    async contactCard(contact) {
      const row = await db.contacts.get(contact.id);
      const company = row?.companyId ? await db.companies.get(row.companyId) : undefined;
      const deals = company ? await db.deals.where('companyId').equals(company.id).toArray() : [];
      const openDeals = deals
        .filter((d) => OPEN.has(d.stage) && (d.contactIds.length === 0 || d.contactIds.includes(contact.id)))
        .map((d) => ({ id: d.id, name: d.name, stage: d.stage, amount: d.amount, currency: d.currency, closeDate: d.closeDate }));
      return ContactCardData.parse({
        contact,
        company: company ? { id: company.id, name: company.name } : undefined,
        owner: row?.ownerName ? { name: row.ownerName } : undefined,
        openDeals,
      });
    },
    async findLoggedEmail(log) {
      return (await activityFor(log.messageId))?.id ?? null;
    },
    async logEmail(log) {
      const existing = await activityFor(log.messageId);
      if (existing) return { id: existing.id };
      const activity: Activity = {
        id: `email:${log.messageId}`,
        kind: log.direction === 'outbound' ? 'email.sent' : 'email.received',
        contactId: log.contacts[0]!.id,
        dealId: log.dealId,
        threadId: log.threadId,
        messageId: log.messageId,
        summary: log.subject.slice(0, 2000),
        at: log.at,
      };
      await db.activities.put(activity);
      return { id: activity.id };
    },
    async findLoggedNote(note) {
      return (await db.activities.get(`note:${note.key}`))?.id ?? null;
    },
    async logNote(note) {
      const id = `note:${note.key}`;
      await db.activities.put({ id, kind: 'note', contactId: note.contact.id, dealId: note.dealId, summary: note.body.slice(0, 2000), at: note.at });
      return { id };
    },
    async findTask(task) {
      return (await db.reminders.get(`task:${task.key}`))?.id ?? null;
    },
    async createTask(task) {
      const id = `task:${task.key}`;
      await db.reminders.put({ id, contactId: task.contact?.id, dueAt: task.dueAt, reason: task.subject.slice(0, 1000), status: 'pending', createdAt: now() });
      return { id };
    },
    lookupLimits: { batchSize: 100, minIntervalMs: 0 },
    async lookupContacts(emails) {
      const found = await findContacts(db, emails);
      const out = new Map<string, CrmContact>();
      for (const [e, c] of found) out.set(e, await toCrm(c));
      return out;
    },
    async deleteEmail(id) {
      await db.activities.delete(id);
    },
    async createContact(input) {
      const email = input.email.toLowerCase();
      const existing = await connector.findContact([email]);
      if (existing) return existing;
      const at = now();
      const row: Contact = { id: `ct:${email}`, name: input.name || email, email, altEmails: [], emails: contactEmails({ email }), source: 'local', createdAt: at, updatedAt: at };
      await db.contacts.put(row);
      return toCrm(row);
    },
  };
  return connector;
}

export const local: ConnectorDefinition = {
  crm: 'local',
  label: 'Local CRM',
  apiOrigins: [],
  auth: [],
  create: createLocal,
};
