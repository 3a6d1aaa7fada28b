import { EMAIL_SHAPE } from '../email';
import { closest, query, queryAll, SELECTORS, type SelectorHealth } from './selectors';

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

interface ComposeWatch {
  observer: MutationObserver;
  attachers: Set<(composes: Element[]) => void>;
  scheduled: boolean;
}

// No compose window open is the usual case, not a broken selector: not recorded as health.
const composesIn = (document: Document) => queryAll(document, 'compose.root');
const watches = new WeakMap<Document, ComposeWatch>();

const COMPOSE_ROOTS = SELECTORS['compose.root'].map((f) => f.css);
// What the watch asks of each added node: each fallback's class alone where the fallback is `tag.class`, which
// the browser answers on its fast path for a lone class. Measured in Chromium 156 on the test page's thread
// view (180 elements), per search: the list `div.M9, form.bAs` 23 µs, the two compounds 4.8 µs, the two
// classes 1.4 µs (test/bench/compose-probe.ts). A superset of the compose roots: a hit only wakes the frame's
// search of the page (`composesIn`), which uses the full selectors.
const PROBES = COMPOSE_ROOTS.map((css) => {
  const lone = /^[a-z]*\.(-?[_a-zA-Z][\w-]*)$/.exec(css);
  return lone ? `.${lone[1]}` : css;
});

/** Whether `el` is a compose window or holds one, or (`within`) is or sits inside one; native matching, no walk in script. */
function touchesCompose(el: Element, within: boolean): boolean {
  for (const css of PROBES) {
    try {
      if (within ? el.closest(css) !== null : el.matches(css) || el.querySelector(css) !== null) return true;
    } catch {
      /* an unparsable fallback is skipped */
    }
  }
  return false;
}

/**
 * Whether a batch added an element, other than one of Followthrough's own controls (`followthrough-*` hosts),
 * that is, holds or went into a compose window: only then can a control be due. The rest of Gmail's renders
 * (a thread open, the list) cost no search of the page. Where an element went is asked once per record, of
 * its parent.
 */
function addedToCompose(records: MutationRecord[]): boolean {
  for (const r of records) {
    let gmailAdded = false;
    for (const n of r.addedNodes) {
      if (n.nodeType !== 1 || (n as Element).localName.startsWith('followthrough-')) continue;
      if (touchesCompose(n as Element, false)) return true;
      gmailAdded = true;
    }
    if (gmailAdded && r.target.nodeType === 1 && touchesCompose(r.target as Element, true)) return true;
  }
  return false;
}

/**
 * Mount a control in every compose window with a Send button, now and as compose windows open: a compose
 * window (or its Send button, drawn into it later) arrives as added elements, so text changes, removals and
 * elements added away from any compose never need a look, and whatever arrived within one frame is looked at
 * once. `hostTag` marks a compose already holding the control. The controls
 * share one observer on the page (every mutation of a thread open was otherwise handed to each of them),
 * disconnected when the last one's `signal` aborts.
 */
export function eachCompose(
  window: Window & typeof globalThis,
  document: Document,
  hostTag: string,
  health: SelectorHealth,
  signal: AbortSignal,
  mount: (compose: Element, sendButton: Element) => void,
): void {
  const attach = (composes: Element[]) => {
    if (signal.aborted) return;
    for (const compose of composes) {
      if (compose.querySelector(hostTag)) continue;
      const sendButton = query(compose, 'compose.send', health);
      if (!sendButton) continue; // recorded: a compose without its Send button is a changed Gmail
      mount(compose, sendButton);
    }
  };
  attach(composesIn(document));
  if (signal.aborted) return;
  let watch = watches.get(document);
  if (!watch) {
    const fresh: ComposeWatch = {
      attachers: new Set(),
      scheduled: false,
      observer: new window.MutationObserver((records) => {
        if (fresh.scheduled || !addedToCompose(records)) return;
        fresh.scheduled = true;
        window.requestAnimationFrame(() => {
          fresh.scheduled = false;
          // The page is searched once for all the controls (each searching it itself was a search of the whole
          // page per control on every Gmail render, a thread open among them).
          const composes = composesIn(document);
          // One control's failure stays its own (CONTRIBUTING.md habit 2).
          for (const each of [...fresh.attachers]) {
            try {
              each(composes);
            } catch {
              /* that control is skipped for this batch */
            }
          }
        });
      }),
    };
    fresh.observer.observe(document.body, { childList: true, subtree: true });
    watches.set(document, (watch = fresh));
  }
  const shared = watch;
  shared.attachers.add(attach);
  signal.addEventListener(
    'abort',
    () => {
      shared.attachers.delete(attach);
      if (shared.attachers.size > 0) return;
      shared.observer.disconnect();
      if (watches.get(document) === shared) watches.delete(document);
    },
    { once: true },
  );
}
