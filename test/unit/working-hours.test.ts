import { describe, expect, it } from 'vitest';
import { inWorkingHours } from '@/lib/engine/conditions/working-hours';

const hours = (timeZone: string) => ({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone });

describe('working hours', () => {
  it.each([
    ['2026-11-23T13:59:00Z', 'America/New_York', false], // Mon 08:59 EST
    ['2026-11-23T14:00:00Z', 'America/New_York', true], // Mon 09:00 EST
    ['2026-11-23T21:59:00Z', 'America/New_York', true], // Mon 16:59
    ['2026-11-23T22:00:00Z', 'America/New_York', false], // Mon 17:00
    ['2026-11-22T15:00:00Z', 'America/New_York', false], // Sunday
    ['2026-11-27T23:30:00Z', 'Pacific/Auckland', false], // Sat 12:30 in Auckland, still Friday in UTC
    ['2026-11-26T20:30:00Z', 'Pacific/Auckland', true], // Fri 09:30 NZDT
    ['2026-11-23T04:00:00Z', 'Asia/Kolkata', true], // Mon 09:30 IST (+05:30)
    ['2026-03-09T13:30:00Z', 'America/New_York', true], // Mon 09:30 EDT, the day after DST began
    ['2026-03-09T13:30:00Z', 'UTC', true],
  ])('%s in %s → %s', (iso, tz, expected) => {
    expect(inWorkingHours(Date.parse(iso), hours(tz))).toBe(expected);
  });
});
