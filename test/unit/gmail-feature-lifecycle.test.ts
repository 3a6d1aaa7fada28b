/**
 * @vitest-environment happy-dom
 * @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/#inbox"}
 */
import { describe, expect, it } from 'vitest';
import { onlyOurs, startFeatures, type Feature } from '@/lib/gmail/feature-manager';
import { visibleToolbar } from '@/lib/gmail/features/log-button';
import { bodyText, readThread } from '@/lib/gmail/thread';
import { eachCompose } from '@/lib/gmail/compose';
import { SelectorHealth } from '@/lib/gmail/selectors';

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('feature lifecycle', () => {
  it('runs view features once per navigation (a popstate that changed only the hash waits for hashchange); page features once', () => {
    history.replaceState(null, '', '/mail/u/0/#inbox');
    const started: string[] = [];
    const feature = (id: string, lifetime?: 'page'): Feature => ({ id, include: [() => true], lifetime, init: () => void started.push(id) });
    const controller = new AbortController();
    startFeatures({ window, signal: controller.signal, features: [feature('view'), feature('page', 'page')] });
    expect(started).toEqual(['page', 'view']);

    history.pushState(null, '', '/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRr');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(started).toEqual(['page', 'view']);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(started).toEqual(['page', 'view', 'view']);

    // A history navigation that changed more than the hash still runs on popstate.
    history.pushState(null, '', '/mail/u/1/#inbox');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(started).toEqual(['page', 'view', 'view', 'view']);
    controller.abort();
  });

  it('stops the view being left before Gmail draws the next one, and starts the next view after it', () => {
    history.replaceState(null, '', '/mail/u/0/#inbox');
    const signals: AbortSignal[] = [];
    const seenByGmail: { leftStopped: boolean; started: number }[] = [];
    // Gmail's own listener, added before the content script's (it runs at its own load).
    const gmail = () => seenByGmail.push({ leftStopped: signals[0]!.aborted, started: signals.length });
    window.addEventListener('hashchange', gmail);
    const controller = new AbortController();
    startFeatures({ window, signal: controller.signal, features: [{ id: 'view', include: [() => true], init: (signal) => void signals.push(signal) }] });
    history.pushState(null, '', '/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRr');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(seenByGmail).toEqual([{ leftStopped: true, started: 1 }]);
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    // A hashchange to where the features already are changes nothing.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    window.removeEventListener('hashchange', gmail);
    controller.abort();
  });
});

describe('reading without layout', () => {
  it('picks the toolbar shown beside the thread, not a list toolbar hidden inline or farther away', () => {
    document.body.innerHTML =
      `<div role="main"><div style="display: none"><div gh="mtb" id="hidden-list"></div></div>` +
      `<div id="list"><div gh="mtb" id="other-list"></div></div>` +
      `<div id="thread"><div class="iH"><div gh="mtb" id="thread-toolbar"></div></div><div><h2 class="hP" data-thread-perm-id="thread-f:1">S</h2></div></div></div>`;
    const heading = document.querySelector('h2.hP')!;
    const { toolbar, ambiguous } = visibleToolbar(document, heading);
    expect(toolbar?.id).toBe('thread-toolbar');
    expect(ambiguous).toBe(true);

    document.body.innerHTML = `<div gh="mtb" id="only"></div><h2 class="hP">S</h2>`;
    expect(visibleToolbar(document, document.querySelector('h2.hP')!)).toEqual({ toolbar: document.getElementById('only'), ambiguous: false });
  });

  it('leaves every kind of quoted history out of a message body, however nested', () => {
    document.body.innerHTML =
      `<div class="a3s">Hi Priya,<br>Tuesday works.<div>Sam</div>` +
      `<div class="yj6qo">…</div><div class="adL"><div class="gmail_quote">On Mon she wrote:<blockquote class="gmail_quote">Old text</blockquote></div></div>` +
      `<p>After <blockquote>quoted by another client</blockquote>the quote.</p></div>`;
    expect(bodyText(document.querySelector('.a3s')!)).toBe('Hi Priya,Tuesday works.SamAfter the quote.');
  });

  it('a body without quotes reads as its text, markup and nesting left out', () => {
    document.body.innerHTML = `<div class="a3s">Hi <b>Sam</b>,<div><span>see <a href="#">the plan</a></span></div>\n\n\n<p>Thanks</p></div>`;
    expect(bodyText(document.querySelector('.a3s')!)).toBe('Hi Sam,see the plan\n\nThanks');
  });

  it('reads the messages of the view holding the heading, however deep they sit beside it, and not a hidden earlier view', () => {
    const message = (id: string, from: string) =>
      `<div class="adn ads" data-message-id="#msg-f:${id}" data-legacy-message-id="${BigInt(id).toString(16)}"><span class="gD" email="${from}" name="X">X</span><div class="a3s">m${id}</div></div>`;
    document.body.innerHTML =
      `<div role="main"><div style="display:none"><div><h2 class="hP" data-thread-perm-id="#thread-f:1">Old</h2></div><div>${message('1', 'old@a.example')}</div></div>` +
      `<div><div class="ha"><h2 class="hP" data-thread-perm-id="#thread-f:2">New</h2></div>` +
      `<div><div><div class="kv"><span class="gD" email="first@b.example" name="First">First</span></div>${message('2', 'new@b.example')}</div></div></div></div>`;
    const thread = readThread(document)!;
    expect(thread.threadId).toBe('thread-f:2');
    expect(thread.messages.map((m) => m.messageId)).toEqual(['msg-f:2']);
    expect(thread.participants.map((p) => p.email).sort()).toEqual(['first@b.example', 'new@b.example']);
    expect(thread.messageCount).toBe(2);
  });

  it('tells a batch of only our own controls from Gmail’s changes', () => {
    const host = document.createElement('followthrough-log-button');
    const gmail = document.createElement('div');
    const batch = (added: Node[], removed: Node[] = []) => [{ type: 'childList', addedNodes: added, removedNodes: removed }] as unknown as MutationRecord[];
    expect(onlyOurs(batch([host]))).toBe(true);
    expect(onlyOurs(batch([], [host]))).toBe(true);
    expect(onlyOurs(batch([host, gmail]))).toBe(false);
    expect(onlyOurs(batch([document.createTextNode('x')]))).toBe(false);
    expect(onlyOurs([{ type: 'attributes', addedNodes: [], removedNodes: [] }] as unknown as MutationRecord[])).toBe(false);
  });
});

describe('compose controls', () => {
  it('share one watch of the page: each control is mounted in every compose that opens, until its own signal aborts', async () => {
    document.body.innerHTML = `<div class="M9"><div role="button" data-tooltip="Send (Ctrl-Enter)">Send</div></div>`;
    const health = new SelectorHealth();
    const a = new AbortController();
    const b = new AbortController();
    const mounted: string[] = [];
    const control = (tag: string) => (compose: Element, send: Element) => {
      mounted.push(tag);
      send.after(document.createElement(tag));
    };
    eachCompose(window, document, 'followthrough-a', health, a.signal, control('followthrough-a'));
    eachCompose(window, document, 'followthrough-b', health, b.signal, control('followthrough-b'));
    expect(mounted).toEqual(['followthrough-a', 'followthrough-b']);

    const second = document.createElement('div');
    second.className = 'M9';
    second.innerHTML = `<div role="button" data-tooltip="Send (Ctrl-Enter)">Send</div>`;
    document.body.append(second);
    await frame();
    await frame();
    expect(mounted).toEqual(['followthrough-a', 'followthrough-b', 'followthrough-a', 'followthrough-b']);

    a.abort();
    const third = second.cloneNode(false) as Element;
    third.innerHTML = `<div role="button" data-tooltip="Send (Ctrl-Enter)">Send</div>`;
    document.body.append(third);
    await frame();
    await frame();
    expect(mounted.slice(4)).toEqual(['followthrough-b']);
    b.abort();
  });

  it('look at a frame’s changes only when they touch a compose: a Send button drawn into an open compose later is found, a thread drawn elsewhere costs no search', async () => {
    document.body.innerHTML = `<div role="main"></div><div class="M9"><div class="body"></div></div>`;
    const health = new SelectorHealth();
    const signal = new AbortController();
    const mounted: Element[] = [];
    eachCompose(window, document, 'followthrough-c', health, signal.signal, (compose, send) => {
      mounted.push(compose);
      send.after(document.createElement('followthrough-c'));
    });
    expect(mounted).toEqual([]); // no Send button yet

    const frames = { asked: 0 };
    const raf = window.requestAnimationFrame;
    window.requestAnimationFrame = (cb) => (frames.asked++, raf.call(window, cb));
    try {
      // A thread view drawn in the main pane: nothing in it is a compose.
      document.querySelector('[role=main]')!.innerHTML = `<div class="nH"><h2 class="hP">Subject</h2><div class="adn"></div></div>`;
      await Promise.resolve();
      expect(frames.asked).toBe(0);

      // Gmail draws the compose's Send button a moment after the compose itself.
      document.querySelector('.M9 .body')!.insertAdjacentHTML('afterend', `<div role="button" data-tooltip="Send (Ctrl-Enter)">Send</div>`);
      await frame();
      await frame();
      expect(frames.asked).toBeGreaterThan(0);
      expect(mounted).toEqual([document.querySelector('.M9')]);
    } finally {
      window.requestAnimationFrame = raf;
      signal.abort();
    }
  });
});
