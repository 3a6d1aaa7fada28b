import { describe, expect, it } from 'vitest';
import { SequenceCalendar } from '@/lib/sequences/calendar';
import { capsHold, checkSend, planAfterVacation, planSlots, type DueStep, type SafetyLimits, type Touch } from '@/lib/sequences/safety';
import { SendWindow } from '@/lib/sequences/schema';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const limits: SafetyLimits = { mailboxPer24h: 5, domainPer24h: 2, minGapHours: 24, paceMinutes: 10 };
const window = SendWindow.parse({ start: '09:00', end: '17:00' });
const us = new SequenceCalendar({ workingDays: [1, 2, 3, 4, 5], country: 'US' });

const due = (i: number, dueDay: string, domain = `d${i}.example`): DueStep => ({ key: `e${i}`, to: `p${i}@${domain}`, timeZone: 'America/New_York', window, calendar: us, due: dueDay });

describe('caps', () => {
  const t0 = at('2026-12-08T15:00:00Z');
  const history: Touch[] = Array.from({ length: 5 }, (_, i) => ({ at: t0 - (20 - i) * HOUR, to: `x${i}@d${i}.example` }));

  it('a sixth send within a rolling 24 hours waits until the oldest leaves the window', () => {
    const check = checkSend(t0, 'new@fresh.example', history, limits);
    expect(check).toEqual({ ok: false, reason: '5 sends in the last 24 hours', notBefore: t0 - 20 * HOUR + 24 * HOUR });
    expect(checkSend(t0 + 4 * HOUR, 'new@fresh.example', history, limits)).toEqual({ ok: true });
  });

  it('a third send to one domain in 24 hours waits', () => {
    const two: Touch[] = [{ at: t0 - 2 * HOUR, to: 'a@acme.example' }, { at: t0 - HOUR, to: 'b@acme.example' }];
    expect(checkSend(t0, 'c@acme.example', two, limits)).toMatchObject({ ok: false, reason: '2 sends to acme.example in the last 24 hours', notBefore: t0 + 22 * HOUR });
    expect(checkSend(t0, 'c@other.example', two, limits)).toEqual({ ok: true });
  });

  it('one person is touched at most once per minimum gap, whatever address spelling', () => {
    expect(checkSend(t0, 'Jane+x@acme.example', [{ at: t0 - 3 * HOUR, to: 'jane@acme.example' }], limits)).toMatchObject({ ok: false, notBefore: t0 + 21 * HOUR });
  });

  it('capsHold spots a timeline that breaks a cap', () => {
    expect(capsHold(history, limits)).toBe(true);
    expect(capsHold([...history, { at: t0, to: 'z@z.example' }], limits)).toBe(false);
  });
});

describe('spreading after a closed browser', () => {
  it('twelve steps overdue for a week come back paced inside windows over the next days, never a burst, caps kept', () => {
    const now = at('2026-12-14T13:00:00Z'); // Monday 08:00 in New York, the browser opens after a week closed
    const steps = Array.from({ length: 12 }, (_, i) => due(i, '2026-12-07', i < 4 ? 'acme.example' : `d${i}.example`));
    const slots = planSlots(now, steps, [], limits);
    expect(slots).toHaveLength(12);
    const times = slots.map((s) => s.at);
    // Paced: no two within 10 minutes.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(10 * 60_000);
    // All inside New York's 09:00–17:00 on working days.
    for (const t of times) {
      const h = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(t));
      expect(h).toBeGreaterThanOrEqual(9);
      expect(h).toBeLessThan(17);
    }
    // The first opens the window; five a day at most; only two a day to acme.example.
    expect(new Date(times[0]!).toISOString()).toBe('2026-12-14T14:00:00.000Z');
    const sends = slots.map((s) => ({ at: s.at, to: steps.find((d) => d.key === s.key)!.to }));
    expect(capsHold(sends, limits)).toBe(true);
    expect(new Set(times.map((t) => new Date(t).toISOString().slice(0, 10))).size).toBeGreaterThanOrEqual(3);
  });

  it('the same input gives the same plan', () => {
    const steps = [due(3, '2026-12-07'), due(1, '2026-12-07'), due(2, '2026-12-01')];
    const now = at('2026-12-14T13:00:00Z');
    expect(planSlots(now, steps, [], limits)).toEqual(planSlots(now, [...steps].reverse(), [], limits));
    expect(planSlots(now, steps, [], limits)[0]!.key).toBe('e2'); // oldest due first
  });
});

describe('vacation switch', () => {
  it('nothing is planned before the rep is back; what piled up is re-spaced from that morning', () => {
    const now = at('2026-12-15T15:00:00Z');
    const steps = Array.from({ length: 6 }, (_, i) => due(i, '2026-12-16'));
    const slots = planAfterVacation(now, '2026-12-21', 'America/New_York', steps, [], limits);
    expect(new Date(slots[0]!.at).toISOString()).toBe('2026-12-21T14:00:00.000Z');
    expect(slots.every((s) => s.at >= at('2026-12-21T14:00:00Z'))).toBe(true);
    // Five a day: the sixth goes to the next day.
    expect(new Date(slots[5]!.at).toISOString().slice(0, 10)).toBe('2026-12-22');
    // Switch off (or over): plans from now.
    expect(new Date(planAfterVacation(now, undefined, 'America/New_York', steps, [], limits)[0]!.at).toISOString()).toBe('2026-12-16T14:00:00.000Z');
  });
});
