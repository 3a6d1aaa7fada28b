import type { FollowthroughDb } from '../db';
import { contactEmails } from '../db';
import type { Company, Contact, Deal } from '../records';

// The demo book of business: people from the Gmail test page's mailbox, so the demo shows matched cards.
// Fictional names on reserved `.example` domains.

const companies: Omit<Company, 'createdAt'>[] = [
  { id: 'demo-co-acme', name: 'Acme Robotics', domain: 'acme-robotics.example' },
  { id: 'demo-co-northwind', name: 'Northwind Logistics', domain: 'northwind.example' },
];

const contacts: Omit<Contact, 'createdAt' | 'updatedAt' | 'emails'>[] = [
  { id: 'demo-ct-priya', name: 'Priya Raman', email: 'priya.raman@acme-robotics.example', altEmails: [], title: 'VP Operations', companyId: 'demo-co-acme', source: 'demo' },
  { id: 'demo-ct-marcus', name: 'Marcus Webb', email: 'marcus.webb@acme-robotics.example', altEmails: [], title: 'Procurement Lead', companyId: 'demo-co-acme', source: 'demo' },
  { id: 'demo-ct-elena', name: 'Elena Sorensen', email: 'elena@northwind.example', altEmails: ['e.sorensen@northwind.example'], title: 'Head of IT', companyId: 'demo-co-northwind', source: 'demo' },
];

const deals: Omit<Deal, 'updatedAt'>[] = [
  { id: 'demo-deal-acme', name: 'Acme Robotics — fleet tracking pilot', companyId: 'demo-co-acme', contactIds: ['demo-ct-priya', 'demo-ct-marcus'], stage: 'proposal', amount: 48000, currency: 'USD' },
];

/** Seed the local CRM with the demo rows. Idempotent: seeding twice leaves the same rows. */
export async function loadDemoData(db: FollowthroughDb, now: number) {
  await db.transaction('rw', db.companies, db.contacts, db.deals, async () => {
    await db.companies.bulkPut(companies.map((c) => ({ ...c, createdAt: now })));
    await db.contacts.bulkPut(contacts.map((c) => ({ ...c, emails: contactEmails(c), createdAt: now, updatedAt: now })));
    await db.deals.bulkPut(deals.map((d) => ({ ...d, updatedAt: now })));
  });
  return { contacts: contacts.length, companies: companies.length, deals: deals.length };
}
