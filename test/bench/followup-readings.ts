// Every follow-up reading of a checkout over a fixed corpus, one line each, to show a speed change reads
// nothing differently: run it on main and on the branch, then compare the two files byte for byte (`cmp`).
// The corpus is this checkout's: every string in test/fixtures/{followup,intent,inbound} (JSON and JSONL) and
// every string literal in the unit tests about dates, languages, out-of-office and reminders; each is read at
// 9 moments in 5 time zones. Not a test (it has no expected answers): a diff of two readers.
//   npx tsx --import ./scripts/lazy-modules-node.ts test/bench/followup-readings.ts /work/main /tmp/main.txt
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [checkout, out] = process.argv.slice(2);
if (!checkout || !out) throw new Error('usage: followup-readings.ts <checkout whose lib/followup reads> <output file>');
const root = resolve(import.meta.dirname, '../..');

const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const texts = new Set<string>();
const collect = (v: unknown): void => {
  if (typeof v === 'string') {
    if (v.length >= 2) texts.add(v);
  } else if (Array.isArray(v)) v.forEach(collect);
  else if (v && typeof v === 'object') Object.values(v).forEach(collect);
};
for (const dir of ['test/fixtures/followup', 'test/fixtures/intent', 'test/fixtures/inbound']) {
  for (const file of walk(join(root, dir))) {
    if (file.endsWith('.jsonl')) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) collect(JSON.parse(line));
    }
    else if (file.endsWith('.json')) collect(JSON.parse(readFileSync(file, 'utf8')));
  }
}
// String literals of the unit tests: quoted, or template literals without a placeholder.
const units = walk(join(root, 'test/unit')).filter((f) => /\.tsx?$/.test(f) && /followup|inbound|ooo|language|date|remind|locale/i.test(f));
const LITERAL = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`/g;
for (const file of units) {
  for (const m of readFileSync(file, 'utf8').matchAll(LITERAL)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? '';
    let s = raw;
    try {
      s = m[3] !== undefined ? raw.replace(/\\(.)/g, '$1') : (JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/"/g, '\\"').replace(/\\\\"/g, '\\"')}"`) as string);
    } catch {
      // an escape JSON does not know: kept as written
    }
    if (s.length >= 2) texts.add(s);
  }
}

const { suggestFollowUp } = (await import(join(resolve(checkout), 'lib/followup/index.ts'))) as typeof import('../../lib/followup');
const moments = ['2026-01-05T09:00:00Z', '2026-02-17T10:00:00Z', '2026-03-31T23:30:00Z', '2026-06-30T12:00:00Z', '2026-09-14T08:00:00Z', '2026-11-27T16:00:00Z', '2026-12-24T18:00:00Z', '2026-12-31T23:59:00Z', '2027-02-28T05:00:00Z'].map(Date.parse);
const zones = ['Europe/Lisbon', 'America/Sao_Paulo', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Tokyo'];
const lines: string[] = [];
const hash = createHash('sha256');
const list = [...texts].sort();
for (const text of list) {
  for (const at of moments) {
    for (const timeZone of zones) {
      const line = `${JSON.stringify([text.slice(0, 60), at, timeZone])}\t${JSON.stringify(suggestFollowUp({ text, at, timeZone }))}`;
      lines.push(line);
      hash.update(`${line}\n`);
    }
  }
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${list.length} texts (${units.length} unit files), ${lines.length} readings, sha256 ${hash.digest('hex').slice(0, 16)}`);
