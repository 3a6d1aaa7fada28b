// Where follow-up date reading spends its time in one language: the `followup` suite's texts for the
// language, read in passes as the suite reads them, first timed beside chrono's own parse of the same texts
// (CPU time of this process, paired passes, so a busy machine slows both sides alike), then repeated under
// V8's sampling profiler. Prints the ratio and the heaviest functions, self and inclusive (a regular
// expression's time counts in the self time of the function running it), and the share of each stage of the
// reading, from the functions on each sample's stack. Not a budget (the `followup` suite is): a map of where to
// cut. PROFILE_OUT=<file> also writes the profile (its columns name the place in tsx's one-line files).
// With --bench-order, the languages the suite reads first (the English corpus, then those before this one) are
// read first here as the suite reads them, ten passes each beside chrono's: the functions they share with this
// language then see the same mix of shapes as in the suite (pt read alone gave a higher ratio than in the suite).
//   npx tsx --import ./scripts/lazy-modules-node.ts test/bench/profile-followup.ts es [passes] [--bench-order]
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import * as chrono from 'chrono-node';
import { suggestFollowUp } from '../../lib/followup';

const LOCALES = { de: chrono.de, fr: chrono.fr, es: chrono.es, pt: chrono.pt, nl: chrono.nl, it: chrono.it } as const;
type Locale = keyof typeof LOCALES;
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const benchOrder = process.argv.includes('--bench-order');
const lang = (args[0] ?? 'es') as Locale;
const PASSES = Number(args[1] ?? 3000);
if (!(lang in LOCALES)) throw new Error(`No language "${lang}"; one of ${Object.keys(LOCALES).join(', ')}`);

type Case = { text: string; at: number; tz: string };
const fixtures = resolve(import.meta.dirname, '../fixtures/followup');
const read = (files: string[], dir: string) =>
  files
    .flatMap((f) => readFileSync(resolve(dir, f), 'utf8').split('\n').filter((l) => l.trim()))
    .map((l) => JSON.parse(l) as { lang?: string; now: string; tz: string; text: string });
const toCase = (c: { now: string; tz: string; text: string }): Case => ({ text: c.text, at: Date.parse(c.now), tz: c.tz });
const languageCases = (l: Locale) => read(['dev.jsonl', 'held-out.jsonl'], resolve(fixtures, 'languages')).filter((c) => c.lang === l).map(toCase);
const cases = languageCases(lang);

const oursOn = (list: Case[]) => () => {
  for (const c of list) suggestFollowUp({ text: c.text, at: c.at, timeZone: c.tz });
};
const ours = oursOn(cases);
const plain = () => {
  for (const c of cases) LOCALES[lang].parse(c.text, new Date(c.at));
};

if (benchOrder) {
  const before: [Case[], (c: Case) => unknown][] = [[read(['dev.jsonl', 'extra.jsonl', 'real.jsonl'], fixtures).map(toCase), (c) => chrono.parse(c.text, new Date(c.at))]];
  for (const l of Object.keys(LOCALES) as Locale[]) {
    if (l === lang) break;
    before.push([languageCases(l), (c) => LOCALES[l].parse(c.text, new Date(c.at))]);
  }
  for (const [list, theirs] of before) {
    for (let i = 0; i < 10; i++) {
      oursOn(list)();
      for (const c of list) theirs(c);
    }
  }
}
/** CPU microseconds per message over `n` passes. */
const cpu = (pass: () => void, n: number) => {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) pass();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / n / cases.length;
};

for (let i = 0; i < 200; i++) {
  ours();
  plain();
}
const ratios: number[] = [];
for (let i = 0; i < 41; i++) {
  // Alternating which side goes first.
  const [a, b] = i % 2 ? [cpu(ours, 30), cpu(plain, 30)] : [cpu(plain, 30), cpu(ours, 30)].reverse();
  ratios.push(a! / b!);
}
ratios.sort((x, y) => x - y);
console.log(`${lang}: ${cases.length} messages, ours ${cpu(ours, 200).toFixed(1)} µs, chrono.${lang} ${cpu(plain, 200).toFixed(1)} µs, median CPU ratio ${ratios[20]!.toFixed(2)}×`);

interface Node {
  id: number;
  hitCount: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
for (let i = 0; i < PASSES; i++) ours();
const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: Node[] } };
if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
session.disconnect();

const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const name = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const n of profile.nodes) {
  if (!n.hitCount) continue;
  total += n.hitCount;
  self.set(name(n), (self.get(name(n)) ?? 0) + n.hitCount);
  const seen = new Set<string>();
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
    const k = name(byId.get(id)!);
    if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + n.hitCount);
    seen.add(k);
  }
}
const top = (m: Map<string, number>, count: number, keep: (k: string) => boolean = () => true) =>
  [...m].filter(([k]) => keep(k)).sort((x, y) => y[1] - x[1]).slice(0, count).map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k.slice(0, 150)}`).join('\n');
console.log(`self (tsx compiles each file to one line: the line numbers are not the source's)\n${top(self, 25)}`);
console.log(`inclusive\n${top(inclusive, 25, (k) => !k.startsWith('(root)') && !k.includes('profile-followup'))}`);

// Each sample's stage, from the functions on its stack (innermost first).
function stageOf(stack: Node['callFrame'][]): string {
  const names = stack.map((f) => f.functionName);
  if (names.includes('prepareText')) return 'text preparation (prepareText)';
  if (names.includes('detectLanguage')) return 'language detection';
  if (names.includes('parseGated')) {
    // Under tsx an arrow in an object literal has no name: our own refiners (dropUnlikely, dropNow) and the gates'
    // tests count in the parse's loop below.
    if (stack.some((f) => f.functionName === 'refine' || /\/refiners\//.test(f.url))) return 'parse: chrono\'s refiners';
    if (names.includes('executeParser')) {
      if (stack.some((f) => /chrono-node\/.*\/parsers\//.test(f.url))) return 'parse: chrono\'s parsers (their extract)';
      if (names[0] === 'executeParser') return 'parse: pattern scans (every active parser\'s pattern over the text)';
      return 'parse: our parsers (their extract) and results';
    }
    return 'parse: gates, our refiners and the loop over parsers and refiners';
  }
  if (names.includes('addMentions')) return 'mentions from chrono\'s results (addMentions)';
  if (names.includes('readCues')) return 'reading each date in its sentence, and readCues\' own set-up';
  if (names.includes('suggestFollowUp')) return 'suggestFollowUp around readCues';
  return 'outside the reading';
}
const stages = new Map<string, number>();
for (const n of profile.nodes) {
  if (!n.hitCount) continue;
  const stack: Node['callFrame'][] = [];
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!.callFrame);
  const stage = stageOf(stack);
  stages.set(stage, (stages.get(stage) ?? 0) + n.hitCount);
}
console.log(`stages\n${top(stages, stages.size)}`);
