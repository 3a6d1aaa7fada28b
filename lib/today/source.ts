import { z } from 'zod';
import { GmailThreadId } from '../records';
import { Words, words } from '../words';

// Today: one ranked list of what the rep should do now. Each capability that has work for the rep (inbound mail
// waiting for an answer, due reminders, due sequence steps, meetings to confirm) is a `TodaySource`: it lists its
// items and carries out the rep's action on one of them. lib/today ranks the items of every source together and
// explains each place; the side panel and the options page show the list and send the rep's action back through
// the `today.*` channels to the source that owns the item.

export const TodayKind = z.enum(['inbound', 'reminder', 'sequence-step', 'meeting']);
export type TodayKind = z.infer<typeof TodayKind>;

/** What the rep can do with an item in one click (Enter acts with the first; `e` is `done`). */
export const TodayAction = z.enum(['open', 'insert', 'done', 'snooze', 'skip']);
export type TodayAction = z.infer<typeof TodayAction>;
/** An action's name as its button says it, for words about it ("this item cannot do “Insert”"). */
export const actionWords = (action: string): Words | string =>
  ({ open: words('todayAction_open'), insert: words('todayAction_insert'), done: words('todayAction_done'), snooze: words('todayAction_snooze'), skip: words('todayAction_skip') })[action] ?? action;

export const TodayItem = z.object({
  /** Unique across sources: `${kind}:${the source's own key}`. */
  id: z.string().min(1).max(300),
  kind: TodayKind,
  /** What to do, in words for the rep: "Reply to Jane Doe — Pricing for Q3". */
  title: z.string().min(1).max(500),
  /** One more line: "Step 2 of 3 in ‘Q4 outreach’ · email". */
  detail: z.string().max(500).default(''),
  /** Title and detail for the surface to say in the rep's language (lib/say.ts); the detail's parts are joined by " · ". */
  titleWords: Words.optional(),
  detailWords: z.array(Words).max(6).optional(),
  contactEmail: z.email().optional(),
  threadId: GmailThreadId.optional(),
  /** When the item became due (ms): the inbound message's date, the reminder's day, the step's due day. */
  dueAt: z.number().int(),
  /** An inbound message from a sender the rep never wrote to before (lead routing puts these first). */
  newLead: z.boolean().default(false),
  /** The actions this item offers, the default first. */
  actions: z.array(TodayAction).min(1).max(5),
});
export type TodayItem = z.infer<typeof TodayItem>;

export const TodayActResult = z.union([
  z.object({ ok: z.literal(true), note: z.string().max(500).optional(), words: Words.optional() }),
  z.object({ ok: z.literal(false), reason: z.string().min(1).max(500), words: Words.optional() }),
]);
export type TodayActResult = z.infer<typeof TodayActResult>;

/** One capability's part of Today. `items` is called on every Today read, so it reads indexes, never scans. */
export interface TodaySource {
  kind: TodayKind;
  items(now: number): Promise<TodayItem[]>;
  /** Carry out the rep's action on one of this source's items; `until` is a snooze's end (ms). */
  act(itemId: string, action: TodayAction, options: { now: number; until?: number; tabId?: number }): Promise<TodayActResult>;
}
