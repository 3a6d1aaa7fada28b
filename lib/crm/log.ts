import type { FollowthroughDb } from '../db';
import { contactEmails } from '../db';
import type { EmailFacts, EngineEvent } from '../engine/events';
import type { Activity, Company, Contact, Person } from '../records';
import type { Settings } from '../settings';
import { canonicalEmail, companyForDomain, emailDomain, findContacts } from './match';
import { isPersonalDomain, loggingVerdict, type SkipReason } from './policy';
import { words } from '../words';

// Logging one email to the local CRM: who it goes on the timeline of, under the logging policy. Used by the
// engine's "log activity" action and by the rep's Log to CRM button; runs inside the caller's transaction.

export interface LogRequest {
  email: EmailFacts;
  direction: 'outbound' | 'inbound';
  settings: Settings;
  now: number;
  /** The rep asked (Log to CRM): business and webmail addresses may become contacts. */
  manual?: boolean;
  ruleId?: string;
  /** The rep's own addresses (the Gmail account): never logged, and mail from them is outbound. */
  selfAddresses?: readonly string[];
}

export interface LogOutcome {
  /** Activities this call created (none when all were already logged). */
  activityIds: string[];
  /** Activities that existed already for this email. */
  alreadyLogged: string[];
  contactIds: string[];
  createdContactIds: string[];
  createdCompanyIds: string[];
  skips: { email: string; reason: SkipReason }[];
  emitted: EngineEvent[];
}

/** A stable id from an address, so creating the same contact twice is one row. */
export const contactIdFor = (address: string) => `ct:${canonicalEmail(address)}`.slice(0, 200);
export const activityIdFor = (messageId: string, contactId: string) => `act:${messageId}:${contactId}`.slice(0, 200);

const nameFrom = (p: Person) =>
  p.name.trim() ||
  p.email
    .slice(0, p.email.indexOf('@'))
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');

const companyName = (domain: string) => {
  const label = domain.split('.').slice(-2, -1)[0] ?? domain;
  return label.charAt(0).toUpperCase() + label.slice(1);
};

export async function logEmail(db: FollowthroughDb, req: LogRequest): Promise<LogOutcome> {
  const { email, direction, settings, now } = req;
  const out: LogOutcome = { activityIds: [], alreadyLogged: [], contactIds: [], createdContactIds: [], createdCompanyIds: [], skips: [], emitted: [] };
  const self = new Set([email.from.email, ...(req.selfAddresses ?? [])].map(canonicalEmail));
  if (direction === 'inbound') self.delete(canonicalEmail(email.from.email));
  // Outbound: everyone it went to. Inbound: the sender, and anyone copied who is already a contact (the rep's
  // own address is among them and is never made a contact).
  const people = new Map<string, { person: Person; mayCreate: boolean }>();
  const add = (p: Person, mayCreate: boolean) => {
    const key = canonicalEmail(p.email);
    if (self.has(key)) return;
    if (!people.has(key)) people.set(key, { person: p, mayCreate });
  };
  if (direction === 'outbound') {
    for (const p of [...email.to, ...email.cc, ...email.bcc]) add(p, true);
  } else {
    add(email.from, true);
    for (const p of [...email.to, ...email.cc]) add(p, false);
  }
  const matched = await findContacts(db, [...people.values()].map((x) => x.person.email));

  const logTo = new Map<string, Contact>();
  for (const { person, mayCreate } of people.values()) {
    const contact = matched.get(person.email.toLowerCase());
    // With a CRM connected and "create missing contacts in my CRM" on, a stranger becomes a local contact the
    // sync then creates in the CRM.
    const verdict = loggingVerdict({ person, contact, subject: email.subject, settings, manual: req.manual, createInCrm: settings.crm !== 'local' && settings.createCrmContacts });
    if (!verdict.log) {
      out.skips.push({ email: person.email, reason: verdict.reason });
      continue;
    }
    if (verdict.contact) {
      logTo.set(verdict.contact.id, verdict.contact);
      continue;
    }
    if (!mayCreate) {
      out.skips.push({ email: person.email, reason: 'not-a-contact' });
      continue;
    }
    const id = contactIdFor(person.email);
    let created = await db.contacts.get(id);
    if (!created) {
      const domain = emailDomain(person.email);
      let company: Company | undefined;
      if (!isPersonalDomain(domain)) {
        company = await companyForDomain(db, domain);
        if (!company) {
          company = { id: `co:${domain}`.slice(0, 200), name: companyName(domain), domain, createdAt: now };
          if (!(await db.companies.get(company.id))) {
            await db.companies.add(company);
            out.createdCompanyIds.push(company.id);
          }
        }
      }
      created = { id, name: nameFrom(person), email: person.email, altEmails: [], emails: contactEmails({ email: person.email }), companyId: company?.id, source: 'local', createdAt: now, updatedAt: now };
      await db.contacts.add(created);
      out.createdContactIds.push(id);
    }
    logTo.set(created.id, created);
  }

  const verb = direction === 'outbound' ? 'Sent' : 'Received';
  for (const contact of logTo.values()) {
    out.contactIds.push(contact.id);
    const id = activityIdFor(email.messageId, contact.id);
    if (await db.activities.get(id)) {
      out.alreadyLogged.push(id);
      continue;
    }
    const activity: Activity = {
      id,
      kind: direction === 'outbound' ? 'email.sent' : 'email.received',
      contactId: contact.id,
      threadId: email.threadId,
      messageId: email.messageId,
      summary: `${verb}: ${email.subject || '(no subject)'}`.slice(0, 2000),
      summaryWords: words(direction === 'outbound' ? 'activity_sent' : 'activity_received', { subject: email.subject ? email.subject.slice(0, 1000) : words('activity_no_subject') }),
      at: email.at,
      ruleId: req.ruleId,
    };
    await db.activities.add(activity);
    out.activityIds.push(id);
    out.emitted.push({ type: 'activity.logged', activityId: id, contactId: contact.id, threadId: email.threadId, messageId: email.messageId, at: now });
  }
  return out;
}
