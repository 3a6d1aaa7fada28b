import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLURAL_BASES } from '@/lib/plural-keys';

describe('plural message bases', () => {
  it('lists exactly the bases that public/_locales/en/messages.json says by count', () => {
    const keys = Object.keys(JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, unknown>);
    const bases = new Set(keys.filter((k) => k.endsWith('_other')).map((k) => k.slice(0, -'_other'.length)));
    expect([...PLURAL_BASES].sort()).toEqual([...bases].sort());
    for (const base of bases) expect(keys, base).toContain(`${base}_one`);
  });
});
