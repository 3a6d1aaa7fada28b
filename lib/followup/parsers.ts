import { Chrono, ParsingComponents, ParsingContext, ParsingResult, type ParsedResult, type Parser, type ParsingOption, type ReferenceWithTimezone } from 'chrono-node';
import { addMonthsTo, dayOf, lastDayOfMonth, mondayOf, partsOf, weekdayOf, type Day, type WorkingCalendar } from './calendar';

// chrono-node parsers for what chrono does not read, or reads otherwise than a follow-up needs: quarters,
// the holidays, parts of months and weeks, spans ("a couple of weeks"), bare ordinals ("the 15th") and
// casual days. Each yields a result whose start/end are the period it names, tagged with how to read it.

/** What every parser needs beside the text: today (the rep's local date) and the rep's calendar. */
export interface ParserEnv {
  today: Day;
  calendar: WorkingCalendar;
}

export const TAG = {
  /** One of ours (the others are chrono's own). */
  ours: 'followup/ours',
  /** A span from today ("in two weeks"): the day it lands on whatever the sentence says. */
  span: 'followup/span',
  /** A named day that stays put whatever the sentence says ("after the holidays" = January 2). */
  fixed: 'followup/fixed',
  /** Means the last working day of the period ("end of March"). */
  lastWorking: 'followup/last-working',
  /** A period that has started already or is over ("this week", "two weeks ago"). */
  past: 'followup/past',
  /** The named period is never read through its end ("in two weeks" is one day, not a fortnight). */
  point: 'followup/point',
  /** One of ours naming a period ("January", "next week"): not a range "X–Y" chrono joined from two dates. */
  period: 'followup/period',
} as const;

export const env = (context: ParsingContext): ParserEnv => (context.option as { followup: ParserEnv }).followup;

// The results `result` made, as made, with their tags (the same on start and end): each names a day that
// exists (it comes from a day number), so the unlikely-format filter need not take it apart again, and
// its tags need no copy (chrono's `tags()` copies its set on every call). A result chrono's refiners built
// from one is a new object (chrono's `clone` and merges construct a plain ParsingResult), and is read as
// chrono's. The tags ride on the result itself: a WeakMap entry per result cost more than the result (about
// a microsecond each, most of it the collector's work on the map).
class OwnResult extends ParsingResult {
  readonly own: ReadonlySet<string>;
  constructor(context: ParsingContext, index: number, text: string, start: ParsingComponents, end: ParsingComponents | undefined, own: ReadonlySet<string>) {
    super(context.reference, index, text, start, end);
    this.own = own;
  }
}

export function result(context: ParsingContext, index: number, text: string, start: Day, end: Day, tags: string[]) {
  // Each component's tags are made with the result's tags in them, in the order chrono's addTags then
  // addTag would add them, not added one by one to both components afterwards.
  const all = tags.slice();
  all.push(TAG.ours);
  if (start !== end) all.push(TAG.period);
  return new OwnResult(context, index, text, dayComponents(context.reference, start, all), start === end ? undefined : dayComponents(context.reference, end, all), new Set(all));
}

export const isOwnResult = (r: ParsingResult): boolean => r instanceof OwnResult;
/** The tags of a result `result` made, or undefined for any other. */
export const ownTags = (r: ParsingResult): ReadonlySet<string> | undefined => (r instanceof OwnResult ? r.own : undefined);

type ComponentFields = { knownValues: Record<string, number>; impliedValues: Record<string, number>; reference: ReferenceWithTimezone; _tags: Set<string> };

/**
 * The components chrono's constructor makes for a known year, month and day, without what it does to get
 * them: a Date of the reference taken apart for a day, month and year that the known values then replace.
 * Known and implied values, tags and reference are the constructor's own (test/unit/followup/date.test.ts
 * compares the two, so a chrono that builds them otherwise fails there, not here), with `tags` (if given) as
 * their tags.
 */
export function dayComponents(reference: ReferenceWithTimezone, day: Day, tags?: readonly string[]): ParsingComponents {
  const { year, month, day: date } = partsOf(day);
  const c = Object.create(ParsingComponents.prototype) as ComponentFields;
  c.knownValues = { year, month, day: date };
  c.impliedValues = { hour: 12, minute: 0, second: 0, millisecond: 0 };
  c.reference = reference;
  c._tags = new Set(tags);
  return c as unknown as ParsingComponents;
}

// A pattern that must start at a word boundary. chrono hands the rest of the text to `exec` after each
// match, so the boundary is a captured prefix (as chrono's own parsers do), not a lookbehind.
export function bounded(source: string, flags = 'i'): RegExp {
  return new RegExp(`(^|[^\\w'’])${source}`, flags);
}

/** Turns a bounded match into (index, text, groups) without the prefix. */
export function unbound(match: RegExpMatchArray) {
  const prefix = match[1] ?? '';
  return { index: (match.index ?? 0) + prefix.length, text: match[0].slice(prefix.length), groups: match.slice(2) };
}

// A parser's full pattern is tried at every position of the text; most messages hold none of its words, so
// a cheap test of the whole text first lets chrono skip it (a pattern anchored at the start fails at once).
// Several parsers share a test, and chrono runs them one after another on the same text: each test
// remembers its last answer.
const NEVER = /^(?!)/;

/** Off only in the test proving that no prefilter ever hides a date (the same cues with all of them off). */
export const prefilters = { enabled: true };

/** A test of a whole text that answers again without scanning when asked about the same text. */
export function quickTest(quick: RegExp | ((text: string) => boolean)): (text: string) => boolean {
  const test = typeof quick === 'function' ? quick : (text: string) => quick.test(text);
  let lastText: string | undefined;
  let lastAnswer = false;
  return (text) => {
    if (!prefilters.enabled) return true;
    if (text !== lastText) {
      lastText = text;
      lastAnswer = test(text);
    }
    return lastAnswer;
  };
}

type Quick = (text: string) => boolean;
/** A parser that reads nothing in a text failing its `quick` test (see `parseGated`). */
type GatedParser = Parser & { quick?: Quick; inner?: Parser; pattern: Parser['pattern'] & { quick?: Quick; open?: Parser } };

/** A pattern for chrono: `full`, or for a text without `quick` in it, one that never matches. */
export const gated = (quick: Quick, full: RegExp) => Object.assign((context: ParsingContext) => (quick(context.text) ? full : NEVER), { quick, full });

/** One of chrono's own parsers, skipped for a text without `quick` in it. */
export const gate = (quick: Quick, parser: Parser): GatedParser => ({
  quick,
  inner: parser,
  pattern: (context) => (quick(context.text) ? parser.pattern(context) : NEVER),
  extract: (context, match) => parser.extract(context, match),
});

/**
 * What runs in a text that passed a gated parser's test: chrono's own parser, or ours with its full pattern
 * (asking the test again would only answer the same), made once per parser.
 */
function openOf(parser: GatedParser): Parser {
  if (parser.inner) return parser.inner;
  const pattern = parser.pattern as GatedParser['pattern'] & { full?: RegExp };
  if (!pattern.full) return parser;
  if (!pattern.open) {
    const full = pattern.full;
    pattern.open = { pattern: () => full, extract: (context, match) => parser.extract(context, match) };
  }
  return pattern.open;
}

// Each parser's test and what runs once it passes, in the parsers' order, found once per list of parsers (a
// chrono's `parsers` array, which chrono copies from its configuration and our readers never change): read
// off a dozen parser objects of as many shapes on every text, they cost more than most of the tests.
interface Plan {
  quicks: (Quick | undefined)[];
  opened: Parser[];
}
const plans = new WeakMap<Parser[], Plan>();
function planOf(all: GatedParser[]): Plan {
  let plan = plans.get(all);
  if (!plan || plan.quicks.length !== all.length) {
    plan = { quicks: all.map((parser) => parser.quick ?? parser.pattern.quick), opened: all.map(openOf) };
    plans.set(all, plan);
  }
  return plan;
}

const byIndex = (a: ParsingResult, b: ParsingResult) => a.index - b.index;
function inOrder(results: readonly ParsingResult[]): boolean {
  for (let i = 1; i < results.length; i++) if (results[i - 1]!.index > results[i]!.index) return false;
  return true;
}

// chrono's own step for one parser: its matches in the text, in order (chrono 2.10's static
// `Chrono.executeParser`, private in its types). Without it, parseGated hands the text to `chrono.parse`.
type ExecuteParser = (context: ParsingContext, parser: Parser) => ParsingResult[];
const executeParser = (Chrono as unknown as { executeParser?: ExecuteParser }).executeParser;

/**
 * `chrono.parse` with the gated parsers whose test fails left out of the run altogether: each would only
 * hand chrono a pattern that never matches, and chrono still scans with it and joins its empty results. The
 * same parsers in the same order read the text, their results are sorted and refined as `chrono.parse` does
 * it (one list, not a new one per parser), so the results are the same.
 */
export function parseGated(chrono: Chrono, text: string, reference: Date, option: object): ParsedResult[] {
  const all = chrono.parsers as GatedParser[];
  if (!executeParser) {
    const active: Parser[] = [];
    for (const parser of all) {
      const quick = parser.quick ?? parser.pattern.quick;
      if (!quick || quick(text)) active.push(openOf(parser));
    }
    chrono.parsers = active;
    try {
      return chrono.parse(text, reference, option as ParsingOption);
    } finally {
      chrono.parsers = all;
    }
  }
  const context = new ParsingContext(text, reference, option as ParsingOption);
  const { quicks, opened } = planOf(all);
  let results: ParsingResult[] = [];
  for (let p = 0; p < quicks.length; p++) {
    const quick = quicks[p];
    if (quick && !quick(text)) continue;
    const found = executeParser(context, opened[p]!);
    for (let i = 0; i < found.length; i++) results.push(found[i]!);
  }
  // The sort is stable: a list already in order (most are, with a result or two) stays as it is.
  if (!inOrder(results)) results.sort(byIndex);
  for (const refiner of chrono.refiners) results = refiner.refine(context, results) as ParsingResult[];
  return results;
}

// Month and weekday names as words: not followed by a letter ("March" but not "market", "Mon" but not
// "month"), and not inside a word ("common", "showed"), as every parser reading them requires — except
// after the words a parser may glue to them ("nextMonday", "midDecember", "3rdDec"). The left side is
// checked per match, not by a lookbehind in the pattern: one there is tried at every character.
const GLUED = /(?:^|[^a-z])$|(?:on|this|last|past|next|of|mid|early|late|in|st|nd|rd|th)$/i;
function wordTest(names: string): (text: string) => boolean {
  const pattern = new RegExp(`(?:${names})(?![a-z])`, 'gi');
  return (text) => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) if (GLUED.test(text.slice(Math.max(0, m.index - 5), m.index))) return true;
    return false;
  };
}
export const hasMonthWord = quickTest(
  wordTest('jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?'),
);
export const hasWeekdayWord = quickTest(wordTest('sun(?:day)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|weekend|weekday'));
const OTHER_DATE_WORD =
  /\d|day|week|month|year|fortnight|quarter|q[1-4]|eo[dmqwy]|holiday|festive|christmas|xmas|thanksgiving|tomorrow|tmrw|tmr|tonight|cob|end of|close of|this (?:morning|afternoon|evening)/i;

/**
 * Whether a text holds anything a parser, chrono's or ours, starts from: a digit, a month or weekday name,
 * a unit of time (every span names one: "a couple of weeks"), a quarter, a holiday, a casual day. A text
 * with none holds no date.
 */
export const anyDateWord = (text: string): boolean => OTHER_DATE_WORD.test(text) || hasMonthWord(text) || hasWeekdayWord(text);

// Numeric dates: "12/8", "8.12", "2026-12-03", "2026 12 03", "8/2026".
export const hasNumericDate = quickTest(/\d[-./]\d|\d{4}[-./\s]/);

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, couple: 2, 'a couple': 2, 'a couple of': 2, 'couple of': 2, few: 3, 'a few': 3, several: 3,
  'a pair of': 2,
};
const NUMBER = `(\\d{1,3}|a couple of|a couple|couple of|couple|a few|few|several|a pair of|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
const toNumber = (s: string) => (/^\d+$/.test(s) ? Number(s) : (NUMBER_WORDS[s.toLowerCase().replace(/\s+/g, ' ')] ?? NaN));

const SPAN_TRIGGER =
  '(?:in|within|during|after|another|for|wait|need|needs|take|takes|allow|about|around|roughly|approximately|approx\\.?|maybe|perhaps|probably|say|give (?:me|us|it|them|him|her|this)|over the next|in the next|the next|next|an extra|extra|additional|more)';

// "in two weeks", "a couple of weeks from now", "2-3 weeks out", "another 10 business days", "a week or two".
// A number inside a numeric date or a version ("12/8", "2.5") starts no span.
const SPAN = bounded(
  `(?<!\\d[/.:-])(?:(${SPAN_TRIGGER})\\s+(?:(?:about|around|roughly|approximately|another|an extra|the next|just|only|at least|at most|maybe)\\s+)?)?` +
    `${NUMBER}(?:\\s*(?:-|to|or)\\s*${NUMBER})?\\s*(?:more\\s+|additional\\s+|extra\\s+|full\\s+)?(business\\s+|working\\s+|work\\s+)?(day|week|month|year|fortnight)s?` +
    `(?:\\s+or\\s+(?:so|two|three|more|twos?))?(?:\\s+(from now|from today|out|later|time|'s time|’s time|hence))?(\\s+ago|\\s+before|\\s+earlier|\\s+prior|\\s+back)?(?=\\W|$)`,
);

export const spanParser: Parser = {
  pattern: gated(
    quickTest(/(?:\d|\ban?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple|few|several|pair of)\W{1,3}(?:\S+\s+){0,3}?(?:business |working |work )?(?:day|week|month|year|fortnight)/i),
    SPAN,
  ),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const [trigger, n1, n2, business, unit, suffix, ago] = groups;
    if (!trigger && !suffix && !ago) return null; // "a 2 week trial": a length, not a time to come back
    const { today, calendar } = env(context);
    const orMore = /\bor\s+(?:two|three|twos?)\b/i.exec(text);
    let n = Math.max(toNumber(n1 ?? ''), toNumber(n2 ?? '') || 0, orMore ? toNumber(orMore[0].split(/\s+/)[1] ?? '') || 0 : 0);
    if (!Number.isFinite(n) || n <= 0 || n > 500) return null;
    const u = (unit ?? '').toLowerCase();
    if (u === 'fortnight') n *= 2;
    let day: Day;
    if (ago) {
      day = today - n;
      return result(context, index, text, day, day, [TAG.span, TAG.past]);
    }
    if (business) day = u === 'day' ? calendar.addWorkingDays(today, n) : today + (u === 'week' ? 7 * n : 0);
    else if (u === 'day') day = today + n;
    else if (u === 'week' || u === 'fortnight') day = today + 7 * n;
    else if (u === 'month') day = addMonthsTo(today, n);
    else day = addMonthsTo(today, 12 * n);
    return result(context, index, text, day, day, [TAG.span]);
  },
};

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7,
  jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};
const MONTH_NAME = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';

export type Part = 'start' | 'mid' | 'end' | 'whole' | 'week1' | 'week2' | 'week3' | 'week4' | 'lastweek' | 'late';
const PART =
  '(early|early-|earlier in|beginning of|the beginning of|start of|the start of|first week of|the first week of|first half of|the first half of|mid|mid-|middle of|the middle of|second week of|the second week of|third week of|the third week of|fourth week of|the fourth week of|second half of|the second half of|late|late-|later in|end of|the end of|towards? the end of|by the end of|last week of|the last week of)';

function partOf(word: string | undefined): Part {
  const w = (word ?? '').toLowerCase().replace(/^the\s+|^by the\s+|^towards?\s+the\s+/, '');
  if (!w) return 'whole';
  if (/^(early|beginning|start|first week|first half)/.test(w)) return w.startsWith('first week') ? 'week1' : 'start';
  if (/^(mid|middle)/.test(w)) return 'mid';
  if (w.startsWith('second week')) return 'week2';
  if (w.startsWith('third week')) return 'week3';
  if (w.startsWith('fourth week')) return 'week4';
  if (w.startsWith('last week')) return 'lastweek';
  if (w.startsWith('second half')) return 'mid';
  return 'end';
}

/** A part of a month as [start, end, tags]. */
export function monthPart(year: number, month: number, part: Part): [Day, Day, string[]] {
  const first = dayOf(year, month, 1);
  const last = lastDayOfMonth(year, month);
  switch (part) {
    case 'whole':
      return [first, last, []];
    case 'start':
    case 'week1':
      return [first, part === 'week1' ? first + 6 : first, [TAG.point]];
    case 'mid':
      return [dayOf(year, month, 15), dayOf(year, month, 15), [TAG.point]];
    case 'week2':
      return [first + 7, first + 13, []];
    case 'week3':
      return [first + 14, first + 20, []];
    case 'week4':
      return [first + 21, first + 27, []];
    case 'lastweek':
      return [mondayOf(last), last, []];
    case 'end':
    case 'late':
      return [last, last, [TAG.lastWorking]];
  }
}

const PREPOSITION_BEFORE = /\b(?:in|by|until|till|til|through|thru|after|before|from|for|around|during|over|since|of|early|mid|late|end|start|beginning|into|until the end of|till the end of|sometime in)\s+$/i;
// Words that are months only when a preposition or a part makes them so ("I may be out", "march on").
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'mar', 'jan', 'jun', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'apr', 'feb', 'jul']);

// "early January", "mid-December", "the end of March", "in April", "January 2027". A month with a day
// ("December 3") is chrono's: this parser steps aside so its longer reading wins.
const MONTH = bounded(`(?:${PART}\\s*)?${MONTH_NAME}(?!\\s*\\d{1,2}(?:st|nd|rd|th)?(?!\\d))(?:,?\\s+(?:of\\s+)?(\\d{4}|next year|this year))?(?=\\W|$)`);

export const monthParser: Parser = {
  pattern: gated(hasMonthWord, MONTH),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const [partWord, name, yearWord] = groups;
    const before = context.text.slice(Math.max(0, index - 30), index);
    if (/\d(?:st|nd|rd|th)?\s*(?:of\s+)?$/i.test(before)) return null; // "14 December", chrono's
    const monthWord = (name ?? '').toLowerCase();
    const month = MONTHS[monthWord.replace(/\.$/, '')];
    if (!month || !name) return null;
    if (!partWord && !yearWord) {
      const capitalised = name[0] === name[0]?.toUpperCase();
      if (!capitalised) return null;
      if (AMBIGUOUS_MONTHS.has(monthWord) && !PREPOSITION_BEFORE.test(before)) return null;
      if (!AMBIGUOUS_MONTHS.has(monthWord) && !PREPOSITION_BEFORE.test(before) && monthWord.length <= 3) return null;
    }
    const { today } = env(context);
    const now = partsOf(today);
    const part = partOf(partWord);
    let year = now.year;
    if (yearWord && /^\d{4}$/.test(yearWord)) year = Number(yearWord);
    else if (yearWord && /next/i.test(yearWord)) year = now.year + 1;
    else if (!yearWord && month < now.month) year = now.year + 1; // a month means its next occurrence
    const [start, end, tags] = monthPart(year, month, part);
    return result(context, index, text, start, end, tags);
  },
};

// "next month", "end of the month", "mid next month", "later this month", "EOM", "month-end".
const RELATIVE_MONTH = bounded(
  `(?:(?:${PART}\\s*)?(?:the\\s+)?(this|next|the following|following|coming|the coming|current|the current|that|the)\\s+month(?!\\s*(?:of|or two|s))|(eom|month[- ]end|end of month))(?=\\W|$)`,
);

export const relativeMonthParser: Parser = {
  pattern: gated(quickTest(/month|eom/i), RELATIVE_MONTH),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const [partWord, which, eom] = groups;
    const w = (which ?? '').toLowerCase();
    const part = eom ? 'end' : partOf(partWord);
    if (!eom && (w === 'the' || w === 'that') && part === 'whole') return null; // "the month" alone says nothing
    const { today } = env(context);
    const t = partsOf(today);
    const next = /next|following|coming/.test(w);
    const target = next ? partsOf(addMonthsTo(dayOf(t.year, t.month, 1), 1)) : t;
    const [start, end, tags] = monthPart(target.year, target.month, part);
    return result(context, index, text, start, end, next ? tags : [...tags, ...(part === 'whole' ? [TAG.past] : [])]);
  },
};

const ORDINAL_QUARTER: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };
const QUARTER_PART =
  '(early|early-|beginning of|the beginning of|start of|the start of|mid|mid-|middle of|the middle of|late|late-|end of|the end of|towards? the end of|by the end of)';

// "Q1", "Q1 2027", "Q1'27", "the first quarter", "next quarter", "end of the quarter", "EOQ".
const QUARTER = bounded(
  `(?:${QUARTER_PART}\\s*)?(?:(?:the\\s+)?(this|next|current|following|coming|the following|the coming|the current|last|previous|the last|the previous|the)\\s+quarter|q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter|([1-4])q|(eoq|quarter[- ]end|end of quarter))` +
    `(?:\\s*(?:of\\s+)?(?:'(\\d{2})(?!\\d)|(\\d{4})|fy\\s?'?(\\d{2})(?!\\d)|(next year|this year)))?(?=\\W|$)`,
);

/** The part of a span a phrase names: its first day, its 15th ("mid"), its last working day, or all of it. */
export function pointOf([start, end]: [Day, Day], part: Part): [Day, Day, string[]] {
  if (part === 'start') return [start, start, [TAG.point]];
  if (part === 'mid') {
    const p = partsOf(start);
    const mid = dayOf(p.year, p.month + 1, 15);
    return [mid, mid, [TAG.point]];
  }
  if (part === 'end' || part === 'late') return [end, end, [TAG.lastWorking]];
  return [start, end, []];
}

export const quarterParser: Parser = {
  pattern: gated(quickTest(/q[1-4]|[1-4]q|quarter|eoq/i), QUARTER),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const [partWord, which, qDigit, qWord, qLead, eoq, yy, yyyy, fy, yearWord] = groups;
    const { today } = env(context);
    const t = partsOf(today);
    const current = Math.floor((t.month - 1) / 3) + 1;
    const part: Part = eoq ? 'end' : partOf(partWord);
    const w = (which ?? '').toLowerCase().replace(/^the\s+/, '');
    if (which && (w === '' || w === 'the' ? part === 'whole' : false)) return null; // "the quarter" alone
    if (/^(last|previous)$/.test(w)) {
      return result(context, index, text, today - 1, today - 1, [TAG.past]);
    }
    const quarterOf = (year: number, q: number): [Day, Day] => {
      const start = dayOf(year, 3 * (q - 1) + 1, 1);
      const endMonth = 3 * q;
      return [start, lastDayOfMonth(year, endMonth)];
    };
    let q: number;
    let year: number | undefined;
    if (eoq || w === 'this' || w === 'current' || w === 'the') {
      q = current;
      year = t.year;
    } else if (which) {
      q = (current % 4) + 1;
      year = current === 4 ? t.year + 1 : t.year;
    } else {
      q = Number(qDigit ?? qLead ?? ORDINAL_QUARTER[(qWord ?? '').toLowerCase()]);
      if (yyyy) year = Number(yyyy);
      else if (yy ?? fy) year = 2000 + Number(yy ?? fy);
      else if (yearWord) year = /next/i.test(yearWord) ? t.year + 1 : t.year;
    }
    if (!(q >= 1 && q <= 4)) return null;
    if (year === undefined && q === current && part === 'whole' && !which) {
      // "our Q4 numbers" in Q4: the quarter under way, not next year's.
      const [s, e] = quarterOf(t.year, q);
      return result(context, index, text, s, e, [TAG.past]);
    }
    if (year === undefined) {
      // The next such quarter: the first occurrence whose named point is still to come.
      const [s, e, tags] = pointOf(quarterOf(t.year, q), part);
      const wholeQuarter = part === 'whole' || part === 'start';
      const passed = wholeQuarter ? s <= today : e < today;
      const [s2, e2, tags2] = passed ? pointOf(quarterOf(t.year + 1, q), part) : [s, e, tags];
      return result(context, index, text, s2, e2, tags2);
    }
    const [s, e, tags] = pointOf(quarterOf(year, q), part);
    return result(context, index, text, s, e, q === current && year === t.year && part === 'whole' ? [...tags, TAG.past] : tags);
  },
};

// "after the holidays", "the new year", "Christmas", "Thanksgiving", "end of the year", "early next year".
const HOLIDAY = bounded(
  `(the holidays|the holiday season|holiday season|the festive season|the festive period|the (?:christmas|xmas|holiday|winter|new year'?s?) (?:break|period|shutdown)|the new year|the new-year|new year's day|new years day|new year's eve|new years eve|new year'?s?|christmas eve|christmas|xmas|thanksgiving|year[- ]end|the end of (?:the |this )?year|end of (?:the |this )?year|eoy|early next year|next year|the (?:start|beginning) of next year|(?:start|beginning) of next year|the (?:start|beginning) of the year|(?:start|beginning) of the year|early in the new year|early in the year)(?=\\W|$)`,
);

function fourthThursdayOfNovember(year: number): Day {
  const first = dayOf(year, 11, 1);
  const firstThursday = first + ((4 - weekdayOf(first) + 7) % 7);
  return firstThursday + 21;
}

export const holidayParser: Parser = {
  pattern: gated(quickTest(/holiday|festive|new.?year|christmas|xmas|thanksgiving|year|eoy/i), HOLIDAY),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const what = (groups[0] ?? '').toLowerCase().replace(/[’]/g, "'");
    const before = context.text.slice(Math.max(0, index - 20), index);
    if (/\b(?:happy|merry|enjoy(?:\s+(?:the|your))?|great|wonderful|lovely|blessed|joyous|peaceful|prosperous|healthy)\s+$/i.test(before)) return null; // a greeting
    const { today } = env(context);
    const t = partsOf(today);
    // Early in January "the holidays" are the ones just ending; later in the year, the coming ones.
    const janYear = t.month === 1 && t.day <= 15 ? t.year : t.year + 1;
    const next = (m: number, d: number) => (dayOf(t.year, m, d) >= today ? dayOf(t.year, m, d) : dayOf(t.year + 1, m, d));
    let day: Day;
    let tags: string[] = [TAG.fixed];
    if (/eve$/.test(what) && /new/.test(what)) day = next(12, 31);
    else if (/new years? day|new year's day/.test(what)) day = dayOf(janYear, 1, 1);
    else if (/christmas eve/.test(what)) day = next(12, 24);
    else if (/^(christmas|xmas)$/.test(what)) {
      day = next(12, 25);
      tags = [];
    } else if (what === 'thanksgiving') {
      const thisYear = fourthThursdayOfNovember(t.year);
      day = thisYear >= today ? thisYear : fourthThursdayOfNovember(t.year + 1);
      tags = [];
    } else if (/year[- ]end|end of|eoy/.test(what)) {
      day = dayOf(t.month === 1 && t.day <= 15 ? t.year - 1 : t.year, 12, 31);
      if (day < today) day = dayOf(t.year, 12, 31);
      tags = [TAG.lastWorking];
    } else if (/next year/.test(what)) day = dayOf(t.year + 1, 1, 1);
    else if (/(start|beginning) of the year|early in the year/.test(what)) day = dayOf(janYear, 1, 1);
    else day = dayOf(janYear, 1, 2); // the holidays, the new year, the Christmas break: January 2
    return result(context, index, text, day, day, tags);
  },
};

// "next week", "the week after next", "end of this week", "early next week", "later this week".
const WEEK = bounded(
  `(?:(early|earlier|beginning of|the beginning of|start of|the start of|mid|mid-|middle of|the middle of|late|later|end of|the end of|towards? the end of|by the end of)\\s*)?` +
    `(?:(the week after next|the week after|the following week)|(?:the\\s+)?(this|next|the following|following|coming|the coming|current|the current|the)\\s+week(?!\\s*(?:of|or two|s|end|day))|(eow|end of week))(?=\\W|$)`,
);

export const weekParser: Parser = {
  pattern: gated(quickTest(/week|eow/i), WEEK),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const [partWord, afterNext, which, eow] = groups;
    const w = (which ?? '').toLowerCase().replace(/^the\s+/, '');
    const p = (partWord ?? '').toLowerCase();
    if (!afterNext && !eow && (w === '' || w === 'the') && !p) return null; // "the week" alone
    const { today } = env(context);
    const thisMonday = mondayOf(today);
    const monday = afterNext ? thisMonday + (/next$/i.test(afterNext) || /after$/i.test(afterNext) ? 14 : 7) : /next|following|coming/.test(w) ? thisMonday + 7 : thisMonday;
    let start: Day;
    let end: Day;
    const tags: string[] = [];
    if (eow || /end/.test(p) || (p.startsWith('late') && monday === thisMonday)) {
      start = end = monday + 4; // Friday
      tags.push(TAG.point);
    } else if (/^(early|earlier|beginning|the beginning|start|the start)/.test(p)) {
      start = end = monday;
      tags.push(TAG.point);
    } else if (/^(mid|middle|the middle)/.test(p)) {
      start = end = monday + 2;
      tags.push(TAG.point);
    } else if (p.startsWith('late')) {
      start = end = monday + 3;
      tags.push(TAG.point);
    } else {
      start = monday;
      end = monday + 6;
      if (monday === thisMonday) tags.push(TAG.past);
    }
    return result(context, index, text, start, end, tags);
  },
};

// "the 15th", "on the 22nd", "until the 3rd": the next such day of a month.
const ORDINAL = bounded(
  `(the\\s+)?(\\d{1,2})(?:st|nd|rd|th)(?!\\s*(?:of\\s+)?(?:${MONTH_NAME}|week|quarter|month|year|time|floor|anniversary|birthday|round|century|grade|edition|place|percentile|party|attempt|version|iteration|call|meeting|email|day|hour|minute|person|level|one|item|point|row|line|page|step|option))(?=\\W|$)`,
);
const ORDINAL_LEAD = /\b(?:on|until|till|til|by|after|through|thru|from|before|back|since|starting|and|or|to)\s+$/i;

export const ordinalDayParser: Parser = {
  pattern: gated(quickTest(/\d(?:st|nd|rd|th)\b/i), ORDINAL),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const [the, digits] = groups;
    // A bare "15th" is a date only after a word that introduces one ("back on 15th"); "the 15th" always.
    if (!the && !ORDINAL_LEAD.test(context.text.slice(Math.max(0, index - 12), index))) return null;
    const n = Number(digits);
    if (!(n >= 1 && n <= 31)) return null;
    const { today } = env(context);
    const t = partsOf(today);
    // This month when the day is still to come, else the next month that has such a day.
    for (let k = 0; k < 3; k++) {
      const m = partsOf(addMonthsTo(dayOf(t.year, t.month, 1), k));
      if (n > lastDayOfMonth(m.year, m.month) - dayOf(m.year, m.month, 1) + 1) continue;
      const day = dayOf(m.year, m.month, n);
      if (day >= today) return result(context, index, text, day, day, []);
    }
    return null;
  },
};

// "today", "tomorrow", "the day after tomorrow", "end of day", "yesterday".
const CASUAL = bounded(
  `(the day after tomorrow|day after tomorrow|tomorrow|tmrw|tmr|today|tonight|yesterday|later today|end of (?:the )?day|end of business|close of business|eod|cob|this (?:morning|afternoon|evening))(?=\\W|$)`,
);

export const casualDayParser: Parser = {
  pattern: gated(quickTest(/tom|tmr|today|tonight|yesterday|eod|cob|end of|close of|this (?:morning|afternoon|evening)/i), CASUAL),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const w = (groups[0] ?? '').toLowerCase();
    const { today } = env(context);
    const offset = /after tomorrow/.test(w) ? 2 : /^(tomorrow|tmrw|tmr)$/.test(w) ? 1 : w === 'yesterday' ? -1 : 0;
    return result(context, index, text, today + offset, today + offset, offset < 0 ? [TAG.past] : []);
  },
};

// "early 2027", "in 2027", "mid-2027", "the end of 2027".
const YEAR = bounded(`(?:${PART}\\s*|in\\s+)(20\\d{2})(?![\\d/-]|\\.\\d)(?=\\W|$)`);

export const yearParser: Parser = {
  pattern: gated(quickTest(/20\d\d/), YEAR),
  extract(context, match) {
    const { index, text, groups } = unbound(match);
    const year = Number(groups[1]);
    const part = groups[0] ? partOf(groups[0]) : 'whole';
    const first = dayOf(year, 1, 1);
    const last = dayOf(year, 12, 31);
    if (part === 'start' || part === 'week1') return result(context, index, text, first, first, [TAG.point]);
    if (part === 'mid') return result(context, index, text, dayOf(year, 7, 1), dayOf(year, 7, 1), [TAG.point]);
    if (part === 'end' || part === 'late' || part === 'lastweek') return result(context, index, text, last, last, [TAG.lastWorking]);
    return result(context, index, text, first, last, []);
  },
};

// "February 29" with no year. chrono (2.10) places a month-day in the year of the moment first, and in a
// year without one drops it as invalid; this reads it and leaves the year to the reader (a leap year's).
const LEAP_DAY = bounded(`(?:(?:the\\s+)?29(?:th)?\\s*(?:of\\s+)?feb(?:ruary|\\.)?|feb(?:ruary|\\.)?\\s*(?:the\\s+)?29(?:th)?)(?!\\w|\\s*,?\\s*\\d)`);

export const leapDayParser: Parser = {
  pattern: gated(quickTest(/29/), LEAP_DAY),
  extract(context, match) {
    const { index, text } = unbound(match);
    const { today } = env(context);
    let year = partsOf(today).year;
    while (dayOf(year, 2, 29) !== dayOf(year, 3, 1) - 1) year++;
    const r = context.createParsingResult(index, text, { month: 2, day: 29 });
    // Implied (not certain), only so chrono's validity check sees a real date.
    r.start.imply('year', year);
    return r.addTag(TAG.ours);
  },
};

export const followupParsers: Parser[] = [
  yearParser,
  spanParser,
  monthParser,
  relativeMonthParser,
  quarterParser,
  holidayParser,
  weekParser,
  ordinalDayParser,
  casualDayParser,
];
