import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageCache, readThread } from '@/lib/gmail/thread';
import { SELECTORS } from '@/lib/gmail/selectors';
import type { GmailMessageSnapshot } from '@/lib/gmail/snapshot';

// The thread reporter keeps the messages it read whole for the page's life (`MessageCache`): a thread opened
// again is drawn anew by Gmail, and only its new messages are read.

const DIR = resolve(import.meta.dirname, '../fixtures/gmail/pages');
const html = (name: string) => readFileSync(resolve(DIR, name), 'utf8').replace(/<link[^>]*>/g, '');
const page = (text: string) => new DOMParser().parseFromString(text, 'text/html');
const THREAD = html('2026-11-thread.html');

/** Counts searches for message bodies (what a read of a message does and a known message skips). */
function countingBodies(doc: Document) {
  const bodies = new Set(SELECTORS['message.body'].map((f) => f.css));
  const count = { bodies: 0 };
  const proto = Object.getPrototypeOf(doc.body) as Element;
  const own = Object.getPrototypeOf(Object.getPrototypeOf(proto)) as { querySelector: Element['querySelector'] };
  const original = own.querySelector;
  own.querySelector = function (this: Element, css: string) {
    if (bodies.has(css)) count.bodies++;
    return original.call(this, css);
  } as Element['querySelector'];
  return { count, restore: () => (own.querySelector = original) };
}

describe('messages read once per page', () => {
  it('a thread drawn again reads the same, without reading its messages again', () => {
    const cache = new MessageCache();
    const first = readThread(page(THREAD), undefined, undefined, cache)!;
    expect(first.messages).toHaveLength(4);
    expect(cache.size).toBe(4);
    const again = page(THREAD);
    const spy = countingBodies(again);
    let second;
    try {
      second = readThread(again, undefined, undefined, cache)!;
    } finally {
      spy.restore();
    }
    expect(spy.count.bodies).toBe(0);
    expect(second).toEqual(first);
    expect(second).toEqual(readThread(page(THREAD))); // the same as a read without the cache
  });

  it('hands out copies: what a caller does with a read never reaches the next one', () => {
    const cache = new MessageCache();
    const first = readThread(page(THREAD), undefined, undefined, cache)!;
    first.messages[0]!.to.push({ name: 'x', email: 'x@x.example' });
    first.messages[0]!.from.name = 'changed';
    const second = readThread(page(THREAD), undefined, undefined, cache)!;
    expect(second).toEqual(readThread(page(THREAD)));
  });

  it('reads a message again when it was caught half drawn (no body text, or no recipients line yet)', () => {
    const cache = new MessageCache();
    const half = page(THREAD);
    const [first, second] = [...half.querySelectorAll('div.adn')];
    first!.querySelector('div.a3s')!.textContent = '';
    for (const line of second!.querySelectorAll('div.iw.ajw, span.hb')) line.remove();
    readThread(half, undefined, undefined, cache);
    expect(cache.size).toBe(2);
    const whole = readThread(page(THREAD), undefined, undefined, cache)!;
    expect(whole).toEqual(readThread(page(THREAD)));
    expect(cache.size).toBe(4);
  });

  it('never takes one message for another: a message id it has not read is read', () => {
    const cache = new MessageCache();
    readThread(page(THREAD), undefined, undefined, cache);
    const other = page(THREAD);
    const el = other.querySelector('div.adn')!;
    el.setAttribute('data-message-id', '#msg-f:1882028161105939999');
    el.querySelector('div.a3s')!.textContent = 'Another message';
    const read = readThread(other, undefined, undefined, cache)!;
    expect(read.messages[0]!.messageId).toBe('msg-f:1882028161105939999');
    expect(read.messages[0]!.bodyText).toBe('Another message');
  });

  it('is bounded by count and by body characters, oldest out first', () => {
    const message = (n: number, chars: number): GmailMessageSnapshot => ({
      messageId: `msg-f:${n}`,
      from: { name: '', email: 'a@b.example' },
      to: [],
      cc: [],
      bodyText: 'x'.repeat(chars),
    });
    const byCount = new MessageCache(3, 1_000);
    for (let n = 1; n <= 5; n++) byCount.set(`k${n}`, message(n, 10));
    expect(byCount.size).toBe(3);
    expect(byCount.get('k1')).toBeUndefined();
    expect(byCount.get('k5')?.messageId).toBe('msg-f:5');

    const byChars = new MessageCache(100, 250);
    for (let n = 1; n <= 3; n++) byChars.set(`k${n}`, message(n, 100));
    expect(byChars.size).toBe(2);
    expect(byChars.get('k1')).toBeUndefined();
    byChars.set('big', message(9, 251));
    expect(byChars.get('big')).toBeUndefined();
  });
});
