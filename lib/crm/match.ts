import type { FollowthroughDb } from '../db';
import type { Activity, Company, Contact } from '../records';

import { canonicalEmail, emailDomain } from '../email';

// Address helpers live in lib/email.ts (the database needs them too); re-exported for the CRM code.
export { canonicalEmail, emailDomain };

/** The contacts known by any of these addresses, each once, in the order of the addresses. */
export async function findContacts(db: FollowthroughDb, addresses: readonly string[]): Promise<Map<string, Contact>> {
  const wanted = [...new Set(addresses.flatMap((a) => [a.trim().toLowerCase(), canonicalEmail(a)]))];
  const found = new Map<string, Contact>();
  if (wanted.length === 0) return found;
  const rows = await db.contacts.where('emails').anyOf(wanted).toArray();
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
