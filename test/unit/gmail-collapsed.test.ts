import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readThread } from '@/lib/gmail/thread';
import { senders, startTestBackground } from '../support/background';

// Collapsed messages (`div.kv`, header `div.adf.ads`) carry no message id in the DOM. Public sources agree:
// InboxSDK's gmail-message-view (read 2026-12-06 at commit 013445c5) reads a message's id only once the
// message is expanded (`h7`; "tried to get message id before message is loaded" otherwise), and reads the date
// and recipients of unloaded messages from Gmail's thread data, not the page. So a collapsed message counts
// (sender, date, participants) but is logged only when its id arrives: the rep expands it (the thread reporter
// reads it like any other message) or Gmail's sync data carries it (the rep's own messages). Either way the
// key is the message id, so the two paths meet on one row and nothing is logged twice.

const DIR = resolve(import.meta.dirname, '../fixtures/gmail/pages');
const page = (name: string) => new DOMParser().parseFromString(readFileSync(resolve(DIR, name), 'utf8').replace(/<link[^>]*>/g, ''), 'text/html');

const SAM = 'sam@followthrough-demo.example';
// The Fleet thread of the Gmail test page (test/gmail-page/mailbox.json): Sam 11-16, Priya 11-18, Sam 11-19,
// Priya 11-24; in the collapsed variant only the last is expanded.
const SAM_1116 = 'msg-f:1882028161105939945';
const PRIYA_1118 = 'msg-f:1882207404688020713';
const SAM_1119 = 'msg-f:1882314611098549306';
const PRIYA_1124 = 'msg-f:1882746519552513675';

let clock = Date.parse('2026-11-24T15:00:00Z');
let bg: Awaited<ReturnType<typeof startTestBackground>>;
beforeEach(async () => {
  clock = Date.parse('2026-11-24T15:00:00Z');
  bg = await startTestBackground(() => clock);
});
afterEach(() => bg.close());

const seen = (file: string, opened: boolean) => {
  const thread = readThread(page(file))!;
  return bg.route({ channel: 'gmail.threadSeen', payload: { thread, opened, account: SAM } }, senders.gmail);
};
const events = async (type: string) =>
  (await bg.db.events.where('type').equals(type).toArray()).map((e) => (e.event as { email: { messageId: string } }).email.messageId).sort();
const fromSync = (messageId: string, date: string) =>
  bg.route(
    {
      channel: 'gmail.ownMessages',
      payload: {
        messages: [
          {
            messageId,
            threadId: 'thread-f:1882028161105939945',
            from: { name: 'Sam Carter', email: SAM },
            to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }],
            subject: 'Re: Fleet tracking pilot for 40 vans',
            date: Date.parse(date),
            labels: [],
            source: 'sync',
          },
        ],
      },
    },
    senders.gmail,
  );

describe('collapsed messages', () => {
  it('the collapsed page has no message id to log by: its messages are counted, not logged', async () => {
    const thread = readThread(page('2026-11-variant-collapsed-thread.html'))!;
    expect(thread.messages.map((m) => m.messageId)).toEqual([PRIYA_1124]);
    expect(thread.collapsed?.map((c) => c.from.email)).toEqual([SAM, 'priya.raman@acme-robotics.example', SAM]);
    expect(thread.messageCount).toBe(4);
    expect(await seen('2026-11-variant-collapsed-thread.html', true)).toMatchObject({ ok: true });
    expect(await events('email.received')).toEqual([PRIYA_1124]);
    expect(await events('email.sent')).toEqual([]);
  });

  it('logged once each when sync data brings them or the rep expands them, whatever the order, never twice', async () => {
    await seen('2026-11-variant-collapsed-thread.html', true);
    // Gmail's sync data carries the rep's collapsed 11-19 reply (sent from the phone, say).
    expect(await fromSync(SAM_1119, '2026-11-19T14:05:00-05:00')).toMatchObject({ ok: true, data: { emitted: 1 } });
    // The rep expands every message: the thread reporter reads them all (opened: false, same view).
    clock += 60_000;
    await seen('2026-11-thread.html', false);
    // Read again, collapsed and expanded, and the same sync message once more.
    await seen('2026-11-variant-collapsed-thread.html', true);
    await seen('2026-11-thread.html', false);
    await fromSync(SAM_1119, '2026-11-19T14:05:00-05:00');
    await bg.route({ channel: 'gmail.settleSends', payload: {} }, senders.gmail);

    expect(await events('email.received')).toEqual([PRIYA_1118, PRIYA_1124].sort());
    // 11-16 is older than a week: history, not a send from elsewhere (see gmail-sends.test).
    expect(await events('email.sent')).toEqual([SAM_1119]);
    expect(await bg.db.gmailSends.get(SAM_1116)).toBeUndefined();
  });

  it('expanded first, then the same message in sync data: still one', async () => {
    await seen('2026-11-thread.html', true);
    expect(await events('email.sent')).toEqual([SAM_1119]);
    expect(await fromSync(SAM_1119, '2026-11-19T14:05:00-05:00')).toMatchObject({ ok: true, data: { emitted: 0 } });
    expect(await events('email.sent')).toEqual([SAM_1119]);
  });
});
