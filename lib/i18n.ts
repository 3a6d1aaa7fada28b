import { browser } from 'wxt/browser';

// Every word a rep reads goes through here: the browser's own i18n (public/_locales/<lang>/messages.json,
// chosen by the browser's UI language, falling back to default_locale "en"), with keys typed from the English
// file, CLDR plural categories from Intl.PluralRules (messages.json has none), and dates and numbers formatted
// by Intl in the same UI language. Recipe: CONTRIBUTING.md "Add a user-visible string".

type Messages = typeof import('../public/_locales/en/messages.json');
export type MessageKey = keyof Messages;
export type PlaceholdersOf<K extends MessageKey> = Messages[K] extends { placeholders: infer P } ? keyof P & string : never;
export type Params<K extends MessageKey> = [PlaceholdersOf<K>] extends [never] ? [] : [params: Record<PlaceholdersOf<K>, string | number>];

/** Base names of plural messages: `name_one`, `name_other` (and `_zero`, `_two`, `_few`, `_many` where a language needs them). */
export type PluralKey = { [K in MessageKey]: K extends `${infer B}_other` ? B : never }[MessageKey];
type PluralParams<B extends PluralKey> = Omit<Record<PlaceholdersOf<`${B}_other` & MessageKey>, string | number>, 'count'>;

/** The browser's UI language ("de", "en-US"): the messages shown and every date and number follow it. */
export function uiLocale(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    return globalThis.navigator?.language || 'en';
  }
}

// Placeholders are passed in the alphabetical order of their names: `$1` is the first name, `$2` the second
// (test/unit/i18n-messages.test.ts holds every messages.json to this).
function substitutions(params: Record<string, string | number> | undefined): string[] | undefined {
  if (!params) return undefined;
  const names = Object.keys(params).sort();
  return names.length ? names.map((name) => String(params[name])) : undefined;
}

/** The message for `key` in the UI language, with its placeholders filled. */
// WXT types getMessage's key as its own predefined ones only.
const getMessage = (key: string, subs?: string[]) => (browser.i18n.getMessage as (key: string, subs?: string[]) => string)(key, subs);

/** Whether this build has a message `key` (a stored reason may name one a newer version added). */
export const hasMessage = (key: string) => /^[A-Za-z0-9_]+$/.test(key) && getMessage(key) !== '';

export function t<K extends MessageKey>(key: K, ...[params]: Params<K>): string {
  const text = getMessage(key, substitutions(params as Record<string, string | number> | undefined));
  // An unknown key gives "": show the key rather than a hole, so the gap is seen and reported.
  return text || key;
}

let plurals: { locale: string; rules: Intl.PluralRules } | undefined;
function pluralRules(): Intl.PluralRules {
  const locale = uiLocale();
  if (plurals?.locale !== locale) plurals = { locale, rules: new Intl.PluralRules(locale) };
  return plurals.rules;
}

/** A counted message: `count` picks the plural form by the UI language's rules and fills `$COUNT$`, formatted. */
export function tn<B extends PluralKey>(base: B, count: number, ...[params]: keyof PluralParams<B> extends never ? [] : [params: PluralParams<B>]): string {
  const category = pluralRules().select(count);
  const all = { ...(params as Record<string, string | number> | undefined), count: formatNumber(count) };
  const subs = substitutions(all);
  const exact = getMessage(`${base}_${category}`, subs);
  return exact || getMessage(`${base}_other`, subs) || base;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.ListFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.ListFormat>(kind: string, options: object, make: (locale: string) => T): T {
  const locale = uiLocale();
  const id = `${kind}|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(id) as T | undefined;
  if (!f) cache.set(id, (f = make(locale)));
  return f;
}

export const formatNumber = (n: number, options: Intl.NumberFormatOptions = {}) => cached('n', options, (l) => new Intl.NumberFormat(l, options)).format(n);
export const formatDateWith = (at: number | Date, options: Intl.DateTimeFormatOptions) => cached('d', options, (l) => new Intl.DateTimeFormat(l, options)).format(at);
export const formatRelativeUnit = (value: number, unit: Intl.RelativeTimeFormatUnit) =>
  cached('r', { numeric: 'auto' }, (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' })).format(value, unit);
export const formatList = (items: string[]) => cached('l', {}, (l) => new Intl.ListFormat(l, { style: 'long', type: 'conjunction' })).format(items);

/** A calendar day (YYYY-MM-DD) as the rep reads it, e.g. "Mon, Mar 9" / "Mo., 9. März". */
export const formatDay = (iso: string, options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' }) =>
  formatDateWith(new Date(`${iso}T12:00:00Z`), { ...options, timeZone: 'UTC' });

/** Weekday `d` (0 = Sunday) in the UI language: "Monday"/"Montag", or short "Mon"/"Mo.". */
export const weekdayName = (d: number, weekday: 'long' | 'short' = 'long') => formatDateWith(Date.UTC(2023, 0, 1 + d, 12), { weekday, timeZone: 'UTC' });
/** Sunday first, as `Date.getDay()` numbers them. */
export const weekdayNames = (weekday: 'long' | 'short' = 'long') => [0, 1, 2, 3, 4, 5, 6].map((d) => weekdayName(d, weekday));
