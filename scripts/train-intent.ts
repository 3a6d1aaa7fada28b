import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { latestText } from '../lib/drafts/clean';
import { detectIntentByRules } from '../lib/drafts/intent';
import { BUCKETS, vectorOf } from '../lib/drafts/intent-features';
import { Intent } from '../lib/records';

// Trains the intent model: a multinomial logistic regression (softmax) over hashed word, word-pair and
// character n-gram features (lib/drafts/intent-features.ts), from the labelled replies in
// test/fixtures/intent/ (tuning.jsonl; SOURCES.md gives each source and licence). held-out.jsonl is never
// trained or tuned on: it is scored once, after training, and printed. Regularisation and epochs were chosen
// by 5-fold cross-validation on tuning.jsonl alone.
//
//   npm run train:intent            train, print k-fold and held-out figures, write lib/drafts/intent-weights.ts
//   npm run train:intent -- --check only print the figures
//
// Which one decides, fixed on 2026-12-07 before any of these was scored on held-out.jsonl: four candidates,
//   rules          the hand rules alone (lib/drafts/intent.ts);
//   model          the linear model over words, word pairs and character n-grams;
//   model+rules    the same model with the rules' hits per intent and their answer as extra features;
//   rules→model    the rules, and the model where the rules abstain ('other');
// each scored once on held-out.jsonl; the most accurate decides, a tie going to the earlier in that list (the
// rules are the simplest to explain). The pick is written into the weights file (DECIDER) and detectIntent follows
// it. Choosing among four on held-out makes the winner's held-out figure slightly optimistic; the note says so.
// Added after that first run, and said so: a candidate that breaks behaviour the unit tests pin is out of the
// running (EXCLUDED, with the reason), whatever its held-out figure.

const LABELS = Intent.options;
const K = LABELS.length;
const root = resolve(import.meta.dirname, '..');

interface Item {
  text: string;
  intent: (typeof LABELS)[number];
  /** ISO 639-1; lines gathered before 2026-12-07 are all English and carry none. */
  lang?: string;
}
const load = (name: string): Item[] =>
  readFileSync(resolve(root, 'test/fixtures/intent', name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Item);

interface Example {
  /** Features of what they just wrote (quotes and signature cut), without and with the rules' hits. */
  plain: [number, number][];
  withRules: [number, number][];
  label: number;
  /** The rules' own answer, for the rules and rules→model candidates. */
  rules: number;
  lang: string;
}
const example = (item: Item): Example => {
  const text = latestText(item.text) || item.text;
  const r = detectIntentByRules(item.text);
  return {
    plain: vectorOf(text),
    withRules: vectorOf(text, { scores: r.scores, intent: r.intent }),
    label: LABELS.indexOf(item.intent),
    rules: LABELS.indexOf(r.intent),
    lang: item.lang ?? 'en',
  };
};
type Bag = (e: Example) => [number, number][];
const plain: Bag = (e) => e.plain;
const withRules: Bag = (e) => e.withRules;

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
function train(examples: Example[], bagOf: Bag): { w: Float64Array; b: Float64Array } {
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
      const bag = bagOf(e);
      scoresInto(w, b, bag, p);
      softmax(p);
      const cw = classWeight[e.label]!;
      for (let k = 0; k < K; k++) {
        const g = cw * (p[k]! - (k === e.label ? 1 : 0));
        gb[k]! += g * g;
        b[k]! -= (RATE * g) / Math.sqrt(gb[k]!);
        for (const [f, v] of bag) {
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
type Model = { w: Float64Array; b: Float64Array };
function predict(model: Model, e: Example, bagOf: Bag): number {
  const p = new Float64Array(K);
  scoresInto(model.w, model.b, bagOf(e), p);
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

/** Right/total per intent and per language, one line each. */
function breakdown(examples: Example[], guesses: number[]) {
  const by = (key: (e: Example) => string) => {
    const m = new Map<string, [number, number]>();
    examples.forEach((e, i) => {
      const k = key(e);
      const [r, t] = m.get(k) ?? [0, 0];
      m.set(k, [r + (guesses[i] === e.label ? 1 : 0), t + 1]);
    });
    return [...m].sort().map(([k, [r, t]]) => `${k} ${r}/${t}`).join(', ');
  };
  console.log(`  by intent: ${by((e) => LABELS[e.label]!)}`);
  console.log(`  by language: ${by((e) => e.lang)}`);
}

const tuning = load('tuning.jsonl').map(example);
const heldOut = load('held-out.jsonl').map(example);

// The candidates (see the top of this file). `fit` trains what the candidate needs on some examples and returns
// its guesser.
type Guesser = (e: Example) => number;
const OTHER = LABELS.indexOf('other');
const candidates: { name: 'rules' | 'model' | 'model+rules' | 'rules→model'; fit: (xs: Example[]) => Guesser }[] = [
  { name: 'rules', fit: () => (e) => e.rules },
  { name: 'model', fit: (xs) => { const m = train(xs, plain); return (e) => predict(m, e, plain); } },
  { name: 'model+rules', fit: (xs) => { const m = train(xs, withRules); return (e) => predict(m, e, withRules); } },
  { name: 'rules→model', fit: (xs) => { const m = train(xs, plain); return (e) => (e.rules === OTHER ? predict(m, e, plain) : e.rules); } },
];

// 5-fold cross-validation on the tuning split, folds by a seeded shuffle. The rules were written against these
// replies, so their k-fold figure (and the rule features') is flattered; held-out is the fair comparison.
const FOLDS = 5;
const order = shuffled(
  tuning.map((_, i) => i),
  2026,
);
const only = process.argv.includes('--sweep') ? ['model'] : candidates.map((c) => c.name);
for (const c of candidates.filter((c) => only.includes(c.name))) {
  const kfold = emptyConfusion();
  for (let f = 0; f < FOLDS; f++) {
    const test = new Set(order.filter((_, i) => i % FOLDS === f));
    const guess = c.fit(tuning.filter((_, i) => !test.has(i)));
    for (const i of test) kfold[tuning[i]!.label]![guess(tuning[i]!)]!++;
  }
  report(`[${c.name}] ${FOLDS}-fold cross-validation on tuning.jsonl (${tuning.length} replies)`, kfold);
}
if (process.argv.includes('--sweep')) process.exit(0);

// Each candidate trained on all of tuning.jsonl, scored once on held-out.jsonl.
const scored = candidates.map((c) => {
  const guess = c.fit(tuning);
  const guesses = heldOut.map(guess);
  const held = emptyConfusion();
  heldOut.forEach((e, i) => held[e.label]![guesses[i]!]!++);
  report(`[${c.name}] held-out.jsonl (${heldOut.length} replies, never trained or tuned on)`, held);
  breakdown(heldOut, guesses);
  return { name: c.name, right: heldOut.filter((e, i) => guesses[i] === e.label).length };
});
// Both candidates with the model beat the rules by one held-out reply (31/51 against 30/51) and both broke pinned
// behaviour on 2026-12-07 (first collection). model+rules let the model overrule the rules' decisive hits: a body
// "Automatic reply: Hello" came out `other`, so the reports counted an out-of-office as a reply
// (test/unit/reports-rollup.test.ts). rules→model read "Attached." as a meeting and German and French unsubscribe
// requests and refusals as other intents (test/unit/inbound-languages.test.ts): every non-English line it was
// trained on was an out-of-office notice, so it learnt the language, not the intent.
// Checked again after the second collection that day (261 tuning lines, es/pt/it/nl of every intent), by writing
// each candidate's weights and running the pinned tests (reports-rollup, inbound-languages, inbound-real,
// inbound-collected, reminders-inbound, intent, ai-intent, inspect-intent, drafts-handlers): model+rules now breaks
// none of them (only the test that pins the decider itself), so its exclusion is lifted; rules→model still reads
// "Attached." as a meeting and changes the kinds of the real held-out notices (inbound-real.test.ts).
const EXCLUDED: Partial<Record<(typeof candidates)[number]['name'], string>> = {
  model: 'below the rules on held-out (36/97 against 55/97 on 2026-12-07, second collection)',
  'rules→model': '“Attached.” read as a meeting (intent.test.ts); changes the kinds of real held-out notices (inbound-real.test.ts)',
};
for (const [name, why] of Object.entries(EXCLUDED)) console.log(`\nexcluded: ${name}: ${why}`);
const decider = scored.filter((c) => !EXCLUDED[c.name]).reduce((best, c) => (c.right > best.right ? c : best));
console.log(`\ndecides: ${decider.name} (${decider.right}/${heldOut.length} on held-out; ${scored.map((c) => `${c.name} ${c.right}`).join(', ')})`);

if (!process.argv.includes('--check')) {
  // The model that ships: with the rules' features only when that candidate decides.
  const ruleFeatures = decider.name === 'model+rules';
  const model = train(tuning, ruleFeatures ? withRules : plain);
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
// DECIDER is the candidate that scored best on held-out.jsonl (${scored.map((c) => `${c.name} ${c.right}/${heldOut.length}`).join(', ')})
// among those not excluded (${Object.keys(EXCLUDED).join(', ') || 'none'}; see scripts/train-intent.ts).
export const DECIDER: 'rules' | 'model' | 'model+rules' | 'rules→model' = ${JSON.stringify(decider.name)};
export const RULE_FEATURES: boolean = ${ruleFeatures};
export const LABELS = ${JSON.stringify(LABELS)} as const;
export const SCALES = ${JSON.stringify(scales)};
export const BIASES = ${JSON.stringify([...model.b].map((x) => Number(x.toPrecision(6))))};
export const WEIGHTS = '${base64}';
`;
  writeFileSync(resolve(root, 'lib/drafts/intent-weights.ts'), out);
  console.log(`\nwrote lib/drafts/intent-weights.ts (${out.length} characters)`);
}
