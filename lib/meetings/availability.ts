import { dayInZone, isoDay, parseIsoDay, weekdayOf, type Day } from '../followup/calendar';
import { wallToInstant as instantInZone } from './zone';
import { minutesOf, type AvailabilityRules, type BusyInterval, type TimeRange } from './schema';
import { words, type WordArg, type Words } from '../words';

// Open slots from the rep's rules and busy time. Pure: the clock and the busy intervals come in. Days are the
// rep's local dates; each range's wall-clock start and end become instants in the rep's zone, and slots step
// from the range's start in real minutes, so a daylight-saving change never shifts or drops a slot.
//
// Buffers follow Cal.com's "buffers stack" (cal.com/help/event-types/event-buffer, read 2026-12-06): a meeting
// booked here keeps its own before/after buffers and the new meeting needs its own too, so two of ours sit
// bufferAfter + bufferBefore apart; a calendar event or a hold only gets the new meeting's buffers.

const MINUTE = 60_000;
const DAY_SEARCH_LIMIT = 800;

export type BlockCode = 'past' | 'notice' | 'busy' | 'buffer' | 'cap';

export interface Candidate {
  start: number;
  end: number;
  /** The rep's local date, YYYY-MM-DD. */
  day: string;
  offered: boolean;
  code?: BlockCode;
  /** Why this time is not offered, for the rep: "blocked: all-day 'Offsite'". */
  reason?: string;
  /** The same in the rep's language (lib/say.ts), without the busy time's clock times: what the summary shows. */
  words?: Words;
}

export interface DayNote {
  day: string;
  /** Why the day offers nothing by its rules: "day off (override)", "no working hours on Saturday". */
  reason: string;
  words: Words;
}

export interface SlotsResult {
  slots: Array<{ start: number; end: number }>;
  candidates: Candidate[];
  days: DayNote[];
  /** The rep's local days searched, first and last (YYYY-MM-DD). */
  from: string;
  until: string;
}

export interface SlotsQuery {
  now: number;
  /** Minutes; the rules' first length when absent. */
  length?: number;
}

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function rangesOf(rules: AvailabilityRules, overrides: Map<string, readonly TimeRange[]>, day: Day): { ranges: readonly TimeRange[]; overridden: boolean } {
  const o = overrides.get(isoDay(day));
  if (o) return { ranges: o, overridden: true };
  return { ranges: rules.weekly[weekdayOf(day)] ?? [], overridden: false };
}

/** The rep's local days inside the horizon, today first. */
export function horizonDays(rules: AvailabilityRules, now: number): Day[] {
  const overrides = overrideMap(rules);
  const today = dayInZone(now, rules.timeZone);
  const days: Day[] = [];
  if (rules.horizon.kind === 'calendar') {
    for (let i = 0; i < rules.horizon.days; i++) days.push(today + i);
    return days;
  }
  // Working days: days with any hours once overrides are applied (a holiday override does not count).
  let counted = 0;
  for (let d = today; counted < rules.horizon.days && d < today + DAY_SEARCH_LIMIT; d++) {
    days.push(d);
    if (rangesOf(rules, overrides, d).ranges.length > 0) counted++;
  }
  return days;
}

function overrideMap(rules: AvailabilityRules): Map<string, readonly TimeRange[]> {
  return new Map(rules.overrides.map((o) => [o.date, o.ranges]));
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
export function clock(at: number, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormats.set(timeZone, f);
  }
  return f.format(at);
}

function describeNotice(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** A span of minutes for the rep: whole days or hours as a duration ("4 hours"), else counted minutes ("90 minutes"). */
const span = (minutes: number): WordArg => (minutes < 60 || minutes % 60 === 0 ? { ms: minutes * MINUTE } : words('meet_minutes', { count: minutes }));

const WEEKDAY_WORDS = [0, 1, 2, 3, 4, 5, 6].map((d) => words(`meet_why_no_hours_${d as 0 | 1 | 2 | 3 | 4 | 5 | 6}`));
const noticeWords = (minutes: number) => words('meet_why_notice', { notice: span(minutes) });
const capWords = (cap: number, day: string) => words('meet_why_cap', { count: cap, day: { day } });
const dayNote = (overridden: boolean, day: Day): DayNote => ({
  day: isoDay(day),
  reason: overridden ? 'day off (override)' : `no working hours on ${WEEKDAY[weekdayOf(day)]}`,
  words: overridden ? words('meet_why_day_off') : WEEKDAY_WORDS[weekdayOf(day)]!,
});

interface Prepared {
  busy: BusyInterval[];
  pad: number;
  crmPerDay: Map<Day, number>;
}

function prepare(rules: AvailabilityRules, busy: readonly BusyInterval[]): Prepared {
  const sorted = busy.filter((b) => b.end > b.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const crmPerDay = new Map<Day, number>();
  for (const b of sorted) {
    if (b.source !== 'crm') continue;
    const d = dayInZone(b.start, rules.timeZone);
    crmPerDay.set(d, (crmPerDay.get(d) ?? 0) + 1);
  }
  return { busy: sorted, pad: (rules.bufferBefore + rules.bufferAfter) * MINUTE, crmPerDay };
}

/** How far around a busy interval a new meeting must keep away: [before its start, after its end]. */
function reach(rules: AvailabilityRules, b: BusyInterval): [number, number] {
  // A new meeting ending at s needs bufferAfter before b; if b is ours it also keeps its own bufferBefore.
  const before = (rules.bufferAfter + (b.source === 'crm' ? rules.bufferBefore : 0)) * MINUTE;
  const after = (rules.bufferBefore + (b.source === 'crm' ? rules.bufferAfter : 0)) * MINUTE;
  return [before, after];
}

function busyReason(rules: AvailabilityRules, b: BusyInterval, start: number, end: number): { code: BlockCode; reason: string; words: Words } {
  const title = b.title || (b.source === 'hold' ? 'a proposed time' : 'busy');
  // The calendar's own title as written; ours in the rep's language.
  const titleWords = words('meet_quote', { text: b.titleWords ?? (b.title || words(b.source === 'hold' ? 'meet_busy_proposed' : 'meet_busy_untitled')) });
  if (start < b.end && end > b.start) {
    if (b.allDay) return { code: 'busy', reason: `blocked: all-day '${title}'`, words: words('meet_why_busy_all_day', { title: titleWords }) };
    return { code: 'busy', reason: `blocked: '${title}' ${clock(b.start, rules.timeZone)}–${clock(b.end, rules.timeZone)}`, words: words('meet_why_busy', { title: titleWords }) };
  }
  const side = end <= b.start ? 'before' : 'after';
  const [before, after] = reach(rules, b);
  const gap = Math.round((side === 'before' ? before : after) / MINUTE);
  return {
    code: 'buffer',
    reason: `buffer: needs ${gap} min ${side} '${title}' ${clock(b.start, rules.timeZone)}–${clock(b.end, rules.timeZone)}`,
    words: words(side === 'before' ? 'meet_why_buffer_before' : 'meet_why_buffer_after', { gap: span(gap), title: titleWords }),
  };
}

/**
 * Every candidate time on the slot grid inside working hours and the horizon, each offered or blocked with its
 * reason; `slots` are the offered ones in time order. Busy intervals need not be sorted.
 */
export function computeSlots(rules: AvailabilityRules, busy: readonly BusyInterval[], query: SlotsQuery): SlotsResult {
  const length = (query.length ?? rules.lengths[0]!) * MINUTE;
  const step = (rules.interval ?? query.length ?? rules.lengths[0]!) * MINUTE;
  const overrides = overrideMap(rules);
  const days = horizonDays(rules, query.now);
  const earliest = query.now + rules.minimumNotice * MINUTE;
  const prepared = prepare(rules, busy);
  const candidates: Candidate[] = [];
  const notes: DayNote[] = [];
  const slots: Array<{ start: number; end: number }> = [];
  // A sweep: candidates come in time order, so busy intervals enter once and leave once.
  let next = 0;
  let active: BusyInterval[] = [];
  // Reasons are the same for every candidate one interval blocks on one side: built once each.
  const reasons = new Map<BusyInterval, Map<string, { code: BlockCode; reason: string; words: Words }>>();
  const reasonFor = (b: BusyInterval, start: number, end: number) => {
    const key = start < b.end && end > b.start ? 'over' : end <= b.start ? 'before' : 'after';
    let byKey = reasons.get(b);
    if (!byKey) reasons.set(b, (byKey = new Map()));
    let r = byKey.get(key);
    if (!r) byKey.set(key, (r = busyReason(rules, b, start, end)));
    return r;
  };
  const noticeReason = `inside the minimum notice (${describeNotice(rules.minimumNotice)})`;
  const notice = noticeWords(rules.minimumNotice);
  const past = words('meet_why_past');
  for (const day of days) {
    const iso = isoDay(day);
    const { ranges, overridden } = rangesOf(rules, overrides, day);
    if (ranges.length === 0) {
      notes.push(dayNote(overridden, day));
      continue;
    }
    const capped = rules.dailyCap !== undefined && (prepared.crmPerDay.get(day) ?? 0) >= rules.dailyCap;
    const sortedRanges = [...ranges].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const range of sortedRanges) {
      const rangeStart = instantInZone(day, minutesOf(range.start), rules.timeZone);
      const endMinutes = minutesOf(range.end);
      const rangeEnd = endMinutes === 1440 ? instantInZone(day + 1, 0, rules.timeZone) : instantInZone(day, endMinutes, rules.timeZone);
      for (let start = rangeStart; start + length <= rangeEnd; start += step) {
        const end = start + length;
        const c: Candidate = { start, end, day: iso, offered: false };
        candidates.push(c);
        // Busy intervals that could touch [start - pad, end + pad).
        while (next < prepared.busy.length && prepared.busy[next]!.start < end + prepared.pad) active.push(prepared.busy[next++]!);
        if (active.length > 0 && active[0]!.end + prepared.pad <= start) active = active.filter((b) => b.end + prepared.pad > start);
        else if (active.length > 8) active = active.filter((b) => b.end + prepared.pad > start);
        if (start < query.now) {
          c.code = 'past';
          c.reason = 'already past';
          c.words = past;
          continue;
        }
        if (start < earliest) {
          c.code = 'notice';
          c.reason = noticeReason;
          c.words = notice;
          continue;
        }
        if (capped) {
          c.code = 'cap';
          c.reason = `daily cap reached (${rules.dailyCap} meeting${rules.dailyCap === 1 ? '' : 's'} on ${iso})`;
          c.words = capWords(rules.dailyCap!, iso);
          continue;
        }
        let hit: BusyInterval | undefined;
        for (const b of active) {
          const [before, after] = reach(rules, b);
          if (start < b.end + after && end > b.start - before) {
            // Prefer an interval the slot itself overlaps over one it only comes too close to.
            if (!hit || (start < b.end && end > b.start)) hit = b;
            if (start < b.end && end > b.start) break;
          }
        }
        if (hit) {
          const r = reasonFor(hit, start, end);
          c.code = r.code;
          c.reason = r.reason;
          c.words = r.words;
          continue;
        }
        c.offered = true;
        slots.push({ start, end });
      }
    }
  }
  return { slots, candidates, days: notes, from: isoDay(days[0]!), until: isoDay(days[days.length - 1]!) };
}

/**
 * Why a given time is or is not open, for a time the rep asks about ("why not Thursday 15:00?"): the same
 * checks as `computeSlots`, plus working hours and the horizon. Undefined = it is open.
 */
export function explain(rules: AvailabilityRules, busy: readonly BusyInterval[], start: number, query: SlotsQuery): string | undefined {
  const length = (query.length ?? rules.lengths[0]!) * MINUTE;
  const end = start + length;
  const day = dayInZone(start, rules.timeZone);
  const days = horizonDays(rules, query.now);
  if (day < days[0]!) return 'already past';
  if (day > days[days.length - 1]!) return `beyond the booking horizon (${rules.horizon.days} ${rules.horizon.kind === 'working' ? 'working ' : ''}days)`;
  const { ranges, overridden } = rangesOf(rules, overrideMap(rules), day);
  if (ranges.length === 0) return overridden ? 'day off (override)' : `no working hours on ${WEEKDAY[weekdayOf(day)]}`;
  const inside = ranges.some((r) => {
    const rs = instantInZone(day, minutesOf(r.start), rules.timeZone);
    const em = minutesOf(r.end);
    const re = em === 1440 ? instantInZone(day + 1, 0, rules.timeZone) : instantInZone(day, em, rules.timeZone);
    return start >= rs && end <= re;
  });
  if (!inside) return 'outside working hours';
  if (start < query.now) return 'already past';
  if (start < query.now + rules.minimumNotice * MINUTE) return `inside the minimum notice (${describeNotice(rules.minimumNotice)})`;
  const prepared = prepare(rules, busy);
  if (rules.dailyCap !== undefined && (prepared.crmPerDay.get(day) ?? 0) >= rules.dailyCap) {
    return `daily cap reached (${rules.dailyCap} meeting${rules.dailyCap === 1 ? '' : 's'} on ${isoDay(day)})`;
  }
  let hit: BusyInterval | undefined;
  for (const b of prepared.busy) {
    const [before, after] = reach(rules, b);
    if (start < b.end + after && end > b.start - before && (!hit || (start < b.end && end > b.start))) hit = b;
  }
  return hit ? busyReason(rules, hit, start, end).reason : undefined;
}

/** Whether a YYYY-MM-DD is a valid local day (for overrides typed by the rep). */
export const isDay = (iso: string): boolean => parseIsoDay(iso) !== undefined;

/**
 * A few slots to propose: one per day where possible, inside the recipient's daytime (08:00–18:00 in their zone)
 * when their zone is known, alternating morning and afternoon so the choice is real.
 */
export function suggestSlots(slots: ReadonlyArray<{ start: number; end: number }>, options: { count: number; repZone: string; recipientZone?: string }): Array<{ start: number; end: number }> {
  const daytime = (s: { start: number; end: number }) => {
    if (!options.recipientZone) return true;
    const [h, m] = clock(s.start, options.recipientZone).split(':').map(Number) as [number, number];
    const [eh, em] = clock(s.end, options.recipientZone).split(':').map(Number) as [number, number];
    const a = h * 60 + m;
    const b = eh * 60 + em || 1440;
    return a >= 8 * 60 && b <= 18 * 60 && b > a;
  };
  const byDay = new Map<Day, Array<{ start: number; end: number }>>();
  for (const s of slots) {
    const d = dayInZone(s.start, options.repZone);
    const list = byDay.get(d) ?? [];
    list.push(s);
    byDay.set(d, list);
  }
  const picked: Array<{ start: number; end: number }> = [];
  let afternoon = false;
  for (const list of byDay.values()) {
    if (picked.length >= options.count) break;
    const good = list.filter(daytime);
    const pool = good.length > 0 ? good : [];
    if (pool.length === 0) continue;
    const pm = pool.filter((s) => Number(clock(s.start, options.repZone).slice(0, 2)) >= 12);
    const am = pool.filter((s) => Number(clock(s.start, options.repZone).slice(0, 2)) < 12);
    const choice = (afternoon ? pm[0] ?? am[0] : am[0] ?? pm[0])!;
    picked.push(choice);
    afternoon = !afternoon;
  }
  // Fewer days than slots wanted: fill from the rest in time order.
  if (picked.length < options.count) {
    for (const s of slots) {
      if (picked.length >= options.count) break;
      if (daytime(s) && !picked.includes(s)) picked.push(s);
    }
  }
  return picked.sort((a, b) => a.start - b.start);
}
