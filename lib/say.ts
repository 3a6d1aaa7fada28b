import { formatDateWith, formatDay, formatNumber, hasMessage, t, tn, uiLocale, type MessageKey, type PluralKey } from './i18n';
import { wordsOf, type WordArg, type Words } from './words';
import { PLURAL_BASES } from './plural-keys';

// Words made in the background (lib/words.ts), said in the rep's language: each argument formatted by the UI
// locale, a reason inside a reason said the same way. A key this build does not know (a row written by a newer
// version) falls back to the English line stored beside it.

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The largest whole unit, rounded down, as the English lines count (lib/today/rank.ts `duration`). */
const whole = (ms: number): [number, 'day' | 'hour' | 'minute'] =>
  ms >= DAY ? [Math.floor(ms / DAY), 'day'] : ms >= HOUR ? [Math.floor(ms / HOUR), 'hour'] : [Math.max(0, Math.floor(ms / 60_000)), 'minute'];

/** A duration: "3 days", "3 Tage". */
function duration(ms: number): string {
  const [n, unit] = whole(ms);
  return formatNumber(n, { style: 'unit', unit, unitDisplay: 'long' });
}

// "numeric: always", so "1 day ago" stays a count the rep can compare with the row above ("yesterday" would not).
let past: { locale: string; format: Intl.RelativeTimeFormat } | undefined;
/** A time past: "3 days ago", "vor 3 Tagen". */
function ago(ms: number): string {
  const locale = uiLocale();
  if (past?.locale !== locale) past = { locale, format: new Intl.RelativeTimeFormat(locale, { numeric: 'always' }) };
  const [n, unit] = whole(ms);
  return past.format.format(-n, unit);
}

function money(amount: number, currency = 'USD'): string {
  try {
    return formatNumber(amount, { style: 'currency', currency, maximumFractionDigits: 0 });
  } catch {
    return `${formatNumber(Math.round(amount))} ${currency}`; // not a currency code Intl knows
  }
}

/**
 * A moment: its time alone when it is today (in its zone), else its weekday, day and time ("Do., 10. Dez. 2026,
 * 15:00"), as the English lines write it; the weekday because a proposed time is picked by it ("Thursday works").
 */
function moment(at: number, tz: string | undefined): string {
  const zone = tz ? { timeZone: tz } : {};
  try {
    const day = (ms: number) => formatDateWith(ms, { dateStyle: 'short', ...zone });
    return formatDateWith(
      at,
      day(at) === day(Date.now()) ? { timeStyle: 'short', ...zone } : { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', ...zone },
    );
  } catch {
    return formatDateWith(at, { dateStyle: 'medium', timeStyle: 'short' }); // a zone Intl does not know
  }
}

function arg(value: WordArg, depth: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if ('day' in value) return formatDay(value.day, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
  if ('at' in value) return moment(value.at, value.tz);
  if ('ms' in value) return duration(value.ms);
  if ('ago' in value) return ago(value.ago);
  if ('money' in value) return money(value.money, value.currency);
  return depth > 4 ? '' : sayOr(value, '', depth + 1);
}

function sayOr(words: Words, fallback: string, depth: number): string {
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(words.args ?? {})) args[name] = arg(value, depth);
  // The key was checked against the English messages where the words were made (lib/words.ts `words`).
  const say = t as (key: MessageKey, params?: Record<string, string>) => string;
  const sayCounted = tn as (base: PluralKey, count: number, params?: Record<string, string>) => string;
  const count = words.args?.count;
  // A plural base is said by its count; it is never asked of the browser itself (it has no such key).
  if (PLURAL_BASES.has(words.key)) {
    if (typeof count !== 'number') return fallback || words.key;
    const { count: _drop, ...rest } = args;
    return sayCounted(words.key as PluralKey, count, rest);
  }
  if (hasMessage(words.key)) return say(words.key as MessageKey, args);
  return fallback || words.key;
}

/** The words in the UI language; `fallback` (the stored English line) when there are none or the key is unknown. */
export function say(words: unknown, fallback = ''): string {
  const parsed = wordsOf(words);
  return parsed ? sayOr(parsed, fallback, 0) : fallback;
}
