import type { Feature } from '../feature-manager';
import { whenRendered } from '../feature-manager';
import { queryAll, type SelectorHealth } from '../selectors';
import { queryShown, shown, shownThreadIds } from '../thread';
import { t } from '../../i18n';
import { isText, isThreadId, payloadOf } from './background-message';

// Puts a draft the rep chose in the side panel into Gmail's reply box, at the cursor, opening a reply when
// none is open. It types nothing else and never presses Send: the rep reads, edits and sends.
// Plain DOM and hand-written guards (no zod in the Gmail script, CONTRIBUTING.md habit 7).

export interface InsertRequest {
  threadId: string;
  text: string;
}

export interface InsertAnswer {
  inserted: boolean;
  openedReplyBox: boolean;
  error?: string;
}

/** The background's `gmail.insertDraft` message, checked field by field; anything else is not ours. */
export function parseInsertMessage(message: unknown): InsertRequest | null {
  const p = payloadOf(message, 'gmail.insertDraft', ['threadId', 'text']);
  if (!p || !isThreadId(p.threadId) || !isText(p.text, 20_000)) return null;
  return { threadId: p.threadId, text: p.text };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Gmail's own compose markup for plain text: a div per line, `<div><br></div>` for an empty one. */
export function draftHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.trim() ? `<div>${escapeHtml(line).replace(/ {2}/g, ' &nbsp;')}</div>` : '<div><br></div>'))
    .join('');
}

function draftFragment(doc: Document, text: string): DocumentFragment {
  const template = doc.createElement('template');
  template.innerHTML = draftHtml(text);
  return template.content;
}

/** Where to insert: the rep's caret or selection when it is in the box, else the top (above quote and signature). */
function rangeIn(box: HTMLElement): Range {
  const doc = box.ownerDocument;
  const selection = doc.getSelection();
  if (selection && selection.rangeCount > 0) {
    const range = selection.getRangeAt(0);
    if (box.contains(range.startContainer) && box.contains(range.endContainer)) return range;
  }
  const range = doc.createRange();
  range.setStart(box, 0);
  range.collapse(true);
  return range;
}

export function insertAtCursor(box: HTMLElement, text: string) {
  const doc = box.ownerDocument;
  const range = rangeIn(box);
  box.focus();
  const selection = doc.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  // execCommand keeps Gmail's undo history and fires the input events Gmail saves drafts on; where it is not
  // available (or refuses), insert the same markup by hand and tell Gmail with an input event.
  const viaCommand = typeof doc.execCommand === 'function' && doc.queryCommandSupported?.('insertHTML') && doc.execCommand('insertHTML', false, draftHtml(text));
  if (!viaCommand) {
    range.deleteContents();
    const fragment = draftFragment(doc, text);
    const last = fragment.lastChild;
    range.insertNode(fragment);
    if (last) {
      range.setStartAfter(last);
      range.collapse(true);
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }
}

/** The open thread's reply box, opening a reply when none is open; why not, when it cannot. */
export async function openReplyBox(
  threadId: string,
  window: Window & typeof globalThis,
  health: SelectorHealth | undefined,
  signal: AbortSignal,
  waitMs = 4_000,
): Promise<{ box: HTMLElement; openedReplyBox: boolean } | { box?: undefined; openedReplyBox: boolean; error: string }> {
  const document = window.document;
  const onScreen = shownThreadIds(document, health);
  if (!onScreen || (onScreen.threadId !== threadId && !onScreen.aliases.includes(threadId))) {
    return { openedReplyBox: false, error: t('insertDraft_other_thread') };
  }
  const box = queryShown<HTMLElement>(document, 'reply.body', health);
  if (box) return { box, openedReplyBox: false };
  // The visible bar's Reply: Gmail A/B-tests a second, hidden bar (2025-11).
  const bar = queryShown(document, 'reply.bar', health);
  const open = (bar ? queryAll<HTMLElement>(bar, 'reply.open').find(shown) : undefined) ?? queryShown<HTMLElement>(document, 'reply.open', health);
  if (!open) return { openedReplyBox: false, error: t('insertDraft_no_reply_button') };
  open.click();
  const timeout = new AbortController();
  const timer = window.setTimeout(() => timeout.abort(), waitMs);
  signal.addEventListener('abort', () => timeout.abort(), { once: true });
  const opened = await whenRendered(window, document.body, () => queryShown<HTMLElement>(document, 'reply.body'), timeout.signal);
  window.clearTimeout(timer);
  return opened ? { box: opened, openedReplyBox: true } : { openedReplyBox: true, error: t('insertDraft_reply_box_closed') };
}

export async function insertDraft(
  request: InsertRequest,
  window: Window & typeof globalThis,
  health: SelectorHealth | undefined,
  signal: AbortSignal,
  waitMs = 4_000,
): Promise<InsertAnswer> {
  const reply = await openReplyBox(request.threadId, window, health, signal, waitMs);
  if (!reply.box) return { inserted: false, openedReplyBox: reply.openedReplyBox, error: reply.error };
  insertAtCursor(reply.box, request.text);
  return { inserted: true, openedReplyBox: reply.openedReplyBox };
}

/** How the feature hears the background: entrypoints pass `browser.runtime.onMessage`. */
export interface MessagePort {
  addListener(listener: (message: unknown, sender: unknown, sendResponse: (answer: unknown) => void) => boolean | undefined): void;
  removeListener(listener: (message: unknown, sender: unknown, sendResponse: (answer: unknown) => void) => boolean | undefined): void;
}

export function insertDraftFeature(messages: MessagePort, window: Window & typeof globalThis): Feature {
  return {
    id: 'insert-draft',
    // One listener for the page's life: adding and removing it on every navigation costs the browser a
    // round of listener bookkeeping each time, and each request checks which thread is shown anyway.
    include: [() => true],
    lifetime: 'page',
    init(signal, { health, log }) {
      const listener = (message: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
        const request = parseInsertMessage(message);
        if (!request) return undefined; // not ours: let other listeners answer
        void insertDraft(request, window, health, signal)
          .catch((error: unknown): InsertAnswer => ({ inserted: false, openedReplyBox: false, error: t('insertDraft_failed', { error: String(error) }) }))
          .then((answer) => {
            if (answer.error) log(`insert-draft: ${answer.error}`);
            sendResponse(answer);
          });
        return true;
      };
      messages.addListener(listener);
      signal.addEventListener('abort', () => messages.removeListener(listener), { once: true });
    },
  };
}
