import type { FollowthroughDb } from '../db';
import type { Activity, Company, Contact, ContactCard } from '../records';

import { canonicalEmail, emailDomain } from '../email';

// Address helpers live in lib/email.ts (the database needs them too); re-exported for the CRM code.
export { canonicalEmail, emailDomain };

/** The contacts known by any of these addresses, each once, in the order of the addresses. */
export async function findContacts(db: FollowthroughDb, addresses: readonly string[]): Promise<Map<string, Contact>> {
  const wanted = [...new Set(addresses.flatMap((a) => [a.trim().toLowerCase(), canonicalEmail(a)]))];
  const found = new Map<string, Contact>();
  if (wanted.length === 0) return found;
  // One bulk read per address: anyOf() walks the multi-entry index with a cursor step per key and row,
  // which a batch of hundreds of addresses (the reports rollup's rebuild) pays for heavily.
  const rows = (await Promise.all(wanted.map((e) => db.contacts.where('emails').equals(e).toArray()))).flat();
  const byEmail = new Map<string, Contact>();
  for (const row of rows) for (const e of row.emails) byEmail.set(e, row).set(canonicalEmail(e), row);
  for (const a of addresses) {
    const hit = byEmail.get(a.trim().toLowerCase()) ?? byEmail.get(canonicalEmail(a));
    if (hit) found.set(a.trim().toLowerCase(), hit);
  }
  return found;
}

export async function companyForDomain(db: FollowthroughDb, domain: string): Promise<Company | undefined> {
  return db.companies.where('domain').equals(domain.toLowerCase()).first();
}

/** A page of one contact's timeline, newest first, read from the `[contactId+at]` index. */
export function contactTimeline(db: FollowthroughDb, contactId: string, limit = 200): Promise<Activity[]> {
  return db.activities.where('[contactId+at]').between([contactId, -Infinity], [contactId, Infinity]).reverse().limit(limit).toArray();
}

/** A contact with their company (by id, else by their domain), the deals they are on, and optionally their last touch. */
export async function contactCard(db: FollowthroughDb, contact: Contact, opts: { lastTouch?: boolean } = {}): Promise<ContactCard> {
  // The last touch beside the company and its deals: each read is a round trip to IndexedDB, and the side
  // panel waits for the slowest chain of them when a thread opens (bench gmail-panel).
  const [{ company, deals }, last] = await Promise.all([
    (async () => {
      const company = contact.companyId ? await db.companies.get(contact.companyId) : await companyForDomain(db, emailDomain(contact.email));
      const deals = (await db.deals.where('companyId').equals(company?.id ?? '\u0000').toArray()).filter(
        (d) => d.contactIds.length === 0 || d.contactIds.includes(contact.id),
      );
      return { company, deals };
    })(),
    opts.lastTouch ? contactTimeline(db, contact.id, 1).then(([row]) => row) : undefined,
  ]);
  return opts.lastTouch ? { contact, company, deals, lastTouch: last?.at } : { contact, company, deals };
}

/** The cards of a thread's people outside the rep's own domains, each contact once. */
export async function contactCards(db: FollowthroughDb, participants: readonly { email: string }[], ownDomains: ReadonlySet<string>, opts: { lastTouch?: boolean } = {}): Promise<ContactCard[]> {
  const others = participants.filter((p) => !ownDomains.has(emailDomain(p.email)));
  const matched = await findContacts(db, others.map((p) => p.email));
  const contacts = new Map<string, Contact>();
  for (const contact of matched.values()) if (!contacts.has(contact.id)) contacts.set(contact.id, contact);
  // Each contact's reads side by side, the cards in the order of the participants.
  return Promise.all([...contacts.values()].map((contact) => contactCard(db, contact, opts)));
}
