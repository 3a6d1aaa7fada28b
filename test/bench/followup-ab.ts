// Two follow-up readers in one process, to tell a change of a few percent: this checkout's lib/followup beside
// the one at a git ref (main by default), each message read by both in turn, in the `followup` suite's order
// (the English corpus, then de, fr, es, pt, nl, it) and with its warm-up. For each corpus it prints the median
// of the paired passes' ratios (this checkout / the ref), and each reader against chrono's parse of the same
// text as the suite computes it. The suite's pt ratio moved between 1.72 and 1.92 in runs of the same code
// (2026-12-07, load 2-7); the ref against itself here read 0.99-1.01 at load 2-4 and 0.97-1.06 at load 6-9.
// Both readers share chrono-node, so each one's ratio to chrono reads lower here than in the suite.
// Not a budget (the `followup` suite is): a check that a speed change is one.
//   npx tsx --import ./scripts/lazy-modules-node.ts test/bench/followup-ab.ts [ref] [rounds]
// The ref's files are copied into this checkout for the run (.followup-ab/, removed after): a copy outside the
// package compiles as CommonJS and reads about 10% slower than the same code here, and another checkout's
// chrono-node is another module, which the `plain` parse beside them does not warm.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as chrono from 'chrono-node';
import { corpus, languageCases, LOCALES, median, pass, type Message } from './followup';

const ref = process.argv[2] ?? 'main';
const ROUNDS = Number(process.argv[3] ?? 121);
const root = resolve(import.meta.dirname, '../..');
const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
const copy = resolve(root, '.followup-ab', sha);
const files = execFileSync('git', ['ls-tree', '--name-only', `${sha}:lib/followup`], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
mkdirSync(resolve(copy, 'lib/followup'), { recursive: true });
for (const f of files) writeFileSync(resolve(copy, 'lib/followup', f), execFileSync('git', ['show', `${sha}:lib/followup/${f}`], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 }));
process.on('exit', () => rmSync(resolve(root, '.followup-ab'), { recursive: true, force: true }));

type Reader = typeof import('../../lib/followup/extract');
// extract.ts imports nothing outside lib/followup but chrono-node and @date-fns/tz (index.ts does).
const theirs = (await import(resolve(copy, 'lib/followup/extract.ts'))) as Reader;
const ours = await import('../../lib/followup/extract');

// The suite's corpora and chrono's parse beside each, as the suite reads them.
type Case = Message;
const corpora: [string, Case[], (c: Case) => unknown][] = [['en', corpus().map((c) => ({ text: c.text, at: Date.parse(c.now), tz: c.tz })), (c) => chrono.parse(c.text, new Date(c.at))]];
for (const [lang, locale] of Object.entries(LOCALES)) {
  corpora.push([lang, languageCases(lang as keyof typeof LOCALES), (c) => locale.parse(c.text, new Date(c.at))]);
}

console.log(`this checkout / ${ref} (${sha}), median of ${ROUNDS} paired passes; each beside chrono's parse of the same text`);
for (const [name, cases, plain] of corpora) {
  const a = (c: Case) => ours.suggestFollowUp({ text: c.text, at: c.at, timeZone: c.tz });
  const b = (c: Case) => theirs.suggestFollowUp({ text: c.text, at: c.at, timeZone: c.tz });
  for (let i = 0; i < 10; i++) {
    pass(cases, a);
    pass(cases, b);
    pass(cases, plain);
  }
  const ratio: number[] = [];
  const oursToPlain: number[] = [];
  const theirsToPlain: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // The three in a rotating order, so that neither reader always follows the other or chrono.
    const order = [a, b, plain];
    for (let k = 0; k < i % 3; k++) order.push(order.shift()!);
    if (i % 2) order.reverse();
    const t = new Map(order.map((w) => [w, pass(cases, w)]));
    ratio.push(t.get(a)! / t.get(b)!);
    oursToPlain.push(t.get(a)! / t.get(plain)!);
    theirsToPlain.push(t.get(b)! / t.get(plain)!);
  }
  console.log(`${name.padEnd(3)} ${median(ratio).toFixed(3)}   this checkout ${median(oursToPlain).toFixed(2)}× chrono, ${ref} ${median(theirsToPlain).toFixed(2)}× chrono (${cases.length} messages)`);
}
