import { z } from 'zod';
import { Words, words } from '../words';
import { issue } from '../issue-words';

// The rep's availability rules, after Cal.com's model (checked against cal.com/help/event-types 2026-12-06):
// weekly ranges per weekday, date overrides that replace a whole day (no ranges = the day off), buffers before
// and after, a minimum notice, a rolling horizon in calendar or working days, a slot interval apart from the
// meeting length, and a cap of meetings per day.

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, issue('a time as HH:MM (00:00–24:00)', 'issue_time_range_end'));

export const TimeRange = z
  .object({ start: HHMM, end: HHMM })
  .refine((r) => minutesOf(r.start) < minutesOf(r.end), { message: issue('a range must end after it starts (split a range over midnight in two)', 'issue_range_order') });
export type TimeRange = z.infer<typeof TimeRange>;

export const DateOverride = z.object({
  date: z.iso.date({ message: issue('a date as YYYY-MM-DD', 'issue_date') }),
  /** Replaces the weekday's ranges for that date; none = unavailable all day. */
  ranges: z.array(TimeRange).max(12),
});
export type DateOverride = z.infer<typeof DateOverride>;

const Minutes = (max: number) => z.number().int().min(0).max(max);

export const AvailabilityRules = z
  .object({
    /** The rep's IANA time zone: working hours are wall-clock times there. */
    timeZone: z.string().min(1).max(100),
    /** Seven lists, Sunday first; several ranges per day allowed (lunch breaks). */
    weekly: z.array(z.array(TimeRange).max(12)).length(7),
    overrides: z.array(DateOverride).max(400).default([]),
    bufferBefore: Minutes(240).default(0),
    bufferAfter: Minutes(240).default(0),
    minimumNotice: Minutes(60 * 24 * 30).default(240),
    horizon: z.object({ days: z.number().int().min(1).max(365), kind: z.enum(['calendar', 'working']) }).default({ days: 14, kind: 'working' }),
    /** Minutes between slot starts; absent = the meeting's length. */
    interval: z.number().int().min(5).max(720).optional(),
    /** Meeting lengths the rep offers, in minutes; the first is the default. */
    lengths: z.array(z.number().int().min(5).max(720)).min(1).max(6).default([30]),
    /** At most this many meetings on one day (the rep's local day); absent = no cap. */
    dailyCap: z.number().int().min(1).max(50).optional(),
  })
  .superRefine((r, ctx) => {
    if (!isTimeZone(r.timeZone)) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `unknown time zone "${r.timeZone}"`, params: { words: words('issue_unknown_time_zone', { zone: r.timeZone.slice(0, 100) }) } });
    const seen = new Set<string>();
    r.overrides.forEach((o, i) => {
      if (seen.has(o.date)) ctx.addIssue({ code: 'custom', path: ['overrides', i, 'date'], message: `${o.date} is overridden twice`, params: { words: words('issue_overridden_twice', { day: { day: o.date } }) } });
      seen.add(o.date);
    });
  });
export type AvailabilityRules = z.infer<typeof AvailabilityRules>;

/** Something that takes the rep's time. */
export const BusyInterval = z.object({
  start: z.number().int(),
  end: z.number().int(),
  /** crm: a meeting booked in the local CRM (counts toward the daily cap, has buffers of its own);
   * calendar: an event of the rep's calendar feed; hold: a slot proposed to someone and not yet answered. */
  source: z.enum(['crm', 'calendar', 'hold']),
  title: z.string().max(300).default(''),
  /** A title Followthrough wrote ("held for Priya"), for the rep in their language; a calendar's own title has none. */
  titleWords: Words.optional(),
  allDay: z.boolean().default(false),
});
export type BusyInterval = z.infer<typeof BusyInterval>;

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const zones = new Map<string, boolean>();
export function isTimeZone(tz: string): boolean {
  let ok = zones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    zones.set(tz, ok);
  }
  return ok;
}

/** Weekdays 9–17, no overrides: what a rep starts with before opening the settings. */
export function defaultRules(timeZone: string): AvailabilityRules {
  const day = [{ start: '09:00', end: '17:00' }];
  return AvailabilityRules.parse({ timeZone, weekly: [[], day, day, day, day, day, []] });
}
