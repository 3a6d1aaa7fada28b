import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowthroughDb } from '@/lib/db';
import type { EngineEvent } from '@/lib/engine/events';
import { decideLead, formLead, nextOwner } from '@/lib/today/leads';
import { defaultSettings, type Settings, type Teammate } from '@/lib/settings';
import { OWNER_KIND } from '@/lib/crm/owner';
import { contact, freshDb, makeEngine } from '../../support/engine';

// Lead routing: who becomes a lead (company domains only; never free mail, own domain, automated or
// auto-replies), web-form notifications, and the round-robin owner skipping those away — once per message.

const base: Settings = { ...defaultSettings(), ownDomains: ['followthrough-demo.example'] };
const T = Date.parse('2026-12-04T10:00:00Z');
let seq = 0;
function inbound(from: string, extra: { name?: string; subject?: string; bodyText?: string; headers?: Record<string, string>; messageId?: string } = {}): EngineEvent {
  seq++;
  return {
    type: 'email.received',
    email: {
      messageId: extra.messageId ?? `msg-f:${1_790_000_000_000 + seq}`,
      threadId: `thread-f:${1_790_000_000_000 + seq}`,
      from: { name: extra.name ?? '', email: from },
      to: [{ name: 'Sam Rep', email: 'sam@followthrough-demo.example' }],
      cc: [],
      bcc: [],
      subject: extra.subject ?? 'Question about your pricing',
      bodyText: extra.bodyText ?? 'Hi, could you send me your pricing for a team of 40? Thanks, Jane',
      at: T,
      headers: extra.headers,
    },
  };
}

describe('decideLead', () => {
  const known = () => false;
  it('an unknown person at a company domain is a lead', () => {
    const e = inbound('jane@acme-robotics.example', { name: 'Jane Doe' });
    expect(decideLead(e.type === 'email.received' ? e.email : (null as never), base, known)).toEqual({ lead: true, source: 'inbound', email: 'jane@acme-robotics.example', name: 'Jane Doe' });
  });
  it.each([
    ['free mail', 'jane.doe@gmail.com', {}, 'personal webmail, not a company'],
    ['own domain', 'colleague@followthrough-demo.example', {}, 'your own domain'],
    ['an automated address', 'no-reply@acme-robotics.example', {}, 'an automated sender'],
    ['an out-of-office', 'jane@acme-robotics.example', { subject: 'Automatic reply: Question', bodyText: 'I am out of the office until December 10 with limited access to email.' }, 'an out-of-office reply'],
    ['an auto-reply by header', 'jane@acme-robotics.example', { headers: { 'Auto-Submitted': 'auto-replied' } }, 'an automatic reply'],
    ['list mail', 'jane@acme-robotics.example', { headers: { 'List-Id': '<news.acme-robotics.example>' } }, 'a mailing-list or bulk message'],
  ])('%s is not a lead', (_what, from, extra, reason) => {
    const e = inbound(from, extra) as Extract<EngineEvent, { type: 'email.received' }>;
    const d = decideLead(e.email, base, known);
    expect(d.lead).toBe(false);
    expect(d.lead ? '' : d.reason).toContain(reason);
  });
  it('a colleague at the signed-in account’s domain is not a lead, even before the rep lists their own domain', () => {
    const e = inbound('jordan@bluefin.example') as Extract<EngineEvent, { type: 'email.received' }>;
    expect(decideLead(e.email, defaultSettings(), known, 'sam@bluefin.example')).toEqual({ lead: false, reason: 'your own domain', words: { key: 'skipReason_own_domain' } });
    expect(decideLead(e.email, defaultSettings(), known, 'sam.private@gmail.com').lead).toBe(true);
  });
  it('without own domains and with no signed-in account known, no one is made a lead: the rep’s own mail looks like a stranger’s', () => {
    // The rep's own message, read before any own domain is set and with no account: it arrives as inbound mail.
    const own = inbound('sam@followthrough-demo.example', { name: 'Sam Rep' }) as Extract<EngineEvent, { type: 'email.received' }>;
    const stranger = inbound('jane@acme-robotics.example', { name: 'Jane Doe' }) as Extract<EngineEvent, { type: 'email.received' }>;
    for (const e of [own, stranger]) expect(decideLead(e.email, defaultSettings(), known)).toMatchObject({ lead: false, reason: 'your own domains are not set, so your own mail cannot be told from a stranger’s' });
    // Either one tells them apart again.
    expect(decideLead(stranger.email, defaultSettings(), known, 'sam@followthrough-demo.example').lead).toBe(true);
    expect(decideLead(own.email, defaultSettings(), known, 'sam@followthrough-demo.example')).toEqual({ lead: false, reason: 'your own domain', words: { key: 'skipReason_own_domain' } });
    expect(decideLead(stranger.email, base, known).lead).toBe(true);
    // A web form the rep named still gives its visitor: the rep said who sends those.
    const form = inbound('forms@followthrough-demo.example', { bodyText: 'Name: Lee Park\nEmail: lee@initech.example' }) as Extract<EngineEvent, { type: 'email.received' }>;
    const named = { ...defaultSettings(), leadRouting: { ...defaultSettings().leadRouting, formSenders: ['forms@followthrough-demo.example'] } };
    expect(decideLead(form.email, named, known)).toEqual({ lead: true, source: 'form', email: 'lee@initech.example', name: 'Lee Park' });
  });
  it('a contact already known is not a new lead', () => {
    const e = inbound('jane@acme-robotics.example') as Extract<EngineEvent, { type: 'email.received' }>;
    expect(decideLead(e.email, base, () => true)).toEqual({ lead: false, reason: 'already a contact', words: { key: 'lead_already_contact' } });
  });
  it('a web-form notification from a listed sender gives the visitor in its body', () => {
    const settings = { ...base, leadRouting: { ...base.leadRouting, formSenders: ['forms@mysite.example'] } };
    const body = 'New submission from Contact us\n\nName: Omar Haddad\nEmail: omar@northwind-traders.example\nMessage: Please call me about a demo.\n\n--\nSent by forms@mysite.example';
    const e = inbound('forms@mysite.example', { subject: 'New form entry: Contact us', bodyText: body }) as Extract<EngineEvent, { type: 'email.received' }>;
    expect(decideLead(e.email, settings, () => false)).toEqual({ lead: true, source: 'form', email: 'omar@northwind-traders.example', name: 'Omar Haddad' });
    // Unlabelled: the first address that is nobody's own; none at all says so.
    expect(formLead('Reply to sam@followthrough-demo.example or li@contoso.example', 'forms@mysite.example', settings)).toEqual({ email: 'li@contoso.example', name: '' });
    const none = decideLead({ ...e.email, bodyText: 'Someone filled the form but left no address.' }, settings, () => false);
    expect(none).toEqual({ lead: false, reason: 'a form notification from forms@mysite.example with no visitor address in it', words: { key: 'lead_no_visitor', args: { sender: 'forms@mysite.example' } } });
  });
});

describe('nextOwner', () => {
  const team: Teammate[] = [
    { name: 'Ana', crmOwnerId: '101', away: false },
    { name: 'Bo', crmOwnerId: '102', away: true },
    { name: 'Cy', crmOwnerId: '103', away: false },
  ];
  it('goes round the list, skipping teammates away, and wraps', () => {
    expect(nextOwner(team, undefined)?.name).toBe('Ana');
    expect(nextOwner(team, 'Ana')?.name).toBe('Cy');
    expect(nextOwner(team, 'Cy')?.name).toBe('Ana');
    expect(nextOwner(team, 'Bo')?.name).toBe('Cy');
    expect(nextOwner(team, 'Someone who left')?.name).toBe('Ana');
  });
  it('no one when everyone is away or no one is listed', () => {
    expect(nextOwner(team.map((t) => ({ ...t, away: true })), 'Ana')).toBeUndefined();
    expect(nextOwner([], undefined)).toBeUndefined();
  });
});

describe('the lead.route action (built-in rule)', () => {
  let db: FollowthroughDb;
  let drop: () => Promise<void>;
  beforeEach(async () => ({ db, drop } = await freshDb()));
  afterEach(() => drop());

  const team: Teammate[] = [
    { name: 'Ana', crmOwnerId: '101', away: false },
    { name: 'Bo', crmOwnerId: '102', away: true },
    { name: 'Cy', crmOwnerId: '103', away: false },
  ];
  const onHubSpot: Partial<Settings> = { crm: 'hubspot', leadRouting: { inbound: true, formSenders: [], teammates: team, assignOwner: true } };

  it('makes the sender a contact and a new lead; the same message twice is one lead and one owner turn', async () => {
    const engine = makeEngine(db, onHubSpot);
    await engine.start();
    const first = inbound('jane@acme-robotics.example', { name: 'Jane Doe' });
    await engine.dispatch(first);
    await engine.idle();
    // The same message reported again (another read of the thread), and the same work re-run.
    await engine.dispatch(first);
    await engine.idle();
    const contacts = await db.contacts.toArray();
    expect(contacts.map((c) => [c.email, c.name, c.ownerName])).toEqual([['jane@acme-robotics.example', 'Jane Doe', 'Ana']]);
    const leads = await db.leads.toArray();
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ status: 'new', source: 'inbound', owner: { name: 'Ana', crmOwnerId: '101' } });
    expect(await db.routing.get('round-robin')).toMatchObject({ last: 'Ana', given: 1 });
    const owners = await db.outbox.where('kind').equals(OWNER_KIND).toArray();
    expect(owners.map((r) => [r.id, (r.payload as { ownerId: string }).ownerId])).toEqual([[`crm:hubspot:owner:${(first as Extract<EngineEvent, { type: 'email.received' }>).email.messageId}`, '101']]);
  });

  it('gives each new lead to the next teammate who is not away, and survives a new engine (a restarted worker)', async () => {
    let engine = makeEngine(db, onHubSpot);
    await engine.start();
    await engine.dispatch(inbound('a@one.example'));
    await engine.idle();
    engine = makeEngine(db, onHubSpot); // the cursor is in IndexedDB, not in memory
    await engine.start();
    await engine.dispatch(inbound('b@two.example'));
    await engine.dispatch(inbound('c@three.example'));
    await engine.idle();
    const leads = (await db.leads.toArray()).sort((x, y) => x.messageId.localeCompare(y.messageId));
    expect(leads.map((l) => `${l.email}→${l.owner?.name}`)).toEqual(['a@one.example→Ana', 'b@two.example→Cy', 'c@three.example→Ana']);
  });

  it('free mail, own domain, automated and known senders make no lead and no contact', async () => {
    await db.contacts.add(contact('known', 'kim@known.example'));
    const engine = makeEngine(db, onHubSpot);
    await engine.start();
    for (const from of ['jane.doe@gmail.com', 'colleague@followthrough-demo.example', 'noreply@acme-robotics.example', 'kim@known.example']) await engine.dispatch(inbound(from));
    await engine.idle();
    expect(await db.leads.count()).toBe(0);
    expect((await db.contacts.toArray()).map((c) => c.email)).toEqual(['kim@known.example']);
    expect(await db.routing.get('round-robin')).toBeUndefined();
  });

  it('the local CRM gets the lead and no owner write', async () => {
    const engine = makeEngine(db, { leadRouting: { inbound: true, formSenders: ['forms@mysite.example'], teammates: team, assignOwner: true } });
    await engine.start();
    await engine.dispatch(inbound('forms@mysite.example', { bodyText: 'Name: Omar Haddad\nEmail: omar@northwind-traders.example' }));
    await engine.idle();
    expect((await db.leads.toArray()).map((l) => [l.email, l.source, l.owner])).toEqual([['omar@northwind-traders.example', 'form', undefined]]);
    expect(await db.outbox.where('kind').equals(OWNER_KIND).count()).toBe(0);
    expect((await db.contacts.toArray()).map((c) => c.name)).toEqual(['Omar Haddad']);
  });
});
