import type { FollowthroughDb } from '../db';
import type { Contact, Deal } from '../records';
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
  // One read transaction for every get: a transaction per get costs more than the get.
  const found = await db.transaction('r', db.contacts, () => Promise.all(
    wanted.map(async (a) => (await db.contacts.where('emails').equals(a).first()) ?? (canonicalEmail(a) !== a ? await db.contacts.where('emails').equals(canonicalEmail(a)).first() : undefined)),
  ));
  const out = new Map<string, Contact>();
  found.forEach((c, i) => {
    if (c) out.set(wanted[i]!, c);
  });
  return out;
}

export function dbRankContext(db: FollowthroughDb): RankContext {
  return {
    contactsByEmail: (emails) => contactsByAddress(db, emails),
    openDeals: (contacts) => db.transaction('r', db.deals, db.companies, async () => {
      const out = new Map<string, Deal[]>();
      const ids = new Set(contacts.map((c) => c.id));
      const named = (await Promise.all([...ids].map((id) => db.deals.where('contactIds').equals(id).toArray()))).flat();
      for (const d of new Map(named.map((d) => [d.id, d])).values()) {
        if (CLOSED.has(d.stage)) continue;
        for (const id of d.contactIds) if (ids.has(id)) out.set(id, [...(out.get(id) ?? []), d]);
      }
      // A contact no deal names takes their company's deals that name no one (by company id, else by domain).
      const rest = contacts.filter((c) => !out.has(c.id));
      if (rest.length === 0) return out;
      const domains = [...new Set(rest.filter((c) => !c.companyId).map((c) => emailDomain(c.email)))];
      const companies = await Promise.all(domains.map((d) => db.companies.where('domain').equals(d).first()));
      const byDomain = new Map(companies.filter((c) => c !== undefined).map((c) => [c.domain, c.id]));
      const companyOf = (c: Contact) => c.companyId ?? byDomain.get(emailDomain(c.email));
      const companyIds = [...new Set(rest.map(companyOf).filter((id): id is string => !!id))];
      if (companyIds.length === 0) return out;
      const byCompany = new Map<string, Deal[]>();
      for (const d of (await Promise.all(companyIds.map((id) => db.deals.where('companyId').equals(id).toArray()))).flat()) {
        if (CLOSED.has(d.stage) || d.contactIds.length > 0 || !d.companyId) continue;
        byCompany.set(d.companyId, [...(byCompany.get(d.companyId) ?? []), d]);
      }
      for (const c of rest) {
        const found = byCompany.get(companyOf(c) ?? '');
        if (found) out.set(c.id, found);
      }
      return out;
    }),
    async lastTouch(contactIds) {
      const newest = await db.transaction('r', db.activities, () =>
        Promise.all(contactIds.map((id) => db.activities.where('[contactId+at]').between([id, -Infinity], [id, Infinity]).last())),
      );
      const out = new Map<string, number>();
      newest.forEach((a, i) => {
        if (a) out.set(contactIds[i]!, a.at);
      });
      return out;
    },
  };
}
