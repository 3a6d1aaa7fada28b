import { z } from 'zod';
import type { Settings } from '../../settings';
import { defineCondition } from './types';

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
};
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const QUARTER = 15 * 60_000;
const DAY = 24 * 60 * 60_000;
// A zone's offset from UTC, per quarter hour: offsets only change on quarter-hour boundaries, and asking
// Intl is the slow part of this condition. The last answer is kept apart: events come in time order.
const offsets = new Map<string, number>();
let last = { timeZone: '', quarter: -1, offset: 0 };
function offsetAt(at: number, timeZone: string): number {
  const quarter = Math.floor(at / QUARTER);
  if (last.quarter === quarter && last.timeZone === timeZone) return last.offset;
  const key = `${timeZone}@${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts = formatter(timeZone).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const day = DAYS.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
    const utc = new Date(at);
    // Local minus UTC, in minutes of the week, folded into ±half a week.
    let diff = day * 1440 + get('hour') * 60 + get('minute') - (utc.getUTCDay() * 1440 + utc.getUTCHours() * 60 + utc.getUTCMinutes());
    if (diff > 5040) diff -= 10080;
    if (diff < -5040) diff += 10080;
    offset = diff * 60_000;
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  last = { timeZone, quarter, offset };
  return offset;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const compiled = new WeakMap<Settings['workingHours'], { start: number; end: number; days: boolean[] }>();

// Every rule of one event asks about the same moment: the last answer is kept.
let lastAt = Number.NaN;
let lastHours: Settings['workingHours'] | undefined;
let lastAnswer = false;

/** Whether a moment falls in the rep's working hours, in the rep's time zone. */
export function inWorkingHours(at: number, hours: Settings['workingHours']): boolean {
  if (at === lastAt && hours === lastHours) return lastAnswer;
  lastAt = at;
  lastHours = hours;
  lastAnswer = compute(at, hours);
  return lastAnswer;
}

function compute(at: number, hours: Settings['workingHours']): boolean {
  let h = compiled.get(hours);
  if (!h) {
    h = { start: minutesOf(hours.start), end: minutesOf(hours.end), days: DAYS.map((_, d) => hours.days.includes(d)) };
    compiled.set(hours, h);
  }
  const local = at + offsetAt(at, hours.timeZone);
  const day = (((Math.floor(local / DAY) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const minutes = Math.floor((((local % DAY) + DAY) % DAY) / 60_000);
  return h.days[day]! && minutes >= h.start && minutes < h.end;
}

/** The event happens within (or outside) the rep's working hours. */
export const workingHours = defineCondition({
  kind: 'time.workingHours',
  label: 'it is within working hours',
  params: z.object({ outside: z.boolean().default(false) }),
  test(event, { outside }, facts) {
    const at = 'at' in event ? event.at : event.email.at;
    return inWorkingHours(at, facts.settings.workingHours) !== outside;
  },
});
