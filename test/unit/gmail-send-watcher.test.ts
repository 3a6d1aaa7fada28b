import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSendWatcher } from '@/lib/gmail/features/send-watcher';
import type { SyncChannel, SyncListener, SyncNotice } from '@/lib/gmail/sync-channel';
import { SelectorHealth } from '@/lib/gmail/selectors';

// The content script's half of confirmed sends, on the dated snapshot of a thread with a compose dialog and
// an inline reply open: what it tells the background, and when.

const html = readFileSync(resolve(import.meta.dirname, '../fixtures/gmail/pages/2026-11-thread-compose.html'), 'utf8').replace(/<link[^>]*>/g, '');
const THREAD = 'thread-f:1882028161105939945';

let sent: { channel: string; payload: Record<string, unknown> }[];
let controller: AbortController;
let problems: string[];
// Synthetic events are not `isTrusted`; the DOM logic is tested as if the rep made them, unless a test says.
let asRep = true;
// The private channel to the MAIN-world hook (lib/gmail/sync-channel.ts, tested in gmail-sync-channel.test.ts).
let hook: SyncListener | undefined;
const channel: SyncChannel = {
  state: 'open',
  subscribe: (listener) => void (hook = listener),
};
const dispatchNotice = (_win: unknown, n: SyncNotice, trusted = true) => hook!.notice(n, trusted);

beforeEach(() => {
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
  sent = [];
  problems = [];
  controller = new AbortController();
  asRep = true;
  startSendWatcher({
    trusted: (event) => asRep || event.isTrusted,
    window: window as unknown as Window & typeof globalThis,
    channel,
    health: new SelectorHealth(),
    signal: controller.signal,
    log: () => {},
    onNetworkProblem: (p) => problems.push(p),
    send: async (message) => {
      const m = message as { channel: string; payload: Record<string, unknown> };
      sent.push(m);
      if (m.channel === 'gmail.settleSends') return { ok: true, data: { emitted: 0 } };
      if (m.channel === 'gmail.sendUndone') return { ok: true, data: { received: true } };
      return { ok: true, data: { status: 'pending', dueAt: Date.now() + 60_000 } };
    },
  });
});
afterEach(() => controller.abort());

// Messages to the background go one at a time through a promise chain; a short pause lets it drain.
const tick = () => new Promise((r) => setTimeout(r, 50));
const of = (channel: string) => sent.filter((m) => m.channel === channel).map((m) => m.payload);
const dialog = () => document.querySelector('[role="dialog"] div.M9')!;
const inline = () => document.querySelector('div.ip.adB div.M9')!;
const draftIdOf = (compose: Element) => compose.querySelector('input[name="draft"]')!.getAttribute('value')!.replace(/^#/, '');

describe('DOM intent', () => {
  it('Send clicked in the dialog: a new message with its saved draft’s id, subject and recipients', async () => {
    (dialog().querySelector('div[role="button"].aoO') as HTMLElement).click();
    await tick();
    expect(of('gmail.sendIntent')).toEqual([
      {
        key: expect.stringMatching(/^intent:/),
        messageId: draftIdOf(dialog()),
        threadId: undefined,
        inline: false,
        subject: 'Rollout plan',
        to: ['elena@northwind.example'],
        at: expect.any(Number),
        from: 'sam@followthrough-demo.example',
      },
    ]);
    expect(draftIdOf(dialog())).toMatch(/^msg-a:r-?\d+$/);
  });

  it('a draft never saved has no Gmail id yet', async () => {
    dialog().querySelector('input[name="draft"]')!.setAttribute('value', 'undefined');
    (dialog().querySelector('.aoO') as HTMLElement).click();
    await tick();
    expect(of('gmail.sendIntent')[0]!.messageId).toBeUndefined();
  });

  it('Ctrl+Enter in the inline reply: the open thread’s id; Cmd+Enter too; one intent per compose per press', async () => {
    const body = inline().querySelector('[aria-label="Message Body"]')!;
    body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true })); // same press, seen twice
    dialog().querySelector('[aria-label="Message Body"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', metaKey: true, bubbles: true }));
    await tick();
    expect(of('gmail.sendIntent').map((p) => [p.inline, p.threadId, p.subject])).toEqual([
      [true, THREAD, 'Re: Fleet tracking pilot for 40 vans'],
      [false, undefined, 'Rollout plan'],
    ]);
  });

  it('plain Enter in the body is typing, not sending; Enter on the focused Send button is sending', async () => {
    inline().querySelector('[aria-label="Message Body"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await tick();
    expect(of('gmail.sendIntent')).toEqual([]);
    inline().querySelector('.aoO')!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    await tick();
    expect(of('gmail.sendIntent')).toHaveLength(1);
  });

  it('Undo on "Message sent" names the newest send, by Gmail’s id when the notice carries it', async () => {
    (dialog().querySelector('.aoO') as HTMLElement).click();
    await tick();
    document.body.insertAdjacentHTML('beforeend', '<div class="b8 UC" role="alert"><div class="vh"><span class="ag a8k" id="link_undo" role="link" param="#msg-a:r42">Undo</span></div></div>');
    (document.querySelector('#link_undo') as HTMLElement).click();
    await tick();
    const [intent] = of('gmail.sendIntent');
    expect(of('gmail.sendUndone')).toEqual([{ key: intent!.key, messageId: 'msg-a:r42', at: expect.any(Number) }]);
  });
});

describe('network confirmation', () => {
  const notice = (over: Partial<SyncNotice['messages'][number]> = {}): SyncNotice => ({
    v: 1,
    status: 200,
    at: 1_764_000_000_000,
    problems: [],
    messages: [
      {
        kind: 'send',
        messageId: 'msg-a:r77',
        threadId: THREAD,
        from: { name: 'Sam Carter', email: 'sam@followthrough-demo.example' },
        to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }],
        cc: [],
        bcc: [],
        subject: 'Re: Fleet tracking pilot for 40 vans',
        bodyText: 'The per-van price is $29.',
        at: 1_764_000_000_000,
        labels: ['^pfg'],
        ...over,
      },
    ],
  });

  it('is matched to the inline reply’s intent (by its draft id) and handed to the background as EmailFacts', async () => {
    (dialog().querySelector('.aoO') as HTMLElement).click();
    (inline().querySelector('.aoO') as HTMLElement).click();
    await tick();
    await tick();
    const inlineIntent = of('gmail.sendIntent').find((p) => p.inline)!;
    const id = draftIdOf(inline());
    dispatchNotice(window as unknown as Window & typeof globalThis, notice({ messageId: id }));
    await tick();
    expect(of('gmail.sendConfirmed')).toEqual([
      {
        intentKey: inlineIntent.key,
        email: {
          messageId: id,
          threadId: THREAD,
          from: { name: 'Sam Carter', email: 'sam@followthrough-demo.example' },
          to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }],
          cc: [],
          bcc: [],
          subject: 'Re: Fleet tracking pilot for 40 vans',
          bodyText: 'The per-van price is $29.',
          at: 1_764_000_000_000,
        },
        legacyMessageId: undefined,
      },
    ]);
  });

  it('without ids, a confirmation in the open thread is matched to the inline reply', async () => {
    for (const c of [dialog(), inline()]) c.querySelector('input[name="draft"]')!.setAttribute('value', 'undefined');
    (dialog().querySelector('.aoO') as HTMLElement).click();
    (inline().querySelector('.aoO') as HTMLElement).click();
    await tick();
    await tick();
    const inlineIntent = of('gmail.sendIntent').find((p) => p.inline)!;
    dispatchNotice(window as unknown as Window & typeof globalThis, notice());
    await tick();
    expect(of('gmail.sendConfirmed')[0]!.intentKey).toBe(inlineIntent.key);
  });

  it('draft saves are not sends; the channel’s problems and the answers’ go to the health record', async () => {
    dispatchNotice(window as unknown as Window & typeof globalThis, notice({ kind: 'draft', labels: ['^r'] }));
    hook!.problem('a sync call from the hook did not validate');
    dispatchNotice(window as unknown as Window & typeof globalThis, { ...notice(), problems: ['item 0: no operation array'], messages: [] });
    await tick();
    expect(of('gmail.sendConfirmed')).toEqual([]);
    expect(problems).toEqual(['a sync call from the hook did not validate', 'item 0: no operation array']);
  });

  it('once the channel was contested, sync data vouches for nothing: confirmations still go (a Send press decides), own messages do not', async () => {
    const sentMessage = notice().messages[0]!;
    dispatchNotice(
      window as unknown as Window & typeof globalThis,
      {
        ...notice(),
        own: [{ messageId: 'msg-f:1882030000000000001', threadId: THREAD, from: sentMessage.from!, to: sentMessage.to, cc: [], bcc: [], subject: sentMessage.subject, at: sentMessage.at!, labels: ['^f'], layout: 'array-2022-09/update' }],
      },
      false,
    );
    await tick();
    expect(of('gmail.sendConfirmed')).toHaveLength(1);
    expect(of('gmail.ownMessages')).toEqual([]);
  });

  it('without a sender in the request, the signed-in account is the sender', async () => {
    dispatchNotice(window as unknown as Window & typeof globalThis, notice({ from: undefined }));
    await tick();
    expect((of('gmail.sendConfirmed')[0]!.email as { from: unknown }).from).toEqual({ name: '', email: 'sam@followthrough-demo.example' });
  });

  it('the hex id Gmail’s answer gives the sent message travels with its confirmation', async () => {
    const id = draftIdOf(inline());
    dispatchNotice(window as unknown as Window & typeof globalThis, {
      ...notice({ messageId: id }),
      stored: [{ messageId: id, threadId: THREAD, legacyMessageId: '19ab3c0ffee00001', labels: ['^f'] }],
    });
    await tick();
    expect(of('gmail.sendConfirmed')[0]!.legacyMessageId).toBe('19ab3c0ffee00001');
  });

  it('a scheduled send is not confirmed when it is scheduled (it is logged when it goes out)', async () => {
    dispatchNotice(window as unknown as Window & typeof globalThis, notice({ labels: ['^pfg', '^scheduled'] }));
    await tick();
    expect(of('gmail.sendConfirmed')).toEqual([]);
  });

  it('the rep’s own messages found in sync data go to the background as sends from elsewhere; others’ do not', async () => {
    const sent = notice().messages[0]!;
    const own = (over: Record<string, unknown>) => ({
      messageId: sent.messageId,
      threadId: sent.threadId,
      from: sent.from!,
      to: sent.to,
      cc: sent.cc,
      bcc: sent.bcc,
      subject: sent.subject,
      at: sent.at!,
      labels: ['^f'],
      layout: 'array-2022-09/update' as const,
      ...over,
    });
    dispatchNotice(window as unknown as Window & typeof globalThis, {
      ...notice(),
      messages: [],
      own: [own({ messageId: 'msg-f:1882030000000000001' }), own({ messageId: 'msg-f:1882030000000000002', from: { name: 'Priya', email: 'priya.raman@acme-robotics.example' } })],
    });
    await tick();
    expect(of('gmail.ownMessages')).toEqual([
      {
        messages: [
          {
            messageId: 'msg-f:1882030000000000001',
            threadId: THREAD,
            from: { name: 'Sam Carter', email: 'sam@followthrough-demo.example' },
            to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }],
            cc: [],
            subject: 'Re: Fleet tracking pilot for 40 vans',
            date: 1_764_000_000_000,
            labels: ['^f'],
            source: 'sync',
          },
        ],
      },
    ]);
    expect(of('gmail.sendConfirmed')).toEqual([]);
  });

  it('a thread fetch’s raw answer goes to the worker as it came, with the signed-in account, in the same queue; nothing is read from it here', async () => {
    const answer = readFileSync(resolve(import.meta.dirname, '../fixtures/gmail/network/2021-10-01-gmailjs-threadFetch_response.json'), 'utf8');
    hook!.fetched(answer);
    await tick();
    expect(of('gmail.threadFetched')).toEqual([{ answer, account: 'sam@followthrough-demo.example' }]);
    expect(of('gmail.ownMessages')).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a draft save tells the thread of a new message, so its press carries it', async () => {
    const id = draftIdOf(dialog());
    dispatchNotice(window as unknown as Window & typeof globalThis, notice({ kind: 'draft', labels: ['^r'], messageId: id, threadId: 'thread-a:r-4242' }));
    await tick();
    (dialog().querySelector('.aoO') as HTMLElement).click();
    await tick();
    expect(of('gmail.sendIntent')[0]).toMatchObject({ messageId: id, threadId: 'thread-a:r-4242', inline: false });
  });
});

describe('never forged', () => {
  it('a click or key press dispatched by a page script is not a Send press', async () => {
    asRep = false;
    (dialog().querySelector('.aoO') as HTMLElement).click();
    inline().querySelector('div[contenteditable]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await tick();
    expect(of('gmail.sendIntent')).toEqual([]);
    asRep = true;
    (dialog().querySelector('.aoO') as HTMLElement).click();
    await tick();
    expect(of('gmail.sendIntent')).toHaveLength(1);
  });
});
