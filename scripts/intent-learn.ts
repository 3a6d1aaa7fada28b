// The learner behind `npm run train:intent` (scripts/train-intent.ts): a linear model over sparse features,
// fitted in full batch by L-BFGS, so the same data always gives the same weights (no shuffling, no learning
// rate). Two losses: multinomial logistic regression (softmax cross-entropy) and a one-vs-rest linear SVM with
// the squared hinge (differentiable, so L-BFGS fits it too). Both with L2 on the weights (not the biases) and,
// optionally, each reply weighted so every intent weighs the same in total.

export type Sparse = [number, number][];
export type Loss = 'softmax' | 'hinge';

export interface LearnOptions {
  classes: number;
  dim: number;
  l2: number;
  loss: Loss;
  balanced: boolean;
  iterations?: number;
}

export interface Linear {
  w: Float64Array;
  b: Float64Array;
  dim: number;
}

export function scores(model: Linear, x: Sparse, out = new Float64Array(model.b.length)): Float64Array {
  const { w, b, dim } = model;
  for (let k = 0; k < b.length; k++) {
    let s = b[k]!;
    const base = k * dim;
    for (const [f, v] of x) s += w[base + f]! * v;
    out[k] = s;
  }
  return out;
}

export function argmax(s: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < s.length; k++) if (s[k]! > s[best]!) best = k;
  return best;
}

/** Fit a linear model to `xs` with labels `ys` (0 … classes-1). */
export function learn(xs: Sparse[], ys: number[], o: LearnOptions): Linear {
  const K = o.classes;
  const D = o.dim;
  const counts = new Array<number>(K).fill(0);
  for (const y of ys) counts[y]!++;
  const weightOf = counts.map((c) => (o.balanced && c ? xs.length / (K * c) : 1));
  const total = ys.reduce((s, y) => s + weightOf[y]!, 0);
  const n = K * D + K;
  const s = new Float64Array(K);

  // The objective and its gradient at x (weights then biases).
  const objective = (x: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < xs.length; i++) {
      const xi = xs[i]!;
      const y = ys[i]!;
      const cw = weightOf[y]! / total;
      for (let k = 0; k < K; k++) {
        let v = x[K * D + k]!;
        const base = k * D;
        for (const [j, val] of xi) v += x[base + j]! * val;
        s[k] = v;
      }
      if (o.loss === 'softmax') {
        let max = -Infinity;
        for (let k = 0; k < K; k++) max = Math.max(max, s[k]!);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += Math.exp(s[k]! - max);
        const logZ = max + Math.log(sum);
        f += cw * (logZ - s[y]!);
        for (let k = 0; k < K; k++) {
          const d = cw * (Math.exp(s[k]! - logZ) - (k === y ? 1 : 0));
          if (d === 0) continue;
          g[K * D + k]! += d;
          const base = k * D;
          for (const [j, val] of xi) g[base + j]! += d * val;
        }
      } else {
        for (let k = 0; k < K; k++) {
          const sign = k === y ? 1 : -1;
          const margin = 1 - sign * s[k]!;
          if (margin <= 0) continue;
          f += cw * margin * margin;
          const d = -2 * cw * sign * margin;
          g[K * D + k]! += d;
          const base = k * D;
          for (const [j, val] of xi) g[base + j]! += d * val;
        }
      }
    }
    for (let j = 0; j < K * D; j++) {
      const wj = x[j]!;
      if (wj === 0) continue;
      f += 0.5 * o.l2 * wj * wj;
      g[j]! += o.l2 * wj;
    }
    return f;
  };

  const x = lbfgs(objective, new Float64Array(n), o.iterations ?? 300);
  return { w: x.slice(0, K * D), b: x.slice(K * D), dim: D };
}

/** Limited-memory BFGS (10 pairs) with a backtracking Armijo line search. Deterministic. */
function lbfgs(fg: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, iterations: number): Float64Array {
  const M = 10;
  const n = x0.length;
  let x = x0;
  let g = new Float64Array(n);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
    return s;
  };
  const alpha = new Array<number>(M).fill(0);
  for (let it = 0; it < iterations; it++) {
    const gnorm = Math.sqrt(dot(g, g));
    if (gnorm < 1e-7) break;
    // Two-loop recursion: d = -H g.
    const d = Float64Array.from(g);
    for (let i = S.length - 1; i >= 0; i--) {
      alpha[i] = rho[i]! * dot(S[i]!, d);
      const yi = Y[i]!;
      for (let j = 0; j < n; j++) d[j]! -= alpha[i]! * yi[j]!;
    }
    if (S.length) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let j = 0; j < n; j++) d[j]! *= gamma;
    } else {
      for (let j = 0; j < n; j++) d[j]! /= gnorm;
    }
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i]! * dot(Y[i]!, d);
      const si = S[i]!;
      for (let j = 0; j < n; j++) d[j]! += si[j]! * (alpha[i]! - beta);
    }
    for (let j = 0; j < n; j++) d[j] = -d[j]!;
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < n; j++) d[j] = -g[j]! / gnorm;
      slope = dot(g, d);
    }
    let step = 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < n; j++) xNew[j] = x[j]! + step * d[j]!;
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNew < f)) break;
    const sv = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      sv[j] = xNew[j]! - x[j]!;
      yv[j] = gNew[j]! - g[j]!;
    }
    const sy = dot(sv, yv);
    if (sy > 1e-12) {
      if (S.length === M) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(sv);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const converged = Math.abs(f - fNew) < 1e-9 * Math.max(1, Math.abs(f));
    x = xNew;
    g = gNew;
    f = fNew;
    if (converged) break;
  }
  return x;
}

/** A seeded random stream (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stratified folds with a fixed seed: each intent's replies shuffled, then dealt round-robin; fold index per reply. */
export function stratifiedFolds(ys: number[], folds: number, seed: number): number[] {
  const rand = random(seed);
  const fold = new Array<number>(ys.length).fill(0);
  const classes = [...new Set(ys)].sort((a, b) => a - b);
  let next = 0;
  for (const c of classes) {
    const members = ys.map((y, i) => [y, i] as const).filter(([y]) => y === c).map(([, i]) => i);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    // Carry the dealing on across intents, so small intents do not all start in fold 0.
    for (const i of members) fold[i] = next++ % folds;
  }
  return fold;
}
