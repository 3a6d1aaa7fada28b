import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../scripts/inspect/engine';

const inspect = async (lines: string[]) => {
  const out: string[] = [];
  await run([], { stdin: Readable.from(lines.map((l) => `${l}\n`)), out: (l) => out.push(l) });
  return out.map((l) => JSON.parse(l));
};

describe('npm run inspect -- engine', () => {
  it('validates and evaluates rules, gives policy verdicts, and keeps going after a bad line', async () => {
    const rule = { id: 'r', description: 'Log Acme mail', trigger: 'email.sent', conditions: [{ kind: 'recipient.domain', params: { in: ['acme.example'] } }], actions: [{ kind: 'activity.log' }] };
    const event = { type: 'email.sent', email: { messageId: 'msg-a:r1', threadId: 'thread-a:r1', from: { email: 'sam@x.example' }, to: [{ email: 'priya@acme.example' }], subject: 'Hi', bodyText: '', at: 1 } };
    expect(
      await inspect([
        JSON.stringify({ rule, event }),
        JSON.stringify({ rule: { ...rule, conditions: [{ kind: 'sender.domain', params: { in: ['not a domain'] } }] } }),
        '{oops',
        JSON.stringify({ address: 'dana@own.example', settings: { ownDomains: ['own.example'] } }),
        JSON.stringify({ address: 'buyer@prospect.example' }),
      ]),
    ).toEqual([
      { ok: true, description: 'Log Acme mail', needs: [], matches: true },
      { ok: false, issues: [{ path: 'conditions.0.params.in.0', message: 'not a domain name', words: { key: 'issue_not_domain' } }] },
      { error: expect.stringContaining('JSON') },
      { log: false, reason: 'own-domain' },
      { log: false, reason: 'not-a-contact' },
    ]);
  });
});
