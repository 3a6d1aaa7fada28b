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
export const corpus = (): Case[] =>
  ['dev.jsonl', 'extra.jsonl', 'real.jsonl'].flatMap((f) =>
    readFileSync(resolve(fixtures, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Case),
  );

export type Message = { text: string; at: number; tz: string };

/** Microseconds per message over one pass of the whole corpus. */
export function pass(cases: Message[], work: (c: Message) => unknown): number {
  const start = performance.now();
  for (const c of cases) work(c);
  return ((performance.now() - start) * 1000) / cases.length;
}

export const median = (xs: readonly number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

// The six other languages: every case in test/fixtures/followup/languages, each beside chrono's own parser for
// its language on the same text.
export const LOCALES = { de: chrono.de, fr: chrono.fr, es: chrono.es, pt: chrono.pt, nl: chrono.nl, it: chrono.it } as const;
type Locale = keyof typeof LOCALES;
export const languageCases = (lang: Locale): Message[] =>
  ['dev.jsonl', 'held-out.jsonl'].flatMap((f) =>
    readFileSync(resolve(fixtures, 'languages', f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Case & { lang: string })
      .filter((c) => c.lang === lang)
      .map((c) => ({ text: c.text, at: Date.parse(c.now), tz: c.tz })),
  );

/**
 * One round's pair of passes, the two sides in alternating order from round to round (ABBA): each side's
 * microseconds per message.
 */
export function pairedPass(round: number, cases: Message[], ours: (c: Message) => unknown, plain: (c: Message) => unknown) {
  if (round % 2 === 0) {
    const x = pass(cases, ours);
    return { ours: x, plain: pass(cases, plain) };
  }
  const y = pass(cases, plain);
  return { ours: pass(cases, ours), plain: y };
}

/** Both sides warmed (JIT, compiled patterns), then their median per-message times and the median of their paired ratios. */
function paired(cases: Message[], ours: (c: Message) => unknown, plain: (c: Message) => unknown, rounds: number) {
  for (let i = 0; i < 10; i++) {
    pass(cases, ours);
    pass(cases, plain);
  }
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const { ours: x, plain: y } = pairedPass(i, cases, ours, plain);
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  return { ours: median(a), plain: median(b), ratio: median(ratios) };
}

// The machine running the bench is often busy with something else, and a busy stretch can land on either side.
// So both sides run in pairs of passes, one right after the other, in alternating order (ABBA), many times;
// each figure is the median of its passes and the budget is judged on the median of the pairs' ratios, where
// a busy stretch slows both halves of a pair alike. Every pass of either side parses every message.
const ROUNDS = 61;

export const followupSuite: BenchSuite = {
  name: 'followup',
  async run() {
    const cases = corpus().map((c) => ({ text: c.text, at: Date.parse(c.now), tz: c.tz }));
    const ours = (c: Message) => suggestFollowUp({ text: c.text, at: c.at, timeZone: c.tz });
    const plain = (c: Message) => chrono.parse(c.text, new Date(c.at));
    const all = paired(cases, ours, plain, ROUNDS);
    const languageRows = (Object.keys(LOCALES) as Locale[]).map((lang) => {
      const texts = languageCases(lang);
      const m = paired(texts, ours, (c) => LOCALES[lang].parse(c.text, new Date(c.at)), ROUNDS);
      return {
        name: `follow-up date per message, ${lang} (µs, ${texts.length} messages; ${m.ratio.toFixed(2)}× chrono.${lang}, median of ${ROUNDS} paired passes)`,
        value: Math.round(m.ours * 10) / 10,
        unit: 'µs',
        baseline: { name: `chrono-node ${lang} parse of the same text`, value: Math.round(m.plain * 10) / 10 },
        budget: { text: `≤ 1.5× chrono.${lang}`, met: m.ratio <= 1.5 },
      };
    });
    return [
      {
        name: `follow-up date per message (µs, ${cases.length} messages; ${all.ratio.toFixed(2)}× chrono, median of ${ROUNDS} paired passes)`,
        value: Math.round(all.ours),
        unit: 'µs',
        baseline: { name: 'chrono-node parse of the same text', value: Math.round(all.plain) },
        budget: { text: '≤ 1.5× chrono', met: all.ratio <= 1.5 },
      },
      ...languageRows,
    ];
  },
};
