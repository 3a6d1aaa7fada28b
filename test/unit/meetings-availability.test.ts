import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AvailabilityRules, type BusyInterval } from '../../lib/meetings/schema';
import { computeSlots, explain, horizonDays, suggestSlots } from '../../lib/meetings/availability';
import { isoDay } from '../../lib/followup/calendar';

const MIN = 60_000;
const nine5 = [{ start: '09:00', end: '17:00' }];
const rules = (over: Partial<AvailabilityRules> & { timeZone: string }) =>
  AvailabilityRules.parse({ weekly: [[], nine5, nine5, nine5, nine5, nine5, []], minimumNotice: 0, ...over });
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const busy = (start: string, end: string, extra: Partial<BusyInterval> = {}): BusyInterval => ({
  start: at(start),
  end: at(end),
  source: 'calendar',
  title: 'Call',
  allDay: false,
  ...extra,
});

describe('computeSlots', () => {
  it('steps by the interval apart from the length, inside several ranges a day', () => {
    const r = rules({
      timeZone: 'UTC',
      weekly: [[], [{ start: '09:00', end: '10:00' }, { start: '14:00', end: '15:00' }], [], [], [], [], []],
      lengths: [45],
      interval: 15,
      horizon: { days: 1, kind: 'working' },
    });
    const { slots } = computeSlots(r, [], { now: at('2026-12-07T00:00Z') }); // a Monday
    expect(slots.map((s) => iso(s.start))).toEqual(['2026-12-07T09:00', '2026-12-07T09:15', '2026-12-07T14:00', '2026-12-07T14:15']);
    expect(slots.every((s) => s.end - s.start === 45 * MIN)).toBe(true);
  });

  it('keeps wall-clock hours on daylight-saving change days (America/New_York, spring and fall)', () => {
    const r = rules({ timeZone: 'America/New_York', weekly: Array(7).fill([{ start: '01:00', end: '04:00' }]), lengths: [60], horizon: { days: 1, kind: 'calendar' } });
    // 2026-03-08: 02:00 jumps to 03:00 — the range 01:00–04:00 is two real hours long.
    const spring = computeSlots(r, [], { now: at('2026-03-08T05:00Z') }).slots;
    expect(spring.map((s) => iso(s.start))).toEqual(['2026-03-08T06:00', '2026-03-08T07:00']);
    // 2026-11-01: 02:00 falls back to 01:00 — the range is four real hours long.
    const fall = computeSlots(r, [], { now: at('2026-11-01T04:00Z') }).slots;
    expect(fall.map((s) => iso(s.start))).toEqual(['2026-11-01T05:00', '2026-11-01T06:00', '2026-11-01T07:00', '2026-11-01T08:00']);
    // A 09:00 range the day after still starts at 09:00 local (14:00Z in EST).
    const after = rules({ timeZone: 'America/New_York', horizon: { days: 1, kind: 'calendar' } });
    expect(iso(computeSlots(after, [], { now: at('2026-11-02T05:00Z') }).slots[0]!.start)).toBe('2026-11-02T14:00');
  });

  it('handles half-hour zones (Asia/Kolkata) and "today" in the rep’s zone, not UTC', () => {
    const r = rules({ timeZone: 'Asia/Kolkata', horizon: { days: 1, kind: 'calendar' }, weekly: Array(7).fill(nine5) });
    // 20:00Z on Sunday 6 Dec is 01:30 on Monday 7 Dec in Kolkata: today there is Monday.
    const now = at('2026-12-06T20:00Z');
    expect(horizonDays(r, now).map(isoDay)).toEqual(['2026-12-07']);
    const { slots } = computeSlots(r, [], { now });
    expect(iso(slots[0]!.start)).toBe('2026-12-07T03:30'); // 09:00 IST
    expect(iso(slots[slots.length - 1]!.end)).toBe('2026-12-07T11:30'); // 17:00 IST
  });

  it('keeps slots that cross midnight in the recipient’s zone, and days near midnight in the rep’s', () => {
    // Rep in Los Angeles working until midnight; recipient in Tokyo sees those hours on the next day.
    const r = rules({ timeZone: 'America/Los_Angeles', weekly: Array(7).fill([{ start: '20:00', end: '24:00' }]), lengths: [60], horizon: { days: 1, kind: 'calendar' } });
    const { slots } = computeSlots(r, [], { now: at('2026-12-07T12:00Z') });
    expect(slots.map((s) => iso(s.start))).toEqual(['2026-12-08T04:00', '2026-12-08T05:00', '2026-12-08T06:00', '2026-12-08T07:00']);
    const shown = slots.map((s) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(s.start));
    expect(shown).toEqual(['Tue 13:00', 'Tue 14:00', 'Tue 15:00', 'Tue 16:00']);
    // Suggestions keep to the recipient's daytime: all of these for Tokyo, none for London (04:00–08:00 there).
    expect(suggestSlots(slots, { count: 3, repZone: r.timeZone, recipientZone: 'Asia/Tokyo' }).length).toBe(3);
    expect(suggestSlots(slots, { count: 3, repZone: r.timeZone, recipientZone: 'Europe/London' })).toEqual([]);
  });

  it('a date override replaces the day (other hours, or none at all)', () => {
    const r = rules({
      timeZone: 'Europe/Berlin',
      overrides: [
        { date: '2026-12-08', ranges: [{ start: '13:00', end: '14:00' }] },
        { date: '2026-12-09', ranges: [] },
      ],
      horizon: { days: 3, kind: 'calendar' },
      lengths: [60],
    });
    const res = computeSlots(r, [], { now: at('2026-12-07T00:00Z') });
    const days = new Set(res.slots.map((s) => isoDay(Math.floor(s.start / 86_400_000))));
    expect([...days]).toEqual(['2026-12-07', '2026-12-08']);
    expect(res.slots.filter((s) => iso(s.start).startsWith('2026-12-08')).map((s) => iso(s.start))).toEqual(['2026-12-08T12:00']);
    expect(res.days).toEqual([{ day: '2026-12-09', reason: 'day off (override)', words: { key: 'meet_why_day_off' } }]);
  });

  it('minimum notice hides the first hours and says so', () => {
    const r = rules({ timeZone: 'UTC', minimumNotice: 240, horizon: { days: 1, kind: 'calendar' }, lengths: [60] });
    const res = computeSlots(r, [], { now: at('2026-12-07T08:30Z') });
    expect(iso(res.slots[0]!.start)).toBe('2026-12-07T13:00');
    expect(res.candidates.find((c) => iso(c.start) === '2026-12-07T12:00')?.reason).toBe('inside the minimum notice (4 h)');
  });

  it('buffers: a calendar event gets the new meeting’s buffers; a booked meeting keeps its own too (they stack)', () => {
    const r = rules({ timeZone: 'UTC', bufferBefore: 15, bufferAfter: 10, lengths: [30], interval: 5, horizon: { days: 1, kind: 'calendar' } });
    const now = at('2026-12-07T00:00Z');
    const cal = computeSlots(r, [busy('2026-12-07T12:00Z', '2026-12-07T13:00Z', { title: 'Standup' })], { now });
    const starts = cal.slots.map((s) => iso(s.start));
    // Before: the new meeting ends ≥ 10 min before 12:00 → starts ≤ 11:20. After: starts ≥ 13:15.
    expect(starts).toContain('2026-12-07T11:20');
    expect(starts).not.toContain('2026-12-07T11:25');
    expect(starts).toContain('2026-12-07T13:15');
    expect(starts).not.toContain('2026-12-07T13:10');
    expect(cal.candidates.find((c) => iso(c.start) === '2026-12-07T13:10')?.reason).toBe("buffer: needs 15 min after 'Standup' 12:00–13:00");
    const ours = computeSlots(r, [busy('2026-12-07T12:00Z', '2026-12-07T13:00Z', { source: 'crm', title: 'Demo' })], { now });
    const s2 = ours.slots.map((s) => iso(s.start));
    expect(s2).toContain('2026-12-07T11:05'); // ends 11:35: 10 + 15 min before 12:00
    expect(s2).not.toContain('2026-12-07T11:10');
    expect(s2).toContain('2026-12-07T13:25'); // 10 + 15 min after 13:00
    expect(s2).not.toContain('2026-12-07T13:20');
  });

  it('an all-day event blocks the day and says which', () => {
    const r = rules({ timeZone: 'UTC', horizon: { days: 1, kind: 'calendar' } });
    const res = computeSlots(r, [busy('2026-12-07T00:00Z', '2026-12-08T00:00Z', { title: 'Offsite', allDay: true })], { now: at('2026-12-07T00:00Z') });
    expect(res.slots).toEqual([]);
    expect(new Set(res.candidates.map((c) => c.reason))).toEqual(new Set(["blocked: all-day 'Offsite'"]));
  });

  it('the daily cap counts meetings booked that local day', () => {
    const r = rules({ timeZone: 'America/Los_Angeles', dailyCap: 2, horizon: { days: 2, kind: 'calendar' } });
    const two = [
      busy('2026-12-07T17:00Z', '2026-12-07T17:30Z', { source: 'crm' }),
      // 23:30 local on Monday is 07:30Z on Tuesday: it counts for Monday.
      busy('2026-12-08T07:30Z', '2026-12-08T08:00Z', { source: 'crm' }),
    ];
    const res = computeSlots(r, two, { now: at('2026-12-07T08:00Z') });
    const days = new Set(res.slots.map((s) => s.start < at('2026-12-08T08:00Z') ? 'mon' : 'tue'));
    expect([...days]).toEqual(['tue']);
    expect(res.candidates[0]!.reason).toBe('daily cap reached (2 meetings on 2026-12-07)');
  });

  it('the horizon counts calendar days or working days', () => {
    const now = at('2026-12-11T10:00Z'); // a Friday
    expect(horizonDays(rules({ timeZone: 'UTC', horizon: { days: 3, kind: 'calendar' } }), now).map(isoDay)).toEqual(['2026-12-11', '2026-12-12', '2026-12-13']);
    expect(horizonDays(rules({ timeZone: 'UTC', horizon: { days: 3, kind: 'working' } }), now).map(isoDay)).toEqual([
      '2026-12-11', '2026-12-12', '2026-12-13', '2026-12-14', '2026-12-15',
    ]);
  });

  it('explains a time that is not offered', () => {
    const r = rules({ timeZone: 'UTC', horizon: { days: 6, kind: 'working' } });
    const now = at('2026-12-07T00:00Z');
    const b = [busy('2026-12-08T00:00Z', '2026-12-09T00:00Z', { title: 'Offsite', allDay: true })];
    expect(explain(r, b, at('2026-12-08T15:00Z'), { now })).toBe("blocked: all-day 'Offsite'");
    expect(explain(r, b, at('2026-12-07T18:00Z'), { now })).toBe('outside working hours');
    expect(explain(r, b, at('2026-12-12T10:00Z'), { now })).toBe('no working hours on Saturday');
    expect(explain(r, b, at('2027-01-12T10:00Z'), { now })).toBe('beyond the booking horizon (6 working days)');
    expect(explain(r, b, at('2026-12-07T10:00Z'), { now })).toBeUndefined();
  });

  it('property: no offered slot overlaps a busy interval plus its buffers', () => {
    const zones = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/London'];
    const base = at('2026-03-01T00:00Z');
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom(15, 30, 45, 60),
        fc.constantFrom(5, 10, 15, 30),
        fc.array(
          fc.record({
            offset: fc.integer({ min: 0, max: 60 * 24 * 40 }),
            length: fc.integer({ min: 1, max: 60 * 30 }),
            source: fc.constantFrom<BusyInterval['source']>('crm', 'calendar', 'hold'),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 0, max: 60 * 24 * 30 }),
        (timeZone, bufferBefore, bufferAfter, length, interval, raw, nowOffset) => {
          const r = rules({ timeZone, bufferBefore, bufferAfter, lengths: [length], interval, horizon: { days: 20, kind: 'calendar' } });
          const intervals = raw.map((b) => ({ start: base + b.offset * MIN, end: base + (b.offset + b.length) * MIN, source: b.source, title: '', allDay: false }));
          const now = base + nowOffset * MIN;
          for (const s of computeSlots(r, intervals, { now }).slots) {
            if (s.start < now) return false;
            for (const b of intervals) {
              const stack = b.source === 'crm';
              const before = (bufferAfter + (stack ? bufferBefore : 0)) * MIN;
              const after = (bufferBefore + (stack ? bufferAfter : 0)) * MIN;
              if (s.start < b.end + after && s.end > b.start - before) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});
