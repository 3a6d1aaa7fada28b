import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { installSyncHook, readSyncCall, readSyncNotice, type SyncNotice } from '@/lib/gmail/network-hook';

const NET = resolve(import.meta.dirname, '../fixtures/gmail/network');
const capture = (name: string) => readFileSync(resolve(NET, `${name}.json`), 'utf8');
const SEND = capture('2022-09-09-cvOnSend_request');
const DRAFT = capture('2022-09-09-cvOnDraftSave_request');

/** A page window with just what the hook touches: fetch, XHR and location. Gmail answers with `answer`. */
function fakePage(status = 200, answer = '') {
  const calls: unknown[][] = [];
  class FakeXHR {
    status = 0;
    responseType = '';
    responseText = answer;
    private listeners: (() => void)[] = [];
    open(...args: unknown[]) {
      calls.push(['open', ...args]);
    }
    send(body?: unknown) {
      calls.push(['send', body]);
      this.status = status;
      queueMicrotask(() => this.listeners.forEach((l) => l()));
    }
    addEventListener(_type: string, l: () => void) {
      this.listeners.push(l);
    }
  }
  const response = { ok: status >= 200 && status < 300, status, clone: () => ({ text: async () => answer }) };
  const win = {
    location: { href: 'https://mail.google.com/mail/u/0/#inbox' },
    XMLHttpRequest: FakeXHR,
    fetch: vi.fn(async () => response),
  };
  return { win: win as unknown as Window & typeof globalThis, calls, response };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const withoutAt = (n: SyncNotice) => ({ ...n, at: 0 });

describe('the MAIN-world sync hook', () => {
  it('reports a send seen through fetch, after Gmail accepted it, and returns Gmail’s own response', async () => {
    const { win, response } = fakePage();
    const notices: SyncNotice[] = [];
    expect(installSyncHook(win, (n) => notices.push(n))).toBe(true);
    expect(installSyncHook(win, (n) => notices.push(n))).toBe(false); // once only
    const got = await win.fetch('/sync/u/0/i/s?hl=en&c=3', { method: 'POST', body: SEND });
    expect(got).toBe(response);
    await flush();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.messages.map((m) => [m.kind, m.messageId, m.threadId])).toEqual([['send', 'msg-a:r8190137112111191537', 'thread-a:r263523620390330024']]);
  });

  it('for a send, reads Gmail’s answer for the stored hex id of the message (real capture pair), through XHR and fetch', async () => {
    const ANSWER = readFileSync(resolve(import.meta.dirname, '../fixtures/gmail/network/2022-09-09-cvOnSend_response.json'), 'utf8');
    for (const via of ['xhr', 'fetch'] as const) {
      const { win } = fakePage(200, ANSWER);
      const notices: SyncNotice[] = [];
      installSyncHook(win, (n) => notices.push(n));
      if (via === 'xhr') {
        const xhr = new win.XMLHttpRequest();
        xhr.open('POST', '/sync/u/0/i/s?c=1');
        xhr.send(SEND);
      } else await win.fetch('/sync/u/0/i/s?c=1', { method: 'POST', body: SEND });
      await flush();
      expect(notices[0]!.stored, via).toEqual([
        { messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', legacyMessageId: '183234eaadcf41e5', labels: expect.arrayContaining(['^f', '^pfg']) },
      ]);
      expect(readSyncNotice(JSON.stringify(notices[0]))).not.toBeNull();
    }
    // A draft save's answer is not read.
    const draft = fakePage(200, ANSWER);
    const saved: SyncNotice[] = [];
    installSyncHook(draft.win, (n) => saved.push(n));
    await draft.win.fetch('/sync/u/0/i/s', { method: 'POST', body: DRAFT });
    await flush();
    expect(saved[0]!.stored).toBeUndefined();
  });

  it('reports draft saves through XHR, and nothing for other URLs or failed requests', async () => {
    const ok = fakePage();
    const notices: SyncNotice[] = [];
    installSyncHook(ok.win, (n) => notices.push(n));
    const xhr = new ok.win.XMLHttpRequest();
    xhr.open('POST', 'https://mail.google.com/sync/u/1/i/s?c=9');
    xhr.send(DRAFT);
    const other = new ok.win.XMLHttpRequest();
    other.open('POST', '/sync/u/0/i/bv'); // thread lists: not read
    other.send(SEND);
    await ok.win.fetch('https://evil.example/sync/u/0/i/s', { method: 'POST', body: SEND });
    await ok.win.fetch('/sync/u/0/i/s', { body: SEND }); // GET: not a save
    await flush();
    expect(notices.map((n) => n.messages.map((m) => m.kind))).toEqual([['draft']]);

    const failed = fakePage(500);
    const none: SyncNotice[] = [];
    installSyncHook(failed.win, (n) => none.push(n));
    await failed.win.fetch('/sync/u/0/i/s', { method: 'POST', body: SEND });
    await flush();
    expect(none).toEqual([]);
  });

  it('garbled bodies become problems, never exceptions in the page', async () => {
    const { win } = fakePage();
    const notices: SyncNotice[] = [];
    installSyncHook(win, (n) => notices.push(n));
    await win.fetch('/sync/u/0/i/s', { method: 'POST', body: SEND.slice(0, 300) });
    await win.fetch('/sync/u/0/i/s', { method: 'POST', body: new Blob(['x']) });
    await win.fetch('/sync/u/0/i/s', { method: 'POST', body: '[1,[[[10,["thread-a:r1",7]]]]]' });
    await flush();
    expect(notices.map((n) => n.problems)).toEqual([
      ['sync save (/i/s) request body is not JSON'],
      ['sync save (/i/s) request body is object, not JSON text'],
      ['sync save (/i/s) request: item 0: no operation array'],
    ]);
    // An emitter that throws stays inside the hook.
    const throwing = fakePage();
    installSyncHook(throwing.win, () => {
      throw new Error('boom');
    });
    await expect(throwing.win.fetch('/sync/u/0/i/s', { method: 'POST', body: SEND })).resolves.toBeDefined();
    await flush();
  });
});

describe('Gmail’s answers, read by the hook', () => {
  it('a send through XHR at /sync/i/s (no /u/N): the request’s send, the answer’s own message, both layouts named', async () => {
    const { win } = fakePage(200, capture('2022-09-09-cvOnSend_response'));
    const notices: SyncNotice[] = [];
    installSyncHook(win, (n) => notices.push(n));
    const xhr = new win.XMLHttpRequest();
    xhr.open('POST', '/sync/i/s?hl=en&c=10');
    xhr.send(SEND);
    await flush();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      layouts: { request: 'array-2022-09', response: 'array-2022-09/update' },
      messages: [{ kind: 'send', messageId: 'msg-a:r8190137112111191537' }],
      own: [{ messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', legacyMessageId: '183234eaadcf41e5', legacyThreadId: '183234ce86ffa010', at: 1662744701149 }],
      problems: [],
    });
    expect(readSyncNotice(JSON.stringify(notices[0]))).toEqual(JSON.parse(JSON.stringify(notices[0])));
  });

  it('every real save pair: no problem, and every sent or saved message held', () => {
    const pairs = readdirSync(NET).filter((f) => f.endsWith('_request.json')).map((f) => f.replace(/_request\.json$/, '')).filter((n) => existsSync(resolve(NET, `${n}_response.json`)));
    expect(pairs).toHaveLength(25);
    for (const name of pairs) {
      const notice = readSyncCall('save', capture(`${name}_request`), capture(`${name}_response`), 200, 1)!;
      // One scrubbed capture (SOURCES.md) has sent messages without a readable sender: named, not hidden.
      const expected = name === '2022-09-09-cvOnReplySend_2' ? [expect.stringMatching(/no sender/), expect.stringMatching(/no sender/)] : [];
      expect(notice.problems, name).toEqual(expected);
      expect(notice.layouts!.request, name).toMatch(/^(array-2022-09|object-2018-01)$/);
      expect(notice.layouts!.response, name).toMatch(/^(array-2022-09|object-2018-01)\/update$/);
    }
  });

  it('a thread fetch (/i/fd, any method) yields the rep’s own sent messages, dated by the message', async () => {
    const { win } = fakePage(200, capture('2021-10-01-gmailjs-threadFetch_response'));
    const notices: SyncNotice[] = [];
    installSyncHook(win, (n) => notices.push(n));
    await win.fetch('/sync/u/0/i/fd?rt=r&pt=ji', { method: 'POST', body: '[[]]' });
    await flush();
    await flush();
    expect(notices.map(withoutAt)).toEqual([
      {
        v: 1,
        status: 200,
        at: 0,
        layouts: { request: null, response: 'object-2018-01/thread' },
        messages: [],
        own: [
          {
            messageId: 'msg-a:r-4871072856822866136',
            threadId: 'thread-a:r-4872725344334517560',
            legacyMessageId: '17c3d9364dec527d',
            legacyThreadId: '17c3d9041ec7d0a5',
            rfcMessageId: '<CAMiVxa2V12sQtPvzoDe-HssF4-HXf3uouNCM2RBntb54nX4uag@mail.gmail.com>',
            from: { name: 'First Last', email: 'user@gmail.com' },
            to: [{ name: 'First Last', email: 'user@gmail.com' }],
            cc: [],
            bcc: [],
            subject: 'test subject',
            at: 1633120642270,
            labels: expect.arrayContaining(['^f']),
            layout: 'object-2018-01/thread',
          },
        ],
        problems: [],
      },
    ]);
  });

  it('answers it cannot read: named for the health record when they should hold something, silent otherwise', () => {
    const send = (answer: unknown) => readSyncCall('save', SEND, answer, 200, 1)?.problems;
    expect(send(capture('2022-09-09-cvOnSend_response').slice(0, 500))).toEqual(['sync save (/i/s) answer is not JSON']);
    expect(send('')).toEqual(['sync save (/i/s) answer is empty, not JSON text']);
    expect(send(undefined)).toEqual(['sync save (/i/s) answer is undefined, not JSON text']);
    expect(send('{"7":1}')).toEqual([expect.stringMatching(/^sync save \(\/i\/s\) answer: sync answer in no known layout \(array-2022-09\/update: /)]);
    expect(send(capture('2022-09-09-cvOnSend_3_response'))).toEqual(['sync save (/i/s) answer does not hold msg-a:r8190137112111191537']);
    expect(send('x'.repeat(4_000_001))).toEqual(['sync save (/i/s) answer of 4000 kB not read (limit 4000 kB)']);
    // A save with no message (a label change): its answer is read for own messages, never a problem.
    expect(readSyncCall('save', '[null,[[[10,["thread-a:r1",[null,null,null,null,null,null,[["^io_re"]]]]]]]]', '{"7":1}', 200, 1)).toBeUndefined();
    expect(readSyncCall('fetch', undefined, '[]', 200, 1)?.problems).toEqual([expect.stringMatching(/^sync thread fetch \(\/i\/fd\) answer: sync answer in no known layout/)]);
    expect(readSyncCall('save', '{"2":{"9":1}}', undefined, 200, 1)?.problems).toEqual([
      'sync save (/i/s) request: sync request in no known layout (array-2022-09: not a JSON array; object-2018-01: no item list at "2"."1")',
    ]);
  });

  it('a scheduled send is reported as scheduled, and its answer holds no own message yet', () => {
    const body = JSON.parse(SEND);
    body[1][0][0][1][1][13][0][10] = ['^all', '^scheduled', '^f_bt']; // the real capture, labels changed (no public capture of one)
    const answer = JSON.parse(capture('2022-09-09-cvOnSend_response'));
    answer[1][5][0][0][2][6][0][4][0][10] = ['^all', '^scheduled'];
    const notice = readSyncCall('save', JSON.stringify(body), JSON.stringify(answer), 200, 1)!;
    expect(notice.messages.map((m) => m.kind)).toEqual(['scheduled']);
    expect(notice.own).toEqual([]);
    expect(notice.problems).toEqual([]);
  });
});

describe('the isolated world’s check of a notice', () => {
  const good: SyncNotice = {
    v: 1,
    status: 200,
    at: 1,
    problems: [],
    layouts: { request: 'array-2022-09', response: 'array-2022-09/update' },
    messages: [{ kind: 'send', messageId: 'msg-a:r1', threadId: 'thread-a:r2', to: [{ name: '', email: 'a@b.example' }], cc: [], bcc: [], subject: 's', bodyText: 'b', labels: ['^pfg'] }],
    own: [
      {
        messageId: 'msg-a:r1',
        threadId: 'thread-a:r2',
        legacyMessageId: '183234eaadcf41e5',
        from: { name: 'Sam', email: 'sam@c.example' },
        to: [{ name: '', email: 'a@b.example' }],
        cc: [],
        bcc: [],
        subject: 's',
        at: 1_662_744_701_149,
        labels: ['^f'],
        layout: 'array-2022-09/update',
      },
    ],
  };

  it('accepts a scheduled send, and a notice without own messages or layouts', () => {
    const scheduled = { ...good, messages: [{ ...good.messages[0]!, kind: 'scheduled' as const, labels: ['^scheduled'] }] };
    expect(readSyncNotice(JSON.stringify(scheduled))).toEqual(scheduled);
    const { own: _own, layouts: _layouts, ...bare } = good;
    expect(readSyncNotice(JSON.stringify(bare))).toEqual(bare);
  });

  it('accepts a well-formed notice', () => {
    expect(readSyncNotice(JSON.stringify(good))).toEqual(good);
  });

  it.each([
    ['not a string', good],
    ['not JSON', '{'],
    ['wrong version', JSON.stringify({ ...good, v: 2 })],
    ['bad message id', JSON.stringify({ ...good, messages: [{ ...good.messages[0], messageId: 'x' }] })],
    ['bad kind', JSON.stringify({ ...good, messages: [{ ...good.messages[0], kind: 'nuke' }] })],
    ['addresses not a list', JSON.stringify({ ...good, messages: [{ ...good.messages[0], to: 'a@b.example' }] })],
    ['huge', 'x'.repeat(2_000_001)],
    ['own message without a date', JSON.stringify({ ...good, own: [{ ...good.own![0], at: undefined }] })],
    ['own message with a bad legacy id', JSON.stringify({ ...good, own: [{ ...good.own![0], legacyMessageId: 'xyz' }] })],
    ['own message without a sender', JSON.stringify({ ...good, own: [{ ...good.own![0], from: undefined }] })],
    ['own not a list', JSON.stringify({ ...good, own: 'x' })],
    ['layouts not an object', JSON.stringify({ ...good, layouts: 'array' })],
  ])('refuses %s', (_why, detail) => {
    expect(readSyncNotice(detail)).toBeNull();
  });
});
