import { describe, expect, it } from 'vitest';
import { ensurePeriodicAlarm } from '@/lib/alarms';

// A worker start must leave a standing periodic alarm alone: creating it again resets its period, so a worker
// restarted more often than the period would never run the sweep.

describe('periodic alarms across worker starts', () => {
  it('creates a missing one and one whose period changed, and leaves a standing one', async () => {
    const created: string[] = [];
    const port = { get: async (n: string) => (n === 'same' ? { periodInMinutes: 15 } : n === 'old' ? { periodInMinutes: 30 } : undefined), create: async (n: string) => void created.push(n) };
    expect(await ensurePeriodicAlarm(port, 'same', 15)).toBe(false);
    expect(await ensurePeriodicAlarm(port, 'old', 15)).toBe(true);
    expect(await ensurePeriodicAlarm(port, 'missing', 15)).toBe(true);
    expect(created).toEqual(['old', 'missing']);
  });
});
