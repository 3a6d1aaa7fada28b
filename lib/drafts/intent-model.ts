import type { Intent } from '../records';
import { featurize, vectorFrom, type RuleScores } from './intent-features';
import { BIASES, FEATURES, LABELS, RULE_FEATURES, SCALES, WEIGHTS } from './intent-weights';

// The trained intent model (scripts/train-intent.ts): a linear model over hashed words, word pairs, character
// n-grams, cross-lingual concepts and negated words (lib/drafts/intent-features.ts; and, when trained so, the
// rules' hits as features), its weights shipped as signed bytes (9 × FEATURES.buckets). It answers with an intent,
// its probability, and the word that weighed most for it, so its reason can quote the reply like the rules do.

export interface ModelGuess {
  intent: Intent;
  /** The softmax probability of that intent, 0–1. */
  confidence: number;
  /** The word of the reply that counted most towards it ('' when none did). */
  word: string;
}

let weights: Float32Array | undefined;

function load(): Float32Array {
  if (weights) return weights;
  const raw = atob(WEIGHTS);
  const BUCKETS = FEATURES.buckets;
  const out = new Float32Array(LABELS.length * BUCKETS);
  for (let k = 0; k < LABELS.length; k++) {
    const scale = SCALES[k]!;
    for (let f = 0; f < BUCKETS; f++) {
      const byte = raw.charCodeAt(k * BUCKETS + f);
      out[k * BUCKETS + f] = (byte > 127 ? byte - 256 : byte) * scale;
    }
  }
  return (weights = out);
}

/** Whether the shipped weights were trained with the rules' hits as features (then pass `rules`). */
export const READS_RULES = RULE_FEATURES;

/** The model's intent for a reply's own words (quotes and signature already cut). */
export function modelIntent(text: string, rules?: { scores: RuleScores; intent: string }): ModelGuess {
  const w = load();
  const BUCKETS = FEATURES.buckets;
  const features = featurize(text, FEATURES);
  const { tokens } = features;
  // The same features as training (lib/drafts/intent-features.ts `vectorOf`), from the one featurizing.
  const vector = vectorFrom(features, FEATURES, RULE_FEATURES ? (rules ?? { scores: {}, intent: 'other' }) : undefined);
  const K = LABELS.length;
  const scores = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = BIASES[k]!;
    for (const [b, v] of vector) s += w[k * BUCKETS + b]! * v;
    scores[k] = s;
  }
  let best = 0;
  for (let k = 1; k < K; k++) if (scores[k]! > scores[best]!) best = k;
  let sum = 0;
  for (let k = 0; k < K; k++) sum += Math.exp(scores[k]! - scores[best]!);
  let word = '';
  let most = 0;
  for (const t of tokens) {
    if (t.word.startsWith('\u0001')) continue; // a link, address or mention: not worth quoting
    let s = 0;
    for (const b of t.buckets) s += w[best * BUCKETS + b]!;
    for (const b of t.grams) s += FEATURES.gramWeight * w[best * BUCKETS + b]!;
    if (s > most) {
      most = s;
      word = text.slice(t.index, t.index + t.length);
    }
  }
  return { intent: LABELS[best]!, confidence: 1 / sum, word };
}
