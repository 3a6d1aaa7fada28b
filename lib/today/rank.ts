import { z } from 'zod';
import type { Contact, Deal } from '../records';
import { DealStage } from '../records';
import { TodayItem } from './source';

// Today's order, decided by plain keys compared one after another, never by a blended score: new leads
// first; then fit (how far the contact's open deal has come, then its value); then engagement (how long the
// item has waited, then how long since the last touch); then the item's kind and id, so equal items always
// come out in the same order. Each ranked item carries its fit and engagement apart, the words for each, and
// which key put it below the item above it.

/** What ranking needs to know beyond the items: read by index (lib/today/context.ts), one item at a time. */
export interface RankContext {
  /** Contacts by any of their addresses (lower-cased). */
  contactsByEmail(emails: readonly string[]): Promise<Map<string, Contact>>;
  /** The open deals a contact is on (by contact, else by their company). */
  openDeals(contact: Contact): Promise<Deal[]>;
  /** When the rep was last in touch with the contact (their newest activity), if ever. */
  lastTouch(contactId: string): Promise<number | undefined>;
}

const OPEN_STAGES = ['negotiation', 'proposal', 'demo', 'qualified', 'lead'] as const;
/** Later stages rank higher: 5 for negotiation … 1 for lead; 0 for no open deal. */
const STAGE_RANK: Record<string, number> = Object.fromEntries(OPEN_STAGES.map((s, i) => [s, OPEN_STAGES.length - i]));
const KIND_ORDER: Record<TodayItem['kind'], number> = { inbound: 0, meeting: 1, 'sequence-step': 2, reminder: 3 };

export const Fit = z.object({
  stage: DealStage.optional(),
  dealName: z.string().max(300).optional(),
  amount: z.number().nonnegative().optional(),
  currency: z.string().max(3).optional(),
  /** "Deal in negotiation · €40,000", or "No open deal". */
  label: z.string().max(300),
});
export type Fit = z.infer<typeof Fit>;

export const Engagement = z.object({
  /** How long the item has waited (ms; 0 when not yet due). */
  waitingMs: z.number().int().nonnegative(),
  lastTouchAt: z.number().int().optional(),
  /** "Waiting 3 days · last touch 5 days ago". */
  label: z.string().max(300),
});
export type Engagement = z.infer<typeof Engagement>;

export const RankedItem = z.object({
  item: TodayItem,
  /** 1-based place in the list. */
  rank: z.number().int().positive(),
  fit: Fit,
  engagement: Engagement,
  /** Why it sits here, in words: the first key that put it below the item above ("first: new lead"). */
  why: z.string().max(500),
});
export type RankedItem = z.infer<typeof RankedItem>;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** "3 days", "5 hours", "12 minutes": whole units, rounded down, so the words never change between reads of one minute. */
export function duration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= DAY) return plural(Math.floor(ms / DAY), 'day');
  if (ms >= HOUR) return plural(Math.floor(ms / HOUR), 'hour');
  return plural(Math.max(0, Math.floor(ms / 60_000)), 'minute');
}

export function money(amount: number, currency?: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency ?? 'USD', maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${Math.round(amount)}${currency ? ` ${currency}` : ''}`;
  }
}

function fitOf(deals: readonly Deal[]): Fit {
  // The contact's most advanced open deal, the larger on a tie, then by id: one deal speaks for the fit.
  const best = [...deals]
    .filter((d) => STAGE_RANK[d.stage] !== undefined)
    .sort((a, b) => STAGE_RANK[b.stage]! - STAGE_RANK[a.stage]! || (b.amount ?? 0) - (a.amount ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  if (!best) return { label: 'No open deal' };
  const value = best.amount !== undefined ? ` · ${money(best.amount, best.currency)}` : '';
  return { stage: best.stage, dealName: best.name, amount: best.amount, currency: best.currency, label: `Deal in ${best.stage}${value}` };
}

function engagementOf(item: TodayItem, now: number, lastTouchAt: number | undefined): Engagement {
  const waitingMs = Math.max(0, now - item.dueAt);
  const waited = item.kind === 'inbound' ? `Waiting ${duration(waitingMs)}` : waitingMs > 0 ? `Due ${duration(waitingMs)} ago` : 'Due now';
  const touch = lastTouchAt === undefined ? 'never in touch before' : `last touch ${duration(Math.max(0, now - lastTouchAt))} ago`;
  return { waitingMs, lastTouchAt, label: `${waited} · ${touch}` };
}

interface Keyed {
  item: TodayItem;
  fit: Fit;
  engagement: Engagement;
}

/** The keys in the order they decide, each with the words for why the item above won on it. */
const KEYS: { compare: (a: Keyed, b: Keyed) => number; why: (above: Keyed, me: Keyed) => string }[] = [
  { compare: (a, b) => Number(b.item.newLead) - Number(a.item.newLead), why: () => 'below a new lead' },
  {
    compare: (a, b) => (STAGE_RANK[b.fit.stage ?? ''] ?? 0) - (STAGE_RANK[a.fit.stage ?? ''] ?? 0),
    why: (above, me) => `fit: ${above.fit.stage ? `a deal in ${above.fit.stage}` : 'an open deal'} above ${me.fit.stage ? `one in ${me.fit.stage}` : 'no open deal'}`,
  },
  {
    compare: (a, b) => (b.fit.amount ?? 0) - (a.fit.amount ?? 0),
    why: (above, me) => `fit: a larger deal above (${money(above.fit.amount ?? 0, above.fit.currency)} vs ${money(me.fit.amount ?? 0, me.fit.currency)})`,
  },
  {
    compare: (a, b) => b.engagement.waitingMs - a.engagement.waitingMs,
    why: (above, me) => `engagement: waiting less long (${duration(me.engagement.waitingMs)} vs ${duration(above.engagement.waitingMs)})`,
  },
  {
    // Longer since the last touch first: the contact who has heard nothing for longest; never touched counts as longest.
    compare: (a, b) => (a.engagement.lastTouchAt ?? -1) - (b.engagement.lastTouchAt ?? -1),
    why: () => 'engagement: touched more recently',
  },
  { compare: (a, b) => KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind], why: (above, me) => `a ${me.item.kind} after a ${above.item.kind}` },
  { compare: (a, b) => (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0), why: () => 'a tie on every measure, kept in a fixed order' },
];

const compareKeyed = (a: Keyed, b: Keyed) => {
  for (const key of KEYS) {
    const c = key.compare(a, b);
    if (c !== 0) return c;
  }
  return 0;
};

function whyFirst(me: Keyed): string {
  if (me.item.newLead) return 'first: a new lead';
  if (me.fit.stage) return `first: ${me.fit.label.toLowerCase()}`;
  return `first: ${me.engagement.label.split(' · ')[0]!.toLowerCase()}`;
}

/**
 * Rank the items of every source. Reads one contact, its open deals and its last touch per distinct
 * contact address among the items (by index), never the whole tables. Same items and `now` → same answer.
 */
export async function rankToday(items: readonly TodayItem[], now: number, context: RankContext): Promise<RankedItem[]> {
  const emails = [...new Set(items.map((i) => i.contactEmail?.toLowerCase()).filter((e): e is string => !!e))];
  const contacts = await context.contactsByEmail(emails);
  const perContact = new Map<string, Promise<{ deals: Deal[]; lastTouch?: number }>>();
  const about = (contact: Contact) => {
    let found = perContact.get(contact.id);
    if (!found) {
      found = Promise.all([context.openDeals(contact), context.lastTouch(contact.id)]).then(([deals, lastTouch]) => ({ deals, lastTouch }));
      perContact.set(contact.id, found);
    }
    return found;
  };
  const keyed: Keyed[] = await Promise.all(
    items.map(async (item) => {
      const contact = item.contactEmail ? contacts.get(item.contactEmail.toLowerCase()) : undefined;
      const known = contact ? await about(contact) : { deals: [] as Deal[], lastTouch: undefined };
      return { item, fit: fitOf(known.deals), engagement: engagementOf(item, now, known.lastTouch) };
    }),
  );
  keyed.sort(compareKeyed);
  return keyed.map((k, i) => {
    const above = keyed[i - 1];
    const key = above ? KEYS.find((key) => key.compare(above, k) !== 0) : undefined;
    return { item: k.item, rank: i + 1, fit: k.fit, engagement: k.engagement, why: above && key ? key.why(above, k) : whyFirst(k) };
  });
}
