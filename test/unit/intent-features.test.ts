import { describe, expect, it } from 'vitest';
import { featurize, fold, vectorOf, type FeatureConfig } from '@/lib/drafts/intent-features';
import { conceptOf } from '@/lib/drafts/intent-lexicon';
import { argmax, learn, scores, stratifiedFolds } from '../../scripts/intent-learn';

// The intent model's features (lib/drafts/intent-features.ts, lib/drafts/intent-lexicon.ts) and its learner
// (scripts/intent-learn.ts), each on small cases whose answer is known.

const ALL: FeatureConfig = { buckets: 8192, gramMin: 2, gramMax: 5, gramWeight: 0.2, concepts: true, negation: true, pairs: true, marks: true, scrub: true };
const buckets = (text: string, config = ALL) => {
  const f = featurize(text, config);
  return new Set([...f.tokens.flatMap((t) => [...t.buckets, ...t.grams]), ...f.rest]);
};

describe('intent features', () => {
  it('folds case, accents and digits', () => {
    expect(fold('Reunión')).toBe('reunion');
    expect(fold('Einschließlich')).toBe('einschließlich');
    expect(fold('Ça')).toBe('ca');
    expect(fold('2026')).toBe('0000');
  });

  it('maps the same word in the seven languages to one concept, and so to one shared feature', () => {
    for (const w of ['meeting', 'reunión', 'reunião', 'riunione', 'vergadering', 'Termin', 'réunion']) expect(conceptOf(fold(w)), w).toBe('MEETING');
    for (const w of ['price', 'precio', 'preço', 'prezzo', 'prijs', 'Preis', 'prix']) expect(conceptOf(fold(w)), w).toBe('PRICE');
    // A stem covers inflections: "interessato", "interessiert", "interesados".
    for (const w of ['interested', 'interesados', 'interessato', 'interessiert', 'geïnteresseerd', 'intéressé']) expect(conceptOf(fold(w)), w).toBe('INTEREST');
    expect(conceptOf('table')).toBeUndefined();
    const shared = [...buckets('reunión')].filter((b) => buckets('Termin').has(b) && buckets('meeting').has(b));
    expect(shared.length).toBeGreaterThan(0);
    const off = { ...ALL, concepts: false, gramMin: 0, gramMax: 0, marks: false };
    expect([...buckets('reunión', off)].filter((b) => buckets('Termin', off).has(b))).toEqual([]);
  });

  it('marks the words a negation governs, up to the end of the clause', () => {
    const negated = (text: string) => featurize(text, ALL).tokens.map((t) => t.buckets.length);
    const plain = featurize('interested', ALL).tokens[0]!.buckets.length;
    // "not interested": the second word carries one more feature (its negated form).
    expect(negated('not interested')[1]).toBe(plain + 1);
    expect(negated('nicht interessiert')[1]).toBe(featurize('interessiert', ALL).tokens[0]!.buckets.length + 1);
    // A comma ends the scope: "No, interested" is not a negated "interested".
    expect(negated('No, interested')[1]).toBe(plain);
    const off = { ...ALL, negation: false };
    expect(featurize('not interested', off).tokens[1]!.buckets.length).toBe(plain);
  });

  it('reads links, addresses and mentions as placeholders, keeping where each word is in the text', () => {
    const f = featurize('Ask @sam or mail jo@acme.example, see https://acme.example/x?y=1 Termin', ALL);
    expect(f.tokens.map((t) => t.word)).toEqual(['ask', '\u0001mention', 'or', 'mail', '\u0001mail', 'see', '\u0001url', 'termin']);
    const t = f.tokens.at(-1)!;
    expect('Ask @sam or mail jo@acme.example, see https://acme.example/x?y=1 Termin'.slice(t.index, t.index + t.length)).toBe('Termin');
  });

  it('gives a unit vector, the same for the same text, with the rules’ hits outside the norm', () => {
    const v = vectorOf('Can we meet on Thursday?', ALL);
    expect(Math.hypot(...v.map(([, x]) => x))).toBeCloseTo(1, 10);
    expect(vectorOf('Can we meet on Thursday?', ALL)).toEqual(v);
    const r = vectorOf('Can we meet on Thursday?', ALL, { scores: { meeting: 3 }, intent: 'meeting' });
    expect(r.slice(0, v.length)).toEqual(v);
    expect(r.slice(v.length).map(([, x]) => x)).toEqual([1, 1]);
  });
});

describe('intent learner', () => {
  it('deals stratified folds: each intent spread evenly, the same for the same seed', () => {
    const ys = [...new Array(20).fill(0), ...new Array(7).fill(1), ...new Array(3).fill(2)];
    const folds = stratifiedFolds(ys, 5, 2026);
    expect(stratifiedFolds(ys, 5, 2026)).toEqual(folds);
    for (const c of [0, 1, 2]) {
      const per = [0, 1, 2, 3, 4].map((f) => ys.filter((y, i) => y === c && folds[i] === f).length);
      expect(Math.max(...per) - Math.min(...per), `intent ${c}`).toBeLessThanOrEqual(1);
    }
    expect(stratifiedFolds(ys, 5, 7)).not.toEqual(folds);
  });

  it('fits a separable problem with either loss, deterministically', () => {
    // Feature 0 means class 0, feature 1 class 1, feature 2 class 2; feature 3 is noise on all.
    const xs: [number, number][][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 30; i++) {
      xs.push([[i % 3, 1], [3, 0.5]]);
      ys.push(i % 3);
    }
    for (const loss of ['softmax', 'hinge'] as const) {
      const m = learn(xs, ys, { classes: 3, dim: 4, l2: 1e-3, loss, balanced: true });
      expect(xs.map((x) => argmax(scores(m, x)))).toEqual(ys);
      expect(learn(xs, ys, { classes: 3, dim: 4, l2: 1e-3, loss, balanced: true }).w).toEqual(m.w);
    }
  });

  it('shrinks weights as L2 grows', () => {
    const xs: [number, number][][] = [[[0, 1]], [[1, 1]]];
    const size = (l2: number) => Math.hypot(...learn(xs, [0, 1], { classes: 2, dim: 2, l2, loss: 'softmax', balanced: false }).w);
    expect(size(1e-1)).toBeLessThan(size(1e-3));
  });
});
