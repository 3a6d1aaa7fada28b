// `npm run lint:cycles`: fails when any import circle exists between the project's own modules (type-only
// imports count: a circle of types is still two layers leaning on each other). The layers and why imports run
// one way are in CONTRIBUTING.md.
import { resolve } from 'node:path';
import madge from 'madge';

export const CHECKED = ['lib', 'entrypoints', 'components', 'scripts', 'test'];

/** Every import circle under `roots` (relative to `baseDir`), each as the list of files in it. */
export async function importCycles(roots: string[], baseDir: string, tsConfig?: string): Promise<string[][]> {
  // Roots are resolved against baseDir (madge would take them from the working directory); names come out relative to it.
  const graph = await madge(roots.map((r) => resolve(baseDir, r)), { baseDir, fileExtensions: ['ts', 'tsx'], tsConfig, excludeRegExp: [/node_modules/, /\.output\//, /\.wxt\//] });
  return graph.circular();
}

async function main() {
  const cycles = await importCycles(CHECKED, process.cwd(), 'tsconfig.json');
  if (cycles.length === 0) {
    console.log(`no import circles in ${CHECKED.join(', ')}`);
    return;
  }
  console.error(`${cycles.length} import circle(s): break each by moving the shared piece down a layer (CONTRIBUTING.md, "The layers")`);
  for (const cycle of cycles) console.error(`  ${[...cycle, cycle[0]].join(' → ')}`);
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) void main();
