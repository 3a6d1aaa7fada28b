import type { FollowthroughDb } from '../db';
import type { Activity, Company, Contact, Deal } from '../records';
import { allByIndex, firstByIndex, lastInRange } from './index-reads';
import { canonicalEmail, emailDomain } from '../crm/match';
import type { RankContext } from './rank';

const CLOSED = new Set(['won', 'lost']);

/**
 * Today's ranking context over the database, every read by index and in bulk: contacts by address, deals by
 * contact (`*contactIds`, schema 8) and by company, and each contact's newest activity (`[contactId+at]`).
 */
/**
 * Contacts by address, one indexed get per address (lower-cased, then its canonical Gmail form): a key each
 * rather than one `anyOf` walk, which costs the whole index in some IndexedDB implementations.
 */
export async function contactsByAddress(db: FollowthroughDb, addresses: readonly string[]): Promise<Map<string, Contact>> {
  const wanted = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
  // Every get in one read transaction (lib/today/index-reads.ts); the canonical form only for those not found as written.
  const found = await firstByIndex<Contact>(db, 'contacts', 'emails', wanted);
  const out = new Map<string, Contact>();
  found.forEach((c, i) => {
    if (c) out.set(wanted[i]!, c);
  });
  const retry = wanted.filter((a) => !out.has(a) && canonicalEmail(a) !== a);
  (await firstByIndex<Contact>(db, 'contacts', 'emails', retry.map(canonicalEmail))).forEach((c, i) => {
    if (c) out.set(retry[i]!, c);
  });
  return out;
}

export function dbRankContext(db: FollowthroughDb): RankContext {
  return {
    contactsByEmail: (emails) => contactsByAddress(db, emails),
    async openDeals(contacts) {
      const out = new Map<string, Deal[]>();
      const ids = new Set(contacts.map((c) => c.id));
      const named = (await allByIndex<Deal>(db, 'deals', 'contactIds', [...ids])).flat();
      for (const d of new Map(named.map((d) => [d.id, d])).values()) {
        if (CLOSED.has(d.stage)) continue;
        for (const id of d.contactIds) if (ids.has(id)) out.set(id, [...(out.get(id) ?? []), d]);
      }
      // A contact no deal names takes their company's deals that name no one (by company id, else by domain).
      const rest = contacts.filter((c) => !out.has(c.id));
      if (rest.length === 0) return out;
      const domains = [...new Set(rest.filter((c) => !c.companyId).map((c) => emailDomain(c.email)))];
      const companies = await firstByIndex<Company>(db, 'companies', 'domain', domains);
      const byDomain = new Map(companies.filter((c) => c !== undefined).map((c) => [c.domain, c.id]));
      const companyOf = (c: Contact) => c.companyId ?? byDomain.get(emailDomain(c.email));
      const companyIds = [...new Set(rest.map(companyOf).filter((id): id is string => !!id))];
      if (companyIds.length === 0) return out;
      const byCompany = new Map<string, Deal[]>();
      for (const d of (await allByIndex<Deal>(db, 'deals', 'companyId', companyIds)).flat()) {
        if (CLOSED.has(d.stage) || d.contactIds.length > 0 || !d.companyId) continue;
        byCompany.set(d.companyId, [...(byCompany.get(d.companyId) ?? []), d]);
      }
      for (const c of rest) {
        const found = byCompany.get(companyOf(c) ?? '');
        if (found) out.set(c.id, found);
      }
      return out;
    },
    async lastTouch(contactIds) {
      const newest = await lastInRange<Activity>(db, 'activities', '[contactId+at]', contactIds.map((id) => [[id, -Infinity], [id, Infinity]]));
      const out = new Map<string, number>();
      newest.forEach((a, i) => {
        if (a) out.set(contactIds[i]!, a.at);
      });
      return out;
    },
  };
}
