// `npm run bench`: every budget as a figure beside its baseline, both measured in this run.
// `npm run bench -- --json` prints the rows as JSON; `--only NAME` runs one suite; `--no-build` skips the build.
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { suites } from '../test/bench/index';
import type { BenchRow } from '../test/bench/types';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, only: { type: 'string' }, 'no-build': { type: 'boolean', default: false } },
});

function table(rows: (BenchRow & { suite: string })[]): string {
  const cells = rows.map((r) => [
    r.suite,
    r.name,
    `${r.value} ${r.unit}`,
    `${r.baseline.value} ${r.unit}`,
    r.baseline.name,
    r.budget ? `${r.budget.text} ${r.budget.met ? 'met' : 'MISSED'}` : '',
  ]);
  const head = ['suite', 'figure', 'Followthrough', 'baseline', 'baseline is', 'budget'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

async function main() {
  if (!values['no-build']) execSync('npx wxt build', { stdio: values.json ? 'ignore' : 'inherit' });
  const chosen = suites.filter((s) => !values.only || s.name === values.only);
  if (chosen.length === 0) throw new Error(`No suite is named "${values.only}"; the suites: ${suites.map((s) => `"${s.name}"`).join(', ')}`);
  const rows: (BenchRow & { suite: string })[] = [];
  // A suite that fails, or measures nothing, is an error: said, and the run fails, never a silent gap in the
  // table. The other suites still run, so one failure does not hide every figure.
  const failed: string[] = [];
  for (const suite of chosen) {
    try {
      const got = await suite.run();
      if (got.length === 0) throw new Error('the suite measured nothing (no rows)');
      for (const row of got) rows.push({ suite: suite.name, ...row });
    } catch (error) {
      failed.push(`${suite.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      console.error(`bench suite "${suite.name}" failed: ${String(error)}`);
    }
  }
  console.log(values.json ? JSON.stringify(rows, null, 2) : table(rows));
  if (failed.length > 0) {
    console.error(`\n${failed.length} suite(s) failed:\n${failed.join('\n')}`);
    process.exitCode = 1;
  }
  if (rows.some((r) => r.budget && !r.budget.met)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
