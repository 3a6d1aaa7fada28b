import { z } from 'zod';
import type { MessageKey, PlaceholdersOf } from './i18n';

// A sentence the background makes for the rep (why Today ranks an item, why a sequence paused, what an inbound
// message is), stored and sent as data: a message key of public/_locales and its arguments, typed. The surface
// words it in the rep's language (lib/say.ts), with dates, times, durations and money formatted in the UI
// locale. The English line stays beside it for the audit log and older rows. CONTRIBUTING.md "Add a
// user-visible string", step 5.

/**
 * One argument: text as written (a quote, a name), a number, or a value the surface formats in the rep's locale:
 * a calendar day, a moment (in a time zone), a duration (`ms`: "3 days"), a time past (`ago`: "3 days ago",
 * "vor 3 Tagen", whose grammar a duration inside a sentence cannot give), an amount of money, or words inside words.
 */
export type WordArg =
  | string
  | number
  | { day: string }
  | { at: number; tz?: string }
  | { ms: number }
  | { ago: number }
  | { money: number; currency?: string }
  | Words;
export interface Words {
  key: string;
  args?: Record<string, WordArg>;
}

// The type is written by hand because the schema refers to itself (a reason inside a reason); the schema below
// checks the same shape at every boundary, bounded in depth by what the background makes (three levels).
const ArgName = z.string().regex(/^[a-z0-9_]+$/).max(40);
export const WordArg: z.ZodType<WordArg> = z.lazy(() =>
  z.union([
    z.string().max(1000),
    z.number().finite(),
    z.strictObject({ day: z.iso.date() }),
    z.strictObject({ at: z.number().int(), tz: z.string().min(1).max(64).optional() }),
    z.strictObject({ ms: z.number().nonnegative().finite() }),
    z.strictObject({ ago: z.number().nonnegative().finite() }),
    z.strictObject({ money: z.number().finite(), currency: z.string().max(3).optional() }),
    Words,
  ]),
);
export const Words: z.ZodType<Words> = z.lazy(() =>
  z.strictObject({
    key: z.string().regex(/^[A-Za-z0-9_]+$/).max(120),
    args: z.record(ArgName, WordArg).optional(),
  }),
);

type PluralBase<K extends string> = K extends `${infer B}_other` ? B : never;
/** A message key, or the base of a plural message (`name` for `name_one`/`name_other`; its `count` picks the form). */
export type WordsKey = MessageKey | PluralBase<MessageKey>;
type ArgsOf<K extends WordsKey> = K extends MessageKey ? PlaceholdersOf<K> : PlaceholdersOf<`${K}_other` & MessageKey>;
type Args<K extends WordsKey> = [ArgsOf<K>] extends [never] ? [] : [args: Record<ArgsOf<K>, WordArg>];

/** Words for the rep, checked against the English messages: the key exists and every placeholder gets a value. */
export function words<K extends WordsKey>(key: K, ...[args]: Args<K>): Words {
  return args ? { key, args: args as Record<string, WordArg> } : { key };
}

/**
 * Several words as one line ("a; b; c"), joined as a balanced tree so a long list stays shallow for the
 * surface (lib/say.ts says words within words four levels deep); at most `named` are named, the rest counted.
 */
export function listWords(items: readonly Words[], named = 4): Words | undefined {
  const shown = items.slice(0, named);
  if (items.length > named) shown.push(words('wordsList_more', { count: items.length - named }));
  const join = (from: number, to: number): Words => (to - from === 1 ? shown[from]! : words('wordsList_joined', { first: join(from, (from + to) >> 1), next: join((from + to) >> 1, to) }));
  return shown.length ? join(0, shown.length) : undefined;
}

/** The words stored beside an English line, or undefined for rows written before they existed (or damaged). */
export const wordsOf = (value: unknown): Words | undefined => {
  const parsed = Words.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/**
 * An error the rep reads (a button's action refused, a CRM write waiting): its words, and the English line for logs
 * and older readers. The router carries the words to the page (lib/messages.ts `Failure`), where lib/ui/errors.ts
 * says them in the rep's language.
 */
export class WordsError extends Error {
  constructor(
    readonly words: Words,
    english: string,
  ) {
    super(english);
    this.name = 'WordsError';
  }
}

/** The words an error carries (a WordsError, or a MessageError that brought them back), if valid. */
export const wordsOfError = (error: unknown): Words | undefined =>
  error !== null && typeof error === 'object' && 'words' in error ? wordsOf((error as { words: unknown }).words) : undefined;

/** The same words with every text argument passed through `text` (to strip secrets before they are stored or shown). */
export function mapWordsText(said: Words, text: (value: string) => string): Words {
  if (!said.args) return said;
  const arg = (value: WordArg): WordArg => (typeof value === 'string' ? text(value) : typeof value === 'object' && 'key' in value ? mapWordsText(value, text) : value);
  return { key: said.key, args: Object.fromEntries(Object.entries(said.args).map(([name, value]) => [name, arg(value)])) };
}
