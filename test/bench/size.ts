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
      {
        name: 'Chrome build, whole extension (KB, unpacked)',
        value: kb(treeSize(output)),
        unit: 'KB',
        baseline: { name: '@inboxsdk/core alone, unpacked', value: kb(statSync(require.resolve('@inboxsdk/core')).size) },
      },
    ];
  },
};
