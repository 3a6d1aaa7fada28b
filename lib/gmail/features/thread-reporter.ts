import type { SendPort } from '../../client';
import { sendFromContent } from '../../content-client';
import type { Feature } from '../feature-manager';
import { mainPane, onlyOurs, whenRendered } from '../feature-manager';
import { readRow, rowThread } from '../inbox';
import { hasThreadInUrl, isList, isSettings } from '../pages';
import { query, queryAll } from '../selectors';
import { MessageCache, readAccount, readThread } from '../thread';
import type { ThreadStates } from '../thread-state';

/**
 * Tells the background which thread is open once Gmail has rendered it (`thread.opened`), and again when new
 * messages appear in it (each inbound one becomes `email.received`, once per message id). One observer on
 * the main pane, its work batched per animation frame.
 */
export function threadReporter(send: SendPort, window: Window & typeof globalThis, states?: ThreadStates): Feature {
  // The signed-in account is fixed for the page's life (Gmail's /u/N/ path): read until found, then kept, so a
  // thread open does not search the page for it again (profile, test/bench/profile-gmail.ts).
  let account: string | undefined;
  // The messages read whole, for the page's life: a thread opened again has only its new messages read.
  const known = new MessageCache();
  return {
    id: 'thread-reporter',
    include: [hasThreadInUrl],
    async init(signal, ctx) {
      const { document, health, log } = ctx;
      const container = mainPane(ctx);
      const shown: { heading?: Element } = {};
      const thread = await whenRendered(
        window,
        container,
        () => {
          const read = readThread(document, health, shown, known);
          // Handed to the Log to CRM button, which starts next in this task and needs the same heading.
          if (read && shown.heading) states?.read(ctx, { heading: shown.heading, threadId: read.threadId });
          return read;
        },
        signal,
      );
      if (!thread || signal.aborted) return;
      account ??= readAccount(document);
      const seen = new Set(thread.messages.map((m) => m.messageId));
      // One message per read: `gmail.threadSeen` stores the thread and the tab's view (what the side panel
      // shows) before the events the engine acts on (thread.opened, email.received).
      const report = (opened: boolean, snapshot: typeof thread) =>
        sendFromContent(send, 'gmail.threadSeen', { thread: snapshot, opened, account }).catch((e: unknown) => log(`thread not reported: ${String(e)}`));
      // Sent as soon as it is read. Waiting for the frame after the one that shows the thread (an animation
      // frame, then a task) held the side panel back by up to a frame, 16–30 ms (bench, gmail-panel), and an
      // idle callback by ~70 ms; the message costs Gmail the same either way, a fraction of a millisecond.
      void report(true, thread).then((answer) => states?.publish(thread.threadId, answer?.logState));

      let scheduled = false;
      let count = thread.messages.length;
      // Our own controls coming and going (the Log to CRM button put in the toolbar) are no new message.
      const observer = new window.MutationObserver((records) => {
        if (scheduled || onlyOurs(records)) return;
        scheduled = true;
        window.requestAnimationFrame(() => {
          scheduled = false;
          if (signal.aborted) return;
          // Most changes in the pane are not new messages (toolbars, hovers, our own buttons): a count first,
          // the full read only when it moved.
          const messages = queryAll(container, 'thread.message').length;
          if (messages === count) return;
          count = messages;
          const now = readThread(document, health, undefined, known);
          if (!now || now.threadId !== thread.threadId) return;
          const fresh = now.messages.filter((m) => !seen.has(m.messageId));
          if (fresh.length === 0) return;
          for (const m of fresh) seen.add(m.messageId);
          void report(false, now);
        });
      });
      observer.observe(container, { childList: true, subtree: true });
      signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    },
  };
}

/** Tells the background when the rep is on a list or settings, so the side panel stops showing a thread. */
export function viewReporter(send: SendPort): Feature {
  return {
    id: 'view-reporter',
    include: [isList, isSettings],
    async init(_signal, { url, log }) {
      await sendFromContent(send, 'gmail.viewChanged', { view: isSettings(url) ? 'settings' : 'list' }).catch((e: unknown) =>
        log(`view not reported: ${String(e)}`),
      );
    },
  };
}

/**
 * A press on a thread's row tells the background which thread is coming, so the side panel's view of it (when
 * it is stored) is read while Gmail draws the thread, not after (bench gmail-panel). Once per press: a
 * mousedown, or a click with none before it (a keyboard or scripted click). Reads the row's ids, nothing else.
 */
export function rowPress(send: SendPort): Feature {
  return {
    id: 'row-press',
    include: [isList],
    init(signal, ctx) {
      // The thread of the last mousedown, until its click: that click is the same press.
      let down: string | undefined;
      const pressed = (event: Event) => {
        if ((event as MouseEvent).button !== 0) return;
        const thread = rowThread(event.target as Element | null);
        if (event.type === 'click') {
          const same = down !== undefined && down === thread?.threadId;
          down = undefined;
          if (same) return;
        } else down = thread?.threadId;
        if (thread) void sendFromContent(send, 'gmail.threadClicked', thread).catch(() => {});
      };
      const container = mainPane(ctx);
      container.addEventListener('mousedown', pressed, { capture: true, passive: true, signal });
      container.addEventListener('click', pressed, { capture: true, passive: true, signal });
    },
  };
}

/**
 * Keeps the list view's selector health current: after each render of the list (batched per frame), the
 * first row is read through every list key. Reads one row, never the whole list.
 */
export function listHealth(window: Window & typeof globalThis): Feature {
  return {
    id: 'list-health',
    include: [isList],
    init(signal, ctx) {
      const { health } = ctx;
      const container = mainPane(ctx);
      let scheduled = false;
      const check = () => {
        scheduled = false;
        if (signal.aborted) return;
        const row = query(container, 'list.row', health);
        if (row) readRow(row, health);
      };
      const observer = new window.MutationObserver(() => {
        if (scheduled) return;
        scheduled = true;
        window.requestAnimationFrame(check);
      });
      observer.observe(container, { childList: true, subtree: true });
      signal.addEventListener('abort', () => observer.disconnect(), { once: true });
      check();
    },
  };
}
