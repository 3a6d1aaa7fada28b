import { TZDate, tz } from '@date-fns/tz';
import { addMonths, getDaysInMonth } from 'date-fns';

// Calendar days as whole numbers (days since 1970-01-01): the follow-up rules work on local dates in the
// rep's time zone, never on instants, so a day is a plain number and arithmetic cannot drift across DST.

export type Day = number;

const MS_PER_DAY = 86_400_000;
const utc = tz('UTC');

export const dayOf = (year: number, month: number, day: number): Day => Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);

export function partsOf(day: Day): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: Day): number => (((day + 4) % 7) + 7) % 7;

export const isoDay = (day: Day): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

export function parseIsoDay(iso: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  return isoDay(day) === iso ? day : undefined;
}

/** The local date of an instant in a time zone: what "today" means to the rep at that moment. */
export function dayInZone(at: number, timeZone: string): Day {
  const local = new TZDate(at, timeZone);
  return dayOf(local.getFullYear(), local.getMonth() + 1, local.getDate());
}

/** The instant a local wall-clock time on a day happens in a time zone (DST gaps resolve forward). */
export function instantInZone(day: Day, minutes: number, timeZone: string): number {
  const { year, month, day: date } = partsOf(day);
  return new TZDate(year, month - 1, date, Math.floor(minutes / 60), minutes % 60, timeZone).getTime();
}

export const addMonthsTo = (day: Day, months: number): Day =>
  Math.round(addMonths(new Date(day * MS_PER_DAY), months, { in: utc }).getTime() / MS_PER_DAY);

export const daysInMonth = (year: number, month: number): number => getDaysInMonth(new Date(Date.UTC(year, month - 1, 1)), { in: utc });

export const lastDayOfMonth = (year: number, month: number): Day => dayOf(year, month, daysInMonth(year, month));

/** Monday of the week holding `day` (weeks run Monday–Sunday). */
export const mondayOf = (day: Day): Day => day - ((weekdayOf(day) + 6) % 7);

/** The first day after `day` falling on `weekday`. */
export const nextWeekday = (day: Day, weekday: number): Day => day + (((weekday - weekdayOf(day) + 6) % 7) + 1);

export interface WorkingCalendarInput {
  /** Working weekdays, 0 = Sunday. */
  workingDays: readonly number[];
  /** Extra non-working dates (YYYY-MM-DD) the rep added. */
  holidays?: readonly string[];
}

// A bound on every search for a working day: with at least one working weekday a match comes within a
// fortnight unless the rep listed more holidays than that, and never after two years of them.
const SEARCH_LIMIT = 800;

/** Which days the rep works: the chosen weekdays, minus January 1, December 25 and the rep's holidays. */
export class WorkingCalendar {
  private readonly days: boolean[];
  private readonly holidays: Set<Day>;

  constructor(input: WorkingCalendarInput) {
    this.days = Array.from({ length: 7 }, (_, i) => input.workingDays.includes(i));
    if (!this.days.some(Boolean)) this.days.fill(true, 1, 6);
    this.holidays = new Set((input.holidays ?? []).map(parseIsoDay).filter((d): d is Day => d !== undefined));
  }

  isWorkingDay(day: Day): boolean {
    if (!this.days[weekdayOf(day)] || this.holidays.has(day)) return false;
    const { month, day: date } = partsOf(day);
    return !((month === 1 && date === 1) || (month === 12 && date === 25));
  }

  /** `day` itself when it is a working day, else the next one. */
  onOrAfter(day: Day): Day {
    for (let d = day, i = 0; i < SEARCH_LIMIT; d++, i++) if (this.isWorkingDay(d)) return d;
    return day;
  }

  /** The first working day strictly after `day`. */
  after(day: Day): Day {
    return this.onOrAfter(day + 1);
  }

  /** `day` itself when it is a working day, else the last one before it. */
  onOrBefore(day: Day): Day {
    for (let d = day, i = 0; i < SEARCH_LIMIT; d--, i++) if (this.isWorkingDay(d)) return d;
    return day;
  }

  /** The `n`th working day after `day` (n ≥ 1). */
  addWorkingDays(day: Day, n: number): Day {
    let d = day;
    for (let i = 0; i < n; i++) d = this.after(d);
    return d;
  }
}
