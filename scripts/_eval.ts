import { readFileSync } from 'node:fs';
import { suggestFollowUp } from '../lib/followup';
import { detectLanguage } from '../lib/followup/language';
const file = process.argv[2]!;
const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const per: Record<string, [number, number]> = {};
for (const c of rows) {
  const r = suggestFollowUp({ text: c.text, at: Date.parse(c.now), timeZone: c.tz });
  const ok = r.date === c.expected;
  const p = (per[c.lang] ??= [0, 0]); p[1]++; if (ok) p[0]++;
  if (!ok) console.log('MISS', c.lang, detectLanguage(c.text), c.rule, c.expected, r.date, c.text, JSON.stringify(r.cues.map((q) => [q.phrase, q.date, q.reading])));
}
console.log(JSON.stringify(per));
