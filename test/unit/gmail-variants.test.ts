import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage } from '@/lib/gmail/extract';
import { readInboxRows, rowGroup } from '@/lib/gmail/inbox';
import { SelectorHealth, queryAll } from '@/lib/gmail/selectors';
import { GmailThreadSnapshot } from '@/lib/gmail/snapshot';
import { dateOfLegacyId, queryShown, readThread, shownThreadIds } from '@/lib/gmail/thread';

// Gmail as it has been served since 2025, read from committed pages: the test page's variant modes
// (2026-11-variant-*.html, `npx tsx scripts/capture-gmail-page.ts --variants`, each reproducing a documented
// change), and real captures from InboxSDK's repository (MIT, LICENSE-InboxSDK-MIT.txt beside them).

const DIR = resolve(import.meta.dirname, '../fixtures/gmail/pages');
const read = (name: string) => readFileSync(resolve(DIR, name), 'utf8').replace(/<link[^>]*>/g, '');
const page = (name: string) => new DOMParser().parseFromString(read(name), 'text/html');
const mailbox = JSON.parse(readFileSync(resolve(import.meta.dirname, '../gmail-page/mailbox.json'), 'utf8')) as {
  threads: { id: string; subject: string; messages: { id: string; date: string; from: { email: string } }[] }[];
};
const FLEET = mailbox.threads.find((t) => t.subject === 'Fleet tracking pilot for 40 vans')!;
const SENT_AT = FLEET.messages.map((m) => Date.parse(m.date));
const LEGACY = BigInt(FLEET.id.split(':')[1]!).toString(16);
const PARTICIPANTS = ['sam@followthrough-demo.example', 'priya.raman@acme-robotics.example', 'marcus.webb@acme-robotics.example'];

describe('Gmail legacy ids carry the send time', () => {
  it('InboxSDK 2014-12-18 inbox capture: each thread id against its own date title (PST)', () => {
    const html = read('2014-12-18-inboxsdk-inbox.html');
    // VIEW_DATA rows: ["<thread id>", …, "<date title>", …]; the id is the thread's last message's.
    const pairs = [
      ['14a5f1c6f7aeeebc', 'Thu, Dec 18, 2014 at 12:35 PM'],
      ['14a5f1c5ad340727', 'Thu, Dec 18, 2014 at 12:35 PM'],
      ['14a3481b07c29fcf', 'Wed, Dec 10, 2014 at 6:02 AM'],
    ] as const;
    for (const [id, title] of pairs) {
      const entry = html.indexOf(`["${id}","${id}","${id}"`);
      expect(entry, id).toBeGreaterThan(0);
      expect(html.slice(entry, entry + 1200), id).toContain(`"${title}"`);
    }
    for (const [id, title] of pairs) {
      const pst = Date.parse(`${title.replace(' at ', ' ')} GMT-0800`);
      const at = dateOfLegacyId(id)!;
      // The title shows minutes: the id's time falls inside that minute.
      expect(at - pst, `${id} ${title}`).toBeGreaterThanOrEqual(0);
      expect(at - pst, `${id} ${title}`).toBeLessThan(60_000);
    }
  });

  it('InboxSDK 2022-09-09 send capture: the sent message’s legacy id is its send time to the millisecond', () => {
    const response = readFileSync(resolve(import.meta.dirname, '../fixtures/gmail/network/2022-09-09-cvOnSend_response.json'), 'utf8');
    expect(response).toContain('1662744701660');
    expect(response).toContain('"183234eaadcf41e5"');
    expect(dateOfLegacyId('183234eaadcf41e5')).toBe(1662744701660);
  });

  it('garbage and impossible ids give no date', () => {
    expect(dateOfLegacyId(undefined)).toBeUndefined();
    expect(dateOfLegacyId('zz')).toBeUndefined();
    expect(dateOfLegacyId('00000000000001')).toBeUndefined(); // before Gmail existed
    expect(dateOfLegacyId('ffffffffffffffff')).toBeUndefined(); // after 2100
  });
});

describe('split-pane rows are one thread', () => {
  it('InboxSDK 2014-12/2015-01 split-pane captures: 3 rows and 2 rows make one group each', () => {
    const doc = page('2014-12-split-pane-rows.html');
    const firsts = [...doc.querySelectorAll('tr.zA.apv[id]')];
    expect(firsts).toHaveLength(2);
    expect(rowGroup(firsts[0]!)).toHaveLength(3);
    expect(rowGroup(firsts[1]!)).toHaveLength(2);
    // A plain row is its own group.
    expect(rowGroup(doc.querySelector('tr.zA:not(.apv)')!)).toHaveLength(1);
  });

  it('the test page in split-pane mode: 15 rows, 5 threads, each read whole', () => {
    const doc = page('2026-11-variant-split-pane-inbox.html');
    expect(doc.querySelectorAll('tr.zA')).toHaveLength(15);
    const health = new SelectorHealth();
    const rows = readInboxRows(doc, health);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.threadId)).size).toBe(5);
    for (const r of rows) {
      expect(r.senders.length).toBeGreaterThan(0);
      expect(r.snippet.length).toBeGreaterThan(0);
      expect(r.subject.length).toBeGreaterThan(0);
    }
    expect(health.missing()).toEqual([]);
  });
});

const THREAD_PAGES = ['perm-undefined', 'perm-absent', 'stale-views', 'collapsed', 'localized', 'split-pane', 'second-reply-bar', 'quote-adl'];

describe.each(THREAD_PAGES)('the %s thread page', (variant) => {
  const doc = page(`2026-11-variant-${variant}-thread.html`);

  it('reads the thread on screen: its id, subject, every participant, send dates and bodies without quotes', () => {
    const health = new SelectorHealth();
    health.view = 'thread';
    const thread = readThread(doc, health)!;
    expect(GmailThreadSnapshot.safeParse(thread).success).toBe(true);
    // The perm id when Gmail gives one, else the legacy id's thread-f form: the same id either way.
    expect(thread.threadId).toBe(FLEET.id);
    expect(thread.legacyThreadId).toBe(LEGACY);
    expect(thread.subject).toBe(FLEET.subject);
    expect(thread.participants.map((p) => p.email).sort()).toEqual([...PARTICIPANTS].sort());
    expect(thread.messageCount).toBe(FLEET.messages.length);
    const dates = [...(thread.collapsed ?? []).map((c) => c.date), ...thread.messages.map((m) => m.date)];
    if (variant === 'collapsed') {
      expect(thread.collapsed).toHaveLength(FLEET.messages.length - 1);
      expect(thread.messages).toHaveLength(1);
      // Collapsed messages have no id: their English date title is the fallback (to the minute).
      expect(thread.collapsed!.map((c) => c.from.email)).toEqual(FLEET.messages.slice(0, -1).map((m) => m.from.email));
    } else {
      expect(thread.messages).toHaveLength(FLEET.messages.length);
      expect(dates).toEqual(SENT_AT);
    }
    // The last message is expanded in every variant and dated by its id, whatever the language.
    expect(thread.messages.at(-1)!.date).toBe(SENT_AT.at(-1));
    for (const m of thread.messages) expect(m.bodyText).not.toMatch(/wrote:|^>/m);
    expect(health.missing()).toEqual([]);
  });

  it('finds the visible reply bar and the thread ids on screen', () => {
    const bar = queryShown(doc, 'reply.bar');
    expect(bar).not.toBeNull();
    expect(bar!.closest('table')).toBeNull();
    expect(shownThreadIds(doc)).toEqual({ threadId: FLEET.id, aliases: [] });
  });
});

describe('documented traps', () => {
  it('stale views: the first h2.hP and div.adn in the document belong to a hidden earlier thread', () => {
    const doc = page('2026-11-variant-stale-views-thread.html');
    expect(doc.querySelector('h2.hP')!.textContent).toBe('Rollout schedule for Q1');
    expect(queryAll(doc, 'thread.message').length).toBeGreaterThan(FLEET.messages.length);
    expect(extractPage(doc).thread!.subject).toBe(FLEET.subject);
  });

  it('second reply bar: the first div.amn in the document is the hidden one', () => {
    const doc = page('2026-11-variant-second-reply-bar-thread.html');
    expect(doc.querySelectorAll('div.amn')).toHaveLength(2);
    expect(doc.querySelector('div.amn')!.closest('table')).not.toBeNull();
    expect(queryShown(doc, 'reply.bar')).toBe(doc.querySelectorAll('div.amn')[1]);
  });

  it('localized UI: Russian date titles and "копия:" labels; cc is told apart without English words', () => {
    const doc = page('2026-11-variant-localized-thread.html');
    expect(doc.querySelector('span.g3')!.getAttribute('title')).toMatch(/[а-я]/);
    const thread = readThread(doc)!;
    const withCc = thread.messages.find((m) => m.cc.length > 0);
    const english = readThread(page('2026-11-thread.html'))!;
    expect(thread.messages.map((m) => ({ to: m.to, cc: m.cc }))).toEqual(english.messages.map((m) => ({ to: m.to, cc: m.cc })));
    expect(withCc).toBeDefined();
  });

  it('cc and bcc in other languages and scripts, with or without a "to" label', () => {
    const line = (html: string) =>
      new DOMParser().parseFromString(
        `<h2 class="hP" data-thread-perm-id="thread-f:1882028161105939945">S</h2><div class="adn ads" data-message-id="#msg-f:1882028161105939945"><span class="gD" email="a@x.example" name="A">A</span><span class="hb">${html}</span><div class="a3s">hi</div></div>`,
        'text/html',
      );
    const p = (e: string) => `<span class="g2" email="${e}" name="${e}">${e}</span>`;
    const cases = [
      `an ${p('t@x.example')}, Kopie: ${p('c@x.example')}, Blindkopie: ${p('b@x.example')}`,
      `kepada ${p('t@x.example')}, cc: ${p('c@x.example')}`,
      `${p('t@x.example')}，抄送：${p('c@x.example')}，密送：${p('b@x.example')}`,
      `à ${p('t@x.example')}, Cc : ${p('c@x.example')}`,
      `кому: ${p('t@x.example')}, копия: ${p('c@x.example')}, скрытая копия: ${p('b@x.example')}`,
    ];
    for (const html of cases) {
      const m = readThread(line(html))!.messages[0]!;
      expect(m.to.map((x) => x.email), html).toEqual(['t@x.example']);
      expect(m.cc.map((x) => x.email), html).toEqual(['c@x.example']);
    }
  });

  it('perm id "undefined" with a thread-a legacy pair: both forms are handed on', () => {
    const doc = new DOMParser().parseFromString(
      `<h2 class="hP" data-thread-perm-id="thread-a:r263523620390330024" data-legacy-thread-id="183234ce86ffa010">Hi</h2>`,
      'text/html',
    );
    // InboxSDK 2022-09-09-cvOnSend: thread-a:r263523620390330024 is stored as legacy 183234ce86ffa010.
    expect(shownThreadIds(doc)).toEqual({ threadId: 'thread-a:r263523620390330024', aliases: ['thread-f:1743514067378610192'] });
  });

  it('no perm id and no legacy id: no thread, and the health record names the id', () => {
    const doc = new DOMParser().parseFromString(`<h2 class="hP" data-thread-perm-id="undefined">Hi</h2><div class="adn ads"></div>`, 'text/html');
    const health = new SelectorHealth();
    expect(readThread(doc, health)).toBeNull();
    expect(health.missing()).toContain('thread.id');
  });
});
