import ICAL from 'ical.js';
import { RRule } from './rrule';
import { TZDate } from '@date-fns/tz';
import { dayOf, instantInZone } from '../followup/calendar';
import { isTimeZone, type BusyInterval } from './schema';
import { words, WordsError, type Words } from '../words';

// The rep's calendar feed (an iCalendar address, e.g. Google Calendar's "secret address in iCal format") read
// as busy time. ical.js (Mozilla's maintained parser) reads the text; rrule expands recurring events. We expand
// on wall-clock times in the event's own zone (as "floating" dates) and only then turn each occurrence into an
// instant, so a weekly 10:00 meeting stays at 10:00 across a daylight-saving change. Handled explicitly:
// all-day events (the rep's whole local day), TRANSP:TRANSPARENT ("free") and STATUS:CANCELLED events (not busy),
// EXDATE, RDATE (dates and periods) and moved or cancelled single occurrences (RECURRENCE-ID).

export const MAX_FEED_BYTES = 5_000_000;
const MAX_OCCURRENCES = 50_000;
const MS_DAY = 86_400_000;

/** Why a feed cannot be read: its words for the rep (the options page, Gmail's "Propose times"), the English for logs. */
export class FeedError extends WordsError {
  constructor(said: Words, english: string) {
    super(said, english);
    this.name = 'FeedError';
  }
}

const tooLarge = (bytes: number) =>
  new FeedError(
    words('feedErr_too_large', { mb: Math.round(bytes / 1e6), max: MAX_FEED_BYTES / 1e6 }),
    `The calendar feed is too large (${Math.round(bytes / 1e6)} MB; at most ${MAX_FEED_BYTES / 1e6} MB is read).`,
  );

export interface FeedResult {
  busy: BusyInterval[];
  stats: { events: number; occurrences: number; free: number; cancelled: number; allDay: number };
  warnings: string[];
  /** `warnings` for the rep, one each, in the same order. */
  warningWords: Words[];
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  date: boolean;
}

type Zone = { kind: 'utc' } | { kind: 'iana'; tz: string } | { kind: 'vtimezone'; tz: ICAL.Timezone } | { kind: 'floating' };

const wallOf = (t: ICAL.Time): Wall => ({ y: t.year, mo: t.month, d: t.day, h: t.hour, mi: t.minute, s: t.second, date: t.isDate });
const fakeUtc = (w: Wall) => new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s));
const wallFromFake = (d: Date, date: boolean): Wall => ({
  y: d.getUTCFullYear(),
  mo: d.getUTCMonth() + 1,
  d: d.getUTCDate(),
  h: d.getUTCHours(),
  mi: d.getUTCMinutes(),
  s: d.getUTCSeconds(),
  date,
});

class Zones {
  private readonly vtimezones = new Map<string, ICAL.Timezone>();
  constructor(
    root: ICAL.Component,
    private readonly repZone: string,
    private readonly warnings: string[],
    private readonly warningWords: Words[],
  ) {
    for (const c of root.getAllSubcomponents('vtimezone')) {
      const id = c.getFirstPropertyValue('tzid');
      if (typeof id === 'string') this.vtimezones.set(id, new ICAL.Timezone(c));
    }
  }

  of(prop: ICAL.Property): Zone {
    const t = prop.getFirstValue() as ICAL.Time;
    if (t.zone?.tzid === 'UTC' || t.zone === ICAL.Timezone.utcTimezone) return { kind: 'utc' };
    const tzid = prop.getParameter('tzid');
    const id = typeof tzid === 'string' ? tzid : undefined;
    if (!id) return { kind: 'floating' };
    // An IANA name is read from the platform's own zone data (current rules); otherwise the feed's VTIMEZONE
    // (Outlook writes Windows names such as "Pacific Standard Time" with their rules beside them).
    if (isTimeZone(id)) return { kind: 'iana', tz: id };
    const vt = this.vtimezones.get(id);
    if (vt) return { kind: 'vtimezone', tz: vt };
    if (!this.warnings.some((w) => w.includes(`"${id}"`))) {
      this.warnings.push(`unknown time zone "${id}": read in your own zone (${this.repZone})`);
      this.warningWords.push(words('feedWarn_unknown_zone', { zone: id.slice(0, 100), own: this.repZone }));
    }
    return { kind: 'floating' };
  }

  instant(w: Wall, zone: Zone): number {
    switch (zone.kind) {
      case 'utc':
        return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
      case 'iana':
        return new TZDate(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, zone.tz).getTime();
      case 'vtimezone': {
        const t = ICAL.Time.fromData({ year: w.y, month: w.mo, day: w.d, hour: w.h, minute: w.mi, second: w.s, isDate: false });
        return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - zone.tz.utcOffset(t) * 1000;
      }
      case 'floating':
        return new TZDate(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, this.repZone).getTime();
    }
  }
}

interface Occurrence {
  start: number;
  end: number;
  allDay: boolean;
  title: string;
  free: boolean;
  cancelled: boolean;
}

function isFree(e: ICAL.Component): boolean {
  const transp = String(e.getFirstPropertyValue('transp') ?? '').toUpperCase();
  return transp === 'TRANSPARENT';
}
const isCancelled = (e: ICAL.Component) => String(e.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';

/**
 * The busy intervals of a feed between `from` and `until` (instants). All-day events block the rep's local
 * days from midnight to midnight in `repZone`. Throws FeedError for text that is not iCalendar or too large.
 */
export function parseFeed(text: string, options: { from: number; until: number; repZone: string }): FeedResult {
  if (text.length > MAX_FEED_BYTES) throw tooLarge(text.length);
  let root: ICAL.Component;
  try {
    const jcal = ICAL.parse(text);
    root = new ICAL.Component(jcal as unknown[]);
  } catch (e) {
    // ical.js's own error stays in the English line (for logs); the rep reads what it means.
    throw new FeedError(words('feedErr_not_ical'), `The calendar feed is not valid iCalendar: ${e instanceof Error ? e.message : String(e)}`.slice(0, 400));
  }
  if (root.name !== 'vcalendar') throw new FeedError(words('feedErr_not_vcalendar', { found: root.name.toUpperCase().slice(0, 40) }), `The calendar feed is not valid iCalendar: it starts with ${root.name.toUpperCase()}, not VCALENDAR.`);
  const warnings: string[] = [];
  const warningWords: Words[] = [];
  const zones = new Zones(root, options.repZone, warnings, warningWords);
  const stats = { events: 0, occurrences: 0, free: 0, cancelled: 0, allDay: 0 };

  // Masters and their single-occurrence exceptions, by UID.
  const masters = new Map<string, ICAL.Component>();
  const exceptions = new Map<string, ICAL.Component[]>();
  const loose: ICAL.Component[] = [];
  for (const e of root.getAllSubcomponents('vevent')) {
    stats.events++;
    const uid = String(e.getFirstPropertyValue('uid') ?? '');
    if (e.hasProperty('recurrence-id') && uid) {
      exceptions.set(uid, [...(exceptions.get(uid) ?? []), e]);
    } else if (uid && !masters.has(uid)) {
      masters.set(uid, e);
    } else {
      loose.push(e);
    }
  }

  const occurrences: Occurrence[] = [];
  const push = (o: Occurrence) => {
    if (occurrences.length >= MAX_OCCURRENCES) throw new FeedError(words('feedErr_too_many_events', { max: MAX_OCCURRENCES }), `The calendar feed has too many events in the next weeks (more than ${MAX_OCCURRENCES}).`);
    occurrences.push(o);
  };
  const windowFrom = options.from;
  const windowUntil = options.until;

  const timesOf = (e: ICAL.Component) => {
    const startProp = e.getFirstProperty('dtstart');
    if (!startProp) return undefined;
    const startTime = startProp.getFirstValue() as ICAL.Time;
    const zone = zones.of(startProp);
    const start = wallOf(startTime);
    let lengthMs: number;
    const endProp = e.getFirstProperty('dtend');
    const duration = e.getFirstPropertyValue('duration') as ICAL.Duration | null;
    if (start.date) {
      // All-day: length in whole days (DTEND is exclusive; none = one day).
      const endTime = endProp?.getFirstValue() as ICAL.Time | undefined;
      const days = endTime
        ? Math.max(1, dayOf(endTime.year, endTime.month, endTime.day) - dayOf(start.y, start.mo, start.d))
        : duration
          ? Math.max(1, Math.round(duration.toSeconds() / 86_400))
          : 1;
      lengthMs = days * MS_DAY;
    } else if (endProp) {
      lengthMs = zones.instant(wallOf(endProp.getFirstValue() as ICAL.Time), zones.of(endProp)) - zones.instant(start, zone);
    } else if (duration) {
      lengthMs = duration.toSeconds() * 1000;
    } else {
      lengthMs = 0;
    }
    return { start, zone, lengthMs };
  };

  const occurrence = (e: ICAL.Component, wall: Wall, zone: Zone, lengthMs: number): Occurrence => {
    const title = String(e.getFirstPropertyValue('summary') ?? '').slice(0, 300);
    if (wall.date) {
      const first = dayOf(wall.y, wall.mo, wall.d);
      const days = Math.round(lengthMs / MS_DAY);
      return { start: instantInZone(first, 0, options.repZone), end: instantInZone(first + days, 0, options.repZone), allDay: true, title, free: isFree(e), cancelled: isCancelled(e) };
    }
    const start = zones.instant(wall, zone);
    return { start, end: start + lengthMs, allDay: false, title, free: isFree(e), cancelled: isCancelled(e) };
  };

  const instantOfProp = (p: ICAL.Property, v: ICAL.Time, masterZone: Zone): { at: number; date?: string } => {
    if (v.isDate) return { at: Number.NaN, date: `${v.year}-${v.month}-${v.day}` };
    const own = p.getParameter('tzid') || v.zone?.tzid === 'UTC' ? zones.of(p) : masterZone;
    return { at: zones.instant(wallOf(v), own) };
  };

  for (const [uid, master] of masters) {
    const times = timesOf(master);
    if (!times) {
      warnings.push(`an event without a start was skipped (UID ${uid.slice(0, 60)})`);
      warningWords.push(words('feedWarn_no_start', { uid: uid.slice(0, 60) }));
      continue;
    }
    const { start, zone, lengthMs } = times;
    const rruleProp = master.getFirstProperty('rrule');
    const overridden = new Map<number, ICAL.Component>();
    for (const ex of exceptions.get(uid) ?? []) {
      const rid = ex.getFirstProperty('recurrence-id')!;
      const v = rid.getFirstValue() as ICAL.Time;
      const key = v.isDate ? zones.instant({ ...wallOf(v), h: start.h, mi: start.mi, s: start.s, date: false }, zone) : instantOfProp(rid, v, zone).at;
      overridden.set(key, ex);
    }
    const excluded = new Set<number>();
    const excludedDates = new Set<string>();
    for (const p of master.getAllProperties('exdate')) {
      for (const v of p.getValues() as ICAL.Time[]) {
        const r = instantOfProp(p, v, zone);
        if (r.date) excludedDates.add(r.date);
        else excluded.add(r.at);
      }
    }
    const walls: Array<{ wall: Wall; lengthMs: number }> = [];
    if (rruleProp) {
      const recur = rruleProp.getFirstValue() as ICAL.Recur;
      let rule: RRule;
      try {
        const parsed = RRule.parseString(recur.toString());
        if (parsed.until && recur.until && !recur.until.isDate) {
          // UNTIL is an instant (UTC): expand to its wall time in the event's zone.
          const u = recur.until;
          const at = zones.instant(wallOf(u), u.zone?.tzid === 'UTC' ? { kind: 'utc' } : zone);
          const offset = zones.instant(start, zone) - fakeUtc(start).getTime();
          parsed.until = new Date(at - offset);
        } else if (parsed.until && recur.until?.isDate) {
          parsed.until = new Date(Date.UTC(recur.until.year, recur.until.month - 1, recur.until.day, 23, 59, 59));
        }
        rule = new RRule({ ...parsed, dtstart: fakeUtc(start), tzid: null });
      } catch (err) {
        const summary = String(master.getFirstPropertyValue('summary') ?? '');
        // The calendar library's own reason, as it wrote it.
        const detail = err instanceof Error ? err.message : String(err);
        warnings.push(`a repeating event could not be expanded and counts once ('${summary}': ${detail})`);
        warningWords.push(words('feedWarn_not_expanded', { summary: summary.slice(0, 200), detail: detail.slice(0, 300) }));
        rule = new RRule({ freq: RRule.DAILY, count: 1, dtstart: fakeUtc(start) });
      }
      // Wide margins in wall time: zones are at most ±14 h from UTC, and an occurrence may start before the window.
      const from = new Date(windowFrom - lengthMs - 2 * MS_DAY);
      const until = new Date(windowUntil + 2 * MS_DAY);
      let count = 0;
      rule.between(from, until, true, () => ++count <= MAX_OCCURRENCES).forEach((d) => walls.push({ wall: wallFromFake(d, start.date), lengthMs }));
      if (count > MAX_OCCURRENCES) throw new FeedError(words('feedErr_too_many_repeats', { max: MAX_OCCURRENCES }), 'The calendar feed has a repeating event with too many occurrences.');
    } else {
      walls.push({ wall: start, lengthMs });
    }
    for (const p of master.getAllProperties('rdate')) {
      for (const v of p.getValues() as Array<ICAL.Time | ICAL.Period>) {
        if (v instanceof ICAL.Period) {
          const s = v.start;
          const end = v.getEnd();
          const sAt = zones.instant(wallOf(s), zones.of(p));
          const eAt = zones.instant(wallOf(end), zones.of(p));
          // Kept as an instant already: turn back into this event's wall time through the offset at that instant.
          push({ start: sAt, end: eAt, allDay: false, title: String(master.getFirstPropertyValue('summary') ?? ''), free: isFree(master), cancelled: isCancelled(master) });
          continue;
        }
        if (v.isDate && !start.date) continue;
        if (v.isDate) walls.push({ wall: wallOf(v), lengthMs });
        else {
          const at = instantOfProp(p, v, zone).at;
          if (!excluded.has(at) && !overridden.has(at)) push({ ...occurrence(master, start, zone, lengthMs), start: at, end: at + lengthMs });
        }
      }
    }
    for (const { wall, lengthMs: len } of walls) {
      const o = occurrence(master, wall, zone, len);
      if (excluded.has(o.start) || excludedDates.has(`${wall.y}-${wall.mo}-${wall.d}`)) continue;
      const key = wall.date ? zones.instant({ ...wall, date: false }, zone) : o.start;
      if (overridden.has(key)) continue;
      push(o);
    }
    for (const ex of overridden.values()) {
      const t = timesOf(ex);
      if (t) push(occurrence(ex, t.start, t.zone, t.lengthMs));
    }
  }
  // Exceptions whose master is not in the feed, and events without a UID: each stands alone.
  for (const [uid, list] of exceptions) if (!masters.has(uid)) loose.push(...list);
  for (const e of loose) {
    const t = timesOf(e);
    if (t) push(occurrence(e, t.start, t.zone, t.lengthMs));
  }

  const busy: BusyInterval[] = [];
  const seen = new Set<string>();
  for (const o of occurrences) {
    if (o.end <= windowFrom || o.start >= windowUntil || o.end <= o.start) continue;
    // The same occurrence twice (Google's birthday feed repeats them under two UIDs) is one busy interval.
    const key = `${o.start}|${o.end}|${o.title}|${o.free}|${o.cancelled}`;
    if (seen.has(key)) continue;
    seen.add(key);
    stats.occurrences++;
    if (o.allDay) stats.allDay++;
    if (o.cancelled) {
      stats.cancelled++;
      continue;
    }
    if (o.free) {
      stats.free++;
      continue;
    }
    busy.push({ start: o.start, end: o.end, source: 'calendar', title: o.title, allDay: o.allDay });
  }
  busy.sort((a, b) => a.start - b.start);
  return { busy, stats, warnings, warningWords };
}

/** The port the background gives: the platform's fetch, limited to the feed's host by the rep's permission. */
export type FetchPort = (url: string, init: { signal: AbortSignal; redirect: 'follow'; credentials: 'omit' }) => Promise<Response>;

/** A feed address the rep typed, as the https URL to read (webcal:// is the same feed over https). */
export function feedUrl(input: string): URL {
  const trimmed = input.trim().replace(/^webcals?:\/\//i, 'https://');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new FeedError(words('feedErr_not_web_address'), 'The calendar feed address is not a web address (it should start with https://).');
  }
  if (url.protocol !== 'https:') throw new FeedError(words('feedErr_not_https'), 'The calendar feed address must start with https:// (or webcal://).');
  return url;
}

/** The feed's text, or a FeedError the rep can act on (unreachable, refused, too large). */
export async function fetchFeed(input: string, fetch: FetchPort, options: { timeoutMs?: number } = {}): Promise<string> {
  const url = feedUrl(input);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
  try {
    let res: Response;
    try {
      res = await fetch(url.href, { signal: controller.signal, redirect: 'follow', credentials: 'omit' });
    } catch (e) {
      // The port's own refusal (no access to the host) is said as it is.
      if (e instanceof FeedError) throw e;
      // The platform's own error ("Failed to fetch") stays in the English line, for logs.
      const english = `Could not reach the calendar feed at ${url.host} (${controller.signal.aborted ? 'no answer in time' : e instanceof Error ? e.message : String(e)}).`;
      throw new FeedError(words(controller.signal.aborted ? 'feedErr_no_answer' : 'feedErr_unreachable', { host: url.host }), english);
    }
    if (!res.ok) {
      const said = res.status === 404 ? words('feedErr_status_404', { host: url.host }) : words('feedErr_status', { host: url.host, status: String(res.status) });
      throw new FeedError(said, `The calendar feed at ${url.host} answered ${res.status}${res.status === 404 ? ' (the address may have been reset)' : ''}.`);
    }
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > MAX_FEED_BYTES) throw tooLarge(declared);
    const text = await res.text();
    if (text.length > MAX_FEED_BYTES) throw tooLarge(text.length);
    return text;
  } finally {
    clearTimeout(timer);
  }
}
