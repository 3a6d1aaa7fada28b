import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** Run `npm run inspect -- followup` as a rep would (through tsx), feeding `input` on stdin. */
function inspect(input: string): Promise<{ lines: string[]; code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), resolve(root, 'scripts/inspect.ts'), 'followup'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ lines: stdout.split('\n').filter(Boolean), code, stderr }));
    child.stdin.end(input);
  });
}

describe('npm run inspect -- followup', () => {
  it('answers one JSON line per input line, in order, with the date and the reason', async () => {
    const cases = readFileSync(resolve(root, 'test/fixtures/followup/dev.jsonl'), 'utf8').split('\n').filter(Boolean);
    const input = cases.map((l) => {
      const { now, tz, text } = JSON.parse(l) as Record<string, string>;
      return JSON.stringify({ now, tz, text });
    });
    const { lines, code } = await inspect(input.join('\n') + '\n');
    expect(code).toBe(0);
    expect(lines).toHaveLength(cases.length);
    lines.forEach((line, i) => {
      const expected = (JSON.parse(cases[i]!) as { expected: string }).expected;
      const out = JSON.parse(line) as { date: string; reason: string };
      expect(Object.keys(out).sort()).toEqual(['date', 'reason']);
      expect(out.date).toBe(expected);
      expect(out.reason.length).toBeGreaterThan(0);
    });
  }, 60_000);

  it('answers a malformed line with an error and goes on', async () => {
    const input = [
      '{"now":"2026-11-25T10:00:00-05:00","tz":"America/New_York","text":"Out until Dec 3"}',
      'not json at all',
      '{"now":"yesterday-ish","tz":"Mars/Olympus","text":"hi"}',
      '{"now":"2026-11-25T10:00:00-05:00","tz":"America/New_York"}',
      '["an","array"]',
      '{"now":"2026-11-26T03:30:00Z","tz":"America/Los_Angeles","text":"Can we chat tomorrow?"}',
    ].join('\r\n');
    const { lines, code } = await inspect(input);
    expect(code).toBe(0);
    const out = lines.map((l) => JSON.parse(l) as Record<string, string>);
    expect(out).toHaveLength(6);
    expect(out[0]).toEqual({ date: '2026-12-03', reason: 'until Dec 3' });
    expect(out[1]!.error).toMatch(/not JSON/);
    expect(out[2]!.error).toMatch(/now: .*tz: not a time zone/);
    expect(out[3]!.error).toMatch(/text/);
    expect(out[4]!.error).toBeTruthy();
    expect(out[5]).toEqual({ date: '2026-11-26', reason: 'tomorrow' });
  }, 60_000);
});
