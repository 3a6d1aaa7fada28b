import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import type { EngineEvent } from '@/lib/engine/events';
import { MeetingsService } from '@/lib/meetings/service';
import { defaultSettings, Settings } from '@/lib/settings';

// One meetings service over a fresh database, as the meetings tests set it up: a rep in New York working
// Monday to Friday 9–17, an optional calendar feed ('down' for one that cannot be reached), a clock that
// starts at `start` and moves with `tick`, and the engine events it dispatched. Each test file that calls
// `meetingsSetup` gets its databases deleted after each test.

const dbs: FollowthroughDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

export function meetingsSetup(name: string, { start, feed }: { start: number; feed?: string }) {
  const db = new FollowthroughDb(`ft-${name}-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  let clock = start;
  const events: EngineEvent[] = [];
  let n = 0;
  const settings = Settings.parse({
    ...defaultSettings(),
    repName: 'Sam Rep',
    ownDomains: ['own.example'],
    workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'America/New_York' },
    meetings: { ...defaultSettings().meetings, calendarFeedUrl: feed ? 'https://calendar.example/private.ics' : '' },
  });
  const service = new MeetingsService({
    db,
    settings: async () => settings,
    now: () => clock,
    dispatch: async (e) => void events.push(e),
    fetch: feed === undefined ? undefined : async () => (feed === 'down' ? Promise.reject(new TypeError('Failed to fetch')) : new Response(feed)),
    newId: () => `id${++n}`,
  });
  return { db, service, events, tick: (ms: number) => (clock += ms) };
}
