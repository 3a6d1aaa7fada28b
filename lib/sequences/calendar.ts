import type Holidays from 'date-holidays';
// Loaded on first use: its data is ~4 MB of the worker's heap, and most workers never plan a sequence step.
import loadDateHolidays from 'lazy:date-holidays';
import { dayInZone, instantInZone, isoDay, partsOf, weekdayOf, type Day } from '../followup/calendar';
import type { SendWindow } from './schema';
import { WordsError, words } from '../words';

// Working days and send windows in the recipient's time zone. Days are local calendar dates (whole numbers,
// lib/followup/calendar), so adding working days never drifts across a daylight-saving change; only turning a
// window's wall-clock times into instants consults the zone, through @date-fns/tz (TZDate).

export type { Day };

const MINUTE = 60_000;
const SEARCH_LIMIT = 800;

// date-holidays builds a country's rules once per instance; each year's dates are computed once.
const instances = new Map<string, Holidays>();
const years = new Map<string, Map<Day, string>>();
let known: Set<string> | undefined;

/** Whether date-holidays knows this country (its region, when given, is checked by date-holidays itself). */
export function isKnownCountry(code: string): boolean {
  const { default: Holidays } = loadDateHolidays();
  known ??= new Set(Object.keys(new Holidays().getCountries()));
  return known.has(code.split('-')[0]!.toUpperCase());
}

function holidaysOf(country: string, year: number): Map<Day, string> {
  const key = `${country}|${year}`;
  let found = years.get(key);
  if (found) return found;
  let hd = instances.get(country);
  if (!hd) {
    const [c, region] = country.split('-');
    // Only days off by law: bank, school and observance days are business days for a sales rep's contacts.
    const { default: Holidays } = loadDateHolidays();
    hd = new Holidays(c!, region ?? '', { types: ['public'] });
    instances.set(country, hd);
  }
  found = new Map();
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    const [y, m, d] = h.date.slice(0, 10).split('-').map(Number) as [number, number, number];
    const first = Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
    const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < length; i++) if (!found.has(first + i)) found.set(first + i, h.name);
  }
  if (years.size > 200) years.clear();
  years.set(key, found);
  return found;
}

export interface CalendarInput {
  /** Working weekdays, 0 = Sunday. */
  workingDays: readonly number[];
  /** ISO 3166 country, optionally "-REGION" ("US", "DE-BY"): its public holidays are days off. */
  country?: string;
  /** More days off (YYYY-MM-DD): the company's own closures. */
  extraHolidays?: readonly string[];
}

/** Which days count as working days for one recipient. */
export class SequenceCalendar {
  private readonly weekdays: boolean[];
  private readonly extra: Set<string>;
  readonly country: string | undefined;

  constructor(input: CalendarInput) {
    if (input.country !== undefined && !isKnownCountry(input.country)) throw new WordsError(words('err_no_holiday_calendar', { country: input.country }), `no holiday calendar for country "${input.country}"`);
    this.country = input.country?.toUpperCase();
    this.weekdays = Array.from({ length: 7 }, (_, i) => input.workingDays.includes(i));
    if (!this.weekdays.some(Boolean)) this.weekdays.fill(true, 1, 6);
    this.extra = new Set(input.extraHolidays ?? []);
  }

  /** The public holiday's name on that day, if it is one. */
  holiday(day: Day): string | undefined {
    if (this.extra.size > 0 && this.extra.has(isoDay(day))) return 'day off';
    return this.country ? holidaysOf(this.country, partsOf(day).year).get(day) : undefined;
  }

  isWorkingDay(day: Day): boolean {
    return this.weekdays[weekdayOf(day)]! && this.holiday(day) === undefined;
  }

  onOrAfter(day: Day): Day {
    for (let d = day, i = 0; i < SEARCH_LIMIT; d++, i++) if (this.isWorkingDay(d)) return d;
    throw new WordsError(words('err_no_working_day'), 'no working day within two years');
  }

  /** `n` working days after `day`; n = 0 is `day` itself when it is a working day, else the next one. */
  addWorkingDays(day: Day, n: number): Day {
    if (n === 0) return this.onOrAfter(day);
    let d = day;
    for (let i = 0; i < n; i++) d = this.onOrAfter(d + 1);
    return d;
  }
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The window's opening and closing instants on a local day in a zone (daylight-saving aware). */
export function windowOn(day: Day, timeZone: string, window: SendWindow): { start: number; end: number } {
  return { start: instantInZone(day, minutesOf(window.start), timeZone), end: instantInZone(day, minutesOf(window.end), timeZone) };
}

/** Whether an instant falls inside the send window on a working day, in the recipient's zone. */
export function inWindow(at: number, timeZone: string, window: SendWindow, calendar: SequenceCalendar): boolean {
  const day = dayInZone(at, timeZone);
  if (!calendar.isWorkingDay(day)) return false;
  const { start, end } = windowOn(day, timeZone, window);
  return at >= start && at < end;
}

/**
 * The earliest instant at or after `at` inside a send window, on or after `fromDay` (a step's due day): `at`
 * itself when it already is inside one.
 */
export function nextSendTime(at: number, timeZone: string, window: SendWindow, calendar: SequenceCalendar, fromDay?: Day): number {
  let day = calendar.onOrAfter(Math.max(dayInZone(at, timeZone), fromDay ?? -Infinity));
  for (let i = 0; i < SEARCH_LIMIT; i++) {
    const { start, end } = windowOn(day, timeZone, window);
    const t = Math.max(at, start);
    if (t < end - MINUTE + 1) return t;
    day = calendar.onOrAfter(day + 1);
  }
  throw new WordsError(words('err_no_send_window'), 'no send window within two years');
}
