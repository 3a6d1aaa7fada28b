// Where one language's follow-up reading costs more than chrono's parse of the same texts: the `followup` suite's
// texts for the language, split by what chrono's own parser for the language reads in each (a date, or none) and
// by whether the reader finds a cue, each group read in the suite's paired passes after its warm-up of the
// languages read before it. With --each, every message is also timed alone, ten readings of it per pass beside
// chrono's parse: a lower bound, since a text read again reuses the answers the reader keeps per text (its
// parsers' gates). Not a budget (the `followup` suite is): a map of which messages the time above chrono goes to.
//   npx tsx --import ./scripts/lazy-modules-node.ts test/bench/followup-split.ts [lang] [rounds] [--each]
import * as chrono from 'chrono-node';
import { suggestFollowUp } from '../../lib/followup';
import { corpus, languageCases, LOCALES, median, pairedPass, pass, type Message } from './followup';

type Locale = keyof typeof LOCALES;
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const lang = (args[0] ?? 'pt') as Locale;
const ROUNDS = Number(args[1] ?? 61);
if (!(lang in LOCALES)) throw new Error(`No language "${lang}"; one of ${Object.keys(LOCALES).join(', ')}`);

const ours = (c: Message) => suggestFollowUp({ text: c.text, at: c.at, timeZone: c.tz });
const plainOf = (l: Locale) => (c: Message) => LOCALES[l].parse(c.text, new Date(c.at));
const plain = plainOf(lang);

// The suite's order and warm-up: the English corpus, then the languages before this one, each read as often as
// the suite reads it (ten paired passes, then the rounds).
const before: [Message[], (c: Message) => unknown][] = [[corpus().map((c) => ({ text: c.text, at: Date.parse(c.now), tz: c.tz })), (c) => chrono.parse(c.text, new Date(c.at))]];
for (const l of Object.keys(LOCALES) as Locale[]) {
  if (l === lang) break;
  before.push([languageCases(l), plainOf(l)]);
}
for (const [list, theirs] of before) {
  for (let i = 0; i < 10 + ROUNDS; i++) {
    pass(list, ours);
    pass(list, theirs);
  }
}

// Each round reads every group in turn, each in a pair of passes (the reader and chrono's parse, in alternating
// order, ABBA), as the suite reads the whole corpus: the groups share the round's conditions, so a busy stretch
// weighs on all of them alike. The whole corpus is read in the same rounds, as the suite reads it.
const cases = languageCases(lang);
const chronoReads = (c: Message) => plain(c).length > 0;
const cueFound = (c: Message) => ours(c).basis === 'cue';
const groups = (
  [
    ['all (as the suite reads them)', cases],
    [`chrono.${lang} reads a date`, cases.filter(chronoReads)],
    [`chrono.${lang} reads none, the reader finds a cue`, cases.filter((c) => !chronoReads(c) && cueFound(c))],
    ['neither reads a date', cases.filter((c) => !chronoReads(c) && !cueFound(c))],
  ] as [string, Message[]][]
).filter(([, list]) => list.length > 0);
for (let i = 0; i < 10; i++) {
  for (const [, list] of groups) {
    pass(list, ours);
    pass(list, plain);
  }
}
const figures = groups.map(() => ({ ours: [] as number[], plain: [] as number[], ratio: [] as number[], excess: [] as number[] }));
for (let i = 0; i < ROUNDS; i++) {
  const round = groups.map(([, list]) => {
    const { ours: x, plain: y } = pairedPass(i, list, ours, plain);
    return { x, y, n: list.length };
  });
  // The groups' own excess (reader − chrono, over their messages) in this round, as a share of their sum.
  let total = 0;
  for (let g = 1; g < round.length; g++) total += (round[g]!.x - round[g]!.y) * round[g]!.n;
  round.forEach(({ x, y, n }, g) => {
    const f = figures[g]!;
    f.ours.push(x);
    f.plain.push(y);
    f.ratio.push(x / y);
    f.excess.push(((x - y) * n) / total);
  });
}
console.log(`${lang}: µs per message, medians of ${ROUNDS} rounds of paired passes; "of the excess" = the group's share of the groups' (reader − chrono) in the same round`);
groups.forEach(([name, list], g) => {
  const f = figures[g]!;
  const share = g === 0 ? '' : `  of the excess ${(100 * median(f.excess)).toFixed(0).padStart(4)}%`;
  console.log(`${name.padEnd(48)} ${String(list.length).padStart(3)} msgs  reader ${median(f.ours).toFixed(1).padStart(6)}  chrono ${median(f.plain).toFixed(1).padStart(6)}  ${median(f.ratio).toFixed(2)}×${share}`);
});

if (process.argv.includes('--each')) {
  console.log('\neach message alone (ten readings per pass): reader, chrono, ratio, cues, text');
  for (const c of cases) {
    const ten = Array.from({ length: 10 }, () => c);
    const m = (() => {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < 10; i++) {
        pass(ten, ours);
        pass(ten, plain);
      }
      for (let i = 0; i < 21; i++) {
        a.push(pass(ten, ours));
        b.push(pass(ten, plain));
      }
      return { ours: median(a), plain: median(b) };
    })();
    const cues = ours(c).cues.map((q) => q.phrase).join(' | ');
    console.log(`${m.ours.toFixed(1).padStart(6)} ${m.plain.toFixed(1).padStart(6)} ${(m.ours / m.plain).toFixed(2)}  ${cues.padEnd(28).slice(0, 28)}  ${c.text.replace(/\s+/g, ' ').slice(0, 60)}`);
  }
}
