import { z } from 'zod';
import type { Contact, Deal } from '../records';
import { DealStage } from '../records';
import { TodayItem } from './source';
import { Words, words } from '../words';

// Today's order, decided by plain keys compared one after another, never by a blended score: new leads
// first; then fit (how far the contact's open deal has come, then its value); then engagement (how long the
// item has waited, then how long since the last touch); then the item's kind and id, so equal items always
// come out in the same order. Each ranked item carries its fit and engagement apart, the words for each, and
// which key put it below the item above it.

/** What ranking needs to know beyond the items, each asked in bulk and read by index (lib/today/context.ts). */
export interface RankContext {
  /** Contacts by any of their addresses (lower-cased). */
  contactsByEmail(emails: readonly string[]): Promise<Map<string, Contact>>;
  /** The open deals each contact is on (by contact, else by their company), by contact id. */
  openDeals(contacts: readonly Contact[]): Promise<Map<string, Deal[]>>;
  /** When the rep was last in touch with each contact (their newest activity), by contact id; absent if never. */
  lastTouch(contactIds: readonly string[]): Promise<Map<string, number>>;
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
  /** "Deal in negotiation · €40,000", or "No open deal" (English, for the log). */
  label: z.string().max(300),
  /** The same, for the surface to say in the rep's language (lib/say.ts). */
  labelWords: Words.optional(),
});
export type Fit = z.infer<typeof Fit>;

export const Engagement = z.object({
  /** How long the item has waited (ms; 0 when not yet due). */
  waitingMs: z.number().int().nonnegative(),
  lastTouchAt: z.number().int().optional(),
  /** "Waiting 3 days · last touch 5 days ago" (English, for the log). */
  label: z.string().max(300),
  labelWords: Words.optional(),
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
  /** The same, for the surface to say in the rep's language. */
  whyWords: Words.optional(),
});
export type RankedItem = z.infer<typeof RankedItem>;

const STAGE_WORDS: Record<string, Words> = {
  negotiation: words('stage_negotiation'),
  proposal: words('stage_proposal'),
  demo: words('stage_demo'),
  qualified: words('stage_qualified'),
  lead: words('stage_lead'),
};
const stageWords = (stage: string | undefined): Words => (stage && STAGE_WORDS[stage]) || { key: 'stage_named', args: { stage: stage ?? '' } };
const KIND_WORDS: Record<TodayItem['kind'], Words> = {
  inbound: words('today_kind_inbound'),
  meeting: words('today_kind_meeting'),
  'sequence-step': words('today_kind_sequence_step'),
  reminder: words('today_kind_reminder'),
};

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** "3 days", "5 hours", "12 minutes": whole units, rounded down, so the words never change between reads of one minute. */
export function duration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= DAY) return plural(Math.floor(ms / DAY), 'day');
  if (ms >= HOUR) return plural(Math.floor(ms / HOUR), 'hour');
  return plural(Math.max(0, Math.floor(ms / 60_000)), 'minute');
}

// One formatter per currency, made once: making an Intl.NumberFormat costs far more than formatting with it,
// and ranking formats a value for every item on every read.
const FORMATS = new Map<string, Intl.NumberFormat | null>();

export function money(amount: number, currency?: string): string {
  const code = currency ?? 'USD';
  let format = FORMATS.get(code);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 0 });
    } catch {
      format = null; // not a currency code Intl knows
    }
    if (FORMATS.size < 200) FORMATS.set(code, format);
  }
  return format ? format.format(amount) : `${Math.round(amount)}${currency ? ` ${currency}` : ''}`;
}

function fitOf(deals: readonly Deal[]): Fit {
  // The contact's most advanced open deal, the larger on a tie, then by id: one deal speaks for the fit.
  const best = [...deals]
    .filter((d) => STAGE_RANK[d.stage] !== undefined)
    .sort((a, b) => STAGE_RANK[b.stage]! - STAGE_RANK[a.stage]! || (b.amount ?? 0) - (a.amount ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  if (!best) return { label: 'No open deal', labelWords: words('today_fit_none') };
  const value = best.amount !== undefined ? ` · ${money(best.amount, best.currency)}` : '';
  const labelWords =
    best.amount !== undefined
      ? words('today_fit_deal_value', { stage: stageWords(best.stage), value: { money: best.amount, currency: best.currency ?? 'USD' } })
      : words('today_fit_deal', { stage: stageWords(best.stage) });
  return { stage: best.stage, dealName: best.name, amount: best.amount, currency: best.currency, label: `Deal in ${best.stage}${value}`, labelWords };
}

const waitedWords = (item: TodayItem, waitingMs: number): Words =>
  item.kind === 'inbound' ? words('today_waiting', { time: { ms: waitingMs } }) : waitingMs > 0 ? words('today_due_ago', { time: { ago: waitingMs } }) : words('today_due_now');
const touchWords = (now: number, lastTouchAt: number | undefined): Words =>
  lastTouchAt === undefined ? words('today_never_touched') : words('today_last_touch', { time: { ago: Math.max(0, now - lastTouchAt) } });

function engagementOf(item: TodayItem, now: number, lastTouchAt: number | undefined): Engagement {
  const waitingMs = Math.max(0, now - item.dueAt);
  const waited = item.kind === 'inbound' ? `Waiting ${duration(waitingMs)}` : waitingMs > 0 ? `Due ${duration(waitingMs)} ago` : 'Due now';
  const touch = lastTouchAt === undefined ? 'never in touch before' : `last touch ${duration(Math.max(0, now - lastTouchAt))} ago`;
  return { waitingMs, lastTouchAt, label: `${waited} · ${touch}`, labelWords: words('today_engagement_label', { waited: waitedWords(item, waitingMs), touch: touchWords(now, lastTouchAt) }) };
}

interface Keyed {
  item: TodayItem;
  contactId?: string;
  fit: Fit;
  engagement: Engagement;
}

/** The keys in the order they decide, each with the words for why the item above won on it. */
const KEYS: { compare: (a: Keyed, b: Keyed) => number; why: (above: Keyed, me: Keyed) => string; words: (above: Keyed, me: Keyed) => Words }[] = [
  { compare: (a, b) => Number(b.item.newLead) - Number(a.item.newLead), why: () => 'below a new lead', words: () => words('today_why_below_lead') },
  {
    compare: (a, b) => (STAGE_RANK[b.fit.stage ?? ''] ?? 0) - (STAGE_RANK[a.fit.stage ?? ''] ?? 0),
    why: (above, me) => `fit: ${above.fit.stage ? `a deal in ${above.fit.stage}` : 'an open deal'} above ${me.fit.stage ? `one in ${me.fit.stage}` : 'no open deal'}`,
    words: (above, me) =>
      words('today_why_stage', {
        above: above.fit.stage ? words('today_why_a_deal_in', { stage: stageWords(above.fit.stage) }) : words('today_why_an_open_deal'),
        me: me.fit.stage ? words('today_why_one_in', { stage: stageWords(me.fit.stage) }) : words('today_why_no_open_deal'),
      }),
  },
  {
    compare: (a, b) => (b.fit.amount ?? 0) - (a.fit.amount ?? 0),
    why: (above, me) => `fit: a larger deal above (${money(above.fit.amount ?? 0, above.fit.currency)} vs ${money(me.fit.amount ?? 0, me.fit.currency)})`,
    words: (above, me) =>
      words('today_why_amount', { above: { money: above.fit.amount ?? 0, currency: above.fit.currency ?? 'USD' }, me: { money: me.fit.amount ?? 0, currency: me.fit.currency ?? 'USD' } }),
  },
  {
    compare: (a, b) => b.engagement.waitingMs - a.engagement.waitingMs,
    why: (above, me) => `engagement: waiting less long (${duration(me.engagement.waitingMs)} vs ${duration(above.engagement.waitingMs)})`,
    words: (above, me) => words('today_why_waiting', { me: { ms: me.engagement.waitingMs }, above: { ms: above.engagement.waitingMs } }),
  },
  {
    // Longer since the last touch first: the contact who has heard nothing for longest; never touched counts as longest.
    compare: (a, b) => (a.engagement.lastTouchAt ?? -1) - (b.engagement.lastTouchAt ?? -1),
    why: () => 'engagement: touched more recently',
    words: () => words('today_why_touched'),
  },
  {
    compare: (a, b) => KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind],
    why: (above, me) => `a ${me.item.kind} after a ${above.item.kind}`,
    words: (above, me) => words('today_why_kind', { me: KIND_WORDS[me.item.kind], above: KIND_WORDS[above.item.kind] }),
  },
  { compare: (a, b) => (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0), why: () => 'a tie on every measure, kept in a fixed order', words: () => words('today_why_tie') },
];

/** Keys up to `upTo` (exclusive), then kind and id: the order before last touches are known. */
const compareWith = (keys: typeof KEYS) => (a: Keyed, b: Keyed) => {
  for (const key of keys) {
    const c = key.compare(a, b);
    if (c !== 0) return c;
  }
  return 0;
};
const LAST_TOUCH_KEY = 4;
const compareKeyed = compareWith(KEYS);
const compareBeforeTouch = compareWith(KEYS.slice(0, LAST_TOUCH_KEY));
const compareProvisional = compareWith([...KEYS.slice(0, LAST_TOUCH_KEY), ...KEYS.slice(LAST_TOUCH_KEY + 1)]);

function whyFirstWords(me: Keyed): Words {
  if (me.item.newLead) return words('today_why_first_lead');
  if (me.fit.stage) return words('today_why_first', { what: me.fit.labelWords ?? me.fit.label });
  return words('today_why_first', { what: waitedWords(me.item, me.engagement.waitingMs) });
}

function whyFirst(me: Keyed): string {
  if (me.item.newLead) return 'first: a new lead';
  if (me.fit.stage) return `first: ${me.fit.label.toLowerCase()}`;
  return `first: ${me.engagement.label.split(' · ')[0]!.toLowerCase()}`;
}

/**
 * Rank the items of every source and keep the first `limit`. Reads the contacts and their open deals in bulk
 * by index, and the last touch only of the contacts whose place it can decide (the first `limit` items and
 * any tied with the last of them) — never whole tables. Same items and `now` → same answer.
 */
export async function rankToday(items: readonly TodayItem[], now: number, context: RankContext, limit = Number.POSITIVE_INFINITY): Promise<RankedItem[]> {
  const emails = [...new Set(items.map((i) => i.contactEmail?.toLowerCase()).filter((e): e is string => !!e))];
  const contacts = await context.contactsByEmail(emails);
  const distinct = [...new Map([...contacts.values()].map((c) => [c.id, c])).values()];
  const deals = distinct.length ? await context.openDeals(distinct) : new Map<string, Deal[]>();
  const keyed: Keyed[] = items.map((item) => {
    const contact = item.contactEmail ? contacts.get(item.contactEmail.toLowerCase()) : undefined;
    return { item, contactId: contact?.id, fit: fitOf(contact ? (deals.get(contact.id) ?? []) : []), engagement: engagementOf(item, now, undefined) };
  });
  keyed.sort(compareProvisional);
  // Only items tied with the last one kept can change places on the last touch; the rest are cut already.
  let end = Math.min(limit, keyed.length);
  while (end > 0 && end < keyed.length && compareBeforeTouch(keyed[end - 1]!, keyed[end]!) === 0) end++;
  const head = keyed.slice(0, end);
  const ids = [...new Set(head.map((k) => k.contactId).filter((c): c is string => !!c))];
  const touches = ids.length ? await context.lastTouch(ids) : new Map<string, number>();
  for (const k of head) k.engagement = engagementOf(k.item, now, k.contactId ? touches.get(k.contactId) : undefined);
  head.sort(compareKeyed);
  const kept = head.slice(0, limit);
  return kept.map((k, i) => {
    const above = kept[i - 1];
    const key = above ? KEYS.find((key) => key.compare(above, k) !== 0) : undefined;
    return {
      item: k.item,
      rank: i + 1,
      fit: k.fit,
      engagement: k.engagement,
      why: above && key ? key.why(above, k) : whyFirst(k),
      whyWords: above && key ? key.words(above, k) : whyFirstWords(k),
    };
  });
}
