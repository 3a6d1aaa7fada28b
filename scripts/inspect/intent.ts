import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { detectIntent, detectIntentByRules } from '../../lib/drafts/intent';
import { DECIDER } from '../../lib/drafts/intent-weights';
import type { InspectCommand } from './types';

// `npm run inspect -- intent`: one JSON object per line on stdin, {"text", "subject"?}; one line out per line in,
// in order: {"intent","reason","signals","decidedBy"}, or {"error"} for a line that is not such an object (blank
// lines too). Never stops early.
// Lines that also carry a label ("intent", and "lang" — English when absent) are scored: after the last line come
// four more, {"byReader"} (the rules alone beside what ships, DECIDER in lib/drafts/intent-weights.ts, both by
// language), then {"accuracy"}, {"byIntent"} and {"byLanguage"} of what ships, each as right/total.
// `npm run inspect -- intent --held-out` (or `--tuning`) reads test/fixtures/intent/<split>.jsonl instead of stdin.

type Tally = Record<string, { right: number; total: number }>;
const count = (t: Tally, key: string, right: boolean) => {
  const row = (t[key] ??= { right: 0, total: 0 });
  row.total++;
  if (right) row.right++;
};
const percent = (t: Tally) =>
  Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)).map(([k, { right, total }]) => [k, `${right}/${total} = ${((100 * right) / total).toFixed(1)}%`]));

export const run: InspectCommand = async (args, { stdin, out }) => {
  const split = args.includes('--held-out') ? 'held-out' : args.includes('--tuning') ? 'tuning' : undefined;
  const input = split ? createReadStream(resolve(import.meta.dirname, '../../test/fixtures/intent', `${split}.jsonl`)) : stdin;
  const lines = createInterface({ input, crlfDelay: Infinity });
  const all: Tally = {};
  const byIntent: Tally = {};
  const byLanguage: Tally = {};
  const rulesByLanguage: Tally = {};
  for await (const line of lines) {
    if (!line.trim()) {
      out(JSON.stringify({ error: 'empty line' }));
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      out(JSON.stringify({ error: `not JSON: ${error instanceof Error ? error.message : String(error)}` }));
      continue;
    }
    const v = value as { text?: unknown; subject?: unknown; intent?: unknown; lang?: unknown } | null;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.text !== 'string') {
      out(JSON.stringify({ error: 'expected an object with a "text" string' }));
      continue;
    }
    const result = detectIntent(v.text, typeof v.subject === 'string' ? v.subject : '');
    out(JSON.stringify({ intent: result.intent, reason: result.reason, signals: result.signals, decidedBy: result.decidedBy }));
    if (typeof v.intent === 'string') {
      const right = result.intent === v.intent;
      count(all, 'all', right);
      count(byIntent, v.intent, right);
      const lang = typeof v.lang === 'string' ? v.lang : 'en';
      count(byLanguage, lang, right);
      const rules = detectIntentByRules(v.text, typeof v.subject === 'string' ? v.subject : '').intent === v.intent;
      count(rulesByLanguage, 'all', rules);
      count(rulesByLanguage, lang, rules);
    }
  }
  if (all.all) {
    out(JSON.stringify({ byReader: { rules: percent(rulesByLanguage), [DECIDER]: percent({ ...all, ...byLanguage }) } }));
    out(JSON.stringify({ accuracy: percent(all).all }));
    out(JSON.stringify({ byIntent: percent(byIntent) }));
    out(JSON.stringify({ byLanguage: percent(byLanguage) }));
  }
  // Malformed lines are answered in-band; the command itself succeeded.
  return 0;
};
