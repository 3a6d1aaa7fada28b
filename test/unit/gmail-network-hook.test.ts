import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { installSyncHook, readSyncNotice, type SyncNotice } from '@/lib/gmail/network-hook';

const SEND = readFileSync(resolve(import.meta.dirname, '../fixtures/gmail/network/2022-09-09-cvOnSend_request.json'), 'utf8');
const DRAFT = readFileSync(resolve(import.meta.dirname, '../fixtures/gmail/network/2022-09-09-cvOnDraftSave_request.json'), 'utf8');

/** A page window with just what the hook touches: fetch, XHR and location. */
function fakePage(status = 200, answer?: string) {
  const calls: unknown[][] = [];
  class FakeXHR {
    status = 0;
    responseType = '';
    responseText = answer ?? '';
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
  const response = { ok: status >= 200 && status < 300, status, clone: () => ({ text: async () => answer ?? '' }) };
  const win = {
    location: { href: 'https://mail.google.com/mail/u/0/#inbox' },
    XMLHttpRequest: FakeXHR,
    fetch: vi.fn(async () => response),
  };
  return { win: win as unknown as Window & typeof globalThis, calls, response };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

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
    other.open('POST', '/sync/u/0/i/fd');
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
    expect(notices.map((n) => n.problems)).toEqual([['request body is not JSON'], ['request body is object, not JSON text'], ['item 0: no operation array']]);
    // An emitter that throws stays inside the hook.
    const throwing = fakePage();
    installSyncHook(throwing.win, () => {
      throw new Error('boom');
    });
    await expect(throwing.win.fetch('/sync/u/0/i/s', { method: 'POST', body: SEND })).resolves.toBeDefined();
    await flush();
  });
});

describe('the isolated world’s check of a notice', () => {
  const good: SyncNotice = {
    v: 1,
    status: 200,
    at: 1,
    problems: [],
    messages: [{ kind: 'send', messageId: 'msg-a:r1', threadId: 'thread-a:r2', to: [{ name: '', email: 'a@b.example' }], cc: [], bcc: [], subject: 's', bodyText: 'b', labels: ['^pfg'] }],
  };

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
  ])('refuses %s', (_why, detail) => {
    expect(readSyncNotice(detail)).toBeNull();
  });
});
