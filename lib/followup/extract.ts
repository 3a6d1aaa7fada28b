import { Chrono, en, type ParsedResult, type Parser, type ParsingResult, type Refiner } from 'chrono-node';
import { MONDAY_TO_FRIDAY, dayInZone, dayOf, isoDay, mondayOf, nextWeekday, partsOf, weekdayOf, workingCalendar, type WorkingCalendar, type Day } from './calendar';
import { anyDateWord, followupParsers, gate, hasMonthWord, leapDayParser, hasNumericDate, hasWeekdayWord, isOwnResult, ownTags, parseGated, prefilters, TAG, type ParserEnv } from './parsers';
import { detectLanguage, type Language } from './language';
import { localeReader, type Foreign } from './locales';
import { prepareText, sentenceAround, sentenceEnds } from './text';

// A follow-up date from a message's text: every date the sender gives for when they are available or when
// to get back in touch (a cue), read in the rep's time zone and calendar; the latest cue wins; no cue means
// the default cadence. The rules are the issue's, pinned by test/fixtures/followup/dev.jsonl.

export interface FollowUpInput {
  text: string;
  /** When the message was sent or received (ms since the epoch). */
  at: number;
  /** The rep's IANA time zone: "today" is the local date of `at` there. */
  timeZone: string;
  /** Working weekdays, 0 = Sunday (default Monday–Friday). */
  workingDays?: readonly number[];
  /** Extra non-working dates (YYYY-MM-DD); January 1 and December 25 always are. */
  holidays?: readonly string[];
  /** Working days after today when the text gives no date (default 3). */
  cadenceDays?: number;
}

export interface FollowUpCue {
  /** The words the date was read from, as written. */
  phrase: string;
  index: number;
  date: string;
  /** How the phrase was read: at, after (the day after), before, span, fixed. */
  reading: Reading;
}

export interface FollowUpDate {
  date: string;
  reason: string;
  /** cue: read from the text (`reason` is the phrase); cadence: no date given. */
  basis: 'cue' | 'cadence';
  /** Every cue found, in text order (the latest gave `date`). */
  cues: FollowUpCue[];
}

export const DEFAULT_REASON = 'no date mentioned: default cadence';

type Reading = 'at' | 'after' | 'before' | 'span' | 'fixed';

// Built field by field, never by spreading: an object spread here cost more than the rest of the mention.
interface Mention {
  index: number;
  end: number;
  text: string;
  start: Day;
  last: Day;
  tags: ReadonlySet<string>;
  /** Only a weekday was named ("Thursday"): its week is a guess. */
  weekdayOnly: boolean;
  /** A range "X–Y" of two dates (not one of our periods such as "January"). */
  range: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// chrono, configured for follow-ups

// chrono parsers this reader does not want: clock times ("at 3pm" is not a day) and its own time-unit
// readings, which ours replace ("in a few weeks"). Found by what they match, not by class name, which a
// minifier may rename.
const UNWANTED_PROBES = ['at 10:30pm', 'in 3 days', 'within 3 days', '3 days ago', '3 days later', 'in a few weeks', 'next month'];

const UNWANTED_REFINERS = /^(?:ExtractTimezoneAbbrRefiner|ExtractTimezoneOffsetRefiner|ENMergeDateTimeRefiner|ENMergeRelativeAfterDateRefiner|ENMergeRelativeFollowByDateRefiner|ForwardDateRefiner|UnlikelyFormatFilter)$/;
const probeRef = { instant: new Date(Date.UTC(2026, 0, 15, 12)), timezone: 0 };
const probe = (parser: Parser, text: string) => new Chrono({ parsers: [parser], refiners: [] }).parse(text, probeRef)[0];

function buildChrono(littleEndian: boolean): Chrono {
  const config = en.configuration.createConfiguration(false, false);
  const keep = (parser: Parser) =>
    !UNWANTED_PROBES.some((text) => {
      const found = probe(parser, text);
      return found !== undefined && found.text.length >= text.length - 3;
    });
  let parsers = config.parsers.filter(keep);
  if (littleEndian) {
    // Only numeric dates turn day-first: chrono's day-first setting would also drop "March 31" (as if '31
    // were a year), which English writes everywhere.
    const dayFirst = en.configuration.createConfiguration(false, true).parsers.find((p) => probe(p, '12/8')?.start.get('month') === 8);
    if (dayFirst) parsers = parsers.map((p) => (probe(p, '12/8')?.start.get('month') === 12 ? dayFirst : p));
  }
  // Each of chrono's parsers runs only on texts holding what it reads: a weekday, a month name, or a
  // numeric date.
  const gated = parsers.map((p) =>
    probe(p, 'Friday')
      ? gate(hasWeekdayWord, p)
      : probe(p, 'December 3') || probe(p, '3 December') || probe(p, '2026 December')
        ? gate(hasMonthWord, p)
        : gate(hasNumericDate, p),
  );
  // Refiners for what this reader never produces (clock times, time zones, chrono's relative phrases) only
  // cost time, and chrono's unlikely-format filter is replaced by dropUnlikely (first, and again after the
  // merges). Matched by class name: in a build that renames classes they all stay, which is only slower.
  const refiners = config.refiners.filter((r) => !UNWANTED_REFINERS.test(r.constructor.name));
  // chrono joins "X until Y" into one range; the rules read "until Y" as Y itself, so its range joiner
  // keeps to "to", "through" and dashes, and "until Y" stays a date of its own.
  for (const r of refiners as (Refiner & { patternBetween?: () => RegExp })[]) {
    if (typeof r.patternBetween === 'function' && r.patternBetween().test(' until ') && r.patternBetween().test(' through ')) {
      r.patternBetween = () => RANGE_JOINER;
    }
  }
  return new Chrono({ parsers: [...gated, leapDayParser, ...followupParsers], refiners: [dropUnlikely, ...refiners, dropUnlikely] });
}

// chrono's UnlikelyFormatFilter, earlier and cheaper. Earlier: chrono drops readings of days that do not exist
// only after settling overlaps, so an invalid "on 29 February" pushed out the leap-day reader's valid one.
// Cheaper: the same checks (a bare number is no date; the day, hour and minute must exist) by arithmetic,
// where chrono builds a Date per reading.
// Most parses keep every result: the list is copied only from the first one dropped.
const dropUnlikely: Refiner = {
  refine: (_context, results) => {
    let kept: typeof results | undefined;
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      const likely = !isBareNumber(r.text) && (isOwnResult(r) || (exists(r.start) && (!r.end || exists(r.end))));
      if (!likely) kept ??= results.slice(0, i);
      else if (kept) kept.push(r);
    }
    return kept ?? results;
  },
};
// A bare number holds nothing but digits and at most one dot, once its first space is taken out (chrono's
// filter tests /^\d*(?:\.\d*)?$/ on the text less its first space): read by its character codes, since most
// of chrono's readings start with a digit and a replace and a pattern cost more than the reading's check.
function isBareNumber(text: string): boolean {
  let space = false;
  let dot = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 32 && !space) space = true;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return true;
}

function exists(c: ParsedResult['start']): boolean {
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  const hour = c.get('hour');
  const minute = c.get('minute');
  if (year === null || month === null || day === null) return false;
  if (!(Number.isInteger(month) && month >= 1 && month <= 12 && Number.isInteger(day) && day >= 1)) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31)) return false;
  return (hour === null || (hour >= 0 && hour < 24)) && (minute === null || (minute >= 0 && minute < 60));
}

const RANGE_JOINER = /^\s*(?:to|-|–|through|thru)\s*$/i;

let chronoMiddleEndian: Chrono | undefined;
let chronoLittleEndian: Chrono | undefined;
const chronoFor = (littleEndian: boolean) =>
  littleEndian ? (chronoLittleEndian ??= buildChrono(true)) : (chronoMiddleEndian ??= buildChrono(false));

// The other six languages: chrono's parser for the language (day-first, as each of them writes numeric
// dates), less what ours replace, then ours; the same refiners as English.
const localeChronos = new Map<Foreign, Chrono>();
function chronoForLanguage(lang: Foreign): Chrono {
  let c = localeChronos.get(lang);
  if (!c) {
    const reader = localeReader(lang, probe);
    const refiners = reader.refiners.filter((r) => !UNWANTED_REFINERS.test(r.constructor.name));
    c = new Chrono({ parsers: [...reader.parsers, leapDayParser], refiners: [dropUnlikely, dropNow, ...refiners, dropUnlikely] });
    localeChronos.set(lang, c);
  }
  return c;
}

// chrono's casual parsers read "now" in these languages ("ahora", "jetzt", "maintenant", "nu", "adesso") as the
// moment of reading, which the rules then took for tomorrow: "Estoy fuera ahora. Le responderé tan pronto como
// regrese." (Modoboa's Spanish auto-reply) gave a follow-up the next day. The English reader never runs chrono's
// casual parser on such a text, so "now" is no cue there; nor is it here.
const NOW_WORD = /^(?:ahora|agora|jetzt|maintenant|nu|adesso|ora|ya)$/i;
const isNow = (text: string) => text.length <= 12 && NOW_WORD.test(text.trim());
const dropNow: Refiner = {
  refine: (_context, results) => {
    for (const r of results) if (isNow(r.text)) return results.filter((x) => !isNow(x.text));
    return results;
  },
};

// Month-first numeric dates (12/8 = December 8) in the US and Canada; day-first elsewhere. A text that
// writes an unambiguous one ("23/12") settles it for itself.
const MONTH_FIRST_ZONES = /^(?:America\/(?:New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Adak|Boise|Detroit|Juneau|Sitka|Nome|Metlakatla|Yakutat|Menominee|Indiana\/.*|Kentucky\/.*|North_Dakota\/.*|Toronto|Vancouver|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Moncton|Glace_Bay|Goose_Bay|Whitehorse|Dawson_Creek|Iqaluit|Puerto_Rico|Manila)|US\/.*|Canada\/.*|Pacific\/Honolulu|Asia\/Manila|UTC|Etc\/.*|GMT)$/;

function isLittleEndian(text: string, timeZone: string): boolean {
  if (!/\d[/.]\d/.test(text)) return false; // no numeric date: either reading is the same, keep one chrono warm
  for (const m of text.matchAll(/(?<![\d/.])(\d{1,2})[/.](\d{1,2})(?![\d])/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) return true;
    if (b > 12 && a <= 12) return false;
  }
  return !MONTH_FIRST_ZONES.test(timeZone);
}


// ---------------------------------------------------------------------------------------------------------
// Mentions: every day or period the text names, resolved against today

/**
 * A month-day without a year: this year's unless it passed more than four months ago (then next year's),
 * or unless it is more than eight months off while last year's passed within four ("Dec 21" read on
 * January 2 is the one just gone).
 */
function resolveYear(today: Day, month: number, day: number): number {
  const { year } = partsOf(today);
  const thisYear = dayOf(year, month, day);
  if (thisYear - today > 240 && today - dayOf(year - 1, month, day) <= 120) return year - 1;
  return thisYear >= today || today - thisYear <= 120 ? year : year + 1;
}

function dayFromChrono(today: Day, c: ParsedResult['start'], after?: Day): Day | undefined {
  if (!c.isCertain('day') || !c.isCertain('month')) return undefined;
  const month = c.get('month')!;
  const day = c.get('day')!;
  if (c.isCertain('year')) return dayOf(c.get('year')!, month, day);
  let year = resolveYear(today, month, day);
  if (after !== undefined && dayOf(year, month, day) < after) year++;
  // February 29 without a year: the leap year's (dayOf would otherwise quietly make it March 1).
  if (month === 2 && day === 29) while (!isLeapYear(year)) year++;
  return dayOf(year, month, day);
}

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function weekdayDay(today: Day, weekday: number, text: string): Day {
  const t = text.toLowerCase();
  if (/\b(?:last|past|previous)\b/.test(t)) return today - 1; // "last Tuesday": over
  const offset = (weekday + 6) % 7; // from Monday
  if (/\b(?:next|following)\s+week\b/.test(t)) return mondayOf(today) + 7 + offset;
  if (/\bthis\s+week\b/.test(t)) return mondayOf(today) + offset;
  return nextWeekday(today, weekday); // "Friday", "next Friday", "this Friday": the first one after today
}

// One of chrono's parsers reads "7 until 11 December" as one range; the rules read "until Y" as Y itself,
// so such a range is read as its two dates, the second with its "until" before it.
const UNTIL_JOIN = /\s*\b(?:until|till|til|'til)\b\s*/i;

/** The mentions in one of chrono's results, appended to `out`. */
function addMentions(out: Mention[], today: Day, r: ParsedResult): void {
  const join = r.end ? UNTIL_JOIN.exec(r.text) : null;
  const own = ownTags(r as ParsingResult);
  if (r.end && join) {
    const at = join.index + join[0].length;
    addMention(out, today, r.index, r.text.slice(0, join.index), r.start, undefined, own);
    addMention(out, today, r.index + at, r.text.slice(at), r.end, undefined, own);
  } else addMention(out, today, r.index, r.text, r.start, r.end, own);
}

function addMention(
  out: Mention[],
  today: Day,
  index: number,
  text: string,
  s: ParsedResult['start'],
  e: ParsedResult['start'] | undefined,
  /** The tags of one of our own results (start and end alike), read without a copy. */
  own: ReadonlySet<string> | undefined,
): void {
  // chrono's tags() copies its set on every call: one copy, read before the end's tags join it.
  const tags = own ?? s.tags();
  // One of our periods reads as it is; a range chrono joined (even from our dates) reads as "X–Y".
  const ownPeriod = e !== undefined && tags.has(TAG.period);
  const ours = tags.has(TAG.ours);
  if (e && !own) for (const tag of e.tags()) (tags as Set<string>).add(tag);
  if (ours && (e === undefined || ownPeriod)) {
    const start = dayFromChrono(today, s);
    const last = e ? dayFromChrono(today, e) : start;
    if (start === undefined || last === undefined || !Number.isFinite(start) || !Number.isFinite(last)) return;
    out.push(mention(index, text, tags, start, last, false, false));
    return;
  }
  let start = dayFromChrono(today, s);
  let weekdayOnly = false;
  if (start === undefined && s.isCertain('weekday')) {
    start = weekdayDay(today, s.get('weekday')!, text);
    weekdayOnly = !/\b(?:next|this|following)\s+week\b/i.test(text) && !e;
  }
  if (start === undefined) return; // a time of day alone, or a month chrono read without a day
  let last = start;
  if (e) {
    let end = dayFromChrono(today, e, start);
    if (end === undefined && e.isCertain('weekday')) end = start + ((e.get('weekday')! - weekdayOf(start) + 7) % 7);
    if (end !== undefined && end >= start) last = end;
  }
  // A reading chrono could not complete (a date without its year, a range end it could not place) is no cue.
  if (!Number.isFinite(start) || !Number.isFinite(last)) return;
  out.push(mention(index, text, tags, start, last, weekdayOnly, e !== undefined));
}

const mention = (index: number, text: string, tags: ReadonlySet<string>, start: Day, last: Day, weekdayOnly: boolean, range: boolean): Mention => ({
  index,
  end: index + text.length,
  text,
  start,
  last,
  tags,
  weekdayOnly,
  range,
});

// ---------------------------------------------------------------------------------------------------------
// Reading a mention in its sentence

const FILLER = String.raw`(?:(?:on|the|of|around|about|approx\.?|approximately|roughly|sometime|some time|probably|likely|hopefully|possibly|at least|in|into|again|our|my|your|their|his|her|this|that|,|-|:)\s*)*`;
const end = (words: string) => new RegExp(String.raw`\b(?:${words})\s*${FILLER}$`, 'i');

// Words just before a date that decide how it reads, whatever else the sentence says.
const AT_WORDS_SOURCE =
  String.raw`until|till|til|'til|untill|up until|up to|through to|return(?:s|ing)?(?: to (?:the )?(?:office|work|my desk))?|(?:be |i'?m |i am |we'?re )?back(?: in (?:the )?office| in the office| at (?:my )?(?:desk|work)| to (?:the )?(?:office|work)| online)?|in the office|in office|available(?: again)?|reachable|by|no later than|starting|as of|effective|beginning|resume|resuming`;
const AT_WORDS = end(AT_WORDS_SOURCE);
const AFTER_WORDS_SOURCE = String.raw`through|thru|throughout|after|following|post|beyond|once|until after|till after`;
const AFTER_WORDS = end(AFTER_WORDS_SOURCE);
const BEFORE_WORDS_SOURCE = String.raw`before|prior to|ahead of`;
const BEFORE_WORDS = end(BEFORE_WORDS_SOURCE);
// The three as one pattern (the same filler and end after each): where it fails, so does each of them.
const ANY_LEAD = end(`${AT_WORDS_SOURCE}|${AFTER_WORDS_SOURCE}|${BEFORE_WORDS_SOURCE}`);
const WEEK_OF = /\b(?:the\s+)?week\s+(?:of|starting|beginning|commencing)\s*(?:the\s+)?$/i;

// An absence: out, off, away, travelling, on vacation or leave, jury duty, at a conference…
const ABSENCE = new RegExp(
  [
    String.raw`\bout of (?:the )?office\b`,
    String.raw`\b(?:ooo|oof|pto|afk)\b`,
    String.raw`\b(?:out|off) sick\b`,
    String.raw`\bon (?:annual |parental |maternity |paternity |medical |sick |family |bereavement |study |garden |extended |personal )?leave\b`,
    String.raw`\b(?:annual|parental|maternity|paternity|medical|sick|family|bereavement|study|personal) leave\b`,
    String.raw`\bon (?:vacation|holiday|holidays|pto|sabbatical|a trip|business travel|the road|furlough|a break|break|honeymoon)\b`,
    String.raw`\b(?:vacation|vacationing|holidaying|sabbatical|honeymoon|jury duty|travel+ing|on travel|offline|unavailable|not available|not in the office|out of the country|abroad|away from (?:my desk|the office|email))\b`,
    String.raw`\b(?:conference|offsite|off-site|summit|trade ?show|retreat|kick-?off|business trip|training course)\b`,
    String.raw`\b(?:i'?m|i am|i'?ll be|i will be|we'?re|we are|we'?ll be|we will be|he'?s|she'?s|they'?re|he is|she is|they are|will be|be|is|am|are|currently|being|been|i'?d be)\s+(?:\w+\s+)?(?:out|off|away)\b(?! (?:to|with|of the question)\b)`,
    String.raw`^\s*(?:out|off|away)\b(?! (?:to|with)\b)`,
    String.raw`\boffice (?:is |will be )?closed\b|\bclosed for\b|\b(?:christmas|holiday|winter|summer|year-end) (?:break|shutdown|closure)\b`,
    String.raw`\b(?:limited|no|without|intermittent) access to (?:e-?mail|my e-?mail|the internet)\b|\bnot checking (?:e-?mail|my e-?mail)\b`,
  ].join('|'),
  'i',
);
// Words that start a thought of their own: an absence before them does not reach the date after them.
const FRESH_THOUGHT =
  /\b(?:let'?s|let us|talk|speak|chat|call|meet|reach|ping|connect|follow|catch up|touch base|regroup|circle back|reconnect|revisit|schedule|book|available|free|back|return|returning|can|could|please|try|works?|review|send|get back|happy to|would|should|i'?ll|we'?ll|will|plan|hope|hoping|respond|reply|contact)\b/i;
const SEGMENT_BREAK = /[,;:()]|\s-\s|\b(?:and|but|then|so|while|whereas)\b/gi; // one class first: fewer tries per character

// Past events: the date belongs to something that happened ("we met on Nov 2", "our renewal was on Sept 30").
// Single words are looked up in a set (one pass over the words, where one large alternation would be tried
// at every character); the few phrases go through a small pattern.
const PAST_WORDS = new Set(
  (
    'met spoke talked chatted signed renewed sent received was were had did went came got saw launched bought purchased ' +
    'discussed mentioned decided finished completed ended expired happened held attended visited joined hired presented ' +
    'demoed shipped delivered paid submitted announced emailed called wrote left started began moved switched migrated ' +
    'upgraded installed implemented onboarded noticed replied responded enjoyed loved missed approved finalized finalised ' +
    'shared forwarded introduced gave took made told said heard spent ago previously earlier yesterday since'
  ).split(' '),
);
// "was hoping", "had planned", "got back", "get started": about what is to come.
const NOT_PAST_AFTER: Record<string, RegExp> = {
  was: /^(?:hoping|wondering|thinking|planning|going|told|asked|expecting|meaning)$/,
  were: /^(?:hoping|wondering|thinking|planning|going|told|asked|expecting)$/,
  had: /^(?:hoped|planned|wanted)$/,
  got: /^back$/,
};
const PAST_PHRASES =
  /\b(?:rolled out|kicked off|reached out|caught up|thanks? (?:you )?for|(?:great|nice|good) (?:meeting|talking|speaking|chatting|seeing|to meet|to see|to speak|to chat|call|demo)|as discussed|as mentioned|per our|following up on|following our|recap of|from our (?:call|meeting|chat|conversation)|our (?:call|meeting|chat|conversation|demo) (?:on|from))\b/i;

function hasPastMarker(window: string): boolean {
  const words = window.toLowerCase().match(/[a-z']+/g);
  if (!words) return false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!PAST_WORDS.has(w)) continue;
    const next = words[i + 1] ?? '';
    if (NOT_PAST_AFTER[w]?.test(next)) continue;
    if (w === 'started' && /^(?:get|getting|got)$/.test(words[i - 1] ?? '')) continue;
    return true;
  }
  return PAST_PHRASES.test(window);
}
// What follows these is about what is to come, whatever verb came before ("you said you'd be back Monday").
const FUTURE_TURN = /\b(?:that|to|if|when|you'?d|we'?d|i'?d|would|will|'ll|could|can|should|shall|let'?s|until|till|back|now|next|again|but)\b/gi;
const PAST_AFTER = /^\W{0,3}(?:was|were|went|has passed|had|already)\b/i;
const ANAPHOR = /\b(?:after that|after this|after then|thereafter|afterwards?|after which)\b/gi;

/** The words that decide how a date reads in its sentence, in the message's language. */
interface Words {
  lang: Language;
  at: RegExp;
  after: RegExp;
  before: RegExp;
  /** Any of at, after and before: where it fails, all three do. */
  anyLead: RegExp;
  absence: RegExp;
  fresh: RegExp;
  segmentBreak: RegExp;
  /** Meeting and availability words: a range among them is a window, not an absence. */
  meet: RegExp;
  /** Just after a date: the date is included ("jusqu'au 13 mars inclus"). */
  inclusive?: RegExp;
  past?: RegExp;
  /** Just before a weekday: it is meant as a day, even written short ("on Sat", "am Do", "le sam."). */
  dayWord: RegExp;
  /** Just after a weekday: it is meant as a day ("Thu works", "Fri is good for me"). */
  dayAfter?: RegExp;
}

const ENGLISH: Words = {
  lang: 'en',
  at: AT_WORDS,
  after: AFTER_WORDS,
  before: BEFORE_WORDS,
  anyLead: ANY_LEAD,
  absence: ABSENCE,
  fresh: FRESH_THOUGHT,
  segmentBreak: SEGMENT_BREAK,
  meet: /\b(?:available|free|open|works?|meet|call|talk|speak|chat|schedule|book|between)\b/i,
  dayWord: /\b(?:on|by|next|this|coming|every|each|from|since|before|after|until|till|til|through|thru|starting|latest|how about|what about|does|is|would)[\s,]*$/i,
  dayAfter: /^[^,.;:!?\n]{0,12}?\b(?:works?|good|fine|ok|okay|suits?|free|available|better|possible|best)\b/i,
};

const wordsByLanguage = new Map<Foreign, Words>();
function wordsFor(lang: Language): Words {
  if (lang === 'en') return ENGLISH;
  let w = wordsByLanguage.get(lang);
  if (!w) {
    const { leads } = localeReader(lang, probe);
    w = { lang, ...leads };
    wordsByLanguage.set(lang, w);
  }
  return w;
}

/** A sentence around one or more mentions, with what its readings share worked out once. */
interface Sentence {
  start: number;
  text: string;
  words: Words;
  /** Its segments as flat [start, end) pairs: [s0, e0, s1, e1, …]. */
  segments: number[];
  /** Whether it names an absence anywhere (undefined: not tested yet). */
  absence?: boolean;
}

function segmentsOf(sentence: string, words: Words): number[] {
  const out: number[] = [];
  let from = 0;
  const breaks = words.segmentBreak;
  breaks.lastIndex = 0;
  for (let m = breaks.exec(sentence); m; m = breaks.exec(sentence)) {
    out.push(from, m.index);
    from = m.index + m[0].length;
  }
  out.push(from, sentence.length);
  return out;
}

/** The index (in pairs) of the segment holding `from`, or -1. */
function segmentAt(segments: readonly number[], from: number): number {
  for (let i = 0; i < segments.length; i += 2) if (from >= segments[i]! && from < segments[i + 1]! + 1) return i / 2;
  return -1;
}

/** Whether the date at [from, to) of the sentence is a day or period of absence. */
function isAbsence(s: Sentence, from: number, to: number): boolean {
  const { absence: ABSENCE, fresh: FRESH_THOUGHT } = s.words;
  s.absence ??= ABSENCE.test(s.text);
  if (!s.absence) return false;
  const { text: sentence, segments } = s;
  const own = segmentAt(segments, from);
  if (own < 0) return false;
  const ownStart = segments[2 * own]!;
  const ownText = sentence.slice(ownStart, segments[2 * own + 1]);
  if (ABSENCE.test(ownText.replace(sentence.slice(from, to), ' '))) return true;
  if (FRESH_THOUGHT.test(sentence.slice(ownStart, from))) return false;
  for (let i = own - 1; i >= 0; i--) {
    const t = sentence.slice(segments[2 * i], segments[2 * i + 1]);
    if (ABSENCE.test(t)) return true;
    if (FRESH_THOUGHT.test(t)) return false;
  }
  for (let i = own + 1; 2 * i < segments.length; i++) {
    const t = sentence.slice(segments[2 * i], segments[2 * i + 1]);
    if (ABSENCE.test(t)) return true;
    if (FRESH_THOUGHT.test(t) || /\d/.test(t)) return false;
  }
  return false;
}

function isPastEvent(s: Sentence, from: number, to: number): boolean {
  const own = segmentAt(s.segments, from);
  let window = s.text.slice(own < 0 ? 0 : s.segments[2 * own], from);
  if (s.words.past) return s.words.past.test(window);
  let cut = 0;
  FUTURE_TURN.lastIndex = 0;
  for (let m = FUTURE_TURN.exec(window); m; m = FUTURE_TURN.exec(window)) cut = m.index + m[0].length;
  window = window.slice(cut);
  return hasPastMarker(window) || PAST_AFTER.test(s.text.slice(to, to + 20));
}

// A weekday written short ("Sam", "Mar", "Do", "Fr", "Sun") is just as often a first name ("Bonjour Sam"),
// a title ("Sehr geehrte Fr. Müller") or a word ("So machen wir das", "vamos ter", "zo snel"). Alone, it
// counts only with something that makes it a day: a day number or time after it ("lun 9 mars", "Do 15 Uhr"),
// a word before it that leads to a day ("am Do", "le sam", "on Fri", "bis Fr."), another date right beside
// it ("Mo, Di oder Mi"), or a written-small abbreviation's period ("ci sentiamo ven."). chrono reads the
// words it joins to the weekday ("jeu prochain", "am Do", "next Fri") into the same result, so those pass.
const SHORT_WEEKDAY = /^[\s,(]*([a-zà-öø-ÿ]{1,4})(\.?)[\s,)]*$/i;
const NUMBER_AFTER = /^[\s.,]*\d/;

// A short weekday greeted at the start of a line or sentence, and closed by a comma, "!" or the line's end,
// is the name of the person greeted ("Hi Sun, 3 of us will join", "Hallo Mo, Donnerstag passt"), whatever
// follows it: a number or a date after a name makes it no day.
const GREETING = new RegExp(
  String.raw`(?:^|[\n\r.!?])[ \t]*(?:hi|hello|hey|dear|thanks|thank you|good morning|good afternoon|morning|hallo|liebe[rs]?|sehr geehrte[rs]?|guten tag|guten morgen|moin|servus|danke|bonjour|bonsoir|salut|cher|chère|merci|hola|estimad[oa]|querid[oa]|gracias|buenos días|buenas tardes|olá|ola|oi|car[oa]|prezad[oa]|obrigad[oa]|bom dia|boa tarde|hoi|beste|dag|goedemorgen|goedemiddag|bedankt|ciao|salve|gentile|buongiorno|buonasera|grazie)[ 	]+$`,
  'i',
);
const NAME_CLOSED = /^[ \t]*(?:[,!\n\r]|$)/;

function greetedName(text: string, m: Mention): boolean {
  if (!/[,!]\s*$/.test(m.text) && !NAME_CLOSED.test(text.slice(m.end, m.end + 4))) return false;
  return greetedAt(text, m.index);
}

/** Whether a greeting stands right before `index`, at the start of a line or sentence. */
function greetedAt(text: string, index: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', index - 1) + 1, index - 60, 0);
  // A cut line's first letters are no line start: the greeting must stand at the text's or a line's start,
  // or after a sentence's end.
  return GREETING.test((lineStart > 0 && text[lineStart - 1] !== '\n' ? '_' : '') + text.slice(lineStart, index));
}

// A month's name or abbreviation is a first name as well ("Mar", "Jan", "May", "Abril"): greeted and closed
// by a comma, "!" or the line's end, it is the person greeted, and a number after it counts something else
// ("Hola Mar, 3 personas…", "Ciao Mar, 2 colleghi…" are no 3 and 2 March). "Hola, 3 mar", "hasta el 3 de
// mar." and "Mar 3" in running text still read as dates. The names and abbreviations of chrono's seven
// month tables.
const MONTH_WORDS = new Set(
  (
    'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'januar jänner janner februar feber märz maerz mär mrz mai juni juli oktober okt dezember dez ' +
    'janvier janv février fév févr fevrier fev fevr mars avril avr juin juillet juil août aout septembre octobre novembre décembre decembre déc ' +
    'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ene abr ago dic ' +
    'janeiro fevereiro março maio junho julho setembro outubro novembro dezembro set out ' +
    'januari februari maart mrt mei augustus ' +
    'gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen mag giu lug sett ott'
  ).split(' '),
);
const FIRST_WORD = /^[a-zà-öø-ÿ]{3,10}/i;

/** Whether a mention starts with a month's name that is the name of the person greeted before it. */
function greetedMonth(text: string, m: Mention): boolean {
  const word = FIRST_WORD.exec(m.text);
  if (!word) return false;
  const after = m.index + word[0].length;
  return (
    NAME_CLOSED.test(text.slice(text[after] === '.' ? after + 1 : after, after + 5)) &&
    MONTH_WORDS.has(word[0].toLowerCase()) &&
    greetedAt(text, m.index)
  );
}

function meantAsDay(text: string, m: Mention, mentions: readonly Mention[], words: Words): boolean {
  const short = SHORT_WEEKDAY.exec(m.text);
  if (!short) return true; // a full weekday name, or words chrono read with it
  if (greetedName(text, m)) return false;
  if (NUMBER_AFTER.test(text.slice(m.end, m.end + 12))) return true;
  const dot = short[2] === '.' || text[m.end] === '.';
  if (dot && short[1] === short[1]!.toLowerCase()) return true;
  const before = text.slice(Math.max(0, m.index - 40), m.index);
  if (words.dayWord.test(before) || words.at.test(before) || words.after.test(before) || words.before.test(before)) return true;
  // chrono takes a comma after the weekday into its text: "Sun, is it ok?" has nothing after the word.
  if (!/[,)]\s*$/.test(m.text) && words.dayAfter?.test(text.slice(m.end, m.end + 40))) return true;
  for (const other of mentions) {
    if (other !== m && ((other.end <= m.index && m.index - other.end <= 7) || (other.index >= m.end && other.index - m.end <= 7))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------

/** The follow-up date for a message, and why. */
export function suggestFollowUp(input: FollowUpInput): FollowUpDate {
  const calendar = workingCalendar({ workingDays: input.workingDays ?? MONDAY_TO_FRIDAY, holidays: input.holidays });
  const today = dayInZone(input.at, input.timeZone);
  const cues = readCues(input.text, today, input.timeZone, calendar);
  let best: FollowUpCue | undefined;
  for (const cue of cues) {
    if (!best || cue.date > best.date || (cue.date === best.date && cue.reading === 'at' && best.reading !== 'at')) best = cue;
  }
  if (!best) {
    const date = isoDay(calendar.addWorkingDays(today, Math.max(1, Math.round(input.cadenceDays ?? 3))));
    return { date, reason: DEFAULT_REASON, basis: 'cadence', cues };
  }
  return { date: best.date, reason: best.phrase, basis: 'cue', cues };
}

// A digit or a word of four letters: a text with neither names no date in any language. The Unicode test costs
// a few hundred nanoseconds on a short reply, about as much as the rest of a cue's reading; nearly every text
// passes on four ASCII letters, which imply four \p{L}, so the Unicode one runs only on the rest.
const DIGIT_OR_ASCII_WORD = /\d|[a-z]{4}/i;
const DIGIT_OR_WORD = /\d|\p{L}{4}/u;
const holdsWordOrDigit = (text: string) => DIGIT_OR_ASCII_WORD.test(text) || DIGIT_OR_WORD.test(text);

/** Every cue in a message, each with the working day it points to (on or after the next working day). */
export function readCues(text: string, today: Day, timeZone: string, calendar: WorkingCalendar): FollowUpCue[] {
  const prepared = prepareText(text);
  const lang = detectLanguage(prepared);
  // Most replies name no day at all: without a word any parser reads, chrono is not run (in English; the
  // other languages' words are chrono's to find).
  if (lang === 'en' && prefilters.enabled && !anyDateWord(prepared)) return [];
  if (lang !== 'en' && !holdsWordOrDigit(prepared)) return [];
  const words = wordsFor(lang);
  const { year, month, day } = partsOf(today);
  const followup: ParserEnv = { today, calendar };
  const results = parseGated(
    lang === 'en' ? chronoFor(isLittleEndian(prepared, timeZone)) : chronoForLanguage(lang),
    prepared,
    // Noon of today in the machine's own zone: chrono reads a plain Date's local fields as they are, where a
    // reference with a zone has every date it makes shifted into that zone (three Date calls each).
    new Date(year, month - 1, day, 12),
    { followup },
  );
  const mentions: Mention[] = [];
  for (const r of results) addMentions(mentions, today, r);
  const cues: FollowUpCue[] = [];
  if (mentions.length === 0) return cues;
  // Where each accepted mention starts and ends, and the day it starts (a weekday after it counts from it).
  const accepted: number[] = [];
  const earliest = calendar.after(today);

  const ends = sentenceEnds(prepared, lang !== 'en');
  let s: Sentence | undefined;
  for (const m of mentions) {
    const [sStart, sEnd] = sentenceAround(ends, m.index, m.text.length);
    if (s?.start !== sStart) {
      const text = prepared.slice(sStart, sEnd);
      s = { start: sStart, text, words, segments: segmentsOf(text, words) };
    }
    if (m.weekdayOnly ? !meantAsDay(prepared, m, mentions, words) : greetedMonth(prepared, m)) continue;
    const sentence = s.text;
    const from = m.index - sStart;
    const to = m.end - sStart;
    let before = sentence.slice(0, from);
    let { start, last } = m;
    let phraseStart = m.index;

    const weekOf = WEEK_OF.exec(before.slice(-40));
    if (weekOf && start === last) {
      start = mondayOf(start);
      last = start + 6;
      const weekOfAt = before.length - Math.min(40, before.length) + weekOf.index;
      before = before.slice(0, weekOfAt);
      phraseStart = sStart + weekOfAt;
    }
    if (last < today && !m.tags.has(TAG.fixed)) continue; // over already
    // A weekday after another date in its sentence counts from that date ("out Monday, back Thursday").
    if (m.weekdayOnly) {
      let previous: Day | undefined;
      for (let i = accepted.length - 3; i >= 0; i -= 3) {
        if (accepted[i + 1]! <= m.index && accepted[i]! >= sStart) {
          previous = accepted[i + 2];
          break;
        }
      }
      if (previous !== undefined && previous >= start) {
        const shift = previous - start;
        start += Math.ceil((shift + 1) / 7) * 7;
        last = start;
      }
    }
    if (!m.tags.has(TAG.span) && isPastEvent(s, from, to)) continue;

    // The words just before the date decide its reading; a long sentence's start does not (and would cost
    // a scan per pattern).
    const near = Math.max(0, before.length - 60);
    const nearBefore = before.slice(near);
    let reading: Reading;
    let lead: RegExpExecArray | null = null;
    // Most dates have no lead word before them: one pattern for the three says so.
    const leads = !m.tags.has(TAG.span) && words.anyLead.test(nearBefore);
    if (m.tags.has(TAG.span)) reading = 'span';
    else if (leads && (lead = words.before.exec(nearBefore))) reading = 'before';
    else if (leads && (lead = words.after.exec(nearBefore))) reading = 'after';
    else if (leads && (lead = words.at.exec(nearBefore))) reading = words.inclusive?.test(prepared.slice(m.end, m.end + 30)) ? 'after' : 'at';
    else if (m.tags.has(TAG.fixed)) reading = 'fixed';
    else if (isAbsence(s, from, to)) reading = 'after';
    else if (m.range && m.start !== m.last && !words.meet.test(sentence)) {
      reading = 'after'; // a range "X-Y" ends after Y
    } else reading = 'at';
    // "not before January 15", "can't do anything before the 15th": from that day on.
    if (reading === 'before' && lead && lang === 'en' && /\b(?:not|no|nothing|never|can'?t|cannot|won'?t|don'?t|isn'?t|aren'?t)\b|n't\b/i.test(before.slice(0, near + lead.index))) {
      reading = 'at';
    }
    if (lead) phraseStart = sStart + near + lead.index + (/^\W/.test(lead[0]) ? 1 : 0);

    let target: Day;
    if (m.tags.has(TAG.fixed) && reading !== 'before') target = start;
    else if (reading === 'span') target = start;
    else if (reading === 'after') target = m.tags.has(TAG.point) ? start + 1 : last + 1;
    else if (reading === 'before') {
      if (m.tags.has(TAG.fixed)) continue;
      target = calendar.onOrBefore(start - 1);
    } else if (m.tags.has(TAG.lastWorking)) target = calendar.onOrBefore(last);
    else target = start;
    if (!Number.isFinite(target) || (reading === 'before' && target < earliest)) continue;
    accepted.push(m.index, m.end, start);
    cues.push({ phrase: trimPhrase(text.slice(phraseStart, m.end)), index: phraseStart, date: isoDay(finish(calendar, target, earliest)), reading });
  }

  // "after that": the day after the date just before it (English words; the other languages' readers have none).
  if (lang !== 'en') return cues.sort(byIndex);
  ANAPHOR.lastIndex = 0;
  for (let a = ANAPHOR.exec(prepared); a; a = ANAPHOR.exec(prepared)) {
    const at = a.index;
    let previous: Mention | undefined;
    for (const m of mentions) if (m.end <= at) previous = m;
    if (!previous || previous.last < today) continue;
    cues.push({ phrase: text.slice(at, at + a[0].length), index: at, date: isoDay(finish(calendar, previous.last + 1, earliest)), reading: 'after' });
  }
  return cues.sort(byIndex);
}

// A cue's words without the blanks and punctuation around them: trimmed, then /[\s,;:.(-]+$/ taken off its
// end, by character codes (that pattern is tried at every character of the phrase).
const TRAILING = /\s/;
function trimPhrase(words: string): string {
  const t = words.trim();
  let end = t.length;
  while (end > 0) {
    const c = t.charCodeAt(end - 1);
    if (c === 44 || c === 59 || c === 58 || c === 46 || c === 40 || c === 45 || c === 32 || (c >= 9 && c <= 13) || (c > 127 && TRAILING.test(t[end - 1]!))) end--;
    else break;
  }
  return end === t.length ? t : t.slice(0, end);
}

/** A working day, never before the first working day after today. */
const finish = (calendar: WorkingCalendar, day: Day, earliest: Day) => Math.max(calendar.onOrAfter(day), earliest);
const byIndex = (x: FollowUpCue, y: FollowUpCue) => x.index - y.index;
