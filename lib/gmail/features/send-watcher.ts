import type { SendPort } from '../../client';
import { sendFromContent } from '../../content-client';
import { ownSendsOf, syncChannelOf, type SyncChannel, type SyncNotice } from '../sync-channel';
import { closest, query, type SelectorHealth } from '../selectors';
import { readAccount } from '../thread';
import type { SyncMessage } from '../sync';
import { readComposeFacts } from '../compose';

// Sends, confirmed in two steps. DOM intent: Send clicked or Ctrl/Cmd+Enter in any compose window (dialogs,
// second dialogs, inline replies) starts the undo window; Undo on "Message sent" cancels it. Network
// confirmation: Gmail's own sync request carrying the message with `^pfg`, seen by the MAIN-world hook. The
// background keeps both durably and decides, once per message id, when the window has closed. Listeners
// are delegated on the document (capture phase, so Gmail's own handlers cannot hide them): no observers,
// no polling. Nothing here throws into Gmail's page.

interface Intent {
  key: string;
  messageId?: string;
  threadId?: string;
  subject: string;
  to: string[];
  at: number;
  inline: boolean;
}

export interface SendWatcherOptions {
  window: Window & typeof globalThis;
  send: SendPort;
  health: SelectorHealth;
  signal: AbortSignal;
  log: (message: string) => void;
  /** Problems reading Gmail's sync requests, for the health record. */
  onNetworkProblem?: (problem: string) => void;
  /**
   * Whether an event came from the rep (the browser's `isTrusted`), not from a page script: only the rep's
   * own press is a Send. Tests of the DOM logic pass their synthetic events through.
   */
  trusted?: (event: Event) => boolean;
  /** Where notices of Gmail's sync calls come from: the private channel to the MAIN-world hook. */
  channel?: SyncChannel;
}

const MATCH_WINDOW_MS = 120_000;

export function startSendWatcher({ window, send, health, signal, log, onNetworkProblem = () => {}, trusted = (e) => e.isTrusted, channel = syncChannelOf() }: SendWatcherOptions) {
  const doc = window.document;
  const pending: Intent[] = [];
  // The thread of each draft Gmail saved in this tab (its sync request says): a new message's thread is
  // known before it is sent, so a send that is never confirmed can still be logged by hand.
  const draftThreads = new Map<string, string>();
  let queue: Promise<unknown> = Promise.resolve();
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const lastIntentAt = new WeakMap<Element, number>();

  // One at a time and in order, so the background sees intent → undo → confirmation as they happened.
  const enqueue = <T>(work: () => Promise<T>): Promise<T | undefined> => {
    const next = queue.then(work, work).catch((e: unknown) => {
      log(`send watcher: ${String(e)}`);
      return undefined;
    });
    queue = next;
    return next;
  };

  const scheduleSettle = (dueAt: number | undefined) => {
    if (dueAt === undefined || signal.aborted) return;
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      void enqueue(() => sendFromContent(send, 'gmail.settleSends', {})).then((r) => scheduleSettle(r?.nextDueAt && r.nextDueAt > Date.now() ? r.nextDueAt : undefined));
    }, Math.max(0, dueAt - Date.now()) + 50);
  };

  function readIntent(compose: Element): Intent {
    const draft = query<HTMLInputElement>(compose, 'compose.draftId', health)?.value.replace(/^#/, '');
    const { subject, to, threadId, inline } = readComposeFacts(compose, doc, health);
    const messageId = draft && /^msg-[af]:r?-?\d{1,25}$/.test(draft) ? draft : undefined;
    return {
      key: `intent:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
      messageId,
      threadId: threadId ?? (messageId ? draftThreads.get(messageId) : undefined),
      subject,
      to: to.slice(0, 500),
      at: Date.now(),
      inline,
    };
  }

  function onIntent(compose: Element) {
    const now = Date.now();
    // A key press and a click on the same compose within 300 ms are one Send.
    if (now - (lastIntentAt.get(compose) ?? 0) < 300) return;
    lastIntentAt.set(compose, now);
    const intent = readIntent(compose);
    pending.push(intent);
    void enqueue(() =>
      sendFromContent(send, 'gmail.sendIntent', {
        key: intent.key,
        messageId: intent.messageId,
        threadId: intent.threadId,
        inline: intent.inline,
        subject: intent.subject,
        to: intent.to,
        at: intent.at,
        from: readAccount(doc),
      }),
    ).then((state) => scheduleSettle(state?.dueAt));
  }

  const onClick = (event: Event) => {
    try {
      if (!trusted(event)) return;
      const target = event.target instanceof window.Element ? event.target : null;
      if (!target) return;
      const sendButton = closest(target, 'compose.send');
      const compose = sendButton ? closest(sendButton, 'compose.root') : null;
      if (sendButton && compose) {
        health.record('compose.send', true, 'compose');
        return onIntent(compose);
      }
      const undo = closest(target, 'notice.undo');
      if (undo) {
        health.record('notice.undo', true, 'compose');
        const param = undo.getAttribute('param')?.replace(/^#/, '');
        const messageId = param && /^msg-[af]:r?-?\d{1,25}$/.test(param) ? param : undefined;
        const intent = (messageId && pending.find((p) => p.messageId === messageId)) || pending.at(-1);
        if (intent) pending.splice(pending.indexOf(intent), 1);
        void enqueue(() => sendFromContent(send, 'gmail.sendUndone', { key: intent?.key, messageId: messageId ?? intent?.messageId, at: Date.now() }));
      }
    } catch (error) {
      log(`send watcher click: ${String(error)}`);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    try {
      if (event.repeat || (event.key !== 'Enter' && event.key !== ' ') || !trusted(event)) return;
      const target = event.target instanceof window.Element ? event.target : null;
      const compose = target ? closest(target, 'compose.root') : null;
      if (!compose) return;
      // Ctrl/Cmd+Enter anywhere in the compose, or Enter/Space on the focused Send button.
      const shortcut = event.key === 'Enter' && (event.ctrlKey || event.metaKey);
      if (!shortcut && !(target && closest(target, 'compose.send'))) return;
      health.record('compose.send', query(compose, 'compose.send') !== null, 'compose');
      onIntent(compose);
    } catch (error) {
      log(`send watcher key: ${String(error)}`);
    }
  };

  function matchIntent(m: SyncMessage): Intent | undefined {
    const now = Date.now();
    for (let i = pending.length - 1; i >= 0; i--) if (now - pending[i]!.at > MATCH_WINDOW_MS) pending.splice(i, 1);
    const to = new Set(m.to.map((a) => a.email));
    const found =
      pending.find((p) => p.messageId === m.messageId) ??
      pending.find((p) => p.inline && p.threadId === m.threadId && !p.messageId) ??
      pending.find((p) => !p.messageId && p.subject === m.subject && (p.to.length === 0 || p.to.some((e) => to.has(e)))) ??
      pending.find((p) => !p.messageId);
    if (found) pending.splice(pending.indexOf(found), 1);
    return found;
  }

  // `trusted` is false once the channel was contested (lib/gmail/sync-channel.ts): confirmations still go to
  // the background, where only a Send press here makes them a send, but sync data vouches for nothing.
  const onSync = (notice: SyncNotice, trusted: boolean) => {
    try {
      for (const problem of notice.problems.slice(0, 5)) onNetworkProblem(problem);
      const account = readAccount(doc);
      const legacy = new Map((notice.stored ?? []).map((x) => [x.messageId, x.legacyMessageId]));
      for (const m of notice.messages) {
        if (m.kind === 'draft' && draftThreads.size < 200) draftThreads.set(m.messageId, m.threadId);
        // A scheduled send goes out later: it is logged when the rep's message is read then, never now.
        if (m.kind !== 'send' || m.labels.includes('^scheduled')) continue;
        const from = m.from ?? (account ? { name: '', email: account } : undefined);
        if (!from || m.to.length + m.cc.length + m.bcc.length === 0) {
          onNetworkProblem(`send ${m.messageId}: no sender or no recipients in the request`);
          continue;
        }
        const intent = matchIntent(m);
        void enqueue(() =>
          sendFromContent(send, 'gmail.sendConfirmed', {
            intentKey: intent?.key,
            email: {
              messageId: m.messageId,
              threadId: m.threadId,
              from,
              to: m.to,
              cc: m.cc,
              bcc: m.bcc,
              subject: m.subject,
              bodyText: m.bodyText,
              at: Math.round(m.at ?? notice.at),
            },
            legacyMessageId: legacy.get(m.messageId),
          }),
        ).then((state) => scheduleSettle(state?.dueAt));
      }
      // The rep's messages that sync data shows and this tab did not send: sends from elsewhere.
      // `ownMessagesIn` gives only sent (`^f`) messages that are neither drafts nor waiting scheduled sends;
      // the account check keeps a colleague's mail in a shared thread out.
      const own = trusted ? ownSendsOf(notice.own ?? [], account) : [];
      if (own.length > 0) void enqueue(() => sendFromContent(send, 'gmail.ownMessages', { messages: own.slice(0, 100) }));
    } catch (error) {
      log(`send watcher sync: ${String(error)}`);
    }
  };

  doc.addEventListener('click', onClick, { capture: true, signal });
  doc.addEventListener('keydown', onKeyDown, { capture: true, signal });
  // A thread fetch's answer goes on raw, in the same queue: the worker reads it, off Gmail's main thread, and
  // takes the signed-in account's sent messages in it as sends from elsewhere (and names its problems).
  const onFetched = (answer: string) => {
    try {
      const account = readAccount(doc);
      void enqueue(() => sendFromContent(send, 'gmail.threadFetched', { answer, account }));
    } catch (error) {
      log(`send watcher fetch: ${String(error)}`);
    }
  };

  channel.subscribe({ notice: onSync, fetched: onFetched, problem: onNetworkProblem }, signal);
  signal.addEventListener('abort', () => clearTimeout(settleTimer), { once: true });
  // Anything left from before a reload (or a worker restart) is decided now.
  void enqueue(() => sendFromContent(send, 'gmail.settleSends', {})).then((r) => scheduleSettle(r?.nextDueAt));
}
