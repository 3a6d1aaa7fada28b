import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { latestText } from '../lib/drafts/clean';
import { detectIntentByRules } from '../lib/drafts/intent';
import { DEFAULT_FEATURES, vectorOf, type FeatureConfig } from '../lib/drafts/intent-features';
import { Intent } from '../lib/records';
import { argmax, learn, scores, stratifiedFolds, type Linear, type LearnOptions, type Loss, type Sparse } from './intent-learn';

// Trains the intent model from the labelled replies in test/fixtures/intent/ (tuning.jsonl; SOURCES.md gives each
// source and licence) and writes lib/drafts/intent-weights.ts. held-out.jsonl is never trained or tuned on.
//
//   npm run train:intent              train, print 5-fold and held-out figures, write lib/drafts/intent-weights.ts
//   npm run train:intent -- --check   the same figures, nothing written
//   npm run train:intent -- --sweep   5-fold on tuning.jsonl for every setting in SWEEP; never reads held-out.jsonl
//   npm run train:intent -- --write-as=model+rules   write that candidate's weights (to check it against the tests)
//
// Deterministic: the learner is full-batch L-BFGS from zero (scripts/intent-learn.ts) and the folds are stratified
// with a fixed seed, so the same files always give the same weights, figures and decider. After new lines are
// added to tuning.jsonl or held-out.jsonl, rerun `npm run train:intent` and commit the weights it writes.
//
// The model: a linear model over hashed words, word pairs, character n-grams inside words, a cross-lingual concept
// lexicon and negation scope (lib/drafts/intent-features.ts, FEATURES below), fitted by LEARNER below. Both were
// chosen on 2026-12-07 by stratified 5-fold cross-validation on tuning.jsonl alone (`--sweep`; the figures are in
// SOURCES.md), before any of them was scored on held-out.jsonl.
//
// Which one decides, fixed on 2026-12-07 before any of these was scored on held-out.jsonl: four candidates,
//   rules          the hand rules alone (lib/drafts/intent.ts);
//   model          the linear model over the features above;
//   model+rules    the same model with the rules' hits per intent and their answer as extra features (stacking);
//   rules→model    the rules, and the model where the rules abstain ('other');
// each scored once on held-out.jsonl; the most accurate decides, a tie going to the earlier in that list (the
// rules are the simplest to explain). The pick is written into the weights file (DECIDER) and detectIntent follows
// it. Choosing among four on held-out makes the winner's held-out figure slightly optimistic; the note says so.
// A candidate that breaks behaviour the unit tests pin is out of the running (EXCLUDED, with the reason),
// whatever its held-out figure.

const LABELS = Intent.options;
const K = LABELS.length;
const root = resolve(import.meta.dirname, '..');

/** The features and learner that ship, chosen by `--sweep` (5-fold on tuning.jsonl only). */
const FEATURES: FeatureConfig = { buckets: 4096, gramMin: 0, gramMax: 0, gramWeight: 0, concepts: true, negation: true, pairs: false, marks: true, scrub: true };
const LEARNER: Omit<LearnOptions, 'classes' | 'dim'> = { loss: 'softmax', l2: 1e-3, balanced: true };
const FOLDS = 5;
const SEED = 2026;

interface Item {
  text: string;
  intent: (typeof LABELS)[number];
  /** ISO 639-1; lines gathered before 2026-12-07 are all English and carry none. */
  lang?: string;
}
const file = (name: string) => readFileSync(resolve(root, 'test/fixtures/intent', name), 'utf8');
const load = (name: string): Item[] =>
  file(name)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Item);

interface Example {
  /** What they just wrote (quotes and signature cut): what the model reads. */
  text: string;
  label: number;
  /** The rules' hits and answer, for the rules, model+rules and rules→model candidates. */
  rules: { scores: Partial<Record<string, number>>; intent: string };
  rulesLabel: number;
  lang: string;
}
const example = (item: Item): Example => {
  const r = detectIntentByRules(item.text);
  return {
    text: latestText(item.text) || item.text,
    label: LABELS.indexOf(item.intent),
    rules: { scores: r.scores, intent: r.intent },
    rulesLabel: LABELS.indexOf(r.intent),
    lang: item.lang ?? 'en',
  };
};

type Confusion = number[][];
const emptyConfusion = (): Confusion => LABELS.map(() => new Array<number>(K).fill(0));
const rightOf = (c: Confusion) => LABELS.reduce((s, _l, i) => s + c[i]![i]!, 0);

function report(title: string, confusion: Confusion) {
  const total = confusion.flat().reduce((s, x) => s + x, 0);
  const right = rightOf(confusion);
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

type Guesser = (i: number) => number;
const OTHER = LABELS.indexOf('other');
const fitLinear = (xs: Sparse[], ys: number[], features: FeatureConfig, learner = LEARNER): Linear =>
  learn(xs, ys, { ...learner, classes: K, dim: features.buckets });

/** Vectors of examples under a feature setting, without and with the rules' hits. */
const vectors = (examples: Example[], features: FeatureConfig) => ({
  plain: examples.map((e) => vectorOf(e.text, features)),
  withRules: examples.map((e) => vectorOf(e.text, features, e.rules)),
});

/** 5-fold confusion of a fit on `examples`, stratified with the fixed seed. */
function crossValidate(examples: Example[], fit: (train: number[]) => Guesser, guesses: number[] = [], seed = SEED): Confusion {
  const fold = stratifiedFolds(
    examples.map((e) => e.label),
    FOLDS,
    seed,
  );
  const confusion = emptyConfusion();
  for (let f = 0; f < FOLDS; f++) {
    const train = examples.map((_, i) => i).filter((i) => fold[i] !== f);
    const guess = fit(train);
    examples.forEach((e, i) => {
      if (fold[i] !== f) return;
      guesses[i] = guess(i);
      confusion[e.label]![guesses[i]]!++;
    });
  }
  return confusion;
}

const tuning = load('tuning.jsonl').map(example);

if (process.argv.includes('--sweep')) {
  // Every setting tried, in the order tried, 5-fold on tuning.jsonl (the model alone). held-out.jsonl is not read.
  // Run 1 was scored with a first lexicon; ambiguous entries ("que", "was", "out", "list"…) were removed before run 2.
  const base = DEFAULT_FEATURES;
  const SWEEP: { name: string; features: FeatureConfig; learner: Omit<LearnOptions, 'classes' | 'dim'> }[] = [];
  const add = (name: string, features: Partial<FeatureConfig>, learner: Partial<typeof LEARNER> = {}) =>
    SWEEP.push({ name, features: { ...base, ...features }, learner: { ...LEARNER, ...learner } });
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  // Run 1 (2026-12-07), in this order: the old features with each learner setting, then each new feature group.
  for (const l2 of [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]) add(`old features, softmax, l2 ${l2}`, {}, { l2 });
  add('old features, softmax unbalanced', {}, { balanced: false });
  add('old features, hinge', {}, { loss: 'hinge' as Loss });
  add('+ marks', { marks: true });
  add('+ concepts', { concepts: true });
  add('+ negation', { negation: true });
  add('+ concepts, negation, marks', { concepts: true, negation: true, marks: true });
  add('+ all, grams 0-0', { concepts: true, negation: true, marks: true, gramMin: 0, gramMax: 0 });
  add('+ all, grams 2-4', { concepts: true, negation: true, marks: true, gramMin: 2, gramMax: 4 });
  // Run 2: without grams did best, so the grams were weighed down beside the words; and links read as placeholders.
  const words = { concepts: true, negation: true, marks: true, gramMin: 0, gramMax: 0 };
  add('words+concepts+neg+marks, scrub', { ...words, scrub: true });
  for (const [gramMin, gramMax] of [[2, 5], [3, 5]] as const) for (const gramWeight of [0.1, 0.2, 0.35, 0.5]) add(`+ scrub, grams ${gramMin}-${gramMax} × ${gramWeight}`, { ...words, scrub: true, gramMin, gramMax, gramWeight });
  add('words only (no concepts), scrub', { ...words, scrub: true, concepts: false });
  add('words+concepts, no negation, scrub', { ...words, scrub: true, negation: false });
  add('words+concepts+neg, no marks, scrub', { ...words, scrub: true, marks: false });
  add('words+concepts+neg+marks, no pairs, scrub', { ...words, scrub: true, pairs: false });
  // Run 3: around the best of run 2 (no pairs), scored over two seeds of folds (2026, 2027) since one reply is 0.4%.
  const best2 = { ...words, scrub: true, pairs: false };
  add('r3 no pairs, scrub', best2);
  add('r3 no pairs, no scrub', { ...best2, scrub: false });
  for (const [gramMin, gramMax] of [[2, 5], [3, 5]] as const) add(`r3 no pairs, scrub, grams ${gramMin}-${gramMax} × 0.5`, { ...best2, gramMin, gramMax, gramWeight: 0.5 });
  for (const l2 of [3e-4, 3e-3, 1e-2]) add(`r3 no pairs, scrub, l2 ${l2}`, best2, { l2 });
  add('r3 no pairs, scrub, hinge', best2, { loss: 'hinge' as Loss });
  add('r3 no pairs, scrub, unbalanced', best2, { balanced: false });
  for (const buckets of [4096, 16384]) add(`r3 no pairs, scrub, ${buckets} buckets`, { ...best2, buckets });
  for (const s of SWEEP.filter((s) => !only || s.name.includes(only))) {
    const v = vectors(tuning, s.features);
    const ys = tuning.map((e) => e.label);
    const line: string[] = [];
    for (const seed of s.name.startsWith('r3') ? [SEED, SEED + 1] : [SEED]) {
      const guesses: number[] = [];
      const c = crossValidate(
        tuning,
        (train) => {
          const m = fitLinear(train.map((i) => v.plain[i]!), train.map((i) => ys[i]!), s.features, s.learner);
          return (i) => argmax(scores(m, v.plain[i]!));
        },
        guesses,
        seed,
      );
      const foreign = tuning.map((e, i) => [e, i] as const).filter(([e]) => e.lang !== 'en');
      const foreignRight = foreign.filter(([e, i]) => guesses[i] === e.label).length;
      line.push(`seed ${seed}: ${rightOf(c)}/${tuning.length} = ${((100 * rightOf(c)) / tuning.length).toFixed(1)}% (not English ${foreignRight}/${foreign.length})`);
    }
    console.log(`${s.name.padEnd(44)} ${JSON.stringify(s.learner)} ${line.join('; ')}`);
  }
  process.exit(0);
}

const heldOut = load('held-out.jsonl').map(example);
const all = [...tuning, ...heldOut];
const v = vectors(all, FEATURES);
const T = tuning.length;
const ys = all.map((e) => e.label);

// The candidates (see the top of this file). `fit` trains what the candidate needs on some tuning replies (by index)
// and returns its guesser over every reply (tuning then held-out).
const plainModel = (train: number[]) => fitLinear(train.map((i) => v.plain[i]!), train.map((i) => ys[i]!), FEATURES);
const candidates: { name: 'rules' | 'model' | 'model+rules' | 'rules→model'; fit: (train: number[]) => Guesser }[] = [
  { name: 'rules', fit: () => (i) => all[i]!.rulesLabel },
  { name: 'model', fit: (train) => { const m = plainModel(train); return (i) => argmax(scores(m, v.plain[i]!)); } },
  { name: 'model+rules', fit: (train) => { const m = fitLinear(train.map((i) => v.withRules[i]!), train.map((i) => ys[i]!), FEATURES); return (i) => argmax(scores(m, v.withRules[i]!)); } },
  { name: 'rules→model', fit: (train) => { const m = plainModel(train); return (i) => (all[i]!.rulesLabel === OTHER ? argmax(scores(m, v.plain[i]!)) : all[i]!.rulesLabel); } },
];

// Stratified 5-fold on the tuning split. The rules were written against these replies, so their figure (and that of
// the candidates reading them) is flattered; held-out is the fair comparison.
const tuningIndex = tuning.map((_, i) => i);
for (const c of candidates) {
  report(`[${c.name}] ${FOLDS}-fold cross-validation on tuning.jsonl (${T} replies, stratified, seed ${SEED})`, crossValidate(tuning, c.fit));
}

// Each candidate trained on all of tuning.jsonl, scored once on held-out.jsonl.
const scored = candidates.map((c) => {
  const guess = c.fit(tuningIndex);
  const guesses = heldOut.map((_, i) => guess(T + i));
  const held = emptyConfusion();
  heldOut.forEach((e, i) => held[e.label]![guesses[i]!]!++);
  report(`[${c.name}] held-out.jsonl (${heldOut.length} replies, never trained or tuned on)`, held);
  breakdown(heldOut, guesses);
  return { name: c.name, right: rightOf(held) };
});
// Exclusions, each from a pinned unit test that the candidate's weights broke (checked by writing each candidate's
// weights and running reports-rollup, inbound-languages, inbound-real, inbound-collected, inbound-words,
// reminders-inbound, sequences/decide, intent, ai-intent, inspect-intent, drafts-handlers). History: on 2026-12-07 (first collection) both combinations broke
// pinned behaviour; after the second collection model+rules broke none, rules→model still read "Attached." as a
// meeting and changed the kinds of real held-out notices (inbound-real.test.ts). Third pass (rebuilt model, same
// day): rules→model scored best and broke none; inbound-real's held-out English kinds went up, 3/4 → 4/4.
// Retrained on the third collection: rules→model read a ticket acknowledgement as an out-of-office
// (sequences/decide.test.ts, found by CI, not by the list above, which lacked it). It was not excluded: the
// inbound reader no longer lets the model's guess make an acknowledgement an absence (lib/engine/inbound.ts,
// ACKNOWLEDGES), a behaviour of the automation, not of the weights, with its own test in inbound-words.
// When a retrain changes the figures, these pin them: intent-model (TRAINED_ON; fails until retrained),
// inbound-real (kinds of real notices), intent (floors), inspect-intent (byReader has two readers unless the rules
// decide); SOURCES.md and README quote the held-out figures.
const EXCLUDED: Partial<Record<(typeof candidates)[number]['name'], string>> = {};
for (const [name, why] of Object.entries(EXCLUDED)) console.log(`\nexcluded: ${name}: ${why}`);
// `--write-as=<candidate>` writes that candidate's weights whatever scored best: only for checking a candidate
// against the pinned unit tests before deciding whether it is excluded (never commit what it writes).
const forced = process.argv.find((a) => a.startsWith('--write-as='))?.slice(11);
const decider = forced ? scored.find((c) => c.name === forced)! : scored.filter((c) => !EXCLUDED[c.name]).reduce((best, c) => (c.right > best.right ? c : best));
console.log(`\ndecides: ${decider.name} (${decider.right}/${heldOut.length} on held-out; ${scored.map((c) => `${c.name} ${c.right}`).join(', ')})`);

if (!process.argv.includes('--check')) {
  // The model that ships: with the rules' features only when that candidate decides.
  const ruleFeatures = decider.name === 'model+rules';
  const model = fitLinear(tuningIndex.map((i) => (ruleFeatures ? v.withRules : v.plain)[i]!), tuningIndex.map((i) => ys[i]!), FEATURES);
  // Weights quantised to signed bytes with one scale per intent.
  const B = FEATURES.buckets;
  const bytes = new Int8Array(K * B);
  const scales: number[] = [];
  for (let k = 0; k < K; k++) {
    let max = 0;
    for (let f = 0; f < B; f++) max = Math.max(max, Math.abs(model.w[k * B + f]!));
    const scale = max / 127 || 1;
    scales.push(Number(scale.toPrecision(6)));
    for (let f = 0; f < B; f++) bytes[k * B + f] = Math.round(model.w[k * B + f]! / scale);
  }
  const base64 = Buffer.from(bytes.buffer).toString('base64');
  const sha1 = createHash('sha1').update(file('tuning.jsonl')).digest('hex');
  const out = `// Written by \`npm run train:intent\` (scripts/train-intent.ts) from test/fixtures/intent/tuning.jsonl; do not edit.
// ${K} intents × ${B} hashed features, signed bytes (base64) with one scale per intent.
// DECIDER is the candidate that scored best on held-out.jsonl (${scored.map((c) => `${c.name} ${c.right}/${heldOut.length}`).join(', ')})
// among those not excluded (${Object.keys(EXCLUDED).join(', ') || 'none'}; see scripts/train-intent.ts).
import type { FeatureConfig } from './intent-features';

export const DECIDER: 'rules' | 'model' | 'model+rules' | 'rules→model' = ${JSON.stringify(decider.name)};
export const RULE_FEATURES: boolean = ${ruleFeatures};
/** The tuning split these weights were trained on: its line count and SHA-1 (a test checks they are current). */
export const TRAINED_ON = { lines: ${T}, sha1: '${sha1}' };
export const FEATURES: FeatureConfig = ${JSON.stringify(FEATURES)};
export const LABELS = ${JSON.stringify(LABELS)} as const;
export const SCALES = ${JSON.stringify(scales)};
export const BIASES = ${JSON.stringify([...model.b].map((x) => Number(x.toPrecision(6))))};
export const WEIGHTS = '${base64}';
`;
  writeFileSync(resolve(root, 'lib/drafts/intent-weights.ts'), out);
  console.log(`\nwrote lib/drafts/intent-weights.ts (${out.length} characters)`);
}
