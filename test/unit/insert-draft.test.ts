import { beforeEach, describe, expect, it } from 'vitest';
import { draftHtml, insertDraft, insertDraftFeature, parseInsertMessage, type MessagePort } from '@/lib/gmail/features/insert-draft';
import { SelectorHealth } from '@/lib/gmail/selectors';

// The Gmail feature that puts a chosen draft into the reply box, on markup shaped like Gmail's
// (Gmail 2026-11: `span.ams.bkH` opens an inline reply `div.ip.adB` whose body is the contenteditable
// `[aria-label="Message Body"]`).

const THREAD = 'thread-f:1882028161105939945';

function gmailThread(withReplyOpen = false) {
  document.body.innerHTML = `
    <div role="main">
      <h2 class="hP" data-thread-perm-id="#${THREAD}">Fleet tracking pilot</h2>
      <div class="nH UG id"><div class="ip iq"><span class="ams bkH" role="link">Reply</span></div></div>
    </div>`;
  const openReply = () => {
    const box = document.querySelector('.ip')!;
    box.className = 'ip adB';
    box.innerHTML = `<div class="M9"><div class="Am aiL Al editable" contenteditable="true" role="textbox" aria-label="Message Body"><div class="gmail_signature">-- Sam</div></div></div>`;
  };
  document.querySelector('.ams.bkH')!.addEventListener('click', () => setTimeout(openReply, 10));
  if (withReplyOpen) openReply();
}

const body = () => document.querySelector<HTMLElement>('[aria-label="Message Body"]')!;

beforeEach(() => {
  document.body.innerHTML = '';
  getSelection()?.removeAllRanges();
});

describe('the message guard', () => {
  it('accepts only a well-formed gmail.insertDraft', () => {
    expect(parseInsertMessage({ channel: 'gmail.insertDraft', payload: { threadId: THREAD, text: 'Hi' } })).toEqual({ threadId: THREAD, text: 'Hi' });
    for (const bad of [
      null,
      'gmail.insertDraft',
      { channel: 'gmail.insertDraft' },
      { channel: 'gmail.insertDraft', payload: { threadId: 'nope', text: 'Hi' } },
      { channel: 'gmail.insertDraft', payload: { threadId: THREAD, text: '' } },
      { channel: 'gmail.insertDraft', payload: { threadId: THREAD, text: 'x'.repeat(20_001) } },
      { channel: 'gmail.insertDraft', payload: { threadId: THREAD, text: 'Hi', send: true } },
      { channel: 'panel.contextChanged', payload: {} },
    ]) {
      expect(parseInsertMessage(bad)).toBeNull();
    }
  });
});

describe('inserting into the reply box', () => {
  it('opens a reply when none is open and puts the draft above the signature, line breaks kept', async () => {
    gmailThread();
    const answer = await insertDraft({ threadId: THREAD, text: 'Hi Priya,\n\nIt is <b>$38</b> a van.' }, window, new SelectorHealth(), new AbortController().signal);
    expect(answer).toEqual({ inserted: true, openedReplyBox: true });
    expect(body().innerHTML).toBe('<div>Hi Priya,</div><div><br></div><div>It is &lt;b&gt;$38&lt;/b&gt; a van.</div><div class="gmail_signature">-- Sam</div>');
  });

  it('inserts at the rep’s cursor when the box is open', async () => {
    gmailThread(true);
    const line = (text: string) => Object.assign(document.createElement('div'), { textContent: text });
    body().prepend(line('Before'), line('After'));
    const range = document.createRange();
    range.setStartAfter(body().firstChild!);
    range.collapse(true);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    const answer = await insertDraft({ threadId: THREAD, text: 'MIDDLE' }, window, undefined, new AbortController().signal);
    expect(answer).toEqual({ inserted: true, openedReplyBox: false });
    expect([...body().children].map((c) => c.textContent)).toEqual(['Before', 'MIDDLE', 'After', '-- Sam']);
  });

  it('refuses when Gmail shows another thread, and says so when the reply box never opens', async () => {
    gmailThread();
    expect(await insertDraft({ threadId: 'thread-f:1', text: 'x' }, window, undefined, new AbortController().signal)).toMatchObject({ inserted: false, error: expect.stringMatching(/different thread/) });
    document.querySelector('.ams.bkH')!.replaceWith(Object.assign(document.createElement('span'), { className: 'ams bkH' }));
    expect(await insertDraft({ threadId: THREAD, text: 'x' }, window, undefined, new AbortController().signal, 200)).toMatchObject({
      inserted: false,
      openedReplyBox: true,
      error: expect.stringMatching(/did not open/),
    });
    document.querySelector('.ams.bkH')!.remove();
    expect(await insertDraft({ threadId: THREAD, text: 'x' }, window, undefined, new AbortController().signal)).toMatchObject({ inserted: false, error: expect.stringMatching(/Reply button was not found/) });
  });

  it('escapes markup and keeps double spaces', () => {
    expect(draftHtml('a  b\n\n<script>')).toBe('<div>a &nbsp;b</div><div><br></div><div>&lt;script&gt;</div>');
  });
});

describe('the feature’s listener', () => {
  it('answers its own message with sendResponse, ignores others, and stops listening when aborted', async () => {
    gmailThread(true);
    const listeners = new Set<Parameters<MessagePort['addListener']>[0]>();
    const port: MessagePort = { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) };
    const controller = new AbortController();
    await insertDraftFeature(port, window).init(controller.signal, { url: new URL('https://mail.google.com/mail/u/0/#inbox/FMfcgzDrhPnKZzlFzZDCzXvPzHTWkbTf'), document, health: new SelectorHealth(), log: () => {} });
    const [listener] = [...listeners];
    expect(listener!({ channel: 'other' }, {}, () => {})).toBeUndefined();
    const answer = await new Promise((resolve) => expect(listener!({ channel: 'gmail.insertDraft', payload: { threadId: THREAD, text: 'Hello' } }, {}, resolve)).toBe(true));
    expect(answer).toEqual({ inserted: true, openedReplyBox: false });
    expect(body().textContent).toContain('Hello');
    controller.abort();
    expect(listeners.size).toBe(0);
  });
});
