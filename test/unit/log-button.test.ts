/**
 * @vitest-environment happy-dom
 * @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/"}
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { startFeatures } from '@/lib/gmail/feature-manager';
import { logButton } from '@/lib/gmail/features/log-button';
import { threadStates } from '@/lib/gmail/thread-state';
import { threadReporter } from '@/lib/gmail/features/thread-reporter';
import { SELECTORS } from '@/lib/gmail/selectors';

const THREAD = 'thread-f:1785432109876543210';

function page() {
  document.title = 'Fleet pilot - sam@followthrough-demo.example - Followthrough Mail';
  document.body.innerHTML = `<div role="main"><div gh="mtb"><div class="G-Ni">Archive</div></div><h2 class="hP" data-thread-perm-id="${THREAD}">Fleet pilot</h2></div>`;
  history.replaceState(null, '', '/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRr');
}

// First in the file: the other tests leave their features running, and those would search on its navigation too.
describe('Log to CRM button beside the thread reporter', () => {
  it('takes the heading and thread id the reporter read in the same navigation, never a previous one’s', async () => {
    page();
    const states = threadStates();
    const send = async (message: unknown) => {
      const { channel, payload } = message as { channel: string; payload: { thread?: { threadId: string } } };
      const threadId = payload.thread?.threadId ?? THREAD;
      const logState = { threadId, logged: false, activities: 0, messages: 0, contacts: [] };
      return { ok: true, data: channel === 'gmail.threadSeen' ? { logState } : logState };
    };
    // Searches of the whole page for the subject heading: the reporter's read, and the button's only without it.
    const subjects = new Set(SELECTORS['thread.subject'].map((f) => f.css));
    let searches = 0;
    const all = document.querySelectorAll.bind(document);
    document.querySelectorAll = ((css: string) => (subjects.has(css) && searches++, all(css))) as typeof document.querySelectorAll;
    const controller = new AbortController();
    try {
      const win = window as Window & typeof globalThis;
      startFeatures({ window, signal: controller.signal, features: [threadReporter(send, win, states), logButton(send, win, states)] });
      await new Promise((r) => setTimeout(r, 20));
      expect(searches).toBe(1);
      expect(document.querySelector('[gh="mtb"] followthrough-log-button')?.getAttribute('data-thread-id')).toBe(THREAD);

      // The next thread: the button follows it, with that thread's id.
      const next = 'thread-f:1785432109876543299';
      document.body.innerHTML = `<div role="main"><div gh="mtb"></div><h2 class="hP" data-thread-perm-id="${next}">Renewal</h2></div>`;
      history.pushState(null, '', '/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRz');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      await new Promise((r) => setTimeout(r, 20));
      expect(searches).toBe(2);
      expect(document.querySelectorAll('followthrough-log-button')).toHaveLength(1);
      expect(document.querySelector('[gh="mtb"] followthrough-log-button')?.getAttribute('data-thread-id')).toBe(next);
    } finally {
      document.querySelectorAll = all;
      controller.abort();
    }
  });

  it('keeps each navigation’s read to that navigation', () => {
    const states = threadStates();
    const first = {};
    const heading = document.createElement('h2');
    states.read(first, { heading, threadId: THREAD });
    expect(states.read(first)).toEqual({ heading, threadId: THREAD });
    expect(states.read({})).toBeUndefined();
  });
});

describe('Log to CRM button', () => {
  let sent: { channel: string; payload: Record<string, unknown> }[];
  let logged: boolean;
  const send = async (message: unknown) => {
    const m = message as { channel: string; payload: Record<string, unknown> };
    sent.push(m);
    if (m.channel === 'engine.logThread') logged = true;
    if (m.channel === 'engine.undoThreadLog') logged = false;
    const state = { threadId: THREAD, logged, activities: logged ? 2 : 0, messages: 2, contacts: logged ? ['Priya Raman'] : [], ...(logged ? { undoSeq: 4 } : {}) };
    return { ok: true, data: m.channel === 'engine.logThread' ? { result: 'ok', detail: 'logged', state } : state };
  };
  beforeEach(() => {
    sent = [];
    logged = false;
    page();
  });

  const shadow = () => document.querySelector('followthrough-log-button')!.shadowRoot!;
  const button = () => shadow().querySelector('button:not(.undo)') as HTMLButtonElement;
  const undo = () => shadow().querySelector('button.undo') as HTMLButtonElement;
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('sits in the thread toolbar, logs, shows the logged state, and undoes', async () => {
    const controller = new AbortController();
    startFeatures({ window, signal: controller.signal, features: [logButton(send, window as Window & typeof globalThis)] });
    await settle();
    expect(document.querySelector('[gh="mtb"] followthrough-log-button')).not.toBeNull();
    expect(button().textContent).toBe('Log to CRM');
    expect(undo().hidden).toBe(true);
    expect(sent.map((m) => m.channel)).toEqual(['engine.threadLogState']);

    button().click();
    await settle();
    expect(sent[1]).toEqual({ channel: 'engine.logThread', payload: { threadId: THREAD, accountEmail: 'sam@followthrough-demo.example' } });
    expect(button().textContent).toBe('✓ Logged · Priya Raman');
    expect(undo().hidden).toBe(false);

    undo().click();
    await settle();
    expect(sent.at(-1)).toEqual({ channel: 'engine.undoThreadLog', payload: { threadId: THREAD } });
    expect(button().textContent).toBe('Log to CRM');
    expect(shadow().querySelector('[role=status]')?.textContent).toBe('Undone');

    // Navigating away removes it; one button, however often features restart.
    controller.abort();
    expect(document.querySelector('followthrough-log-button')).toBeNull();
  });

  it('says why when the background refuses', async () => {
    const refuse = async () => ({ ok: false, error: { code: 'handler_failed', message: 'engine.logThread: the database is full' } });
    startFeatures({ window, signal: new AbortController().signal, features: [logButton(refuse, window as Window & typeof globalThis)] });
    await settle();
    button().click();
    await settle();
    expect(shadow().querySelector('[role=status]')?.textContent).toBe('the database is full');
    expect(button().disabled).toBe(false);
  });

  it('takes its state from the thread reporter’s answer when there is one: no message of its own', async () => {
    const states = threadStates();
    startFeatures({ window, signal: new AbortController().signal, features: [logButton(send, window as Window & typeof globalThis, states)] });
    await settle();
    states.publish(THREAD, { threadId: THREAD, logged: true, activities: 2, messages: 2, contacts: ['Priya Raman'], undoSeq: 3 });
    await settle();
    expect(button().textContent).toBe('✓ Logged · Priya Raman');
    expect(undo().hidden).toBe(false);
    expect(sent).toEqual([]);
  });

  it('draws a thread opened again in the state last heard at once; an unchanged answer writes nothing, a changed one is drawn', async () => {
    const states = threadStates();
    const loggedState = { threadId: THREAD, logged: true, activities: 2, messages: 2, contacts: ['Priya Raman'], undoSeq: 3 };
    states.publish(THREAD, loggedState);
    const controller = new AbortController();
    // The answer is held back: what the button shows before it comes is the state last heard.
    let answer: (s: typeof loggedState) => void = () => {};
    const held = new Promise<typeof loggedState>((r) => (answer = r));
    const next = states.next.bind(states);
    states.next = () => held;
    startFeatures({ window, signal: controller.signal, features: [logButton(send, window as Window & typeof globalThis, states)] });
    await settle();
    expect(button().textContent).toBe('✓ Logged · Priya Raman');
    const writes: string[] = [];
    new MutationObserver((records) => writes.push(...records.map((r) => r.type))).observe(shadow(), { subtree: true, childList: true, characterData: true, attributes: true });
    answer(loggedState);
    await settle();
    expect(writes).toEqual([]);
    controller.abort();

    // Changed meanwhile (the log was undone elsewhere): the answer is drawn.
    const unlogged = { threadId: THREAD, logged: false, activities: 0, messages: 2, contacts: [] };
    states.next = () => Promise.resolve(unlogged);
    page();
    startFeatures({ window, signal: new AbortController().signal, features: [logButton(send, window as Window & typeof globalThis, states)] });
    await settle();
    expect(button().textContent).toBe('Log to CRM');
    expect(undo().hidden).toBe(true);
    states.next = next;
    states.publish(THREAD, unlogged);
    expect(states.last(THREAD)?.logged).toBe(false);
    expect(states.last('thread-f:1')).toBeUndefined();
  });

  it('asks for its state itself when the reporter’s answer does not say', async () => {
    const states = threadStates();
    startFeatures({ window, signal: new AbortController().signal, features: [logButton(send, window as Window & typeof globalThis, states)] });
    await settle();
    states.publish(THREAD, undefined);
    await settle();
    expect(sent.map((m) => m.channel)).toEqual(['engine.threadLogState']);
  });

});

describe('Log to CRM button when Gmail writes no usable perm id (2025-11)', () => {
  // InboxSDK 1b0ea3b9 (2025-11-10) and PR #1284: `data-thread-perm-id` may be the string "undefined" or absent;
  // the button must act on the thread's legacy id, as the thread reader does, never on "undefined".
  for (const perm of ['data-thread-perm-id="undefined"', '']) {
    it(`logs the legacy id's thread with ${perm || 'no perm id'}`, async () => {
      document.body.innerHTML = `<div role="main"><div gh="mtb"><div class="G-Ni">Archive</div></div><h2 class="hP" ${perm} data-legacy-thread-id="18c2e5a1b2c3d4e5">Fleet pilot</h2></div>`;
      history.replaceState(null, '', '/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRt');
      const seen: unknown[] = [];
      const send = async (message: unknown) => {
        seen.push(message);
        return { ok: true, data: { threadId: 'x', logged: false, activities: 0, messages: 1, contacts: [] } };
      };
      startFeatures({ window, signal: new AbortController().signal, features: [logButton(send, window as Window & typeof globalThis)] });
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([{ channel: 'engine.threadLogState', payload: { threadId: `thread-f:${BigInt('0x18c2e5a1b2c3d4e5')}` } }]);
    });
  }
});

describe('Log to CRM button without a toolbar', () => {
  it('sits beside the subject and records the missing toolbar in selector health', async () => {
    document.body.innerHTML = `<div role="main"><div class="ha"><h2 class="hP" data-thread-perm-id="thread-f:1">Fleet pilot</h2></div></div>`;
    history.replaceState(null, '', '/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRs');
    const send = async () => ({ ok: true, data: { threadId: 'thread-f:1', logged: false, activities: 0, messages: 1, contacts: [] } });
    const { health } = startFeatures({ window, signal: new AbortController().signal, features: [logButton(send, window as Window & typeof globalThis)] });
    await new Promise((r) => setTimeout(r, 20));
    expect(document.querySelector('.ha > followthrough-log-button')).not.toBeNull();
    expect(health.missing()).toContain('thread.toolbar');
  });
});
