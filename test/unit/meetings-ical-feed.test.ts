import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { FeedError, fetchFeed, parseFeed, MAX_FEED_BYTES } from '../../lib/meetings/ical-feed';
import { AvailabilityRules } from '../../lib/meetings/schema';
import { computeSlots } from '../../lib/meetings/availability';

// Real feeds from ical.js's samples (test/fixtures/ics/SOURCES.md). ical.js's own recurrence iterator is the
// oracle for our rrule-based expansion.
const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, `../fixtures/ics/${name}.ics`), 'utf8');
const at = (iso: string) => Date.parse(iso);

function oracle(text: string, from: number, until: number): number[] {
  const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  for (const tz of root.getAllSubcomponents('vtimezone')) if (tz.getFirstPropertyValue('tzid')) ICAL.TimezoneService.register(tz);
  const events = root.getAllSubcomponents('vevent');
  const masters = events.filter((e) => !e.hasProperty('recurrence-id')).map((e) => new ICAL.Event(e));
  for (const ex of events.filter((e) => e.hasProperty('recurrence-id'))) {
    masters.find((m) => m.uid === ex.getFirstPropertyValue('uid'))?.relateException(ex);
  }
  const starts: number[] = [];
  for (const m of masters) {
    const it = m.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const details = m.getOccurrenceDetails(next);
      const s = details.startDate.toJSDate().getTime();
      if (s >= until) break;
      if (details.endDate.toJSDate().getTime() > from) starts.push(s);
    }
  }
  return [...new Set(starts)].sort((a, b) => a - b);
}

describe('parseFeed on real feeds', () => {
  it('expands a monthly rule with RDATE, EXDATE and moved occurrences like ical.js does (Zimbra)', () => {
    const text = fixture('recur_instances');
    const from = at('2012-09-01T00:00Z');
    const until = at('2014-01-01T00:00Z');
    const r = parseFeed(text, { from, until, repZone: 'America/Los_Angeles' });
    expect(r.warnings).toEqual([]);
    expect(r.busy.map((b) => b.start)).toEqual(oracle(text, from, until));
    const iso = r.busy.map((b) => new Date(b.start).toISOString());
    // The first occurrence moved from 10:00 to 15:00 PDT; the 5 Nov RDATE moved to 6 Nov 20:00 PST.
    expect(iso).toContain('2012-10-02T22:00:00.000Z');
    expect(iso).not.toContain('2012-10-02T17:00:00.000Z');
    expect(iso).toContain('2012-11-07T04:00:00.000Z');
    expect(iso).not.toContain('2012-11-05T18:00:00.000Z');
    // EXDATEs: 4 Dec 2012, 5 Feb and 2 Apr 2013 are gone.
    for (const gone of ['2012-12-04T18:00:00.000Z', '2013-02-05T18:00:00.000Z', '2013-04-02T17:00:00.000Z']) expect(iso).not.toContain(gone);
    // Wall-clock 10:00 in both PDT and PST.
    expect(iso).toContain('2013-03-05T18:00:00.000Z');
    expect(iso).toContain('2013-05-07T17:00:00.000Z');
    expect(r.busy.every((b) => b.end - b.start === 30 * 60_000)).toBe(true);
  });

  it('keeps an open-ended daily event at 05:00 local across DST (Google Calendar)', () => {
    const text = fixture('daily_recur');
    const from = at('2026-03-01T00:00Z');
    const until = at('2026-03-15T00:00Z');
    const r = parseFeed(text, { from, until, repZone: 'Europe/Berlin' });
    expect(r.busy.map((b) => b.start)).toEqual(oracle(text, from, until));
    expect(r.busy).toHaveLength(14);
    expect(new Date(r.busy[6]!.start).toISOString()).toBe('2026-03-07T13:00:00.000Z'); // 05:00 PST
    expect(new Date(r.busy[7]!.start).toISOString()).toBe('2026-03-08T12:00:00.000Z'); // 05:00 PDT
  });

  it('treats a TRANSP:TRANSPARENT all-day event as free (Google Calendar)', () => {
    const r = parseFeed(fixture('day_long_recur_yearly'), { from: at('2026-12-07T00:00Z'), until: at('2026-12-14T00:00Z'), repZone: 'UTC' });
    expect(r.busy).toEqual([]);
    expect(r.stats).toMatchObject({ free: 5, allDay: 5 });
  });

  it('an opaque all-day event blocks the rep’s local day, once even when listed twice (Google birthdays)', () => {
    const r = parseFeed(fixture('google_birthday'), { from: at('2013-12-01T00:00Z'), until: at('2013-12-31T00:00Z'), repZone: 'Asia/Kolkata' });
    expect(r.busy).toEqual([
      { start: at('2013-12-09T18:30Z'), end: at('2013-12-10T18:30Z'), source: 'calendar', title: "PErson #2's birthday", allDay: true },
    ]);
    const rules = AvailabilityRules.parse({ timeZone: 'Asia/Kolkata', weekly: Array(7).fill([{ start: '09:00', end: '17:00' }]), minimumNotice: 0, horizon: { days: 1, kind: 'calendar' } });
    const res = computeSlots(rules, r.busy, { now: at('2013-12-09T20:00Z') });
    expect(res.slots).toEqual([]);
    expect(res.candidates[0]!.reason).toBe("blocked: all-day 'PErson #2's birthday'");
  });

  it('an event with no end takes no time (RFC 5545: it ends when it starts)', () => {
    const r = parseFeed(fixture('rdate_exdate'), { from: at('2024-06-01T00:00Z'), until: at('2024-07-01T00:00Z'), repZone: 'UTC' });
    expect(r.busy).toEqual([]);
  });
});

describe('bad feeds', () => {
  it('refuses text that is not iCalendar, with a clear message', () => {
    expect(() => parseFeed('<html>Sign in</html>', { from: 0, until: 1, repZone: 'UTC' })).toThrow(FeedError);
    expect(() => parseFeed('<html>Sign in</html>', { from: 0, until: 1, repZone: 'UTC' })).toThrow(/not valid iCalendar/);
    expect(() => parseFeed('BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n', { from: 0, until: 1, repZone: 'UTC' })).toThrow(/not VCALENDAR/);
  });

  it('refuses a huge feed before parsing it', () => {
    const huge = `BEGIN:VCALENDAR\n${'X-PAD:'.padEnd(100, 'x')}\n`.repeat(MAX_FEED_BYTES / 100 + 10);
    expect(() => parseFeed(huge, { from: 0, until: 1, repZone: 'UTC' })).toThrow(/too large/);
  });

  it('an unreachable or refusing feed URL says so', async () => {
    const down = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(fetchFeed('https://calendar.example/private.ics', down)).rejects.toThrow('Could not reach the calendar feed at calendar.example (Failed to fetch).');
    const gone = () => Promise.resolve(new Response('', { status: 404 }));
    await expect(fetchFeed('webcal://calendar.example/x.ics', gone)).rejects.toThrow('answered 404 (the address may have been reset)');
    await expect(fetchFeed('http://calendar.example/x.ics', gone)).rejects.toThrow('must start with https://');
    const ok = () => Promise.resolve(new Response('BEGIN:VCALENDAR\nEND:VCALENDAR\n'));
    await expect(fetchFeed('webcal://calendar.example/x.ics', ok)).resolves.toContain('VCALENDAR');
  });
});
