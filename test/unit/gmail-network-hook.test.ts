import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { installSyncHook, LAYOUT_CHECK_MS, type RawSyncCall } from '@/lib/gmail/network-hook';
import { readRawCall, readSyncCall, type SyncNotice } from '@/lib/gmail/sync-channel';
import { ownMessagesIn, parseJsonBody, parseSyncResponse } from '@/lib/gmail/sync-parsers';

const NET = resolve(import.meta.dirname, '../fixtures/gmail/network');
const capture = (name: string) => readFileSync(resolve(NET, `${name}.json`), 'utf8');
const SEND = capture('2022-09-09-cvOnSend_request');
const DRAFT = capture('2022-09-09-cvOnDraftSave_request');

const BASE = 'https://mail.google.com/mail/u/0/#inbox';
const ORIGIN = 'https://mail.google.com';

/**
 * A page window with just what the hook touches: fetch, XHR, Response, Request, EventTarget and Promise,
 * with the getters on their prototypes as in a browser (the hook reads them through getters captured at
 * install). The server answers with `answer` (or what it returns at the time); `finalUrl` overrides where a
 * request ends up.
 */
function fakePage(status = 200, answer: string | (() => string) = '', finalUrl?: (url: string) => string) {
  const calls: unknown[][] = [];
  const text = () => (typeof answer === 'function' ? answer() : answer);
  const where = (url: string) => finalUrl?.(new URL(url, BASE).href) ?? new URL(url, BASE).href;
  class FakeEventTarget {
    listeners: (() => void)[] = [];
    addEventListener(_type: string, l: () => void) {
      this.listeners.push(l);
    }
  }
  class FakeXHR extends FakeEventTarget {
    _status = 0;
    _url = '';
    responseTypeValue = '';
    get status() {
      return this._status;
    }
    get responseText() {
      return text();
    }
    get responseType() {
      return this.responseTypeValue;
    }
    get responseURL() {
      return this._url;
    }
    open(...args: unknown[]) {
      calls.push(['open', ...args]);
      this._url = where(String(args[1]));
    }
    send(body?: unknown) {
      calls.push(['send', body]);
      this._status = status;
      queueMicrotask(() => this.listeners.forEach((l) => l()));
    }
  }
  class FakeResponse {
    constructor(private readonly _url: string) {}
    get status() {
      return status;
    }
    get ok() {
      return status >= 200 && status < 300;
    }
    get url() {
      return this._url;
    }
    clone() {
      return new FakeResponse(this._url);
    }
    async text() {
      return text();
    }
  }
  class FakeRequest {
    constructor(private readonly _url: string, private readonly _method = 'GET') {}
    get url() {
      return where(this._url);
    }
    get method() {
      return this._method;
    }
  }
  let last: FakeResponse | undefined;
  const win = {
    location: { href: BASE, origin: ORIGIN },
    XMLHttpRequest: FakeXHR,
    EventTarget: FakeEventTarget,
    Response: FakeResponse,
    Request: FakeRequest,
    Promise,
    fetch: vi.fn(async (input: unknown, init?: { method?: string; body?: unknown }) => {
      calls.push(['fetch', input, init]);
      last = new FakeResponse(where(input instanceof FakeRequest ? input.url : String(input)));
      return last;
    }),
  };
  return { win: win as unknown as Window & typeof globalThis, calls, FakeXHR, FakeResponse, FakeRequest, last: () => last };
}

/**
 * The hook with the isolated side's reading behind it: what the send watcher would get, and for a thread
 * fetch's answer (passed on raw, `FetchAnswer`) what the worker reads from it.
 */
function installRead(win: Window & typeof globalThis, onNotice: (n: SyncNotice) => void) {
  return installSyncHook(win, (call) => {
    const read = readRawCall(JSON.parse(JSON.stringify(call)), ORIGIN, Date.now());
    if (!read || read === 'malformed') return;
    if (!('answer' in read)) return onNotice(read);
    expect(read.answer).toBe(call.answer);
    const notice = readSyncCall('fetch', null, read.answer, 200, Date.now());
    if (notice) onNotice(notice);
  });
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const withoutAt = (n: SyncNotice) => ({ ...n, at: 0 });

describe('the MAIN-world sync hook', () => {
  it('reports a send seen through fetch, after Gmail accepted it, and returns Gmail’s own response', async () => {
    const { win, last } = fakePage(200, capture('2022-09-09-cvOnSend_response'));
    const notices: SyncNotice[] = [];
    expect(installRead(win, (n) => notices.push(n))).toBe(true);
    expect(installRead(win, (n) => notices.push(n))).toBe(false); // once only
    const got = await win.fetch('/sync/u/0/i/s?hl=en&c=3', { method: 'POST', body: SEND });
    expect(got).toBe(last());
    await flush();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.messages.map((m) => [m.kind, m.messageId, m.threadId])).toEqual([['send', 'msg-a:r8190137112111191537', 'thread-a:r263523620390330024']]);
  });

  it('for a send, reads Gmail’s answer for the stored hex id of the message (real capture pair), through XHR and fetch', async () => {
    const ANSWER = readFileSync(resolve(import.meta.dirname, '../fixtures/gmail/network/2022-09-09-cvOnSend_response.json'), 'utf8');
    for (const via of ['xhr', 'fetch'] as const) {
      const { win } = fakePage(200, ANSWER);
      const notices: SyncNotice[] = [];
      installRead(win, (n) => notices.push(n));
      if (via === 'xhr') {
        const xhr = new win.XMLHttpRequest();
        xhr.open('POST', '/sync/u/0/i/s?c=1');
        xhr.send(SEND);
      } else await win.fetch('/sync/u/0/i/s?c=1', { method: 'POST', body: SEND });
      await flush();
      expect(notices[0]!.stored, via).toEqual([
        { messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', legacyMessageId: '183234eaadcf41e5', labels: expect.arrayContaining(['^f', '^pfg']) },
      ]);
    }
    // A draft save's answer is not read.
    const draft = fakePage(200, ANSWER);
    const saved: SyncNotice[] = [];
    installRead(draft.win, (n) => saved.push(n));
    await draft.win.fetch('/sync/u/0/i/s', { method: 'POST', body: DRAFT });
    await flush();
    expect(saved[0]!.stored).toBeUndefined();
  });

  it('reports draft saves through XHR, and nothing for other URLs or failed requests', async () => {
    const ok = fakePage();
    const notices: SyncNotice[] = [];
    installRead(ok.win, (n) => notices.push(n));
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
    installRead(failed.win, (n) => none.push(n));
    await failed.win.fetch('/sync/u/0/i/s', { method: 'POST', body: SEND });
    await flush();
    expect(none).toEqual([]);
  });

  it('garbled bodies become problems, never exceptions in the page', async () => {
    const { win } = fakePage();
    const notices: SyncNotice[] = [];
    installRead(win, (n) => notices.push(n));
    await win.fetch('/sync/u/0/i/s', { method: 'POST', body: SEND.slice(0, 300) });
    await win.fetch('/sync/u/0/i/s', { method: 'POST', body: new Blob(['x']) });
    await win.fetch('/sync/u/0/i/s', { method: 'POST', body: '[1,[[[10,["thread-a:r1",7]]]]]' });
    await flush();
    expect(notices.map((n) => n.problems)).toEqual([
      ['sync save (/i/s) request body is not JSON'],
      ['sync save (/i/s) request body is empty or not text, not JSON text'],
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

describe('what a page script can do after the hook is installed', () => {
  it('overriding XHR and Response getters, or lying URLs and init getters, feeds the hook nothing', async () => {
    const ANSWER = capture('2022-09-09-cvOnSend_response');
    const page = fakePage(200, ANSWER);
    const notices: SyncNotice[] = [];
    installRead(page.win, (n) => notices.push(n));
    // After load, a page script replaces the getters and methods the hook reads answers through.
    Object.defineProperty(page.FakeXHR.prototype, 'responseText', { get: () => '[]', configurable: true });
    Object.defineProperty(page.FakeXHR.prototype, 'responseURL', { get: () => 'https://mail.google.com/sync/u/0/i/s', configurable: true });
    page.FakeResponse.prototype.text = async () => '[]';
    const xhr = new page.win.XMLHttpRequest();
    xhr.open('POST', '/sync/u/0/i/s');
    xhr.send(SEND);
    await page.win.fetch('/sync/u/0/i/s', { method: 'POST', body: SEND });
    await flush();
    // Still Gmail's real answer, read through the getters captured at install.
    expect(notices.map((n) => n.stored?.[0]?.legacyMessageId)).toEqual(['183234eaadcf41e5', '183234eaadcf41e5']);

    // A URL whose toString lies: the browser is handed the string the hook checked.
    let reads = 0;
    const liar = { toString: () => (reads++ === 0 ? '/sync/u/0/i/s' : 'https://evil.example/x') };
    const x2 = new page.win.XMLHttpRequest();
    x2.open('POST', liar as unknown as string);
    expect(page.calls.at(-1)).toEqual(['open', 'POST', '/sync/u/0/i/s']);
    // An init whose body getter shows the hook one body and the browser another: one read, handed on.
    let bodyReads = 0;
    const init = { method: 'POST', get body() { return bodyReads++ === 0 ? SEND : DRAFT; } };
    await page.win.fetch('/sync/u/0/i/s', init as unknown as RequestInit);
    expect((page.calls.at(-1)![2] as { body: string }).body).toBe(SEND);
    expect(bodyReads).toBe(1);
  });

  it('a request that ended up on another origin (a <base>, a redirect) is not Gmail’s answer', async () => {
    const page = fakePage(200, capture('2022-09-09-cvOnSend_response'), () => 'https://evil.example/sync/u/0/i/s');
    const notices: SyncNotice[] = [];
    installRead(page.win, (n) => notices.push(n));
    const xhr = new page.win.XMLHttpRequest();
    xhr.open('POST', '/sync/u/0/i/s');
    xhr.send(SEND);
    await page.win.fetch('/sync/u/0/i/s', { method: 'POST', body: SEND });
    await flush();
    expect(notices).toEqual([]);
  });
});

describe('Gmail’s answers, read by the hook', () => {
  it('a send through XHR at /sync/i/s (no /u/N): the request’s send, the answer’s own message, both layouts named', async () => {
    const { win } = fakePage(200, capture('2022-09-09-cvOnSend_response'));
    const notices: SyncNotice[] = [];
    installRead(win, (n) => notices.push(n));
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
      // Every real send is one send: Gmail's answer holds each as sent.
      const sends = notice.messages.filter((m) => m.kind === 'send').map((m) => m.messageId);
      expect(sends, name).toEqual(name.includes('Send') && !name.includes('Draft') ? [expect.stringMatching(/^msg-a:/)] : []);
      expect([...new Set(notice.stored?.map((x) => x.messageId))], name).toEqual(sends);
    }
  });

  it('XHR re-opened with another frame’s native open: a forged request body paired with Gmail’s real answer is no send; the real pair is one', async () => {
    // The attack: the page opens an XHR through the hooked `open` to Gmail's save URL and sends a forged body
    // through the hooked `send` (the hook records it), then re-opens the same object with another frame's
    // native `open` and sends Gmail's real request with that frame's native `send`. The hook sees the forged
    // body and the answer Gmail gave to the real one. Forged bodies are the real 2022-09-09 send capture with
    // the id or the recipients changed (attack payloads, not Gmail's output).
    const REAL_ANSWER = capture('2022-09-09-cvOnSend_response');
    const forge = (edit: (m: unknown[]) => void) => {
      const body = JSON.parse(SEND);
      edit(body[1][0][0][1][1][13][0] as unknown[]);
      return JSON.stringify(body);
    };
    const forgedId = forge((m) => (m[0] = 'msg-a:r-5550001'));
    const forgedTo = forge((m) => (m[2] = [[1, 'mallory@elsewhere.example', 'Mallory']]));
    const forgedNoSent = forge(() => {});
    for (const [body, answer, why] of [
      [forgedId, REAL_ANSWER, 'an id the answer does not hold'],
      [forgedTo, REAL_ANSWER, 'the answer holds the message with other recipients'],
      [forgedNoSent, REAL_ANSWER.replaceAll('"^f"', '"^x"'), 'the answer holds the id without Gmail’s Sent label'],
    ] as const) {
      const { win } = fakePage(200, answer);
      const nativeOpen = win.XMLHttpRequest.prototype.open; // the frame's own, before the hook
      const nativeSend = win.XMLHttpRequest.prototype.send;
      const notices: SyncNotice[] = [];
      installRead(win, (n) => notices.push(n));
      const xhr = new win.XMLHttpRequest();
      xhr.open('POST', '/sync/u/0/i/s?c=1');
      xhr.send(body);
      nativeOpen.call(xhr, 'POST', '/sync/u/0/i/s?c=2', true);
      nativeSend.call(xhr, SEND);
      await flush();
      expect(notices.flatMap((n) => n.messages).filter((m) => m.kind === 'send'), why).toEqual([]);
      expect(notices.flatMap((n) => n.stored ?? []), why).toEqual([]);
      expect(notices.flatMap((n) => n.problems).join('\n'), why).toMatch(/answer does not hold/);
    }
    // No answer at all: the request body alone is no send.
    expect(readSyncCall('save', SEND, '', 200, 1)!.messages).toEqual([]);
    // The real pair through the same hook: exactly one send.
    const { win } = fakePage(200, REAL_ANSWER);
    const notices: SyncNotice[] = [];
    installRead(win, (n) => notices.push(n));
    const xhr = new win.XMLHttpRequest();
    xhr.open('POST', '/sync/u/0/i/s?c=3');
    xhr.send(SEND);
    await flush();
    expect(notices.flatMap((n) => n.messages).map((m) => [m.kind, m.messageId])).toEqual([['send', 'msg-a:r8190137112111191537']]);
    expect(notices.flatMap((n) => n.problems)).toEqual([]);
  });

  it('a thread fetch (/i/fd, any method) yields the rep’s own sent messages, dated by the message', async () => {
    const { win } = fakePage(200, capture('2021-10-01-gmailjs-threadFetch_response'));
    const notices: SyncNotice[] = [];
    installRead(win, (n) => notices.push(n));
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

describe('what the hook posts of a thread fetch (/i/fd), read in the worker', () => {
  const WITH_OWN = capture('2021-10-01-gmailjs-threadFetch_response');
  const WITHOUT = capture('2022-09-13-gmailjs-threadFetch_response');

  it('an answer that can hold the rep’s sent mail always; one that cannot for the first in the page, then only once a layout check is due; anything else as before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let answer = WITHOUT;
      const { win } = fakePage(200, () => answer);
      const posted: RawSyncCall[] = [];
      installSyncHook(win, (call) => posted.push(call));
      const fetchThread = async () => {
        const xhr = new win.XMLHttpRequest();
        xhr.open('POST', '/sync/u/0/i/fd?hl=en&c=1&rt=r&pt=ji');
        xhr.send('[["thread-f:1"]]');
        await flush();
      };
      const answers = () => posted.map((c) => (c.answer === WITH_OWN ? 'own' : c.answer === WITHOUT ? 'none' : c.answer));
      await fetchThread();
      await fetchThread();
      expect(answers()).toEqual(['none']);
      vi.advanceTimersByTime(LAYOUT_CHECK_MS - 1_000);
      await fetchThread();
      answer = WITH_OWN;
      await fetchThread();
      await fetchThread();
      expect(answers()).toEqual(['none', 'own', 'own']);
      // An answer posted is a check: the next one without the rep's mail waits a whole period from it.
      answer = WITHOUT;
      vi.advanceTimersByTime(LAYOUT_CHECK_MS - 1_000);
      await fetchThread();
      expect(answers()).toEqual(['none', 'own', 'own']);
      vi.advanceTimersByTime(1_000);
      await fetchThread();
      expect(answers()).toEqual(['none', 'own', 'own', 'none']);
      // Empty answers (named on the isolated side) and every other sync call go as before.
      answer = '';
      await fetchThread();
      answer = WITHOUT;
      await win.fetch('/sync/u/0/i/s?c=2', { method: 'POST', body: DRAFT });
      await flush();
      expect(answers()).toEqual(['none', 'own', 'own', 'none', '', 'none']);
      expect(posted.at(-1)!.url).toBe(`${ORIGIN}/sync/u/0/i/s?c=2`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('every real answer holding the rep’s sent mail is posted, past its first layout check; the Sent label written with JSON escapes too; answers without it are not', async () => {
    // Each answer through a page whose first thread fetch (the layout check) is already spent.
    const posts = async (text: string) => {
      let answer = WITHOUT;
      const { win } = fakePage(200, () => answer);
      const posted: RawSyncCall[] = [];
      installSyncHook(win, (call) => posted.push(call));
      for (const next of [WITHOUT, text]) {
        answer = next;
        const xhr = new win.XMLHttpRequest();
        xhr.open('POST', '/sync/u/0/i/fd?hl=en&c=1&rt=r&pt=ji');
        xhr.send('[["thread-f:1"]]');
        await flush();
      }
      return posted.length === 2 && posted[1]!.answer === text;
    };
    const answers = readdirSync(NET).filter((f) => f.endsWith('_response.json'));
    const withOwn = answers.filter((f) => ownMessagesIn(parseSyncResponse(parseJsonBody(capture(f.replace(/\.json$/, ''))))).own.length > 0);
    expect(withOwn.length).toBeGreaterThan(10);
    for (const f of withOwn) expect(await posts(capture(f.replace(/\.json$/, ''))), f).toBe(true);
    expect(await posts(WITHOUT)).toBe(false);
    const escaped = ['"\\u005ef"', '"\\u005Ef"', '"^\\u0066"', '"\\u005e\\u0066"'];
    for (const e of escaped) expect(JSON.parse(e)).toBe('^f');
    for (const e of escaped) expect(await posts(`[[${e}]]`), e).toBe(true);
    for (const e of ['"^fx"', '"f"', '"^i"']) expect(await posts(`[[${e}]]`), e).toBe(false);
  });

  it('Gmail’s other sync calls (the inbox’s /i/bv lists) are not even watched', async () => {
    const { win } = fakePage(200, WITHOUT);
    const posted: RawSyncCall[] = [];
    installSyncHook(win, (call) => posted.push(call));
    const xhr = new win.XMLHttpRequest();
    xhr.open('POST', '/sync/u/0/i/bv?hl=en&c=5&rt=r&pt=ji');
    xhr.send('[]');
    await win.fetch('/sync/u/0/i/bv?c=6', { method: 'POST', body: '[]' });
    await flush();
    expect((xhr as unknown as { listeners: unknown[] }).listeners).toEqual([]);
    expect(posted).toEqual([]);
  });

  it('a page script that replaces String#indexOf or Date.now after install changes nothing', async () => {
    const { win } = fakePage(200, WITHOUT);
    const posted: RawSyncCall[] = [];
    installSyncHook(win, (call) => posted.push(call));
    const indexOf = String.prototype.indexOf;
    const now = Date.now;
    try {
      String.prototype.indexOf = () => 0;
      Date.now = () => 0;
      for (let i = 0; i < 3; i++) {
        const xhr = new win.XMLHttpRequest();
        xhr.open('POST', '/sync/u/0/i/fd?c=1');
        xhr.send('[[]]');
        await flush();
      }
    } finally {
      String.prototype.indexOf = indexOf;
      Date.now = now;
    }
    expect(posted).toHaveLength(1);
  });
});

