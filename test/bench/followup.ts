import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as chrono from 'chrono-node';
import { suggestFollowUp } from '../../lib/followup';
import type { BenchSuite } from './types';

// Follow-up date extraction per message beside a plain chrono-node parse of the same texts, both over every
// case in test/fixtures/followup (worked cases, out-of-office notices, real replies with quoted history).

interface Case {
  now: string;
  tz: string;
  text: string;
}

const fixtures = resolve(import.meta.dirname, '../fixtures/followup');
const corpus = (): Case[] =>
  ['dev.jsonl', 'extra.jsonl', 'real.jsonl'].flatMap((f) =>
    readFileSync(resolve(fixtures, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Case),
  );

/** Microseconds per message: the median of `rounds` passes over the corpus. */
function perMessage(cases: { text: string; at: number; tz: string }[], work: (c: { text: string; at: number; tz: string }) => unknown, rounds: number) {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const c of cases) work(c);
    times.push(((performance.now() - start) * 1000) / cases.length);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export const followupSuite: BenchSuite = {
  name: 'followup',
  async run() {
    const cases = corpus().map((c) => ({ text: c.text, at: Date.parse(c.now), tz: c.tz }));
    const ours = (c: (typeof cases)[number]) => suggestFollowUp({ text: c.text, at: c.at, timeZone: c.tz });
    const plain = (c: (typeof cases)[number]) => chrono.parse(c.text, new Date(c.at));
    // Warm both (JIT, chrono's cached patterns), then alternate rounds so neither gets the quieter machine.
    perMessage(cases, ours, 5);
    perMessage(cases, plain, 5);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 7; i++) {
      a.push(perMessage(cases, ours, 3));
      b.push(perMessage(cases, plain, 3));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const value = Math.round(median(a));
    const baseline = Math.round(median(b));
    return [
      {
        name: `follow-up date per message (µs, ${cases.length} messages)`,
        value,
        unit: 'µs',
        baseline: { name: 'chrono-node parse of the same text', value: baseline },
        budget: { text: '≤ 1.5× chrono', met: median(a) <= 1.5 * median(b) },
      },
    ];
  },
};
