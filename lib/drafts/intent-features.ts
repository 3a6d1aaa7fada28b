// The features the intent model reads, shared by the model (lib/drafts/intent-model.ts) and its training
// script (scripts/train-intent.ts) so both hash a text the same way: words, word pairs and the character
// 3- and 4-grams inside each word (which carry across languages and spellings: "interess" in "interested",
// "interesse", "interessato"), each hashed into one of BUCKETS weights per intent.

export const BUCKETS = 4096;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, continued from state `h` over `s[from, to)`: hashing in parts equals hashing the whole. */
function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** FNV-1a, 32 bits: a stable hash of a feature name. */
function hash(s: string): number {
  return (fnv(FNV_OFFSET, s) >>> 0) % BUCKETS;
}

// Each feature's name is its kind's prefix and its text ("w:word", "c:<wo", "b:one two"). The prefixes'
// hash states are taken once and the text hashed on from them, so no name string is built per feature (the
// same buckets as `hash(name)`: FNV-1a reads a string one character after another).
const WORD_STATE = fnv(FNV_OFFSET, 'w:');
const GRAM_STATE = fnv(FNV_OFFSET, 'c:');
const PAIR_STATE = fnv(FNV_OFFSET, 'b:');
const SPACE = ' '.charCodeAt(0);
const bucket = (h: number) => (h >>> 0) % BUCKETS;

/** The buckets of the character n-grams (n = 3, 4) of `<word>`, as `hash('c:' + gram)` gives them. */
function gramBuckets(word: string, into: number[]): void {
  const padded = `<${word}>`;
  for (let n = 3; n <= 4; n++) for (let i = 0; i + n <= padded.length; i++) into.push(bucket(fnv(GRAM_STATE, padded, i, i + n)));
}

const WORD = /[\p{L}\p{N}']+/gu;

export interface Token {
  word: string;
  index: number;
  /** The buckets this word's own features (the word and its character n-grams) fall in. */
  buckets: number[];
}

/** The words of a text with their feature buckets, and the buckets of the word pairs. */
export function featurize(text: string): { tokens: Token[]; pairs: number[] } {
  const lower = text.toLowerCase().replace(/\d/g, '0');
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    const word = m[0];
    const buckets = [bucket(fnv(WORD_STATE, word))];
    gramBuckets(word, buckets);
    tokens.push({ word, index: m.index, buckets });
    if (tokens.length >= 400) break;
  }
  const pairs: number[] = [];
  for (let i = 1; i < tokens.length; i++) pairs.push(bucket(fnv(Math.imul(fnv(PAIR_STATE, tokens[i - 1]!.word) ^ SPACE, FNV_PRIME), tokens[i]!.word)));
  return { tokens, pairs };
}

/** Every bucket of a text with its count (for training). */
export function bagOf(text: string): Map<number, number> {
  return bagFrom(featurize(text));
}

function bagFrom({ tokens, pairs }: { tokens: Token[]; pairs: number[] }): Map<number, number> {
  const bag = new Map<number, number>();
  for (const t of tokens) for (const b of t.buckets) bag.set(b, (bag.get(b) ?? 0) + 1);
  for (const b of pairs) bag.set(b, (bag.get(b) ?? 0) + 1);
  return bag;
}

/** The rules' hits per intent, as the model may read them (lib/drafts/intent.ts `scores`). */
export type RuleScores = Partial<Record<string, number>>;

/**
 * The model's input: the text's buckets, each count dampened (1 + ln count) and the whole normalised; with
 * `rules`, one more feature per intent the rules scored (its score / 3, capped at 3) and one for the rules'
 * answer, kept outside the normalisation so a long reply does not drown them.
 */
export function vectorOf(text: string, rules?: { scores: RuleScores; intent: string }): [number, number][] {
  return vectorFrom(featurize(text), rules);
}

/** `vectorOf` from a text already featurized (the model also needs its tokens: one pass, not two). */
export function vectorFrom(features: { tokens: Token[]; pairs: number[] }, rules?: { scores: RuleScores; intent: string }): [number, number][] {
  const bag = [...bagFrom(features)].map(([b, c]) => [b, 1 + Math.log(c)] as [number, number]);
  const norm = Math.sqrt(bag.reduce((s, [, v]) => s + v * v, 0)) || 1;
  const out = bag.map(([b, v]) => [b, v / norm] as [number, number]);
  if (rules) {
    for (const [intent, score] of Object.entries(rules.scores)) if (score) out.push([hash(`r:${intent}`), Math.min(score, 9) / 3]);
    out.push([hash(`d:${rules.intent}`), 1]);
  }
  return out;
}
