/**
 * @vitest-environment happy-dom
 * @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/#inbox"}
 */
import { describe, expect, it } from 'vitest';
import { startFeatures, type Feature } from '@/lib/gmail/feature-manager';
import { visibleToolbar } from '@/lib/gmail/features/log-button';
import { bodyText } from '@/lib/gmail/thread';

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
});
