import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { latestText } from '../lib/drafts/clean';
import { bagOf, BUCKETS } from '../lib/drafts/intent-features';
import { Intent } from '../lib/records';

// Trains the intent model: a multinomial logistic regression (softmax) over hashed word, word-pair and
// character n-gram features (lib/drafts/intent-features.ts), from the labelled replies in
// test/fixtures/intent/ (tuning.jsonl; SOURCES.md gives each source and licence). held-out.jsonl is never
// trained or tuned on: it is scored once, after training, and printed. Regularisation and epochs were chosen
// by 5-fold cross-validation on tuning.jsonl alone.
//
//   npm run train:intent            train, print k-fold and held-out figures, write lib/drafts/intent-weights.ts
//   npm run train:intent -- --check only print the figures

const LABELS = Intent.options;
const K = LABELS.length;
const root = resolve(import.meta.dirname, '..');

interface Item {
  text: string;
  intent: (typeof LABELS)[number];
}
const load = (name: string): Item[] =>
  readFileSync(resolve(root, 'test/fixtures/intent', name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Item);

interface Example {
  bag: [number, number][];
  label: number;
}
const example = (item: Item): Example => {
  // Features of what they just wrote (quotes and signature cut), each count dampened and the whole normalised.
  const bag = [...bagOf(latestText(item.text) || item.text)].map(([b, c]) => [b, 1 + Math.log(c)] as [number, number]);
  const norm = Math.sqrt(bag.reduce((s, [, v]) => s + v * v, 0)) || 1;
  return { bag: bag.map(([b, v]) => [b, v / norm]), label: LABELS.indexOf(item.intent) };
};

// Chosen by the 5-fold figure on tuning.jsonl (run with --sweep, which never scores held-out.jsonl).
const L2 = Number(process.env.INTENT_L2 ?? 1e-3);
const EPOCHS = Number(process.env.INTENT_EPOCHS ?? 60);
const RATE = Number(process.env.INTENT_RATE ?? 0.5);

/** A seeded shuffle (mulberry32), so every run trains the same model. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Weights [K][BUCKETS] and biases [K], by stochastic gradient descent with AdaGrad steps. */
function train(examples: Example[]): { w: Float64Array; b: Float64Array } {
  const w = new Float64Array(K * BUCKETS);
  const b = new Float64Array(K);
  const gw = new Float64Array(K * BUCKETS).fill(1e-8);
  const gb = new Float64Array(K).fill(1e-8);
  // Rare intents weigh as much as common ones.
  const counts = new Array<number>(K).fill(0);
  for (const e of examples) counts[e.label]!++;
  const classWeight = counts.map((c) => (c ? examples.length / (K * c) : 0));
  const p = new Float64Array(K);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const e of shuffled(examples, epoch + 1)) {
      scoresInto(w, b, e.bag, p);
      softmax(p);
      const cw = classWeight[e.label]!;
      for (let k = 0; k < K; k++) {
        const g = cw * (p[k]! - (k === e.label ? 1 : 0));
        gb[k]! += g * g;
        b[k]! -= (RATE * g) / Math.sqrt(gb[k]!);
        for (const [f, v] of e.bag) {
          const i = k * BUCKETS + f;
          const gi = g * v + L2 * w[i]!;
          gw[i]! += gi * gi;
          w[i]! -= (RATE * gi) / Math.sqrt(gw[i]!);
        }
      }
    }
  }
  return { w, b };
}

function scoresInto(w: Float64Array, b: Float64Array, bag: [number, number][], out: Float64Array) {
  for (let k = 0; k < K; k++) {
    let s = b[k]!;
    for (const [f, v] of bag) s += w[k * BUCKETS + f]! * v;
    out[k] = s;
  }
}
function softmax(p: Float64Array) {
  let max = -Infinity;
  for (const x of p) max = Math.max(max, x);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += p[k] = Math.exp(p[k]! - max);
  for (let k = 0; k < K; k++) p[k]! /= sum;
}
function predict(model: { w: Float64Array; b: Float64Array }, e: Example): number {
  const p = new Float64Array(K);
  scoresInto(model.w, model.b, e.bag, p);
  let best = 0;
  for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
  return best;
}

type Confusion = number[][];
const emptyConfusion = (): Confusion => LABELS.map(() => new Array<number>(K).fill(0));

function report(title: string, confusion: Confusion) {
  const total = confusion.flat().reduce((s, x) => s + x, 0);
  const right = LABELS.reduce((s, _l, i) => s + confusion[i]![i]!, 0);
  console.log(`\n${title}: ${right}/${total} = ${((100 * right) / total).toFixed(1)}%`);
  const short = LABELS.map((l) => l.slice(0, 6));
  console.log(`${'true \\ predicted'.padEnd(16)} ${short.map((s) => s.padStart(6)).join(' ')}`);
  LABELS.forEach((l, i) => console.log(`${l.padEnd(16)} ${confusion[i]!.map((x) => String(x).padStart(6)).join(' ')}`));
}

const tuning = load('tuning.jsonl').map(example);
const heldOut = load('held-out.jsonl').map(example);

// 5-fold cross-validation on the tuning split, folds by a seeded shuffle.
const FOLDS = 5;
const order = shuffled(
  tuning.map((_, i) => i),
  2026,
);
const kfold = emptyConfusion();
for (let f = 0; f < FOLDS; f++) {
  const test = new Set(order.filter((_, i) => i % FOLDS === f));
  const model = train(tuning.filter((_, i) => !test.has(i)));
  for (const i of test) kfold[tuning[i]!.label]![predict(model, tuning[i]!)]!++;
}
report(`${FOLDS}-fold cross-validation on tuning.jsonl (${tuning.length} replies)`, kfold);

if (process.argv.includes('--sweep')) process.exit(0);
const model = train(tuning);
const held = emptyConfusion();
for (const e of heldOut) held[e.label]![predict(model, e)]!++;
report(`held-out.jsonl (${heldOut.length} replies, never trained or tuned on)`, held);

if (!process.argv.includes('--check')) {
  // Weights quantised to signed bytes with one scale per intent: 9 × 4,096 bytes.
  const bytes = new Int8Array(K * BUCKETS);
  const scales: number[] = [];
  for (let k = 0; k < K; k++) {
    let max = 0;
    for (let f = 0; f < BUCKETS; f++) max = Math.max(max, Math.abs(model.w[k * BUCKETS + f]!));
    const scale = max / 127 || 1;
    scales.push(Number(scale.toPrecision(6)));
    for (let f = 0; f < BUCKETS; f++) bytes[k * BUCKETS + f] = Math.round(model.w[k * BUCKETS + f]! / scale);
  }
  const base64 = Buffer.from(bytes.buffer).toString('base64');
  const out = `// Written by \`npm run train:intent\` (scripts/train-intent.ts) from test/fixtures/intent/tuning.jsonl; do not edit.
// ${LABELS.length} intents × ${BUCKETS} hashed features, signed bytes (base64) with one scale per intent.
export const LABELS = ${JSON.stringify(LABELS)} as const;
export const SCALES = ${JSON.stringify(scales)};
export const BIASES = ${JSON.stringify([...model.b].map((x) => Number(x.toPrecision(6))))};
export const WEIGHTS = '${base64}';
`;
  writeFileSync(resolve(root, 'lib/drafts/intent-weights.ts'), out);
  console.log(`\nwrote lib/drafts/intent-weights.ts (${out.length} characters)`);
}
