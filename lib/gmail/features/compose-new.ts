import type { Feature } from '../feature-manager';
import { whenRendered } from '../feature-manager';
import { query, queryAll, type SelectorHealth } from '../selectors';
import { insertAtCursor, type MessagePort } from './insert-draft';
import { isText, payloadOf } from './background-message';
import { t } from '../../i18n';

// A sequence's new-thread email step: opens a new compose the way the rep would — a press on Gmail's Compose
// button — and fills To, Subject and the body. It never presses Send: the rep reads, edits and sends, and that
// confirmed send is the step done (the send watcher reports it like any other).
// Gmail facts, checked 2026-12-06: InboxSDK's openComposeWindow finds the button by `[gh=cm]`
// (GmailElementGetter.getComposeButton) and presses it with mousedown, mouseup and click (simulateClick): Gmail's
// `T-I` buttons act on the press, not on a bare click(). The window (`[role=dialog]` holding `div.M9`) is drawn a
// moment later. Plain DOM and hand-written guards, no zod in the Gmail script (CONTRIBUTING.md habit 7).

export interface ComposeRequest {
  to: string;
  subject: string;
  text: string;
}

export interface ComposeAnswer {
  opened: boolean;
  error?: string;
}

/** The background's `gmail.composeNew` message, checked field by field; anything else is not ours. */
export function parseComposeMessage(message: unknown): ComposeRequest | null {
  const p = payloadOf(message, 'gmail.composeNew', ['to', 'subject', 'text']);
  if (!p) return null;
  if (typeof p.to !== 'string' || p.to.length > 320 || !/^[^@\s<>",;]+@[^@\s<>",;]+\.[^@\s<>",;]+$/.test(p.to)) return null;
  if (typeof p.subject !== 'string' || p.subject.length > 1000) return null;
  if (!isText(p.text, 20_000)) return null;
  return { to: p.to, subject: p.subject, text: p.text };
}

/** A press as a person makes it: Gmail's buttons listen for mousedown and mouseup. */
function press(el: HTMLElement, window: Window & typeof globalThis) {
  for (const type of ['mousedown', 'mouseup', 'click']) el.dispatchEvent(new window.MouseEvent(type, { bubbles: true, cancelable: true, view: window, button: 0 }));
}

/** Set a field's value so the page's own listeners see it typed (input, then change). */
function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string, window: Window & typeof globalThis) {
  input.focus();
  input.value = value;
  input.dispatchEvent(new window.InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
  input.dispatchEvent(new window.Event('change', { bubbles: true }));
}

export async function composeNew(request: ComposeRequest, window: Window & typeof globalThis, health: SelectorHealth | undefined, signal: AbortSignal, waitMs = 6_000): Promise<ComposeAnswer> {
  const document = window.document;
  const button = query<HTMLElement>(document, 'app.compose', health);
  if (!button) return { opened: false, error: t('composeNew_no_button') };
  const before = new Set(queryAll(document, 'compose.dialog'));
  press(button, window);
  const timeout = new AbortController();
  const timer = window.setTimeout(() => timeout.abort(), waitMs);
  signal.addEventListener('abort', () => timeout.abort(), { once: true });
  const dialog = await whenRendered(window, document.body, () => queryAll<HTMLElement>(document, 'compose.dialog').find((d) => !before.has(d) && query(d, 'compose.body')) ?? null, timeout.signal);
  window.clearTimeout(timer);
  if (!dialog) return { opened: false, error: t('composeNew_not_opened') };
  const to = query<HTMLInputElement>(dialog, 'compose.to');
  const subject = query<HTMLInputElement>(dialog, 'compose.subject');
  const body = query<HTMLElement>(dialog, 'compose.body');
  health?.record('compose.to', !!to);
  health?.record('compose.subject', !!subject);
  if (!to || !subject || !body) return { opened: true, error: t(!to ? 'composeNew_no_to' : !subject ? 'composeNew_no_subject' : 'composeNew_no_body') };
  typeInto(to, request.to, window);
  // Leaving the To field turns the address into a recipient chip, as when the rep tabs on.
  typeInto(subject, request.subject, window);
  insertAtCursor(body, request.text);
  return { opened: true };
}

export function composeNewFeature(messages: MessagePort, window: Window & typeof globalThis): Feature {
  return {
    id: 'compose-new',
    include: [() => true],
    lifetime: 'page',
    init(signal, { health, log }) {
      const listener = (message: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
        const request = parseComposeMessage(message);
        if (!request) return undefined; // not ours
        void composeNew(request, window, health, signal)
          .catch((error: unknown): ComposeAnswer => ({ opened: false, error: t('composeNew_failed', { error: String(error) }) }))
          .then((answer) => {
            if (answer.error) log(`compose-new: ${answer.error}`);
            sendResponse(answer);
          });
        return true;
      };
      messages.addListener(listener);
      signal.addEventListener('abort', () => messages.removeListener(listener), { once: true });
    },
  };
}
