import { describe, expect, it } from 'vitest';
import { say } from '@/lib/say';
import { setUiLanguage } from '../../support/i18n-fake';
import { rankToday, type RankContext } from '@/lib/today/rank';
import type { TodayItem } from '@/lib/today/source';
import type { Contact, Deal } from '@/lib/records';
import { contact } from '../../support/engine';

// Today's order: plain keys compared in turn (new lead; fit: deal stage, then value; engagement: waiting
// time, then last touch; kind; id), each place explained, the same answer for the same input.

const NOW = Date.parse('2026-12-04T12:00:00Z');
const DAY = 86_400_000;

const item = (id: string, extra: Partial<TodayItem> = {}): TodayItem => ({
  id: `inbound:${id}`,
  kind: 'inbound',
  title: `Reply to ${id}`,
  detail: '',
  dueAt: NOW - DAY,
  newLead: false,
  actions: ['open', 'done'],
  ...extra,
});

const deal = (id: string, contactId: string, stage: Deal['stage'], amount?: number): Deal => ({ id, name: `Deal ${id}`, contactIds: [contactId], stage, amount, currency: 'USD', updatedAt: NOW });

function context(people: { c: Contact; deals?: Deal[]; lastTouch?: number }[]): RankContext & { reads: string[] } {
  const reads: string[] = [];
  const byEmail = new Map(people.map((p) => [p.c.email, p]));
  return {
    reads,
    async contactsByEmail(emails) {
      reads.push(`contacts:${emails.length}`);
      return new Map(emails.filter((e) => byEmail.has(e)).map((e) => [e, byEmail.get(e)!.c]));
    },
    async openDeals(contacts) {
      reads.push(`deals:${contacts.map((c) => c.id).join(',')}`);
      return new Map(contacts.map((c) => [c.id, (byEmail.get(c.email)?.deals ?? []).filter((d) => d.stage !== 'won' && d.stage !== 'lost')]));
    },
    async lastTouch(ids) {
      reads.push(`touch:${ids.join(',')}`);
      return new Map(people.filter((p) => ids.includes(p.c.id) && p.lastTouch !== undefined).map((p) => [p.c.id, p.lastTouch!]));
    },
  };
}

describe('rankToday', () => {
  const ana = contact('ana', 'ana@acme.example');
  const bo = contact('bo', 'bo@globex.example');
  const cy = contact('cy', 'cy@initech.example');
  const people = [
    { c: ana, deals: [deal('d1', 'ana', 'negotiation', 40_000)], lastTouch: NOW - 5 * DAY },
    { c: bo, deals: [deal('d2', 'bo', 'demo', 90_000), deal('d3', 'bo', 'won', 1_000_000)], lastTouch: NOW - 2 * DAY },
    { c: cy, lastTouch: undefined },
  ];

  it('puts new leads first, then fit (stage before value), then waiting time, and says why at each place', async () => {
    const items = [
      item('bo', { contactEmail: bo.email, dueAt: NOW - 3 * DAY }),
      item('cy', { contactEmail: cy.email, dueAt: NOW - 10 * DAY }),
      item('lead', { contactEmail: 'new@fresh.example', newLead: true, dueAt: NOW - 60_000 }),
      item('ana', { contactEmail: ana.email, dueAt: NOW - 2 * 3_600_000 }),
    ];
    const ranked = await rankToday(items, NOW, context(people));
    expect(ranked.map((r) => r.item.id)).toEqual(['inbound:lead', 'inbound:ana', 'inbound:bo', 'inbound:cy']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(ranked[0]!.why).toBe('first: a new lead');
    expect(ranked[1]!.why).toBe('below a new lead');
    expect(ranked[2]!.why).toBe('fit: a deal in negotiation above one in demo');
    expect(ranked[3]!.why).toBe('fit: a deal in demo above no open deal');
    // Fit and engagement are shown apart, never as one number; a won deal is not an open one.
    expect(ranked[1]!.fit).toMatchObject({ stage: 'negotiation', amount: 40_000, label: 'Deal in negotiation · $40,000' });
    expect(ranked[2]!.fit.label).toBe('Deal in demo · $90,000');
    expect(ranked[1]!.engagement).toMatchObject({ waitingMs: 2 * 3_600_000, lastTouchAt: NOW - 5 * DAY, label: 'Waiting 2 hours · last touch 5 days ago' });
    // The same words for the rep, said in the UI language (lib/say.ts), from the words stored beside each line.
    expect(ranked.map((r) => say(r.whyWords))).toEqual(ranked.map((r) => r.why));
    expect(ranked.map((r) => say(r.fit.labelWords))).toEqual(ranked.map((r) => r.fit.label));
    expect(ranked.map((r) => say(r.engagement.labelWords))).toEqual(ranked.map((r) => r.engagement.label));
    setUiLanguage('de');
    try {
      expect(ranked.map((r) => say(r.whyWords))).toEqual([
        'zuerst: ein neuer Lead',
        'unter einem neuen Lead',
        'Passung: ein Deal in Phase „Verhandlung“ vor einem in Phase „Demo“',
        'Passung: ein Deal in Phase „Demo“ vor keinem offenen Deal',
      ]);
      expect(say(ranked[1]!.fit.labelWords)).toBe('Deal in Phase „Verhandlung“ · 40.000\u00a0$');
      expect(say(ranked[1]!.engagement.labelWords)).toBe('Wartezeit: 2 Stunden · letzter Kontakt vor 5 Tagen');
    } finally {
      setUiLanguage('en');
    }
    expect(ranked[3]!.engagement.label).toBe('Waiting 10 days · never in touch before');
    expect(Object.keys(ranked[0]!)).not.toContain('score');
  });

  it('breaks ties by value, then waiting time, then last touch, then kind and id — the same order whatever the input order', async () => {
    const dee = contact('dee', 'dee@umbrella.example');
    const eve = contact('eve', 'eve@hooli.example');
    const ctx = () =>
      context([
        { c: dee, deals: [deal('d4', 'dee', 'proposal', 10_000)], lastTouch: NOW - DAY },
        { c: eve, deals: [deal('d5', 'eve', 'proposal', 20_000)], lastTouch: NOW - 3 * DAY },
      ]);
    const items = [
      item('dee-old', { contactEmail: dee.email, dueAt: NOW - 4 * DAY }),
      item('dee-new', { contactEmail: dee.email, dueAt: NOW - DAY }),
      item('eve', { contactEmail: eve.email, dueAt: NOW - DAY }),
      { ...item('x'), id: 'reminder:r1', kind: 'reminder' as const, dueAt: NOW - DAY },
      item('y', { dueAt: NOW - DAY }),
      item('z', { dueAt: NOW - DAY }),
    ];
    const first = await rankToday(items, NOW, ctx());
    expect(first.map((r) => r.item.id)).toEqual(['inbound:eve', 'inbound:dee-old', 'inbound:dee-new', 'inbound:y', 'inbound:z', 'reminder:r1']);
    expect(first[1]!.why).toBe('fit: a larger deal above ($20,000 vs $10,000)');
    expect(first[2]!.why).toBe('engagement: waiting less long (1 day vs 4 days)');
    expect(first[3]!.why).toBe('fit: a deal in proposal above no open deal');
    expect(first[4]!.why).toBe('a tie on every measure, kept in a fixed order');
    expect(first[5]!.why).toBe('a reminder after a inbound');
    for (const order of [[...items].reverse(), [items[3]!, items[0]!, items[5]!, items[1]!, items[4]!, items[2]!]]) {
      const again = await rankToday(order, NOW, ctx());
      expect(again).toEqual(first);
    }
  });

  it('the longer since the last touch ranks higher when all else is equal', async () => {
    const f = contact('f', 'f@a.example');
    const g = contact('g', 'g@b.example');
    const ranked = await rankToday([item('f', { contactEmail: f.email }), item('g', { contactEmail: g.email })], NOW, context([{ c: f, lastTouch: NOW - DAY }, { c: g, lastTouch: NOW - 9 * DAY }]));
    expect(ranked.map((r) => r.item.id)).toEqual(['inbound:g', 'inbound:f']);
    expect(ranked[1]!.why).toBe('engagement: touched more recently');
  });

  it('reads each contact once, in bulk, by address, never the whole tables', async () => {
    const ctx = context(people);
    await rankToday([item('a1', { contactEmail: ana.email }), item('a2', { contactEmail: 'ANA@acme.example' }), item('b', { contactEmail: bo.email })], NOW, ctx);
    expect(ctx.reads).toEqual(['contacts:2', 'deals:ana,bo', 'touch:ana,bo']);
  });

  it('keeps the first `limit`, reading last touches only where they can decide: the kept items and those tied with the last', async () => {
    const f = contact('f', 'f@a.example');
    const g = contact('g', 'g@b.example');
    const h = contact('h', 'h@c.example');
    const ctx = context([{ c: f, lastTouch: NOW - DAY }, { c: g, lastTouch: NOW - 9 * DAY }, { c: h, lastTouch: NOW - 20 * DAY }]);
    // f waits longest; g and h tie on every key before the last touch, and h (touched longest ago) wins that.
    const items = [item('f', { contactEmail: f.email, dueAt: NOW - 5 * DAY }), item('g', { contactEmail: g.email }), item('h', { contactEmail: h.email })];
    const top2 = await rankToday(items, NOW, ctx, 2);
    expect(top2.map((r) => r.item.id)).toEqual(['inbound:f', 'inbound:h']);
    expect(ctx.reads.at(-1)).toBe('touch:f,g,h');
    const ctx1 = context([{ c: f, lastTouch: NOW - DAY }, { c: g }, { c: h }]);
    expect((await rankToday(items, NOW, ctx1, 1)).map((r) => r.item.id)).toEqual(['inbound:f']);
    expect(ctx1.reads.at(-1)).toBe('touch:f');
    // The same as ranking everything and cutting.
    expect(top2).toEqual((await rankToday(items, NOW, ctx)).slice(0, 2));
  });

  it('an empty Today ranks to an empty list', async () => {
    expect(await rankToday([], NOW, context([]))).toEqual([]);
  });
});
