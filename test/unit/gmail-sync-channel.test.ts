import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HANDSHAKE_TAG, installSyncHook, READY_EVENT, type RawSyncCall } from '@/lib/gmail/network-hook';
import { acceptSyncChannel, readThreadFetch, syncChannelOf, type SyncNotice } from '@/lib/gmail/sync-channel';

// The isolated side of the private channel to the MAIN-world hook: which handshake it takes, what it makes
// of what arrives on the port, and what it tells the health record.

const NET = resolve(import.meta.dirname, '../fixtures/gmail/network');
const capture = (name: string) => readFileSync(resolve(NET, `${name}.json`), 'utf8');
const ORIGIN = 'https://mail.google.com';

function fakeWindow() {
  let onMessage: ((e: MessageEvent) => void) | undefined;
  const win = {
    location: { origin: ORIGIN, href: `${ORIGIN}/mail/u/0/#inbox` },
    addEventListener: (type: string, l: (e: MessageEvent) => void, opts: { capture?: boolean }) => {
      expect(opts.capture).toBe(true);
      if (type === 'message') onMessage = l;
    },
    // The isolated side asks the hook for its handshake (READY_EVENT): nothing to do in these tests.
    dispatchEvent: () => true,
    CustomEvent: class {
      constructor(readonly type: string) {}
    },
  } as unknown as Window & typeof globalThis;
  const port = { onmessage: null as ((e: MessageEvent) => void) | null };
  const post = (data: unknown, { source = win as unknown, ports = [port] as unknown[] } = {}) => {
    const stop = vi.fn();
    onMessage!({ source, data, ports, stopImmediatePropagation: stop } as unknown as MessageEvent);
    return stop;
  };
  const handshake = { tag: HANDSHAKE_TAG, v: 1, nonce: '00ff' };
  const call = (c: Partial<RawSyncCall>) => port.onmessage!({ data: { v: 1, url: `${ORIGIN}/sync/u/0/i/s?c=1`, method: 'POST', status: 200, body: null, answer: null, ...c } } as MessageEvent);
  return { win, post, handshake, call, port };
}

const collect = (channel: ReturnType<typeof acceptSyncChannel>) => {
  const got: { notices: { notice: SyncNotice; trusted: boolean }[]; fetched: string[]; problems: string[] } = { notices: [], fetched: [], problems: [] };
  channel.subscribe(
    { notice: (notice, trusted) => got.notices.push({ notice, trusted }), fetched: (answer) => got.fetched.push(answer), problem: (p) => got.problems.push(p) },
    new AbortController().signal,
  );
  return got;
};

afterEach(() => vi.useRealTimers());

describe('the sync hook channel', () => {
  it('takes the first handshake, hides it from later listeners, and reads what arrives on its port (kept until the watcher subscribes)', () => {
    const { win, post, handshake, call } = fakeWindow();
    const channel = acceptSyncChannel(win, { scope: {} as typeof globalThis });
    expect(channel.state).toBe('waiting');
    expect(post(handshake)).toHaveBeenCalled();
    expect(channel.state).toBe('open');
    call({ body: capture('2022-09-09-cvOnSend_request'), answer: capture('2022-09-09-cvOnSend_response') });
    const got = collect(channel);
    expect(got.notices.map((n) => [n.trusted, n.notice.messages.map((m) => m.kind), n.notice.own?.length])).toEqual([[true, ['send'], 1]]);
    expect(got.problems).toEqual([]);
  });

  it('a second handshake is reported and makes sync data untrusted; the port still works', () => {
    const { win, post, handshake, call } = fakeWindow();
    const channel = acceptSyncChannel(win, { scope: {} as typeof globalThis });
    const got = collect(channel);
    post(handshake);
    const stop = post({ ...handshake, nonce: 'beef' }, { ports: [{ onmessage: null }] });
    expect(stop).toHaveBeenCalled();
    expect(channel.state).toBe('contested');
    expect(got.problems).toEqual([expect.stringMatching(/^sync hook channel contested: a second handshake/)]);
    call({ body: capture('2022-09-09-cvOnSend_request'), answer: capture('2022-09-09-cvOnSend_response') });
    expect(got.notices.map((n) => n.trusted)).toEqual([false]);
  });

  it('no handshake in time: reported missing, and a late one is not taken', () => {
    vi.useFakeTimers();
    const { win, post, handshake, port } = fakeWindow();
    const channel = acceptSyncChannel(win, { waitMs: 5_000, scope: {} as typeof globalThis });
    const got = collect(channel);
    vi.advanceTimersByTime(5_001);
    expect(channel.state).toBe('missing');
    post(handshake);
    expect(port.onmessage).toBeNull();
    expect(channel.state).toBe('contested');
    expect(got.problems).toEqual([expect.stringMatching(/^sync hook channel missing/), expect.stringMatching(/^sync hook channel contested: a handshake came after/)]);
  });

  it('ignores other messages and other windows’ handshakes; a malformed call, another origin or a failed call is never a notice', () => {
    const { win, post, handshake, call } = fakeWindow();
    const channel = acceptSyncChannel(win, { scope: {} as typeof globalThis });
    const got = collect(channel);
    expect(post({ hello: 1 })).not.toHaveBeenCalled();
    expect(post(handshake, { source: {} })).not.toHaveBeenCalled();
    expect(channel.state).toBe('waiting');
    post(handshake);
    const send = capture('2022-09-09-cvOnSend_request');
    call({ url: 'https://evil.example/sync/u/0/i/s', body: send });
    call({ url: `${ORIGIN}/sync/u/0/i/s`, method: 'GET', body: send });
    call({ status: 500, body: send });
    call({ body: 42 as unknown as string });
    expect(got.notices).toEqual([]);
    expect(got.problems).toEqual(['a sync call from the hook did not validate', 'a sync call from the hook did not validate']);
  });

  it('whichever side starts first, the hook’s one handshake opens the channel (Firefox may run the isolated script second); a page that asks first only makes it missing', async () => {
    // A window with real events, Node's MessageChannel, and postMessage delivered as a later task, as a browser does.
    const eventWindow = () => {
      const win = Object.assign(new EventTarget(), {
        location: { origin: ORIGIN, href: `${ORIGIN}/mail/u/0/#inbox` },
        EventTarget,
        CustomEvent,
        MessageChannel,
        MessagePort,
        crypto,
        postMessage(data: unknown, _origin: string, ports: MessagePort[] = []) {
          setTimeout(() => {
            const event = Object.assign(new Event('message'), { data, source: win, ports });
            win.dispatchEvent(event);
          }, 0);
        },
      });
      return win as unknown as Window & typeof globalThis;
    };
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const hookFirst = eventWindow();
    expect(installSyncHook(hookFirst as never)).toBe(true);
    const a = acceptSyncChannel(hookFirst, { scope: {} as typeof globalThis });
    await tick();
    expect(a.state).toBe('open');

    const isolatedFirst = eventWindow();
    const b = acceptSyncChannel(isolatedFirst, { scope: {} as typeof globalThis });
    installSyncHook(isolatedFirst as never);
    await tick();
    expect(b.state).toBe('open');

    const pageFirst = eventWindow();
    installSyncHook(pageFirst as never);
    pageFirst.dispatchEvent(new CustomEvent(READY_EVENT));
    await tick();
    const c = acceptSyncChannel(pageFirst, { scope: {} as typeof globalThis, waitMs: 20 });
    await new Promise((r) => setTimeout(r, 40));
    expect(c.state).toBe('missing');
  });

  it('when the document_start script never ran, the watcher is told the channel is missing', () => {
    const problems: string[] = [];
    syncChannelOf({} as typeof globalThis).subscribe({ notice: () => {}, fetched: () => {}, problem: (p) => problems.push(p) }, new AbortController().signal);
    expect(problems).toEqual([expect.stringMatching(/^sync hook channel missing/)]);
  });
});

describe('a thread fetch’s answer, passed on raw to the worker', () => {
  const FETCH = `${ORIGIN}/sync/u/0/i/fd?hl=en&c=4&rt=r&pt=ji`;
  // The rep's sent message is in this one (gmail.js, 2021-10-01); the other holds only others' mail.
  const WITH_OWN = capture('2021-10-01-gmailjs-threadFetch_response');
  const WITHOUT = capture('2022-09-13-gmailjs-threadFetch_response');

  it('is not parsed in the tab: it goes on as it came, for the worker to read (kept until the watcher subscribes)', () => {
    const { win, post, handshake, call } = fakeWindow();
    const channel = acceptSyncChannel(win, { scope: {} as typeof globalThis });
    post(handshake);
    call({ url: FETCH, body: '[[]]', answer: WITH_OWN });
    const got = collect(channel);
    call({ url: FETCH, body: '[[]]', answer: WITHOUT });
    expect(got.fetched).toEqual([WITH_OWN, WITHOUT]);
    expect(got.notices).toEqual([]);
    expect(got.problems).toEqual([]);
    // What the worker then reads from it is what the tab read before: the account's message, no problem.
    expect(readThreadFetch(WITH_OWN, 'user@gmail.com', 1)).toEqual({ own: [expect.objectContaining({ messageId: 'msg-a:r-4871072856822866136', source: 'sync' })], problems: [] });
    expect(readThreadFetch(WITH_OWN, 'someone.else@example.com', 1).own).toEqual([]);
    expect(readThreadFetch(WITHOUT, 'user@gmail.com', 1)).toEqual({ own: [], problems: [] });
  });

  it('an empty or oversized answer is named here and goes nowhere; from a contested channel nothing goes on', () => {
    const { win, post, handshake, call } = fakeWindow();
    const channel = acceptSyncChannel(win, { scope: {} as typeof globalThis });
    const got = collect(channel);
    post(handshake);
    call({ url: FETCH, answer: '' });
    call({ url: FETCH, answer: `[${' '.repeat(4_000_000)}]` });
    expect(got.fetched).toEqual([]);
    // Problems ride on notices, which the send watcher hands to the health record.
    expect(got.notices.flatMap((n) => n.notice.problems)).toEqual([
      'sync thread fetch (/i/fd) answer is empty, not JSON text',
      'sync thread fetch (/i/fd) answer of 4000 kB not read (limit 4000 kB)',
    ]);
    post({ ...handshake, nonce: 'beef' }, { ports: [{ onmessage: null }] });
    expect(channel.state).toBe('contested');
    call({ url: FETCH, answer: WITH_OWN });
    expect(got.fetched).toEqual([]);
  });
});
