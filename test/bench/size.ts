import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchSuite } from './types';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
const output = join(root, '.output/chrome-mv3');

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function treeSize(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return sum + (stat.isDirectory() ? treeSize(path) : stat.size);
  }, 0);
}

/**
 * Every script a built page loads: its entry and preloaded chunks from the HTML, then the chunks those import,
 * followed to the end.
 */
export function pageScripts(outputDir: string, html: string): string[] {
  const seen = new Set<string>();
  const queue = [...readFileSync(join(outputDir, html), 'utf8').matchAll(/(?:src|href)="\/(chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(join(outputDir, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)) queue.push(`chunks/${m[1]}`);
  }
  return [...seen];
}

/** The chart library is the Reports page's alone: its class names (`recharts-…`) survive minification. */
export const carriesCharts = (outputDir: string, html: string) => pageScripts(outputDir, html).filter((f) => readFileSync(join(outputDir, f), 'utf8').includes('recharts-'));

/** What the rep's browser loads into Gmail, beside what the well-known Gmail libraries ship. */
export const sizeSuite: BenchSuite = {
  name: 'size',
  async run() {
    const gmailScript = gz(join(output, 'content-scripts/gmail.js'));
    const mainWorld = readdirSync(join(output, 'content-scripts')).filter((f) => f.startsWith('gmail-') && f.endsWith('.js'));
    const mainWorldBytes = mainWorld.reduce((s, f) => s + gz(join(output, 'content-scripts', f)), 0);
    const inboxSdk = gz(require.resolve('@inboxsdk/core'));
    const gmailJs = gz(require.resolve('gmail-js')) + gz(require.resolve('jquery'));
    const total = gmailScript + mainWorldBytes;
    return [
      {
        name: 'Gmail content scripts, gzipped (KB)',
        value: kb(total),
        unit: 'KB',
        baseline: { name: '@inboxsdk/core', value: kb(inboxSdk) },
        budget: { text: '≤ 25 KB', met: total <= 25 * 1024 },
      },
      {
        name: 'Gmail content scripts, gzipped (KB)',
        value: kb(total),
        unit: 'KB',
        baseline: { name: 'gmail.js + jQuery', value: kb(gmailJs) },
        budget: { text: '≤ 25 KB', met: total <= 25 * 1024 },
      },
      ...(['sidepanel.html', 'popup.html'] as const).map((html) => {
        const charts = carriesCharts(output, html);
        const bytes = pageScripts(output, html).reduce((n, f) => n + gz(join(output, f)), 0);
        return {
          name: `${html.replace('.html', '')} scripts, gzipped (KB), chart-free${charts.length ? ` — NOT: ${charts.join(', ')}` : ''}`,
          value: kb(bytes),
          unit: 'KB',
          baseline: { name: 'the Reports page, with its charts', value: kb(pageScripts(output, 'reports.html').reduce((n, f) => n + gz(join(output, f)), 0)) },
          budget: { text: 'no chart code', met: charts.length === 0 },
        };
      }),
      {
        name: 'Chrome build, whole extension (KB, unpacked)',
        value: kb(treeSize(output)),
        unit: 'KB',
        baseline: { name: '@inboxsdk/core alone, unpacked', value: kb(statSync(require.resolve('@inboxsdk/core')).size) },
      },
    ];
  },
};
