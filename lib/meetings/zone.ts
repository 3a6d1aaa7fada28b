import { partsOf, type Day } from '../followup/calendar';

// Wall-clock time → instant in a zone, fast: the slot engine turns two range ends per day into instants, and
// TZDate costs far more per call than the whole rest of a 30-day computation (measured in `npm run bench`).
// A zone's offset changes only on quarter-hour boundaries, so it is read once per zone and UTC quarter hour.

const QUARTER = 900_000;
const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at an instant, in ms (east positive). */
export function offsetAt(at: number, timeZone: string): number {
  const bucket = Math.floor(at / QUARTER);
  let cache = offsets.get(timeZone);
  if (!cache) offsets.set(timeZone, (cache = new Map()));
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  const probe = bucket * QUARTER;
  for (const part of f.formatToParts(probe)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  const offset = wall - probe;
  if (cache.size > 20_000) cache.clear();
  cache.set(bucket, offset);
  return offset;
}

/** The instant a local day's wall-clock minute happens in a zone; a time skipped by DST resolves forward. */
export function wallToInstant(day: Day, minutes: number, timeZone: string): number {
  const { year, month, day: date } = partsOf(day);
  const wall = Date.UTC(year, month - 1, date, 0, minutes);
  const guess = wall - offsetAt(wall, timeZone);
  const offset = offsetAt(guess, timeZone);
  const at = wall - offset;
  const actual = offsetAt(at, timeZone);
  // In a gap the wall time does not exist: read it with the offset before the change (02:30 → 03:30).
  return actual === offset ? at : wall - actual;
}
