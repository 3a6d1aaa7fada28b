import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage } from '@/lib/gmail/extract';
import { readInboxRows } from '@/lib/gmail/inbox';
import { query, queryAll, SELECTOR_KEYS, SelectorHealth } from '@/lib/gmail/selectors';
import { parseGmailDate, readAccount, readThread } from '@/lib/gmail/thread';

// Extraction over committed, dated page snapshots (test/fixtures/gmail/pages), with exact counts.

const DIR = resolve(import.meta.dirname, '../fixtures/gmail/pages');
// Stylesheet links are dropped: the test DOM does not load CSS.
const page = (name: string) => new DOMParser().parseFromString(readFileSync(resolve(DIR, name), 'utf8').replace(/<link[^>]*>/g, ''), 'text/html');

const SAM = { name: 'Sam Carter', email: 'sam@followthrough-demo.example' };
const PRIYA = { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' };
const MARCUS = { name: 'Marcus Webb', email: 'marcus.webb@acme-robotics.example' };

describe('2026-11 inbox', () => {
  const doc = page('2026-11-inbox.html');

  it('reads every row: ids, senders, subject, snippet, unread', () => {
    const health = new SelectorHealth();
    const rows = readInboxRows(doc, health);
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.subject)).toEqual([
      'Fleet tracking pilot for 40 vans',
      'Pipeline review on Thursday',
      'Rollout schedule for Q1',
      'Your November invoice is ready',
      'Northwind security questionnaire',
    ]);
    expect(rows.map((r) => r.unread)).toEqual([true, true, true, false, false]);
    expect(rows[0]).toEqual({
      threadId: 'thread-f:1882028161105939945',
      legacyThreadId: '1a1e4ea420004de9',
      senders: [
        { name: 'me', email: SAM.email },
        { name: 'Priya', email: PRIYA.email },
      ],
      subject: 'Fleet tracking pilot for 40 vans',
      snippet: expect.stringMatching(/^Hi Sam, Just checking in on the pricing question\./),
      unread: true,
    });
    expect(rows[3]!.senders).toEqual([{ name: 'Lumen', email: 'no-reply@lumenbilling.example' }]);
    for (const r of rows) expect(BigInt(r.threadId.replace('thread-f:', '')).toString(16)).toBe(r.legacyThreadId);
    expect(health.missing()).toEqual([]);
  });

  it('is a list page with no thread', () => {
    expect(extractPage(doc)).toMatchObject({ view: 'list', thread: null });
    expect(readAccount(doc)).toBe(SAM.email);
  });

  it('without the account button, reads the account from the tab title, past addresses in the subject', () => {
    const titled = (title: string) => {
      const d = new DOMParser().parseFromString('<html><head><title></title></head><body></body></html>', 'text/html');
      d.title = title;
      return d;
    };
    expect(readAccount(titled('Inbox (3) - Sam.Rep@Company.example - Gmail'))).toBe('sam.rep@company.example');
    expect(readAccount(titled('Intro - bob@other.example - and more - sam@company.example - Company Mail'))).toBe('sam@company.example');
    expect(readAccount(titled('Gmail'))).toBeUndefined();
  });
});

describe('2026-11 thread', () => {
  const doc = page('2026-11-thread.html');
  const thread = readThread(doc)!;

  it('has the toolbar and reply box other features attach to', () => {
    expect(queryAll(doc, 'thread.toolbar')).toHaveLength(1);
    expect(query(doc, 'reply.open')).not.toBeNull();
    expect(query(doc, 'reply.container')).not.toBeNull();
  });

  it('reads the thread: both id forms, subject, participants', () => {
    expect(thread.threadId).toBe('thread-f:1882028161105939945');
    expect(thread.legacyThreadId).toBe('1a1e4ea420004de9');
    expect(thread.subject).toBe('Fleet tracking pilot for 40 vans');
    expect(thread.participants).toEqual([SAM, PRIYA, MARCUS]);
  });

  it('reads each message: id, sender, to/cc, date, body without quoted history', () => {
    expect(thread.messages).toHaveLength(4);
    expect(thread.messages.map((m) => m.messageId)).toEqual([
      'msg-f:1882028161105939945',
      'msg-f:1882207404688020713',
      'msg-f:1882314611098549306',
      'msg-f:1882746519552513675',
    ]);
    for (const m of thread.messages) expect(BigInt(m.messageId.replace('msg-f:', '')).toString(16)).toBe(m.legacyMessageId);
    expect(thread.messages.map((m) => [m.from.email, m.to.map((p) => p.email), m.cc.map((p) => p.email)])).toEqual([
      [SAM.email, [PRIYA.email], []],
      [PRIYA.email, [SAM.email], [MARCUS.email]],
      [SAM.email, [PRIYA.email], [MARCUS.email]],
      [PRIYA.email, [SAM.email], [MARCUS.email]],
    ]);
    // The snapshot was rendered in UTC; Gmail's titles are local time without a zone.
    expect(new Date(thread.messages[3]!.date!).toISOString()).toBe(new Date(2026, 10, 24, 13, 30).toISOString());
    const last = thread.messages[3]!.bodyText;
    expect(last.startsWith('Hi Sam,')).toBe(true);
    expect(last).toContain('Our budget meeting is on Friday.');
    expect(last).not.toContain('Let me check the annual numbers'); // the quoted previous message
    expect(last).not.toContain('wrote:');
  });

  it('dates: Gmail’s title forms', () => {
    expect(parseGmailDate('Tue, Nov 24, 2026, 1:30 PM')).toBe(new Date(2026, 10, 24, 13, 30).getTime());
    expect(parseGmailDate('Tue, Nov 24, 2026 at 1:30\u202fPM')).toBe(new Date(2026, 10, 24, 13, 30).getTime());
    expect(parseGmailDate('yesterday-ish')).toBeUndefined();
    expect(parseGmailDate(null)).toBeUndefined();
  });
});

describe('2026-11 thread with a compose dialog and an inline reply open', () => {
  const doc = page('2026-11-thread-compose.html');

  it('still reads the thread, and finds both compose windows', () => {
    expect(readThread(doc)!.messages).toHaveLength(4);
    const composes = queryAll(doc, 'compose.root');
    expect(composes).toHaveLength(2);
    const dialog = composes.find((c) => c.closest('[role="dialog"]'))!;
    expect(query<HTMLInputElement>(dialog, 'compose.subject')!.getAttribute('value')).toBe('Rollout plan');
    expect(queryAll(dialog, 'compose.recipient').map((c) => c.getAttribute('data-hovercard-id'))).toEqual(['elena@northwind.example']);
    expect(query(dialog, 'compose.send')).not.toBeNull();
    const inline = composes.find((c) => !c.closest('[role="dialog"]'))!;
    expect(query<HTMLInputElement>(inline, 'compose.subject')!.getAttribute('value')).toBe('Re: Fleet tracking pilot for 40 vans');
    expect(queryAll(inline, 'compose.recipient').map((c) => c.getAttribute('data-hovercard-id'))).toEqual([PRIYA.email]);
    expect(query(inline, 'compose.body')!.textContent).toBe('Hi Priya, the per-van price is');
  });
});

describe('a Gmail build with renamed classes (fallbacks)', () => {
  const doc = page('2026-11-variant-attributes-only.html');

  it('reads rows by the hex id alone and subjects by the older wrapper', () => {
    const rows = readInboxRows(doc);
    expect(rows.map((r) => [r.threadId, r.subject, r.unread, r.senders.map((s) => s.email)])).toEqual([
      ['thread-f:1882028161105939945', 'Fleet tracking pilot for 40 vans', true, [PRIYA.email]],
      ['thread-f:1881665144095565976', 'Northwind security questionnaire', false, ['elena@northwind.example', SAM.email]],
    ]);
  });

  it('reads the thread through attribute fallbacks', () => {
    const thread = readThread(doc)!;
    expect(thread.threadId).toBe('thread-f:1882028161105939945');
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({
      messageId: 'msg-f:1882447062911010214',
      from: PRIYA,
      to: [SAM],
      cc: [],
      bodyText: 'Just checking in on the pricing question.',
    });
  });
});

describe('a page with none of the selectors', () => {
  it('extracts nothing, throws nothing, and the health record says what failed', () => {
    const doc = page('2026-11-unrecognised.html');
    const health = new SelectorHealth();
    health.view = 'thread';
    expect(() => extractPage(doc, health)).not.toThrow();
    expect(extractPage(doc, health)).toEqual({ view: 'other', rows: [], thread: null });
    // The decoy heading's id is garbage: that is named, never a silent "no thread".
    expect(health.missing()).toEqual(['thread.id', 'list.row']);
    // No compose open is normal, not a failure; a feature that expects one says so explicitly.
    expect(health.missing()).not.toContain('compose.root');
    const changes = health.takeChanges();
    expect(changes).toContainEqual({ key: 'list.row', view: 'thread', found: false });
    // Every key, asked on this page, fails cleanly (but for the decoys with garbage ids, and `body`).
    for (const key of SELECTOR_KEYS.filter((k) => !['compose.area', 'thread.subject', 'thread.message', 'thread.id'].includes(k))) {
      expect(query(doc, key, health), key).toBeNull();
    }
  });

  it('an empty document', () => {
    const doc = new DOMParser().parseFromString('', 'text/html');
    expect(extractPage(doc)).toEqual({ view: 'other', rows: [], thread: null });
  });
});
