import * as chrono from 'chrono-node';
import { newestPart, normaliseDashes } from '../followup/text';
import { words, type WordArg, type Words } from '../words';

// Which of the proposed times a prospect's reply picks, read locally: by its number or order ("2", "the first
// one", "option B"), by day and time ("Thursday at 3pm works", "Thu 10 Dec 15:00", read by chrono-node), or
// none of them ("none of these work, how about next week" → propose again). A time named in a clause that
// declines it ("Thursday doesn't work") rules that slot out instead. When the reply names nothing we can tie to
// one slot, nothing is picked: the rep decides. Each reading says why twice: `reason`, the English line kept for
// the audit log and older rows, and `words` (lib/words.ts), said in the rep's language with the slot's day and
// time in the rep's locale and the prospect's words quoted as written.

export interface ProposedSlot {
  start: number;
  end: number;
}

export type ReplyReading =
  | { kind: 'pick'; slot: number; reason: string; words: Words }
  | { kind: 'again'; reason: string; words: Words }
  | { kind: 'none'; reason: string; words: Words };

export interface ReplyInput {
  proposed: readonly ProposedSlot[];
  text: string;
  now: number;
  /** The zone the reply's times are read in first (the recipient's). */
  timeZone: string;
  /** The rep's zone, tried when the recipient's matches nothing (the proposal shows both). */
  repTimeZone?: string;
}

const ORDINALS: Record<string, number> = {
  first: 0, '1st': 0, one: 0,
  second: 1, '2nd': 1, two: 1,
  third: 2, '3rd': 2, three: 2,
  fourth: 3, '4th': 3, four: 3,
  fifth: 4, '5th': 4, five: 4,
};
const LETTERS = 'abcde';

const NEGATIVE = /\b(?:not|no longer|cannot|can't|cant|won't|wont|doesn't|doesnt|don't|dont|isn't|isnt|unable|unfortunately|busy|booked|conflict|clash|tied up|out of (?:the )?office|travell?ing|away|off|out|tough|tricky|difficult|hard|bad|no good)\b|\bnone\b|\bneither\b|\bnor\b/i;
const AGAIN = /\b(?:none of (?:these|those|them|the (?:times|slots|options))|neither (?:of (?:these|those|them))?|(?:any|some) other (?:times?|days?|slots?)|other times|different (?:time|day)|another (?:time|day|week)|how about|what about|would .{0,20}(?:work|suit) instead|instead\??|next week|later (?:this|next) (?:week|month)|reschedule|(?:can|could) we (?:do|try|move|push)|push (?:it|this) (?:back|out)|do you have (?:anything|any|something)|anything (?:else|later|earlier)|(?:doesn't|don't|do not|does not|won't|will not) (?:work|suit)|suggest (?:some|other|another|a few|something)|try me|(?:any|something) (?:earlier|later|else)|what does .{0,30} look like|look at (?:january|february|march|april|may|june|july|august|september|october|november|december|next)|(?:at|attending) a conference|(?:out of (?:the )?office|away|travell?ing|on leave|booked|busy|unavailable) (?:all|this|the (?:whole|entire)) week)\b/i;
const ANY = /\b(?:any(?: one)? of (?:these|those|them|the (?:times|slots|options))|all (?:of (?:these|those|them) )?(?:work|are fine|are good)|any (?:time|slot|option|of them) (?:works|is fine)|either (?:one )?(?:works|is fine|would work)|whichever|i'm flexible|im flexible)\b/i;

function clean(text: string): string {
  return normaliseDashes(newestPart(text))
    .split('\n')
    .filter((l) => !/^\s*>/.test(l))
    .join('\n');
}

/** Clauses: sentences, lines, and the halves of a "but"/"however"/"though". */
function clauses(text: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  const re = /[^.!?;\n]+(?:[.!?;]+|\n|$)/g;
  for (const m of text.matchAll(re)) {
    const parts = m[0].split(/\b(?=but\b|however\b|though\b|although\b|whereas\b|otherwise\b)|(?=,\s*(?:not|i|i'm|im|we|we're|my|our|and|or)\b)/i);
    let offset = m.index;
    for (const p of parts) {
      if (p.trim()) out.push({ start: offset, text: p });
      offset += p.length;
    }
  }
  return out;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function wallOf(at: number, timeZone: string): Wall {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? '');
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), weekday, hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

type Mention = { index: number; text: string; matches: (w: Wall) => boolean; dateOnly: boolean; timeOnly: boolean };

function mentions(text: string, now: number, timeZone: string): Mention[] {
  const w = wallOf(now, timeZone);
  // chrono reads wall-clock times: the reference is "now" on the reader's wall clock, as if it were UTC.
  const ref = { instant: new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute)), timezone: 0 };
  const out: Mention[] = [];
  for (const r of chrono.casual.parse(text, ref, { forwardDate: true })) {
    const s = r.start;
    const hasDay = s.isCertain('day');
    const hasWeekday = s.isCertain('weekday');
    const hasHour = s.isCertain('hour');
    if (!hasDay && !hasWeekday && !hasHour) continue;
    const day = s.get('day');
    const month = s.get('month');
    const weekday = s.get('weekday');
    const hour = s.get('hour') ?? 0;
    const minute = s.isCertain('minute') ? (s.get('minute') ?? 0) : undefined;
    const meridiem = s.isCertain('meridiem');
    const end = r.end && r.end.isCertain('hour') ? { hour: r.end.get('hour') ?? 0, minute: r.end.get('minute') ?? 0 } : undefined;
    const hours = meridiem || hour >= 12 || hour === 0 ? [hour] : [hour, hour + 12];
    const matchesTime = (x: Wall) => {
      if (!hasHour) return true;
      if (end) {
        const t = x.hour * 60 + x.minute;
        return hours.some((h) => {
          const from = h * 60 + (minute ?? 0);
          let to = end.hour * 60 + end.minute;
          if (to <= from && end.hour < 12) to += 12 * 60;
          return t >= from && t < to;
        });
      }
      return hours.includes(x.hour) && (minute === undefined ? x.minute === 0 : x.minute === minute);
    };
    const matchesDate = (x: Wall) => {
      if (hasDay) return x.day === day && (!s.isCertain('month') || x.month === month) && (!s.isCertain('year') || x.year === s.get('year'));
      if (hasWeekday) return x.weekday === weekday;
      return true;
    };
    // "Monday afternoon": chrono leaves the hour uncertain; the part of the day narrows the slots.
    const near = text.slice(Math.max(0, r.index - 12), r.index + r.text.length + 14).toLowerCase();
    const part = hasHour ? undefined : /\b(?:early|late)?\s*morning\b|\bam\b/.test(near) ? [0, 12] : /\bafternoon\b|\blunch/.test(near) ? [12, 17] : /\bevening\b|\bnight\b|\bpm\b/.test(near) ? [17, 24] : undefined;
    const matchesPart = (x: Wall) => !part || (x.hour >= part[0]! && x.hour < part[1]!);
    out.push({ index: r.index, text: r.text, matches: (x) => matchesDate(x) && matchesTime(x) && matchesPart(x), dateOnly: !hasHour, timeOnly: !hasDay && !hasWeekday });
  }
  return out;
}

const label = (slot: ProposedSlot, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(slot.start)
    .replace(',', '');

const squash = (s: string) => s.trim().replace(/\s+/g, ' ').slice(0, 80);
const quote = (s: string) => `'${squash(s)}'`;

/** The prospect's words, quoted in the rep's language's marks (without the comma chrono took with them). */
const quoted = (s: string): Words => words('meet_quote', { text: squash(s).replace(/[\s,;:]+$/, '') });
/**
 * "“Tuesday”, “Wednesday” and “Thursday”", "„Tuesday“, „Wednesday“ und „Thursday“": a few quoted phrases, the
 * first three (each one nests the words once more).
 */
function listed(phrases: readonly string[], last: 'meet_and' | 'meet_or' = 'meet_and'): WordArg {
  const shown = phrases.slice(0, 3);
  return shown.slice(1).reduce<Words>((a, b, i) => words(i === shown.length - 2 ? last : 'meet_comma', { a, b: quoted(b) }), quoted(shown[0] ?? ''));
}
/** A proposed time, said by the surface in the rep's locale, in the zone it was read in. */
const slotArg = (slot: ProposedSlot, timeZone: string): WordArg => ({ at: slot.start, tz: timeZone });

function byOrder(text: string, count: number): { slot: number; words: string } | { beyond: number; words: string } | undefined {
  const trimmed = text.trim();
  // A bare answer: "2", "#2", "2.", "2 works", "2 please", "Option 2", "B".
  const bare = /^(?:(?:option|number|no\.?|slot|#)\s*)?([1-9]|[a-e])(?:[.)!]|\s+(?:works?|is (?:good|great|fine|perfect)|please|pls|for me|thanks|thank you|sounds good)\b|\s*$)/i.exec(trimmed);
  if (bare && !/^[a-e]\s+\w/i.test(trimmed.replace(/^[a-e][.)]/i, ''))) {
    const token = bare[1]!.toLowerCase();
    const n = /\d/.test(token) ? Number(token) - 1 : LETTERS.indexOf(token);
    return n < count ? { slot: n, words: bare[0] } : { beyond: n + 1, words: bare[0] };
  }
  const named = /\b(?:option|number|slot|choice|time|#)\s*(?:no\.?\s*)?(?:#\s*)?([1-9]|[a-e]|one|two|three|four|five)\b(?![:.]\d|\s*(?:am|pm|o'?clock|h\b))/i.exec(text);
  if (named) {
    const token = named[1]!.toLowerCase();
    const n = /\d/.test(token) ? Number(token) - 1 : token.length > 1 ? ORDINALS[token]! : LETTERS.indexOf(token);
    return n < count ? { slot: n, words: named[0] } : { beyond: n + 1, words: named[0] };
  }
  const ordinal = /\b(?:the\s+)?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|latter|former)(?:\s+(?:one|option|time|slot|choice|suggestion))?\b/i.exec(text);
  if (ordinal) {
    const w = ordinal[1]!.toLowerCase();
    // "first thing", "first week", "last week" are not answers.
    const after = text.slice(ordinal.index + ordinal[0].length, ordinal.index + ordinal[0].length + 12);
    const bareWord = !/one|option|time|slot|choice|suggestion/i.test(ordinal[0]);
    if (bareWord && text.trim().split(/\s+/).length > 4 && !/\b(?:the|take|prefer|go with|choose)\s+(?:first|second|third|fourth|fifth|last)\b/i.test(text)) return undefined;
    if (bareWord && /^\s*(?:thing|week|month|quarter|half|of|call|meeting|time|round|step|day|half)\b/i.test(after)) return undefined;
    if (w === 'last' || w === 'latter') return { slot: count - 1, words: ordinal[0] };
    if (w === 'former') return { slot: 0, words: ordinal[0] };
    const n = ORDINALS[w]!;
    return n < count ? { slot: n, words: ordinal[0] } : { beyond: n + 1, words: ordinal[0] };
  }
  return undefined;
}

/** What the reply says about the proposed times. */
export function readReply(input: ReplyInput): ReplyReading {
  const { proposed } = input;
  const text = clean(input.text);
  if (!text.trim()) return { kind: 'none', reason: 'the reply has no text of its own', words: words('meet_read_no_text') };
  if (proposed.length === 0) return { kind: 'none', reason: 'no times were proposed', words: words('meet_read_no_proposed') };
  const parts = clauses(text);
  const clauseAt = (i: number) => parts.find((c) => i >= c.start && i < c.start + c.text.length)?.text ?? text;
  // A pick by the times the reply names; read in the rep's zone when the recipient's matched nothing.
  const names = (said: readonly string[], slot: number, zone: string): ReplyReading => {
    const repZone = zone !== input.timeZone;
    return {
      kind: 'pick',
      slot,
      reason: `names ${said.map(quote).join(' and ')}: ${label(proposed[slot]!, zone)}${repZone ? ' (read in the rep’s zone)' : ''}`,
      words: words(repZone ? 'meet_read_names_rep_zone' : 'meet_read_names', { phrases: listed(said), slot: slotArg(proposed[slot]!, zone) }),
    };
  };

  // Times named in the reply, read in the recipient's zone first, then the rep's.
  const zones = [input.timeZone, ...(input.repTimeZone && input.repTimeZone !== input.timeZone ? [input.repTimeZone] : [])];
  for (const zone of zones) {
    const found = mentions(text, input.now, zone);
    if (found.length === 0) continue;
    const walls = proposed.map((p) => wallOf(p.start, zone));
    const picked = new Set<number>();
    const declined = new Set<number>();
    const said: string[] = [];
    for (const m of found) {
      const hits = walls.flatMap((w, i) => (m.matches(w) ? [i] : []));
      if (hits.length === 0) continue;
      const clause = clauseAt(m.index);
      if (NEGATIVE.test(clause)) {
        hits.forEach((i) => declined.add(i));
        continue;
      }
      if (hits.length > 1) {
        // "Thursday works" with two Thursday times: narrowed further by another mention, or left to the rep.
        said.push(m.text);
        hits.forEach((i) => picked.add(i));
        continue;
      }
      said.push(m.text);
      picked.add(hits[0]!);
    }
    for (const d of declined) picked.delete(d);
    // Several mentions each naming a set: keep the slots every positive mention agrees on when possible.
    if (picked.size > 1) {
      const narrowed = [...picked].filter((i) => found.filter((m) => !NEGATIVE.test(clauseAt(m.index))).every((m) => !walls.some((w) => m.matches(w)) || m.matches(walls[i]!)));
      if (narrowed.length === 1) return names(said, narrowed[0]!, zone);
      const first = Math.min(...picked);
      if (/\b(?:either|both|any)\b/i.test(text)) {
        return { kind: 'pick', slot: first, reason: `says ${quote(said.join(' or '))} both work: the earliest, ${label(proposed[first]!, zone)}`, words: words('meet_read_either', { phrases: listed(said, 'meet_or'), slot: slotArg(proposed[first]!, zone) }) };
      }
      return { kind: 'none', reason: `names ${said.map(quote).join(', ')}, which fits ${picked.size} of the proposed times: the rep picks`, words: words('meet_read_fits_several', { phrases: listed(said), count: picked.size }) };
    }
    if (picked.size === 1) return names(said, [...picked][0]!, zone);
    if (declined.size > 0 && declined.size === proposed.length) {
      const phrases = found.map((m) => m.text);
      return { kind: 'again', reason: `declines every proposed time (${phrases.map(quote).join(', ')})`, words: words('meet_read_declines_all', { phrases: listed(phrases) }) };
    }
  }

  // By number or order.
  const order = byOrder(text, proposed.length);
  if (order) {
    const clause = clauseAt(text.indexOf(order.words));
    if ('beyond' in order) {
      return { kind: 'none', reason: `names option ${order.beyond} (${quote(order.words)}), but only ${proposed.length} were proposed`, words: words('meet_read_beyond', { option: order.beyond, quote: quoted(order.words), count: proposed.length }) };
    }
    if (!(NEGATIVE.test(clause) && !/\b(?:works?|fine|good|great|perfect)\b/i.test(clause))) {
      return { kind: 'pick', slot: order.slot, reason: `answers ${quote(order.words)}: ${label(proposed[order.slot]!, input.timeZone)}`, words: words('meet_read_answers', { quote: quoted(order.words), slot: slotArg(proposed[order.slot]!, input.timeZone) }) };
    }
  }
  const any = ANY.exec(text);
  if (any && !AGAIN.test(text) && !NEGATIVE.test(clauseAt(any.index))) {
    return { kind: 'pick', slot: 0, reason: `says ${quote(any[0])}: the earliest, ${label(proposed[0]!, input.timeZone)}`, words: words('meet_read_any', { quote: quoted(any[0]), slot: slotArg(proposed[0]!, input.timeZone) }) };
  }
  const again = AGAIN.exec(text);
  if (again) return { kind: 'again', reason: `asks for other times (${quote(clauseAt(again.index))})`, words: words('meet_read_asks_again', { quote: quoted(clauseAt(again.index)) }) };
  const named = mentions(text, input.now, input.timeZone);
  if (named.length > 0) {
    return { kind: 'none', reason: `names ${named.map((m) => quote(m.text)).join(', ')}, which is none of the proposed times`, words: words('meet_read_names_unproposed', { phrases: listed(named.map((m) => m.text)) }) };
  }
  return { kind: 'none', reason: 'names none of the proposed times', words: words('meet_read_nothing') };
}
