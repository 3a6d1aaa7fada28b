import { rankToday, type RankContext, type RankedItem } from './rank';
import { TodayActResult, TodayItem, type TodayAction, type TodaySource } from './source';
import type { TodayMarks } from './marks';
import { words } from '../words';

// Today over every source: each lists its items, the rep's put-away marks are applied, and the rest is ranked
// together. One source failing never empties Today: its failure is said beside the others' items.

export interface TodayList {
  items: RankedItem[];
  /** Sources that could not answer, in words for the rep. */
  problems: string[];
}

/** The most items Today shows at once; the rest wait for the rep to clear the top. */
export const TODAY_LIMIT = 100;

export function createToday({ sources, context, marks }: { sources: readonly TodaySource[]; context: RankContext; marks: TodayMarks }) {
  const byKind = new Map(sources.map((s) => [s.kind, s]));
  return {
    async list(now: number): Promise<TodayList> {
      const problems: string[] = [];
      const answers = await Promise.allSettled(sources.map((s) => s.items(now)));
      const items: TodayItem[] = [];
      answers.forEach((answer, i) => {
        const kind = sources[i]!.kind;
        if (answer.status === 'rejected') {
          problems.push(`${kind}: ${answer.reason instanceof Error ? answer.reason.message : String(answer.reason)}`);
          return;
        }
        for (const raw of answer.value) {
          // A source's item is checked like any message at a boundary: a bad one is named, not shown.
          const parsed = TodayItem.safeParse(raw);
          if (parsed.success && parsed.data.kind === kind) items.push(parsed.data);
          else problems.push(`${kind}: an item was unreadable (${parsed.success ? 'wrong kind' : (parsed.error.issues[0]?.message ?? '')})`);
        }
      });
      const hidden = await marks.hidden(items.map((i) => i.id), now);
      const ranked = await rankToday(items.filter((i) => !hidden.has(i.id)), now, context, TODAY_LIMIT);
      return { items: ranked, problems };
    },

    async act(itemId: string, action: TodayAction, options: { now: number; until?: number; tabId?: number }): Promise<TodayActResult> {
      const kind = itemId.slice(0, itemId.indexOf(':'));
      const source = byKind.get(kind as TodaySource['kind']);
      if (!source) return { ok: false, reason: `nothing on Today owns “${itemId}”`, words: words('err_today_not_yours', { item: itemId }) };
      const result = TodayActResult.safeParse(await source.act(itemId, action, options));
      return result.success ? result.data : { ok: false, reason: `${kind}: an unreadable answer`, words: words('err_today_unreadable', { kind }) };
    },
  };
}
export type Today = ReturnType<typeof createToday>;
