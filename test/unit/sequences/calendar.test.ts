import { describe, expect, it } from 'vitest';
import { dayInZone, isoDay, parseIsoDay } from '@/lib/followup/calendar';
import { SequenceCalendar, inWindow, nextSendTime, windowOn } from '@/lib/sequences/calendar';
import { SendWindow } from '@/lib/sequences/schema';

const weekdays = [1, 2, 3, 4, 5];
const day = (iso: string) => parseIsoDay(iso)!;
const window = SendWindow.parse({ start: '09:00', end: '17:00' });
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('working days across daylight-saving changes', () => {
  // Each case: the last step's instant, the zone, the delay; the due day and that day's window opening in UTC.
  it.each([
    // New York leaves DST on Sunday 2026-11-01: Friday 16:30 EDT + 1 working day = Monday, 09:00 EST = 14:00Z.
    ['2026-10-30T20:30:00Z', 'America/New_York', 'US', 1, '2026-11-02', '2026-11-02T14:00:00.000Z'],
    // …and the Friday's own window opened at 09:00 EDT = 13:00Z.
    ['2026-10-30T12:00:00Z', 'America/New_York', 'US', 0, '2026-10-30', '2026-10-30T13:00:00.000Z'],
    // Berlin enters DST on Sunday 2026-03-29: Friday + 1 = Monday, 09:00 CEST = 07:00Z (08:00Z the week before).
    ['2026-03-27T15:00:00Z', 'Europe/Berlin', 'DE-BE', 1, '2026-03-30', '2026-03-30T07:00:00.000Z'],
    ['2026-03-27T06:00:00Z', 'Europe/Berlin', 'DE-BE', 0, '2026-03-27', '2026-03-27T08:00:00.000Z'],
    // Sydney enters DST on Sunday 2026-10-04 and Monday is Labour Day in NSW: Friday + 1 = Tuesday, 09:00 AEDT = 22:00Z Monday.
    ['2026-10-02T05:00:00Z', 'Australia/Sydney', 'AU-NSW', 1, '2026-10-06', '2026-10-05T22:00:00.000Z'],
    // A send at 23:30 Friday in Sydney is still Friday there though Friday 13:30 in UTC … and 3 working days on is Wednesday.
    ['2026-10-02T13:30:00Z', 'Australia/Sydney', 'AU-NSW', 3, '2026-10-08', '2026-10-07T22:00:00.000Z'],
  ])('%s in %s (%s) + %i working days → %s, window opens %s', (last, zone, country, n, due, opens) => {
    const calendar = new SequenceCalendar({ workingDays: weekdays, country });
    const d = calendar.addWorkingDays(dayInZone(at(last), zone), n);
    expect(isoDay(d)).toBe(due);
    expect(iso(windowOn(d, zone, window).start)).toBe(opens);
    expect(iso(nextSendTime(at(last), zone, window, calendar, d))).toBe(opens);
  });

  it('a window keeps its wall-clock length on the day the clocks change (23 or 25 hours that day)', () => {
    // Sunday 2026-11-01 in New York is 25 hours long: a 00:00–23:59 window spans an hour more of real time.
    const everyDay = SendWindow.parse({ start: '00:00', end: '23:59', days: [0, 1, 2, 3, 4, 5, 6] });
    const w = windowOn(day('2026-11-01'), 'America/New_York', everyDay);
    expect(iso(w.start)).toBe('2026-11-01T04:00:00.000Z');
    expect((w.end - w.start) / 60_000).toBe(24 * 60 + 59); // 23:59 of wall clock, 24:59 of real time
  });
});

describe('holidays by country', () => {
  it('US Thanksgiving is skipped for a US contact, not for one with no country', () => {
    const us = new SequenceCalendar({ workingDays: weekdays, country: 'US' });
    const none = new SequenceCalendar({ workingDays: weekdays });
    expect(us.holiday(day('2026-11-26'))).toBe('Thanksgiving Day');
    expect(isoDay(us.addWorkingDays(day('2026-11-25'), 1))).toBe('2026-11-27');
    expect(isoDay(none.addWorkingDays(day('2026-11-25'), 1))).toBe('2026-11-26');
  });

  it('regions differ: Corpus Christi is off in Bavaria, a working day in Berlin', () => {
    expect(new SequenceCalendar({ workingDays: weekdays, country: 'DE-BY' }).isWorkingDay(day('2026-06-04'))).toBe(false);
    expect(new SequenceCalendar({ workingDays: weekdays, country: 'DE-BE' }).isWorkingDay(day('2026-06-04'))).toBe(true);
  });

  it('substitute days count: UK Boxing Day 2026 falls on a Saturday and is observed on Monday 28th', () => {
    const gb = new SequenceCalendar({ workingDays: weekdays, country: 'GB' });
    // Thursday 24th + 1 working day: 25th Christmas, 26–27 weekend, 28th substitute → Tuesday 29th.
    expect(isoDay(gb.addWorkingDays(day('2026-12-24'), 1))).toBe('2026-12-29');
    // The US observes Independence Day 2026 (a Saturday) on Friday 3 July.
    expect(new SequenceCalendar({ workingDays: weekdays, country: 'US' }).isWorkingDay(day('2026-07-03'))).toBe(false);
  });

  it('the company’s own closures add to the country’s', () => {
    const cal = new SequenceCalendar({ workingDays: weekdays, country: 'US', extraHolidays: ['2026-12-24'] });
    expect(isoDay(cal.addWorkingDays(day('2026-12-23'), 1))).toBe('2026-12-28');
  });

  it('an unknown country is a clear error, not a silent calendar without holidays', () => {
    expect(() => new SequenceCalendar({ workingDays: weekdays, country: 'XX' })).toThrow('no holiday calendar for country "XX"');
  });

  it('zero working days from a day off is the next working day; from a working day, that day', () => {
    const us = new SequenceCalendar({ workingDays: weekdays, country: 'US' });
    expect(isoDay(us.addWorkingDays(day('2026-12-05'), 0))).toBe('2026-12-07'); // Saturday → Monday
    expect(isoDay(us.addWorkingDays(day('2026-12-05'), 1))).toBe('2026-12-07');
    expect(isoDay(us.addWorkingDays(day('2026-12-08'), 0))).toBe('2026-12-08');
  });
});

describe('send windows', () => {
  const us = new SequenceCalendar({ workingDays: weekdays, country: 'US' });
  const ny = 'America/New_York';

  it.each([
    ['before the window opens: at the opening', '2026-12-08T12:00:00Z', '2026-12-08T14:00:00.000Z'],
    ['inside the window: now', '2026-12-08T15:30:00Z', '2026-12-08T15:30:00.000Z'],
    ['after it closes on a Friday: Monday’s opening', '2026-12-11T22:30:00Z', '2026-12-14T14:00:00.000Z'],
    ['on Thanksgiving: Friday’s opening', '2026-11-26T15:00:00Z', '2026-11-27T14:00:00.000Z'],
    ['a minute before closing still counts', '2026-12-08T21:59:00Z', '2026-12-08T21:59:00.000Z'],
  ])('%s', (_, now, expected) => {
    expect(iso(nextSendTime(at(now), ny, window, us))).toBe(expected);
  });

  it('a due day later than now waits for that day’s window', () => {
    expect(iso(nextSendTime(at('2026-12-08T15:30:00Z'), ny, window, us, day('2026-12-10')))).toBe('2026-12-10T14:00:00.000Z');
  });

  it('inWindow reads the recipient’s clock, not the machine’s', () => {
    expect(inWindow(at('2026-12-08T15:30:00Z'), ny, window, us)).toBe(true);
    expect(inWindow(at('2026-12-08T15:30:00Z'), 'Asia/Tokyo', window, us)).toBe(false); // 00:30 in Tokyo
    expect(inWindow(at('2026-11-26T15:00:00Z'), ny, window, us)).toBe(false);
  });
});
