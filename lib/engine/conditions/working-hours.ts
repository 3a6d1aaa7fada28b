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

/** Whether a moment falls in the rep's working hours, in the rep's time zone. */
export function inWorkingHours(at: number, hours: Settings['workingHours']): boolean {
  const parts = formatter(hours.timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAYS.indexOf(get('weekday'));
  const time = `${get('hour')}:${get('minute')}`;
  return hours.days.includes(day) && time >= hours.start && time < hours.end;
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
