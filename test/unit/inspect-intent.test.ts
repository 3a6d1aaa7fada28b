import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DECIDER } from '@/lib/drafts/intent-weights';
import { run } from '../../scripts/inspect/intent';

const inspect = async (lines: string[], args: string[] = []) => {
  const out: string[] = [];
  await run(args, { stdin: Readable.from(lines.map((l) => `${l}\n`)), out: (l) => out.push(l) });
  return out.map((l) => JSON.parse(l) as Record<string, unknown>);
};

describe('npm run inspect -- intent', () => {
  it('answers each line, and scores labelled lines by intent and by language', async () => {
    const got = await inspect([
      JSON.stringify({ text: 'What would 20 seats cost?', intent: 'pricing' }),
      JSON.stringify({ text: 'Sounds great, thank you!', intent: 'meeting', lang: 'en' }),
      '{oops',
      JSON.stringify({ text: 'Ich bin vom 2. bis 13. März im Urlaub und habe keinen Zugriff auf meine E-Mails.', intent: 'out_of_office', lang: 'de' }),
    ]);
    expect(got[0]).toMatchObject({ intent: 'pricing', decidedBy: expect.stringMatching(/^(rules|model)$/) });
    expect(got[2]).toEqual({ error: expect.stringContaining('JSON') });
    const [accuracy, byIntent, byLanguage] = got.slice(-3);
    const right = got[3]!.intent === 'out_of_office' ? 2 : 1;
    expect(accuracy).toEqual({ accuracy: `${right}/3 = ${((100 * right) / 3).toFixed(1)}%` });
    expect(byIntent).toMatchObject({ byIntent: { pricing: '1/1 = 100.0%', meeting: '0/1 = 0.0%' } });
    expect(Object.keys((byLanguage as { byLanguage: object }).byLanguage)).toEqual(['de', 'en']);
    // The rules alone beside what ships, by language: "Sounds great, thank you!" is no meeting to the rules either.
    const byReader = got.at(-4) as { byReader: Record<string, Record<string, string>> };
    expect(byReader.byReader.rules).toMatchObject({ en: '1/2 = 50.0%' });
    expect(Object.keys(byReader.byReader)).toHaveLength(DECIDER === 'rules' ? 1 : 2);
  });

  it('prints no scores when no line is labelled', async () => {
    const got = await inspect([JSON.stringify({ text: 'Can we meet Tuesday?' })]);
    expect(got).toHaveLength(1);
  });

  it('reads the held-out split itself with --held-out', async () => {
    const got = await inspect([], ['--held-out']);
    expect(got.at(-3)).toEqual({ accuracy: expect.stringMatching(/^\d+\/\d+ = /) });
  });
});
