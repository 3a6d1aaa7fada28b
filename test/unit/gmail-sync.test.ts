import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText, parseJsonBody, parseSyncRequest, parseSyncResponse } from '@/lib/gmail/sync';

const DIR = resolve(import.meta.dirname, '../fixtures/gmail/network');
const load = (name: string): unknown => parseJsonBody(readFileSync(resolve(DIR, name), 'utf8'));

// Every capture (Gmail 2022-09, InboxSDK test data): what each request is, by hand from the files.
const expected: Record<string, { kind: 'send' | 'draft'; messageId: string; threadId: string; to: string[]; subject: string; body: string }> = {
  cvOnDraftSave: { kind: 'draft', messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', to: [], subject: 'subject_111', body: 'a' },
  cvOnDraftUpdate: { kind: 'draft', messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', to: [], subject: 'subject_111', body: 'ab' },
  cvOnReplyDraftSave: { kind: 'draft', messageId: 'msg-a:r-8480821811518170896', threadId: 'thread-f:1746035685735370050', to: ['notifications@streak.com'], subject: 'Re: Your scheduled email did NOT send!', body: 'aostnuhaeu' },
  cvOnReplyDraftUpdate: { kind: 'draft', messageId: 'msg-a:r-8480821811518170896', threadId: 'thread-f:1746035685735370050', to: ['notifications@streak.com'], subject: 'Re: Your scheduled email did NOT send!', body: 'fish sticks' },
  cvOnReplySend_2: { kind: 'send', messageId: 'msg-a:r2026878197680476540', threadId: 'thread-f:1743802434391390786', to: ['test@streak.com'], subject: 'Re: hey2', body: 'hey hey' },
  cvOnReplySend: { kind: 'send', messageId: 'msg-a:r-414184523264894368', threadId: 'thread-a:r-474834441621213468', to: ['test@streak.com'], subject: 'Re: tracking test', body: 'foo2 (no tracking)' },
  cvOnSend: { kind: 'send', messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', to: ['test+1@gmail.com'], subject: 'subject_111', body: 'ab' },
};

describe('Gmail sync requests: every capture', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('_request.json'));

  it('covers every capture in the fixtures folder', () => {
    expect(files.map((f) => f.replace(/^\d{4}-\d{2}-\d{2}-|_request\.json$/g, '')).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const file of files) {
    const name = file.replace(/^\d{4}-\d{2}-\d{2}-|_request\.json$/g, '');
    it(`${name}: ${expected[name]?.kind}, ids, recipients, subject, body`, () => {
      const want = expected[name]!;
      const { messages, problems } = parseSyncRequest(load(file));
      expect(problems).toEqual([]);
      expect(messages).toHaveLength(1);
      const [m] = messages;
      expect(m).toMatchObject({ kind: want.kind, messageId: want.messageId, threadId: want.threadId, subject: want.subject, bodyText: want.body });
      expect(m!.to.map((a) => a.email)).toEqual(want.to);
      expect(m!.cc).toEqual([]);
      expect(m!.bcc).toEqual([]);
      expect(m!.from?.email).toMatch(/^test@(gmail|streak)\.com$/);
      expect(m!.at).toBeGreaterThan(1_662_000_000_000);
    });

    it(`${name}: Gmail's answer stores the same message`, () => {
      const want = expected[name]!;
      const { stored, problems } = parseSyncResponse(load(file.replace('_request', '_response')));
      expect(problems).toEqual([]);
      const mine = stored.find((s) => s.messageId === want.messageId);
      expect(mine?.threadId).toBe(want.threadId);
      expect(mine?.legacyMessageId).toMatch(/^[0-9a-f]{16}$/);
      expect(mine?.labels).toContain(want.kind === 'send' ? '^pfg' : '^r');
    });
  }

  it('a new message sent without an earlier draft save (op[2] carrying `^pfg`) is a send', () => {
    const body = load('2022-09-09-cvOnDraftSave_request.json') as unknown[];
    const copy = structuredClone(body) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const message = copy[1][0][0][1][1][2][0][4][0];
    message[10] = ['^all', '^pfg', '^f_bt'];
    message[2] = [[1, 'Priya.Raman@Acme-Robotics.example', 'Priya Raman']];
    const [m] = parseSyncRequest(copy).messages;
    expect(m).toMatchObject({ kind: 'send', messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }] });
  });

  it('reads the reply target of a reply', () => {
    const [m] = parseSyncRequest(load('2022-09-09-cvOnReplySend_request.json')).messages;
    expect(m!.replyTo).toBe('msg-a:r7744570131872413250');
  });
});

describe('bad input never throws and says what was wrong', () => {
  const send = readFileSync(resolve(DIR, '2022-09-09-cvOnSend_request.json'), 'utf8');

  it('truncated bodies: not JSON, reported by the caller; a cut array is a problem, not a crash', () => {
    for (let cut = 1; cut < send.length; cut += 97) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(send.slice(0, cut));
      } catch {
        continue; // the hook reports "not JSON" for these
      }
      expect(() => parseSyncRequest(parsed)).not.toThrow();
    }
    expect(() => parseJsonBody(send.slice(0, 200))).toThrow();
  });

  it('garbled and unknown shapes', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not a JSON array/],
      [{}, /not a JSON array/],
      ['[[1]]', /not a JSON array/],
      [[], /no item list/],
      [[null, [[[10, ['thread-a:r1', null]]]]], /no operation array/],
      [[null, [[[10, ['not-a-thread', [null, [[]]]]]]]], /no Gmail thread id/],
      [[null, [[[10, ['thread-a:r1', [null, [['msg-x:1']]]]]]]], /no Gmail message id/],
      [[null, [[[10, ['thread-a:r1', [null, null, [['', null, 1, 'thread-a:r1', 'oops']]]]]]]], /no message list/],
      [[null, [[42]]], /not \[type, \[threadId, op\]\]/],
    ];
    for (const [body, problem] of cases) {
      const out = parseSyncRequest(body);
      expect(out.messages).toEqual([]);
      expect(out.problems.join('\n')).toMatch(problem);
    }
    expect(parseSyncResponse({ nope: 1 }).problems).toEqual(['no thread list at [1][5][0]']);
  });

  it('a message with strange fields keeps what is valid and drops bad addresses', () => {
    const body = [null, [[[10, ['thread-a:r5', [null, [['msg-a:r6', [1, 'not an email'], [[1, 'ok@example.com', 'Ok'], [1, 42], 'x'], null, null, null, 'soon', 7, 'nope', null, ['^pfg']]]]]]]]];
    const { messages } = parseSyncRequest(body);
    expect(messages).toEqual([
      expect.objectContaining({ kind: 'send', messageId: 'msg-a:r6', from: undefined, to: [{ name: 'Ok', email: 'ok@example.com' }], subject: '', bodyText: '', at: undefined }),
    ]);
  });

  it('any JSON value: never throws (property-based)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        const out = parseSyncRequest(value);
        expect(Array.isArray(out.messages)).toBe(true);
        parseSyncResponse(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('random mutations of a real send: never throws, and any message read is well-formed', () => {
    const real = JSON.parse(send) as unknown;
    const paths: (number | string)[][] = [];
    const walk = (x: unknown, path: (number | string)[]) => {
      paths.push(path);
      if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...path, i]));
    };
    walk(real, []);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: paths.length - 1 }), fc.jsonValue({ maxDepth: 2 }), (i, replacement) => {
        const copy = structuredClone(real) as unknown[];
        const path = paths[i]!;
        let target: unknown = copy;
        for (const k of path.slice(0, -1)) target = (target as unknown[])[k as number];
        (target as unknown[])[path.at(-1) as number] = replacement;
        for (const m of parseSyncRequest(copy).messages) {
          expect(m.messageId).toMatch(/^msg-[af]:/);
          for (const a of [...m.to, ...m.cc, ...m.bcc]) expect(a.email).toMatch(/@/);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('htmlToText', () => {
  it('keeps lines, decodes entities, drops tags', () => {
    expect(htmlToText('<div dir="ltr">Hi&nbsp;Priya,<br>price: 29 &amp; up &#8364;<div>Sam</div></div>')).toBe('Hi Priya,\nprice: 29 & up €\nSam');
  });
});
