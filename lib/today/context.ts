import type { FollowthroughDb } from '../db';
import type { Deal } from '../records';
import { companyForDomain, contactTimeline, emailDomain, findContacts } from '../crm/match';
import type { RankContext } from './rank';

const CLOSED = new Set(['won', 'lost']);

/** Today's ranking context over the database: every read by index (contacts by address, deals by contact or company, the newest activity). */
export function dbRankContext(db: FollowthroughDb): RankContext {
  return {
    contactsByEmail: (emails) => findContacts(db, emails),
    async openDeals(contact) {
      // Deals naming the contact (`*contactIds`, schema 8), else the company's deals that name no one.
      const own = await db.deals.where('contactIds').equals(contact.id).toArray();
      let deals: Deal[] = own;
      if (own.length === 0) {
        const company = contact.companyId ? await db.companies.get(contact.companyId) : await companyForDomain(db, emailDomain(contact.email));
        if (company) deals = (await db.deals.where('companyId').equals(company.id).toArray()).filter((d) => d.contactIds.length === 0);
      }
      return deals.filter((d) => !CLOSED.has(d.stage));
    },
    async lastTouch(contactId) {
      const [last] = await contactTimeline(db, contactId, 1);
      return last?.at;
    },
  };
}
