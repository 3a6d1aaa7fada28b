import { computeSlots } from '../../lib/meetings/availability';
import { AvailabilityRules, type BusyInterval } from '../../lib/meetings/schema';
import type { BenchSuite } from './types';

// Open slots for 30 days over 500 busy events (the slot engine: overrides, notice, buffers, cap, reasons for every
// missing time), beside a plain interval-subtraction loop over the same working hours and busy events (each
// candidate checked against every busy event, no zones, no reasons). Budget: ≤ 5 ms.

const MIN = 60_000;
const now = Date.parse('2026-12-07T08:00:00Z');
const day = [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }];
const rules = AvailabilityRules.parse({
  timeZone: 'America/New_York',
  weekly: [[], day, day, day, day, day, []],
  overrides: [{ date: '2026-12-24', ranges: [] }],
  bufferBefore: 10,
  bufferAfter: 10,
  minimumNotice: 240,
  horizon: { days: 30, kind: 'calendar' },
  interval: 15,
  lengths: [30],
  dailyCap: 6,
});

// 500 events over 30 days, a fixed pseudo-random spread (same every run).
function busyEvents(): BusyInterval[] {
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: 500 }, (_, i) => {
    const start = now + Math.floor(rand() * 30 * 24 * 4) * 15 * MIN;
    return { start, end: start + (15 + Math.floor(rand() * 8) * 15) * MIN, source: i % 5 === 0 ? 'crm' : 'calendar', title: `event ${i}`, allDay: false } as BusyInterval;
  });
}

/** The plain baseline: working-hour candidates in UTC, each checked against every busy interval. */
function plainSubtraction(busy: readonly BusyInterval[]): number {
  let offered = 0;
  for (let d = 0; d < 30; d++) {
    const base = Date.UTC(2026, 11, 7 + d);
    for (const [a, b] of [[13, 17], [18, 23]] as const) {
      for (let t = base + a * 60 * MIN; t + 30 * MIN <= base + b * 60 * MIN; t += 15 * MIN) {
        let free = true;
        for (const x of busy) if (t < x.end && t + 30 * MIN > x.start) { free = false; break; }
        if (free) offered++;
      }
    }
  }
  return offered;
}

const median = (xs: readonly number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

export const meetingsSuite: BenchSuite = {
  name: 'meetings',
  async run() {
    const busy = busyEvents();
    const ours: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < 41; i++) {
      // ABBA pairs, so a busy stretch of the machine slows both sides alike.
      const first = i % 2 === 0;
      const time = (work: () => unknown) => {
        const s = performance.now();
        work();
        return performance.now() - s;
      };
      if (first) {
        ours.push(time(() => computeSlots(rules, busy, { now })));
        plain.push(time(() => plainSubtraction(busy)));
      } else {
        plain.push(time(() => plainSubtraction(busy)));
        ours.push(time(() => computeSlots(rules, busy, { now })));
      }
    }
    const value = Math.round(median(ours) * 100) / 100;
    return [
      {
        name: 'Open slots, 30 days × 500 busy events (ms)',
        value,
        unit: 'ms',
        baseline: { name: 'plain interval-subtraction loop', value: Math.round(median(plain) * 100) / 100 },
        budget: { text: '≤ 5 ms', met: value <= 5 },
      },
    ];
  },
};
