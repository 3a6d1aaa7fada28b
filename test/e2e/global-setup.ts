import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_DIR, findChromium, NoChromiumError } from './browser';

// Before any browser test: say plainly what is missing (a browser, or the build) instead of a stack trace.
export default function setup() {
  try {
    findChromium();
  } catch (error) {
    if (!(error instanceof NoChromiumError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    console.error(`\nThe extension is not built (${EXTENSION_DIR} has no manifest.json). Run \`npm run build\` first.\n`);
    process.exit(1);
  }
}
