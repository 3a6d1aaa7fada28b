import type { SendPort } from '../../client';
import { BackgroundRefused, sendFromContent } from '../../content-client';
import type { ResponseOf } from '../../messages';
import type { Feature } from '../feature-manager';
import { mainPane, whenRendered } from '../feature-manager';
import { isThread } from '../pages';
import { queryAll } from '../selectors';
import { styleShadow } from '../shadow';
import type { ThreadStates } from '../thread-state';
import { readAccount, shownHeading, threadIdOfHeading } from '../thread';
import { t } from '../../i18n';

// "Log to CRM" in the thread toolbar: logs the thread's messages not yet logged, shows the logged state,
// and undoes. Plain DOM in a shadow root (CONTRIBUTING.md habit 7): Gmail's CSS and ours never meet.

type State = ResponseOf<'engine.threadLogState'>;
const HOST_TAG = 'followthrough-log-button';

const STYLE = `
:host { display: inline-flex; align-items: center; margin: 0 8px; font: 500 13px/1.2 "Google Sans", Roboto, system-ui, sans-serif; }
button { font: inherit; border-radius: 16px; padding: 6px 12px; cursor: pointer; border: 1px solid #1a73e8; background: #fff; color: #1a73e8; }
button:hover { background: #e8f0fe; }
button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
button[disabled] { opacity: .6; cursor: default; }
button.logged { border-color: #188038; color: #188038; }
.undo { border: none; background: none; color: #5f6368; text-decoration: underline; padding: 6px 4px; }
.note { color: #5f6368; margin-left: 6px; max-width: 28ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.note.error { color: #c5221f; }
`;

// The button's words, each asked of the browser once per page (the UI language is fixed for a content
// script's life): `i18n.getMessage` is a call into the browser's bindings, several per thread open otherwise.
type Label = 'logButton_undo' | 'logButton_undone' | 'logButton_logging' | 'logButton_logged' | 'logButton_log_to_crm' | 'logButton_logged_label' | 'logButton_logged_title' | 'logButton_title';
const words = new Map<Label, string>();
const word = (key: Label): string => {
  let text = words.get(key);
  if (text === undefined) words.set(key, (text = t(key)));
  return text;
};

// Gmail has written the perm id as "undefined" or left it out since 2025-11: the reader's legacy-id fallback applies here too.
const threadIdOf = (heading: Element | null) => (heading ? threadIdOfHeading(heading) : undefined);

/** Whether the element or an ancestor is hidden by its own attributes (read without computing styles). */
function hiddenInline(el: Element | null): boolean {
  for (; el; el = el.parentElement) if ((el as HTMLElement).style?.display === 'none' || el.hasAttribute('hidden')) return true;
  return false;
}

/** How many ancestors `el` shares with `other`: the larger, the nearer the two are in the page. */
function sharedDepth(el: Element, other: Element): number {
  const ancestors = new Set<Node>();
  for (let n: Node | null = other; n; n = n.parentNode) ancestors.add(n);
  let n: Node | null = el;
  while (n && !ancestors.has(n)) n = n.parentNode;
  let depth = 0;
  for (; n; n = n.parentNode) depth++;
  return depth;
}

const laidOut = (el: Element) => (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0;

/**
 * The toolbar the rep sees, Gmail keeping hidden list toolbars in the page while a thread is open. Picked
 * without reading layout, since this runs right after Gmail rendered the thread and offsetParent would lay
 * it out a first time, before the frame lays it out again with the button in: a toolbar not hidden by its
 * own attributes, the one nearest the subject heading. `ambiguous` says a layout check is worth doing once
 * the frame has laid the page out.
 */
export function visibleToolbar(document: Document, heading: Element): { toolbar: Element | null; ambiguous: boolean } {
  const all = queryAll(document, 'thread.toolbar');
  if (all.length < 2) return { toolbar: all[0] ?? null, ambiguous: false };
  const shown = all.filter((el) => !hiddenInline(el));
  const candidates = shown.length > 0 ? shown : all;
  let best = candidates[0]!;
  let bestDepth = sharedDepth(best, heading);
  for (const el of candidates.slice(1)) {
    const depth = sharedDepth(el, heading);
    if (depth > bestDepth) [best, bestDepth] = [el, depth];
  }
  return { toolbar: best, ambiguous: candidates.length > 1 };
}

/** Once the frame has laid the page out, layout reads are cheap: the toolbar really shown, if another one. */
function shownToolbar(document: Document, current: Element): Element | null {
  if (laidOut(current)) return null;
  return queryAll(document, 'thread.toolbar').find((el) => el !== current && laidOut(el)) ?? null;
}

interface Control {
  host: HTMLElement;
  main: HTMLButtonElement;
  undo: HTMLButtonElement;
  note: HTMLSpanElement;
  /** The open thread's actions; unset while no thread view holds the button. */
  onLog?: () => void;
  onUndo?: () => void;
}

/** The button's elements, built once per page and moved from thread to thread. */
function buildControl(document: Document): Control {
  // Idempotent: a content script that ran before this one (reloaded, say) may have left its button in the page.
  // Looked for once, here: from now on the page holds only this host, moved from toolbar to toolbar, and a
  // search of the whole page on every thread open cost Gmail for nothing.
  for (const old of document.querySelectorAll(HOST_TAG)) old.remove();
  const host = document.createElement(HOST_TAG);
  const root = host.attachShadow({ mode: 'open' });
  const main = document.createElement('button');
  main.type = 'button';
  const undo = document.createElement('button');
  undo.type = 'button';
  undo.className = 'undo';
  undo.hidden = true;
  undo.textContent = word('logButton_undo');
  const note = document.createElement('span');
  note.className = 'note';
  note.setAttribute('role', 'status');
  styleShadow(root, STYLE);
  root.append(main, undo, note);
  const control: Control = { host, main, undo, note };
  main.addEventListener('click', () => control.onLog?.());
  undo.addEventListener('click', () => control.onUndo?.());
  return control;
}

/** `states`: the thread reporter's answers, so the button needs no message of its own on opening. */
export function logButton(send: SendPort, window: Window & typeof globalThis, states?: ThreadStates): Feature {
  // One button for the page's life, moved into each thread's toolbar: building a shadow root and adopting its
  // stylesheet on every open cost Gmail script and style work each time (profile, test/bench/profile-gmail.ts),
  // and a button whose state did not change between two threads needs no write at all.
  let control: Control | undefined;
  return {
    id: 'log-button',
    include: [isThread],
    async init(signal, ctx) {
      const { document, health, log } = ctx;
      const container = mainPane(ctx);
      const found = await whenRendered(
        window,
        container,
        () => {
          // The thread reporter's read of this navigation when it has one (it ran a moment ago, in this task).
          const read = states?.read(ctx);
          const heading = read?.heading.isConnected ? read.heading : shownHeading(document, health);
          const threadId = read?.heading === heading ? read.threadId : threadIdOf(heading);
          if (!heading || !threadId) return null;
          // No toolbar found: say so (selector health) and sit beside the subject instead of not at all.
          const { toolbar, ambiguous } = visibleToolbar(document, heading);
          health.record('thread.toolbar', !!toolbar);
          return { threadId, toolbar: toolbar ?? heading.parentElement ?? heading, ambiguous };
        },
        signal,
      );
      if (!found || signal.aborted) return;
      const { threadId, toolbar, ambiguous } = found;

      if (control?.host.ownerDocument !== document) control = buildControl(document);
      const { host, main, undo, note } = control;
      host.dataset.threadId = threadId;
      if (note.textContent) note.textContent = '';
      if (note.className !== 'note') note.className = 'note';
      toolbar.append(host);
      const mine = control;
      signal.addEventListener(
        'abort',
        () => {
          host.remove();
          mine.onLog = mine.onUndo = undefined;
        },
        { once: true },
      );
      if (ambiguous) {
        window.requestAnimationFrame(() =>
          setTimeout(() => {
            if (signal.aborted) return;
            const better = shownToolbar(document, toolbar);
            if (better) better.append(host);
          }),
        );
      }

      // What this page last heard of the thread, drawn at once; the answer below corrects it if it changed.
      let state: State | undefined = states?.last(threadId);
      // Only what changed is written: the state usually arrives unchanged ("Log to CRM"), and a write would
      // cost Gmail a frame of style, layout and paint for nothing.
      const set = <E extends HTMLElement, K extends 'className' | 'textContent' | 'title'>(el: E, key: K, value: E[K]) => {
        if (el[key] !== value) el[key] = value;
      };
      // A thread left while its answer was on the way: the button now belongs to the next thread.
      const render = (busy = false) => {
        if (signal.aborted) return;
        const logged = state?.logged ?? false;
        if (main.disabled !== busy) main.disabled = busy;
        set(main, 'className', logged ? 'logged' : '');
        set(main, 'textContent', busy ? word('logButton_logging') : logged ? `✓ ${word('logButton_logged')}${state!.contacts.length ? ` · ${state!.contacts.join(', ')}` : ''}` : word('logButton_log_to_crm'));
        const label = logged ? word('logButton_logged_label') : word('logButton_log_to_crm');
        if (main.getAttribute('aria-label') !== label) main.setAttribute('aria-label', label);
        set(main, 'title', logged ? word('logButton_logged_title') : word('logButton_title'));
        const hideUndo = busy || !state?.undoSeq;
        if (undo.hidden !== hideUndo) undo.hidden = hideUndo;
      };
      const say = (text: string, error = false) => {
        if (signal.aborted) return;
        note.textContent = text;
        note.className = error ? 'note error' : 'note';
      };
      const failed = (e: unknown) => say(e instanceof BackgroundRefused ? e.message.replace(/^[\w.]+: /, '') : t('gmail_not_answering'), true);

      const logNow = async (retry = true): Promise<void> => {
        render(true);
        say('');
        try {
          const out = await sendFromContent(send, 'engine.logThread', { threadId, accountEmail: readAccount(document) });
          state = out.state;
          // The skip said in the rep's language by the background (the words themselves stay out of Gmail's script).
          say(out.result === 'ok' ? '' : (out.said ?? out.detail));
        } catch (e) {
          // The thread may not have reached the background yet (it is reported once rendered): once more.
          if (retry && e instanceof BackgroundRefused && /has not read/.test(e.message)) {
            await new Promise((r) => setTimeout(r, 600));
            return logNow(false);
          }
          failed(e);
        }
        render();
      };

      mine.onLog = () => void logNow();
      const undoNow = async () => {
        render(true);
        try {
          state = await sendFromContent(send, 'engine.undoThreadLog', { threadId });
          say(word('logButton_undone'));
        } catch (e) {
          failed(e);
        }
        render();
      };
      mine.onUndo = () => void undoNow();

      render();
      try {
        state = (await states?.next(threadId, signal)) ?? (signal.aborted ? undefined : await sendFromContent(send, 'engine.threadLogState', { threadId }));
      } catch (e) {
        log(`log state unknown: ${String(e)}`);
      }
      if (!signal.aborted) render();
    },
  };
}
