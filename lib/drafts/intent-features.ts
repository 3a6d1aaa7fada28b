import { conceptOf } from './intent-lexicon';

// The features the intent model reads, shared by the model (lib/drafts/intent-model.ts) and its training
// script (scripts/train-intent.ts) so both hash a text the same way. Each word is folded (lower case, accents
// removed, digits read as 0) and gives:
//   w:word            the word itself;
//   k:CONCEPT         its concept in the cross-lingual lexicon (lib/drafts/intent-lexicon.ts), so "reunión",
//                     "Termin" and "meeting" share a feature;
//   c:gram            its character n-grams inside the word's edges ("<wo", "ord>"), which carry across
//                     languages and spellings ("interess" in "interessato" and "interessiert");
//   n:word / n:CONCEPT the word (or concept) inside a negation's scope: up to three words after "not", "no",
//                     "nicht", "pas", "niet"… within the same clause, so "not interested" and "interested" differ;
// and each pair of neighbouring words gives b:word word and, when either is a concept, q:unit unit. The whole
// text gives p:? / p:! when it holds a question or exclamation mark, and l:n for its length in words (bucketed).
// Every feature is hashed (FNV-1a) into one of `buckets` weights per intent. Which of these are on is the
// FeatureConfig the weights were trained with (lib/drafts/intent-weights.ts FEATURES).

export interface FeatureConfig {
  buckets: number;
  /** Character n-gram lengths inside words, inclusive; 0 for none. */
  gramMin: number;
  gramMax: number;
  concepts: boolean;
  negation: boolean;
  pairs: boolean;
  marks: boolean;
  /** How much a character n-gram counts beside a word (many grams per word would otherwise drown the words). */
  gramWeight: number;
  /** Links, mail addresses and @mentions read as one placeholder word each (\u0001url…), not as their parts. */
  scrub: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = { buckets: 4096, gramMin: 3, gramMax: 4, concepts: false, negation: false, pairs: true, marks: false, scrub: false, gramWeight: 1 };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, continued from state `h` over `s[from, to)`: hashing in parts equals hashing the whole. */
function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

// Each feature's name is its kind's prefix and its text ("w:word", "c:<wo", "b:one two"); the prefixes' hash
// states are taken once and the text hashed on from them, so no name string is built per feature.
const WORD_STATE = fnv(FNV_OFFSET, 'w:');
const GRAM_STATE = fnv(FNV_OFFSET, 'c:');
const PAIR_STATE = fnv(FNV_OFFSET, 'b:');
const CONCEPT_STATE = fnv(FNV_OFFSET, 'k:');
const NEG_STATE = fnv(FNV_OFFSET, 'n:');
const UNIT_PAIR_STATE = fnv(FNV_OFFSET, 'q:');
const SPACE = ' '.charCodeAt(0);
const pairHash = (state: number, a: string, b: string) => fnv(Math.imul(fnv(state, a) ^ SPACE, FNV_PRIME), b);

const WORD = /[\p{L}\p{N}']+/gu;
const WORD_OR_PLACE = /(https?:\/\/\S+|www\.\S+)|([\w.+-]+@[\w-]+\.[\w.-]+)|(@[\w-]+)|[\p{L}\p{N}']+/gu;
const NON_ASCII = /[^ -~\t\n\r]/;
const MARKS = /\p{M}/gu;
const DIGIT = /\d/g;
/** A clause ends a negation's scope. */
const CLAUSE_END = /[.,;:!?()\n]/;
const NEGATORS = new Set(['not', 'no', "don't", 'dont', "doesn't", "didn't", "won't", "can't", 'cannot', "isn't", "aren't", "wasn't", "wouldn't", "shouldn't", 'never', 'nor', 'nunca', 'ni', 'nao', 'nem', 'non', 'mai', 'niet', 'geen', 'nooit', 'nicht', 'kein', 'keine', 'keinen', 'keiner', 'keinerlei', 'nie', 'pas', 'jamais', 'ne', 'aucun', 'aucune']);
const NEG_SCOPE = 3;
const MAX_WORDS = 400;

/** Lower case, accents removed, digits as 0. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  const plain = NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
  return plain.replace(DIGIT, '0');
}

export interface Token {
  /** The folded word. */
  word: string;
  /** Where it starts in the text, and its length there (for quoting the reply as written). */
  index: number;
  length: number;
  /** The buckets this word's own features (word, concept, negated form) fall in. */
  buckets: number[];
  /** The buckets of its character n-grams (weighed by `gramWeight`). */
  grams: number[];
}

export interface Features {
  tokens: Token[];
  /** Buckets of features that belong to no one word: pairs, marks, length. */
  rest: number[];
}

const bucketer = (buckets: number) => (h: number) => (h >>> 0) % buckets;

/** The words of a text with their feature buckets, and the buckets of the features between words. */
export function featurize(text: string, config: FeatureConfig = DEFAULT_FEATURES): Features {
  const bucket = bucketer(config.buckets);
  const tokens: Token[] = [];
  const units: string[] = [];
  const concepts: (string | undefined)[] = [];
  let negLeft = 0;
  let last = 0;
  const re = config.scrub ? WORD_OR_PLACE : WORD;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    const place = m[1] ? '\u0001url' : m[2] ? '\u0001mail' : m[3] ? '\u0001mention' : undefined;
    const word = place ?? fold(raw);
    // A clause break between the previous word and this one ends a negation's scope.
    if (negLeft && CLAUSE_END.test(text.slice(last, m.index))) negLeft = 0;
    last = m.index + raw.length;
    const buckets = [bucket(fnv(WORD_STATE, word))];
    const concept = config.concepts && !place ? conceptOf(word) : undefined;
    if (concept) buckets.push(bucket(fnv(CONCEPT_STATE, concept)));
    const grams: number[] = [];
    if (config.gramMin && !place) {
      const padded = `<${word}>`;
      for (let n = config.gramMin; n <= config.gramMax; n++) for (let i = 0; i + n <= padded.length; i++) grams.push(bucket(fnv(GRAM_STATE, padded, i, i + n)));
    }
    if (config.negation) {
      if (negLeft) {
        buckets.push(bucket(fnv(NEG_STATE, concept ?? word)));
        negLeft--;
      }
      if (NEGATORS.has(word) || (word.length > 2 && word.startsWith("n'"))) negLeft = NEG_SCOPE;
    }
    tokens.push({ word, index: m.index, length: raw.length, buckets, grams });
    units.push(concept ?? word);
    concepts.push(concept);
    if (tokens.length >= MAX_WORDS) break;
  }
  const rest: number[] = [];
  if (config.pairs) {
    for (let i = 1; i < tokens.length; i++) {
      rest.push(bucket(pairHash(PAIR_STATE, tokens[i - 1]!.word, tokens[i]!.word)));
      if (config.concepts && (concepts[i - 1] || concepts[i])) rest.push(bucket(pairHash(UNIT_PAIR_STATE, units[i - 1]!, units[i]!)));
    }
  }
  if (config.marks) {
    if (text.includes('?')) rest.push(bucket(fnv(FNV_OFFSET, 'p:?')));
    if (text.includes('!')) rest.push(bucket(fnv(FNV_OFFSET, 'p:!')));
    const n = tokens.length;
    rest.push(bucket(fnv(FNV_OFFSET, `l:${n <= 3 ? 3 : n <= 10 ? 10 : n <= 40 ? 40 : 400}`)));
  }
  return { tokens, rest };
}

/** The rules' hits per intent, as the model may read them (lib/drafts/intent.ts `scores`). */
export type RuleScores = Partial<Record<string, number>>;

/**
 * The model's input: the text's buckets, each count dampened (1 + ln count) and the whole normalised; with
 * `rules`, one more feature per intent the rules scored (its score / 3, capped at 3) and one for the rules'
 * answer, kept outside the normalisation so a long reply does not drown them.
 */
export function vectorOf(text: string, config: FeatureConfig, rules?: { scores: RuleScores; intent: string }): [number, number][] {
  return vectorFrom(featurize(text, config), config, rules);
}

/** `vectorOf` from a text already featurized (the model also needs its tokens: one pass, not two). */
export function vectorFrom(features: Features, config: FeatureConfig, rules?: { scores: RuleScores; intent: string }): [number, number][] {
  const counts = new Map<number, number>();
  const gramCounts = new Map<number, number>();
  for (const t of features.tokens) {
    for (const b of t.buckets) counts.set(b, (counts.get(b) ?? 0) + 1);
    for (const b of t.grams) gramCounts.set(b, (gramCounts.get(b) ?? 0) + 1);
  }
  for (const b of features.rest) counts.set(b, (counts.get(b) ?? 0) + 1);
  const values = new Map<number, number>();
  for (const [b, c] of counts) values.set(b, 1 + Math.log(c));
  for (const [b, c] of gramCounts) values.set(b, (values.get(b) ?? 0) + config.gramWeight * (1 + Math.log(c)));
  const out: [number, number][] = [];
  let norm = 0;
  for (const [b, v] of values) {
    norm += v * v;
    out.push([b, v]);
  }
  norm = Math.sqrt(norm) || 1;
  for (const pair of out) pair[1] /= norm;
  if (rules) {
    const bucket = bucketer(config.buckets);
    for (const [intent, score] of Object.entries(rules.scores)) if (score) out.push([bucket(fnv(FNV_OFFSET, `r:${intent}`)), Math.min(score, 9) / 3]);
    out.push([bucket(fnv(FNV_OFFSET, `d:${rules.intent}`)), 1]);
  }
  return out;
}
