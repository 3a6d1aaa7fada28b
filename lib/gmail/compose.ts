import { EMAIL_SHAPE } from '../email';
import { closest, query, queryAll, type SelectorHealth } from './selectors';

// What a compose window says before Send, read the same way by every feature that needs it (the send watcher's
// intent, "Remind me"). Plain DOM reads; the background validates what it receives.

export interface ComposeFacts {
  subject: string;
  /** The recipients' addresses (To, Cc and Bcc chips), lower-cased; chips that are not an address are left out. */
  to: string[];
  /** An inline reply's thread (the open thread's); a compose dialog has none yet. */
  threadId?: string;
  /** An inline reply rather than a compose dialog. */
  inline: boolean;
}

export function readComposeFacts(compose: Element, doc: Document, health: SelectorHealth): ComposeFacts {
  const subject = query<HTMLInputElement>(compose, 'compose.subject', health)?.value ?? '';
  const to = queryAll(compose, 'compose.recipient', health)
    .map((c) => (c.getAttribute('data-hovercard-id') ?? c.getAttribute('email') ?? '').trim().toLowerCase())
    .filter((e) => EMAIL_SHAPE.test(e));
  const inline = !closest(compose, 'compose.dialog');
  const heading = inline ? query(doc, 'thread.subject') : null;
  const threadId = heading?.getAttribute('data-thread-perm-id')?.replace(/^#/, '');
  return { subject: subject.slice(0, 1000), to, threadId: threadId && /^thread-[af]:r?-?\d{1,25}$/.test(threadId) ? threadId : undefined, inline };
}

/**
 * Mount a control in every compose window with a Send button, now and as compose windows open: a compose
 * window arrives as added elements, so text changes and removals never need a look, and whatever arrived
 * within one frame is looked at once. `hostTag` marks a compose already holding the control. One observer for
 * the page's life (compose windows open over every view), disconnected when `signal` aborts.
 */
export function eachCompose(
  window: Window & typeof globalThis,
  document: Document,
  hostTag: string,
  health: SelectorHealth,
  signal: AbortSignal,
  mount: (compose: Element, sendButton: Element) => void,
): void {
  const attach = () => {
    // No compose window open is the usual case, not a broken selector: not recorded as health.
    for (const compose of queryAll(document, 'compose.root')) {
      if (compose.querySelector(hostTag)) continue;
      const sendButton = query(compose, 'compose.send', health);
      if (!sendButton) continue; // recorded: a compose without its Send button is a changed Gmail
      mount(compose, sendButton);
    }
  };
  attach();
  let scheduled = false;
  const observer = new window.MutationObserver((records) => {
    if (scheduled || !records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1))) return;
    scheduled = true;
    window.requestAnimationFrame(() => {
      scheduled = false;
      if (!signal.aborted) attach();
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
