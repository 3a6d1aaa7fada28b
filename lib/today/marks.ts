import type { FollowthroughDb } from '../db';
import type { TodayMarkRow } from '../records';
import { WordsError, words } from '../words';

// The rep's marks on Today items whose source keeps no state of its own (inbound mail): done, snoozed until a
// time, skipped for the rest of the day. An item's id names the message it is about, so a newer message is a
// new item and shows again.

/** Far enough to mean "for good" and still a valid timestamp. */
export const FOREVER = 8_640_000_000_000_000;

export function endOfLocalDay(now: number): number {
  const d = new Date(now);
  d.setHours(23, 59, 59, 999);
  return d.getTime();
}

export class TodayMarks {
  constructor(private readonly db: FollowthroughDb) {}

  async set(id: string, mark: TodayMarkRow['mark'], now: number, until?: number): Promise<void> {
    const end = mark === 'done' ? FOREVER : mark === 'skipped' ? endOfLocalDay(now) : until;
    if (end === undefined || end <= now) throw new WordsError(words('err_snooze_future'), 'snooze needs a time in the future');
    await this.db.todayMarks.put({ id, mark, until: end, at: now });
  }

  /** The ids among these that the rep has put away for now. */
  async hidden(ids: readonly string[], now: number): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.todayMarks.bulkGet([...ids]);
    return new Set(rows.filter((r): r is TodayMarkRow => !!r && r.until > now).map((r) => r.id));
  }
}
