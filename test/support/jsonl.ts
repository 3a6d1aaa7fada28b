import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The records of a JSON-lines fixture under test/fixtures (blank lines skipped), typed by the caller. */
export function readFixtureLines<T>(path: string): T[] {
  return readFileSync(resolve(import.meta.dirname, '../fixtures', path), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
