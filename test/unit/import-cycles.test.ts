import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles } from '../../scripts/check-cycles';

// The check `npm test` runs (npm run lint:cycles) must be able to fail: a deliberate circle is found, a
// type-only one too, and the same files without it pass.
describe('import circle check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ft-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (files: Record<string, string>) => {
    rmSync(join(dir, 'lib'), { recursive: true, force: true });
    mkdirSync(join(dir, 'lib'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'lib', name), text);
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler' }, include: ['lib'] }));
  const cycles = () => importCycles(['lib'], dir, join(dir, 'tsconfig.json'));

  it('finds a circle, names its files, and finds a type-only one too', async () => {
    write({ 'a.ts': "import { b } from './b';\nexport const a = () => b;\n", 'b.ts': "import { a } from './a';\nexport const b = () => a;\n" });
    expect(await cycles()).toEqual([['lib/a.ts', 'lib/b.ts']]);
    write({ 'a.ts': "import type { B } from './b';\nexport type A = { b?: B };\n", 'b.ts': "import type { A } from './a';\nexport type B = { a?: A };\n" });
    expect(await cycles()).toHaveLength(1);
  });

  it('passes once the shared piece moves down a layer', async () => {
    write({ 'shared.ts': 'export const s = 1;\n', 'a.ts': "import { s } from './shared';\nexport const a = s;\n", 'b.ts': "import { s } from './shared';\nexport const b = s;\n" });
    expect(await cycles()).toEqual([]);
  });
});
