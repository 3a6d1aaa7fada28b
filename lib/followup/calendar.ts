import { TZDate } from '@date-fns/tz';

// Calendar days as whole numbers (days since 1970-01-01): the follow-up rules work on local dates in the
// rep's time zone, never on instants, so a day is a plain number and arithmetic cannot drift across DST.

export type Day = number;

const MS_PER_DAY = 86_400_000;

/**
 * The day of a year, month and day (a month or day past its range carries over, as Date.UTC does). Whole
 * numbers in the usual ranges are counted by integer arithmetic (the inverse of `partsOf`); anything else goes
 * through Date.UTC, which also reads years 0–99 as 1900–1999.
 */
export function dayOf(year: number, month: number, day: number): Day {
  if ((year | 0) === year && year >= 100 && year <= 9999 && (month | 0) === month && month >= 1 && month <= 12 && (day | 0) === day && day > -100_000 && day < 100_000) {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yearOfEra = y - era * 400;
    const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
    return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
  }
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** The year, month and day of a day, by integer arithmetic (proleptic Gregorian): no Date to allocate per call. */
export function partsOf(day: Day): { year: number; month: number; day: number } {
  // Days counted from 0000-03-01, so a leap day ends its year; 146,097 days make a 400-year era.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const month = m < 10 ? m + 3 : m - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * m + 2) / 5) + 1 };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: Day): number => (((day + 4) % 7) + 7) % 7;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** YYYY-MM-DD (years outside 0–9999, and no day at all, as Date writes or rejects them). */
export function isoDay(day: Day): string {
  const { year, month, day: date } = partsOf(day);
  if (!(year >= 1000 && year <= 9999)) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return `${year}-${pad2(month)}-${pad2(date)}`;
}

export function parseIsoDay(iso: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  return isoDay(day) === iso ? day : undefined;
}

// One formatter per zone: building an Intl formatter costs far more than using one, and a date is read per
// message (measured in `npm run bench`).
const formatters = new Map<string, Intl.DateTimeFormat>();
// Every zone's offset is a whole number of quarter hours, and so is every change of offset: within one UTC
// quarter hour the local date cannot change, so the last answer per zone is reused inside it.
const QUARTER_HOUR = 900_000;
const lastDay = new Map<string, { bucket: number; day: Day }>();

/** The local date of an instant in a time zone: what "today" means to the rep at that moment. */
export function dayInZone(at: number, timeZone: string): Day {
  const bucket = Math.floor(at / QUARTER_HOUR);
  const cached = lastDay.get(timeZone);
  if (cached?.bucket === bucket) return cached.day;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, format);
  }
  // en-US numeric: "11/25/2026".
  const [month, date, year] = format.format(at).split('/').map(Number) as [number, number, number];
  const day = dayOf(year, month, date);
  lastDay.set(timeZone, { bucket, day });
  return day;
}

/** The instant a local wall-clock time on a day happens in a time zone (DST gaps resolve forward). */
export function instantInZone(day: Day, minutes: number, timeZone: string): number {
  const { year, month, day: date } = partsOf(day);
  return new TZDate(year, month - 1, date, Math.floor(minutes / 60), minutes % 60, timeZone).getTime();
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The days in a month (1–12) of a year: counted for whole numbers in the usual ranges, else by a Date. */
export function daysInMonth(year: number, month: number): number {
  if ((year | 0) === year && year >= 100 && year <= 9999 && (month | 0) === month && month >= 1 && month <= 12) {
    return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_LENGTHS[month - 1]!;
  }
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same day `months` later, clamped to the month's end (January 31 + 1 month = February 28/29). */
export function addMonthsTo(day: Day, months: number): Day {
  const { year, month, day: date } = partsOf(day);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return dayOf(y, m, Math.min(date, daysInMonth(y, m)));
}

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

const calendars = new Map<string, WorkingCalendar>();

/** Monday to Friday, the default working week (frozen, so it can stand for itself). */
export const MONDAY_TO_FRIDAY: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);
let defaultCalendar: WorkingCalendar | undefined;

/** The calendar for these settings, built once (a message is read per call; settings rarely change). */
export function workingCalendar(input: WorkingCalendarInput): WorkingCalendar {
  // The default week and no holidays (most reads): no key to build.
  if (input.workingDays === MONDAY_TO_FRIDAY && !input.holidays?.length) return (defaultCalendar ??= new WorkingCalendar({ workingDays: MONDAY_TO_FRIDAY }));
  const key = `${input.workingDays.join(',')}|${(input.holidays ?? []).join(',')}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size > 20) calendars.clear();
    calendar = new WorkingCalendar(input);
    calendars.set(key, calendar);
  }
  return calendar;
}


// January 1 and December 25 of 1970–2199 as days, looked up instead of taking every day apart (several
// working-day searches per message).
const FIXED_FIRST = dayOf(1970, 1, 1);
const FIXED_LAST = dayOf(2199, 12, 31);
const FIXED_HOLIDAYS = new Set<Day>();
for (let year = 1970; year < 2200; year++) FIXED_HOLIDAYS.add(dayOf(year, 1, 1)).add(dayOf(year, 12, 25));

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
    if (day >= FIXED_FIRST && day <= FIXED_LAST) return !FIXED_HOLIDAYS.has(day);
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
