import type { Feature } from '../feature-manager';
import { whenRendered } from '../feature-manager';
import { queryAll, SELECTORS, type SelectorHealth } from '../selectors';
import { shown } from '../thread';
import { insertAtCursor, openReplyBox, type MessagePort } from './insert-draft';
import { isText, isThreadId, payloadOf } from './background-message';
import { t } from '../../i18n';

// The meeting's invitation attached inside Gmail's reply. Gmail has no API for a page script to attach a file; it
// takes files dropped on a compose. So, as InboxSDK's ComposeView.attachFiles does (read 2026-12-06: dragenter and
// dragover on the compose, Gmail shows a dropzone over it, the drop goes on that zone, then dragleave/dragend;
// gmail-compose-view.ts and lib/dom/simulate-drag-and-drop.ts, fullscreen fix #964 of 2023-08-10), the file is
// dropped the way a dragged file would be. InboxSDK builds the events in the page's own world with a stand-in
// dataTransfer (an old WebKit bug, Chromium 327853); a DragEvent carrying a real DataTransfer needs no page script
// and reads the same from either world. Attached means Gmail showed the file's chip in this compose; when it
// does not (no dropzone, no chip) the reply gets the fallback text and the rep is told.
// Known limits: InboxSDK issue #1266 (2025-07, open) reports files attached this way reaching some recipients as
// a string of characters; Gmail may hide the zone flash differently; Firefox is not checked yet.

export interface AttachRequest {
  threadId: string;
  text: string;
  fallbackText: string;
  ics: string;
  fileName: string;
  method: 'REQUEST' | 'CANCEL';
}

export interface AttachAnswer {
  inserted: boolean;
  attached: boolean;
  openedReplyBox: boolean;
  error?: string;
  why?: string;
}

/** The background's `gmail.attachInvitation`, checked field by field; anything else is not ours. */
export function parseAttachMessage(message: unknown): AttachRequest | null {
  const p = payloadOf(message, 'gmail.attachInvitation', ['threadId', 'text', 'fallbackText', 'ics', 'fileName', 'method']);
  if (!p || !isThreadId(p.threadId)) return null;
  if (!isText(p.text, 2000) || !isText(p.fallbackText, 4000) || !isText(p.ics, 20_000)) return null;
  if (typeof p.fileName !== 'string' || !/^[\w.-]{1,64}\.ics$/.test(p.fileName)) return null;
  if (p.method !== 'REQUEST' && p.method !== 'CANCEL') return null;
  if (!p.ics.startsWith('BEGIN:VCALENDAR')) return null;
  return { threadId: p.threadId, text: p.text, fallbackText: p.fallbackText, ics: p.ics, fileName: p.fileName, method: p.method };
}

/** The compose a reply body belongs to (the registry's compose roots, tried in turn). */
function composeOf(box: HTMLElement): HTMLElement | null {
  for (const { css } of SELECTORS['compose.root']) {
    const root = box.closest<HTMLElement>(css);
    if (root) return root;
  }
  return null;
}

const chipsNamed = (compose: HTMLElement, name: string) =>
  queryAll<HTMLElement>(compose, 'compose.attachment').filter((chip) => queryAll(chip, 'compose.attachmentName').some((n) => n.textContent?.trim() === name)).length;

/** Within the compose's box on screen: the zone Gmail placed over this compose, not another one's. */
function inside(zone: Element, compose: Element): boolean {
  const z = zone.getBoundingClientRect();
  const c = compose.getBoundingClientRect();
  return z.width > 0 && z.height > 0 && z.top >= c.top - 1 && z.left >= c.left - 1 && z.right <= c.right + 1 && z.bottom <= c.bottom + 1;
}

/** Drop the file on the compose as a dragged file would be; true when Gmail showed its chip in that compose. */
export async function dropFile(file: File, compose: HTMLElement, window: Window & typeof globalThis, signal: AbortSignal, health?: SelectorHealth, waitMs = 3_000): Promise<{ attached: boolean; why?: string }> {
  const document = window.document;
  const before = chipsNamed(compose, file.name);
  const transfer = new window.DataTransfer();
  transfer.items.add(file);
  const fire = (target: Element, type: string) => target.dispatchEvent(new window.DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: transfer }));
  const timeout = new AbortController();
  const timer = window.setTimeout(() => timeout.abort(), waitMs);
  signal.addEventListener('abort', () => timeout.abort(), { once: true });
  try {
    fire(compose, 'dragenter');
    fire(compose, 'dragover');
    const zone = await whenRendered(window, document.body, () => queryAll<HTMLElement>(document, 'compose.dropzone').find((z) => shown(z) && inside(z, compose)) ?? null, timeout.signal, waitMs);
    health?.observe('compose.dropzone', zone !== null);
    if (!zone) return { attached: false, why: t('attachInvitation_no_dropzone') };
    fire(zone, 'dragover');
    fire(zone, 'drop');
    const chip = await whenRendered(window, compose, () => (chipsNamed(compose, file.name) > before ? true : null), timeout.signal, waitMs);
    health?.observe('compose.attachment', chip !== null);
    return chip ? { attached: true } : { attached: false, why: t('attachInvitation_no_attachment') };
  } finally {
    window.clearTimeout(timer);
    // Always end the drag, or Gmail's zones would stay over the page and block clicks (InboxSDK PR #149, 2016-07).
    fire(compose, 'dragleave');
    fire(compose, 'dragend');
  }
}

export async function attachInvitation(request: AttachRequest, window: Window & typeof globalThis, health: SelectorHealth | undefined, signal: AbortSignal): Promise<AttachAnswer> {
  const reply = await openReplyBox(request.threadId, window, health, signal);
  if (!reply.box) return { inserted: false, attached: false, openedReplyBox: reply.openedReplyBox, error: reply.error };
  const compose = composeOf(reply.box);
  const file = new window.File([request.ics], request.fileName, { type: `text/calendar; method=${request.method}` });
  const dropped = compose ? await dropFile(file, compose, window, signal, health) : { attached: false, why: t('attachInvitation_unknown_compose') };
  insertAtCursor(reply.box, dropped.attached ? request.text : request.fallbackText);
  return { inserted: true, attached: dropped.attached, openedReplyBox: reply.openedReplyBox, ...(dropped.why ? { why: dropped.why } : {}) };
}

export function attachInvitationFeature(messages: MessagePort, window: Window & typeof globalThis): Feature {
  return {
    id: 'attach-invitation',
    // One listener for the page's life, like insert-draft: each request checks which thread is shown.
    include: [() => true],
    lifetime: 'page',
    init(signal, { health, log }) {
      const listener = (message: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
        const request = parseAttachMessage(message);
        if (!request) return undefined;
        void attachInvitation(request, window, health, signal)
          .catch((error: unknown): AttachAnswer => ({ inserted: false, attached: false, openedReplyBox: false, error: t('attachInvitation_failed', { error: String(error) }) }))
          .then((answer) => {
            if (answer.error || answer.why) log(`attach-invitation: ${answer.error ?? answer.why}`);
            sendResponse(answer);
          });
        return true;
      };
      messages.addListener(listener);
      signal.addEventListener('abort', () => messages.removeListener(listener), { once: true });
    },
  };
}
