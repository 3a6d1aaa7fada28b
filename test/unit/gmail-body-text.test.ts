import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryAll, SELECTORS } from '@/lib/gmail/selectors';
import { bodyText, readThread } from '@/lib/gmail/thread';

// The body reader takes the parts of a body that hold no quote whole and looks only into the elements on the
// way to a quote (lib/gmail/thread.ts). Checked here against the plain definition it replaced: every text
// node of the body in page order, less those inside any quote, on every committed page and on built shapes.

const DIR = resolve(import.meta.dirname, '../fixtures/gmail/pages');
const PAGES = readdirSync(DIR).filter((f) => f.endsWith('.html'));
const page = (name: string) => new DOMParser().parseFromString(readFileSync(resolve(DIR, name), 'utf8').replace(/<link[^>]*>/g, ''), 'text/html');

const QUOTES = SELECTORS['message.quote'].map((f) => f.css).join(', ');
function plainBodyText(body: Element): string {
  let text = '';
  const walker = body.ownerDocument.createTreeWalker(body, 4 /* text */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const inQuote = node.parentElement?.closest(QUOTES);
    if (!inQuote || !body.contains(inQuote) || inQuote === body) text += (node as Text).data;
  }
  return text.replace(/[ \t\u00a0]+/g, ' ').replace(/\n\s*\n+/g, '\n\n').trim();
}

describe('message body text', () => {
  it.each(PAGES)('%s: every body reads as its text less its quotes, alone and within the thread read', (name) => {
    const doc = page(name);
    const bodies = queryAll(doc, 'message.body');
    for (const body of bodies) expect(bodyText(body)).toBe(plainBodyText(body));
    const thread = readThread(doc);
    if (!thread) return;
    // The reader finds the view's quotes once for all its bodies: the same text as each body read alone.
    const read = new Map(bodies.map((b) => [b.closest('[data-message-id]')?.getAttribute('data-message-id')?.replace(/^#/, ''), bodyText(b)]));
    for (const m of thread.messages) if (read.has(m.messageId)) expect(m.bodyText).toBe(read.get(m.messageId));
  });

  it('leaves out nested, sibling and deep quotes, keeps text around them, and ignores comments', () => {
    document.body.innerHTML =
      '<div class="a3s">Hi <b>Sam</b>,<!-- a comment -->\n<div><p>before <span>deep</span></p><blockquote>q1 <div class="gmail_quote">nested</div></blockquote>between</div>' +
      '<div class="adm">…</div><div class="adL">folded <i>x</i></div><p>after <i>all</i></p></div>';
    const body = document.querySelector('.a3s')!;
    expect(bodyText(body)).toBe('Hi Sam,\nbefore deepbetweenafter all');
    expect(bodyText(body)).toBe(plainBodyText(body));
  });
});
