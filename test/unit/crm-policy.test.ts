import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowthroughDb } from '@/lib/db';
import { canonicalEmail, companyForDomain, findContacts } from '@/lib/crm/match';
import { isAutomatedAddress, isCalendarNotice, loggingVerdict } from '@/lib/crm/policy';
import { defaultSettings } from '@/lib/settings';
import { contact, freshDb } from '../support/engine';

let db: FollowthroughDb;
let drop: () => Promise<void>;
beforeEach(async () => {
  ({ db, drop } = await freshDb());
});
afterEach(() => drop());

describe('matching an address to a contact', () => {
  it('ignores case, Gmail dots and +tags, and knows alternate addresses; domain → company', async () => {
    await db.contacts.bulkAdd([
      contact('ct-jane', 'jane.doe@gmail.com'),
      contact('ct-elena', 'elena@northwind.example', { altEmails: ['e.sorensen@northwind.example'] }),
      contact('ct-bob', 'bob.smith@corp.example'),
    ]);
    await db.companies.add({ id: 'co-nw', name: 'Northwind', domain: 'northwind.example', createdAt: 1 });
    const found = await findContacts(db, ['JaneDoe+CRM@googlemail.com', 'J.A.N.E.D.O.E@gmail.com', 'E.Sorensen@Northwind.example', 'bobsmith@corp.example', 'bob.smith+x@corp.example']);
    expect(Object.fromEntries([...found].map(([k, c]) => [k, c.id]))).toEqual({
      'janedoe+crm@googlemail.com': 'ct-jane',
      'j.a.n.e.d.o.e@gmail.com': 'ct-jane',
      'e.sorensen@northwind.example': 'ct-elena',
    });
    // Dots and tags mean nothing only at Gmail: elsewhere they are other mailboxes.
    expect(canonicalEmail('Bob.Smith+x@Corp.example')).toBe('bob.smith+x@corp.example');
    expect((await companyForDomain(db, 'NORTHWIND.example'))?.id).toBe('co-nw');
  });
});

describe('logging policy', () => {
  const settings = { ...defaultSettings(), ownDomains: ['followthrough-demo.example'], neverLog: ['legal@acme.example', 'hr.acme.example', '@private.example'] };
  const person = (email: string) => ({ name: '', email });
  const priya = contact('ct-priya', 'priya@acme.example');
  const gmailFriend = contact('ct-friend', 'friend@gmail.com');

  it.each([
    ['priya@acme.example', priya, {}, { log: true, contact: priya }],
    ['newcomer@acme.example', undefined, {}, { log: false, reason: 'not-a-contact' }],
    ['newcomer@acme.example', undefined, { createLocalContacts: true }, { log: true, create: true }],
    ['newcomer@acme.example', undefined, { manual: true }, { log: true, create: true }],
    ['dana@followthrough-demo.example', undefined, { manual: true }, { log: false, reason: 'own-domain' }],
    ['dana@eu.followthrough-demo.example', undefined, {}, { log: false, reason: 'own-domain' }],
    ['legal@acme.example', contact('ct-legal', 'legal@acme.example'), {}, { log: false, reason: 'never-log' }],
    ['boss@hr.acme.example', undefined, {}, { log: false, reason: 'never-log' }],
    ['x@mail.private.example', undefined, {}, { log: false, reason: 'never-log' }],
    ['no-reply@acme.example', undefined, { createLocalContacts: true }, { log: false, reason: 'automated' }],
    ['MAILER-DAEMON@acme.example', undefined, {}, { log: false, reason: 'automated' }],
    ['team@googlegroups.com', undefined, {}, { log: false, reason: 'automated' }],
    ['friend@gmail.com', undefined, { createLocalContacts: true }, { log: false, reason: 'personal' }],
    ['friend@gmail.com', gmailFriend, {}, { log: true, contact: gmailFriend }],
    ['friend@gmail.com', undefined, { logPersonalMail: true, createLocalContacts: true }, { log: true, create: true }],
  ] as const)('%s → %o', (email, c, opts, verdict) => {
    const { manual, ...rest } = opts as { manual?: boolean };
    expect(loggingVerdict({ person: person(email), contact: c, settings: { ...settings, ...rest }, manual })).toEqual(verdict);
  });

  it('knows calendar notices by subject and automated senders by address', () => {
    expect(loggingVerdict({ person: person('priya@acme.example'), contact: priya, subject: 'Invitation: Pilot review @ Tue 3pm', settings })).toEqual({ log: false, reason: 'calendar' });
    expect(loggingVerdict({ person: person('priya@acme.example'), contact: priya, subject: 'Accepted: Pilot review', settings: { ...settings, logAutomatedMail: true } })).toMatchObject({ log: true });
    expect(isCalendarNotice('Re: Invitation to tender')).toBe(false);
    for (const a of ['noreply@x.example', 'do-not-reply@x.example', 'donotreply@x.example', 'notifications@github.example', 'bounce+abc@x.example', 'calendar-notification@google.com', 'newsletter@x.example', 'sales-request@x.example'])
      expect(isAutomatedAddress(a), a).toBe(true);
    for (const a of ['priya@acme.example', 'noreen@x.example', 'news.anchor@tv.example', 'listening@x.example']) expect(isAutomatedAddress(a), a).toBe(false);
  });
});
