import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '@/scripts/inspect/sequence';

async function inspect(lines: string[]): Promise<{ out: unknown[]; code: number }> {
  const out: unknown[] = [];
  const code = await run([], { stdin: Readable.from([lines.join('\n') + '\n']), out: (line) => out.push(JSON.parse(line)) });
  return { out, code };
}

const base = {
  now: '2026-12-09T15:00:00Z',
  tz: 'America/New_York',
  rep: 'sam@seller.example',
  ownDomains: ['seller.example'],
  contact: 'jane@acme.example',
  enrolledAt: '2026-12-01T14:00:00Z',
  steps: [
    { kind: 'email', afterWorkingDays: 0 },
    { kind: 'email', afterWorkingDays: 3 },
    { kind: 'call', afterWorkingDays: 2 },
  ],
  stopOnCompany: false,
  mail: [{ at: '2026-12-01T15:00:00Z', from: 'sam@seller.example', to: ['jane@acme.example'], threadId: 't1', subject: 'Hello', text: 'Hi Jane', headers: {} }],
};

describe('npm run inspect -- sequence', () => {
  it('answers each line in order with state, reason, next and resumeOn; a bad line gets {"error"} and the next is read', async () => {
    const reply = { at: '2026-12-09T19:02:00Z', from: 'Jane <jane+work@acme.example>', to: ['sam@seller.example'], threadId: 't9', subject: 'Question', text: 'Can you send pricing?', headers: {} };
    const ooo = { at: '2026-12-01T15:01:00Z', from: 'jane@acme.example', to: ['sam@seller.example'], threadId: 't1', subject: 'Automatic reply: Hello', text: 'I am out of the office until December 14 with limited access to email.', headers: { 'Auto-Submitted': 'auto-replied' } };
    const { out, code } = await inspect([
      JSON.stringify(base),
      'not json',
      JSON.stringify({ ...base, now: '2026-12-09T20:00:00Z', mail: [...base.mail, reply] }),
      JSON.stringify({ ...base, tz: 'Mars/Base', steps: [] }),
      JSON.stringify({ ...base, contact: { email: 'jane@acme.example', country: 'GB', timeZone: 'Europe/London' }, mail: [...base.mail, ooo] }),
      JSON.stringify({ ...base, contact: { email: 'jane@acme.example', country: 'XX' } }),
    ]);
    expect(code).toBe(0);
    expect(out).toEqual([
      { state: 'active', reason: 'active: step 2 (email) due 2026-12-04, overdue since 2026-12-04', next: { step: 1, due: '2026-12-04' }, resumeOn: null },
      { error: expect.stringMatching(/^not JSON/) },
      { state: 'stopped', reason: 'stopped: reply from jane+work@acme.example on a new thread, 14:02', next: null, resumeOn: null },
      { error: 'tz: not a time zone name; steps: Too small: expected array to have >=1 items' },
      {
        state: 'paused',
        reason: 'paused: out-of-office from jane@acme.example, 2026-12-01 10:01, back 2026-12-14 (“until December 14”); step 2 (email) due 2026-12-14',
        next: { step: 1, due: '2026-12-14' },
        resumeOn: '2026-12-14',
      },
      { error: 'no holiday calendar for country "XX"' },
    ]);
  });

  it('reads task and call completions, working days and the vacation switch', async () => {
    const sent = [...base.mail, { ...base.mail[0]!, at: '2026-12-04T15:00:00Z' }];
    const { out } = await inspect([
      JSON.stringify({ ...base, now: '2026-12-10T15:00:00Z', mail: sent }),
      JSON.stringify({ ...base, now: '2026-12-10T15:00:00Z', mail: sent, completed: [{ step: 2, at: '2026-12-08T15:00:00Z' }] }),
      JSON.stringify({ ...base, now: '2026-12-02T15:00:00Z', vacationUntil: '2026-12-21' }),
    ]);
    expect(out).toEqual([
      { state: 'active', reason: 'active: step 3 (call) due 2026-12-08, overdue since 2026-12-08', next: { step: 2, due: '2026-12-08' }, resumeOn: null },
      { state: 'done', reason: 'done: all 3 steps done', next: null, resumeOn: null },
      { state: 'paused', reason: 'paused: you are on vacation until 2026-12-21; step 2 (email) due 2026-12-21', next: { step: 1, due: '2026-12-21' }, resumeOn: '2026-12-21' },
    ]);
  });
});
