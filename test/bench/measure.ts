import { performance } from 'node:perf_hooks';

// What the bench suites share: the median of samples, rounding for the table, and timing an async step.

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** The median wall time (ms) of `runs` calls of `fn(i)`, after `warmup` calls that are not counted. */
export async function medianTime(fn: (i: number) => Promise<unknown>, { warmup, runs }: { warmup: number; runs: number }): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return median(samples);
}
