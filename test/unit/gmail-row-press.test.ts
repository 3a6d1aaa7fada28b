/**
 * @vitest-environment happy-dom
 * @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/#inbox"}
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRow, rowGroup, rowThread } from '@/lib/gmail/inbox';
import { rowPress } from '@/lib/gmail/features/thread-reporter';
import { SelectorHealth } from '@/lib/gmail/selectors';
import type { SendPort } from '@/lib/client';

// A press on a thread's row names the thread to the background before Gmail draws it (the side panel's view is
// read ahead, lib/handlers/gmail.ts). The row's ids only; any part of a split-pane group names its thread.

const DIR = resolve(import.meta.dirname, '../fixtures/gmail/pages');
const page = (name: string) => new DOMParser().parseFromString(readFileSync(resolve(DIR, name), 'utf8').replace(/<link[^>]*>/g, ''), 'text/html');

describe('rowThread', () => {
  it('every part of a row or split-pane group names the thread its row is read as; outside a row, nothing', () => {
    let named = 0;
    for (const file of ['2026-11-inbox.html', '2026-11-variant-split-pane-inbox.html', '2014-12-split-pane-rows.html', '2014-12-18-inboxsdk-inbox.html']) {
      const doc = page(file);
      const rows = [...doc.querySelectorAll('tr.zA')].filter((r) => !r.classList.contains('apv') || r.hasAttribute('id'));
      expect(rows.length, file).toBeGreaterThan(1);
      for (const row of rows) {
        const read = readRow(row);
        if (read) named++;
        for (const part of rowGroup(row)) {
          for (const target of [part, ...part.querySelectorAll('span, div, td')]) {
            expect(rowThread(target)?.threadId, `${file}: ${target.outerHTML.slice(0, 80)}`).toBe(read?.threadId);
          }
        }
      }
      expect(rowThread(doc.body)).toBeNull();
    }
    // The 2014 captures' rows carry no thread id (neither reader names one); the test page's 10 rows do.
    expect(named).toBeGreaterThanOrEqual(10);
  });
});

describe('rowPress', () => {
  it('one message per press (mousedown, then its click), one for a click alone, none outside rows or for other buttons', async () => {
    document.body.innerHTML = `<div role="main">${page('2026-11-inbox.html').querySelector('[role="main"]')!.innerHTML}</div>`;
    const sent: unknown[] = [];
    const send = (async (message: unknown) => {
      sent.push(message);
      return { ok: true, data: { received: true } };
    }) as SendPort;
    const controller = new AbortController();
    void rowPress(send).init(controller.signal, { url: new URL(location.href), document, health: new SelectorHealth(), log: () => {} });
    const subject = document.querySelector('tr.zA span.bog')!;
    const id = rowThread(subject)!.threadId;
    subject.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 }));
    subject.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 0 }));
    expect(sent).toEqual([{ channel: 'gmail.threadClicked', payload: { threadId: id, ...(rowThread(subject)!.legacyThreadId ? { legacyThreadId: rowThread(subject)!.legacyThreadId } : {}) } }]);
    (subject as HTMLElement).click();
    expect(sent).toHaveLength(2);
    subject.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 2 }));
    document.querySelector('[role="main"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 0 }));
    expect(sent).toHaveLength(2);
    controller.abort();
    (subject as HTMLElement).click();
    expect(sent).toHaveLength(2);
  });
});
