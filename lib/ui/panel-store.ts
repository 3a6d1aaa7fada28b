import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import { userMessage } from './errors';
import { say } from '../say';
import { channels, type PanelContext, type PanelView, type ResponseOf } from '../messages';
import type { DetectionHealth, PanelExtras } from '../channels/ui';
import type { SendChecks } from '../channels/gmail';
import { t, type MessageKey } from '../i18n';
import { sayUndone } from './audit-words';

export type AuditView = ResponseOf<'engine.auditList'>['entries'][number];

export interface TabInView {
  /** Undefined when the panel is itself the tab in view (opened as a page): it then follows Gmail. */
  tabId?: number;
}

export interface PanelPorts {
  send: SendPort;
  tabInView: () => Promise<TabInView>;
}

export interface PanelState {
  status: 'loading' | 'ready' | 'error';
  context: PanelContext | null;
  extras: PanelExtras | null;
  /** Gmail detection from the gmail area's selector health; null until known. */
  detection: DetectionHealth | null;
  /** Sends that need the rep (never confirmed, or confirmed with no press); null until known. */
  sends: SendChecks | null;
  /** What the automation did (the thread's, or lately), newest first, each saying whether it can be undone. */
  audit: AuditView[];
  error: string | null;
  /** The last action's outcome, read out to screen readers and shown under the header. */
  notice: { text: string; tone: 'info' | 'error' } | null;
  /** Rows with a request in flight: their buttons are disabled until it ends. */
  busy: Record<string, true>;
  refresh: () => Promise<void>;
  /** Show a view the background handed over with its notice (a thread just opened) without asking for it. */
  show: (view: PanelView) => void;
  resolveSuggestion: (id: string, action: 'accept' | 'dismiss', edits?: Record<string, unknown>) => Promise<boolean>;
  updateReminder: (id: string, action: 'done' | 'snooze', until?: number) => Promise<void>;
  undoAutomation: (seq: number) => Promise<void>;
  logThread: (threadId: string) => Promise<void>;
  resolveSend: (id: string, action: 'log' | 'dismiss') => Promise<void>;
}

const message = userMessage;

/** What a suggestion's accept or dismiss says, by its kind. */
const ACCEPTED = { followup: 'panelStore_accepted_followup', draft: 'panelStore_accepted_draft', log: 'panelStore_accepted_log', recap: 'panelStore_accepted_recap' } as const satisfies Record<string, MessageKey>;
const DISMISSED = { followup: 'panelStore_dismissed_followup', draft: 'panelStore_dismissed_draft', log: 'panelStore_dismissed_log', recap: 'panelStore_dismissed_recap' } as const satisfies Record<string, MessageKey>;

/** The side panel's state: what the background says about the tab in view, and the rep's actions on it. */
export const createPanelStore = (ports: PanelPorts) => {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  // Views handed over so far: a read that started before the newest one answers about an older view, and is
  // not shown over it.
  let handed = 0;
  return createStore<PanelState>()((set, get) => {
    const sameView = (a: PanelState['extras'], b: PanelState['extras']) =>
      a?.mode === b?.mode && (a?.mode !== 'thread' || (b?.mode === 'thread' && a.threadId === b.threadId));

    /**
     * What the background says about the tab in view. Two rounds, not three: the health record does not
     * depend on the view, and the automation log needs only the thread id from `ui.panel`, so it follows that
     * answer without waiting for the thread's context.
     */
    async function load(): Promise<void> {
      const asOf = handed;
      try {
        const tab = await ports.tabInView();
        const extrasRead = request(ports.send, 'ui.panel', { tabId: tab.tabId });
        const auditRead = extrasRead.then((extras) => request(ports.send, 'engine.auditList', { limit: 30, threadId: extras.mode === 'thread' ? extras.threadId : undefined }));
        const healthRead = request(ports.send, 'gmail.getHealth', {});
        // The thread (subject, people, suggestions) is shown as soon as its two answers are in: the automation
        // log and the health record follow in a second render instead of holding the first one back by a round
        // of messages (thread click → panel, bench gmail-panel).
        const [context, extras] = await Promise.all([request(ports.send, 'panel.getContext', { tabId: tab.tabId }), extrasRead]);
        if (asOf === handed) set((s) => ({ status: 'ready', context, extras, audit: sameView(s.extras, extras) ? s.audit : [], error: null }));
        const [{ entries }, health] = await Promise.all([auditRead, healthRead]);
        const detection = health.record ? { degraded: health.notices.length > 0, problems: health.notices.map((n, i) => say(health.noticeWords?.[i], n)) } : null;
        set({ detection, sends: health.sends, ...(asOf === handed ? { audit: entries } : {}) });
      } catch (error) {
        if (asOf === handed) set({ status: 'error', error: message(error) });
      }
    }

    async function act(key: string, run: () => Promise<string>): Promise<boolean> {
      set((s) => ({ busy: { ...s.busy, [key]: true } }));
      try {
        const text = await run();
        set({ notice: { text, tone: 'info' } });
        await get().refresh();
        return true;
      } catch (error) {
        set({ notice: { text: message(error), tone: 'error' } });
        return false;
      } finally {
        set((s) => {
          const busy = { ...s.busy };
          delete busy[key];
          return { busy };
        });
      }
    }

    return {
      status: 'loading',
      context: null,
      extras: null,
      detection: null,
      sends: null,
      audit: [],
      error: null,
      notice: null,
      busy: {},

      async refresh() {
        // One read at a time, and at most one more asked for while it runs: a thread open tells the panel
        // several times within a few milliseconds (stored, then each engine change), and reads started side by
        // side compete for the background and each discarded all but the newest, so the first answer that
        // showed the thread was thrown away for one a few reads later.
        if (running) return (queued ??= running.then(() => {
          queued = undefined;
          return get().refresh();
        }));
        running = load().finally(() => {
          running = undefined;
        });
        return running;
      },

      show({ context, extras }) {
        handed++;
        set((s) => ({ status: 'ready', context, extras, audit: sameView(s.extras, extras) ? s.audit : [], error: null }));
      },

      resolveSuggestion: (id, action, edits) =>
        act(`suggestion:${id}`, async () => {
          const { suggestion } = await request(ports.send, 'ui.suggestion.resolve', { id, action, edits });
          return t(action === 'accept' ? ACCEPTED[suggestion.kind] : DISMISSED[suggestion.kind]);
        }),

      updateReminder: async (id, action, until) => {
        await act(`reminder:${id}`, async () => {
          await request(ports.send, 'ui.reminder.update', { id, action, until });
          return action === 'done' ? t('panelStore_reminder_done') : t('panelStore_reminder_snoozed');
        });
      },

      undoAutomation: async (seq) => {
        await act(`audit:${seq}`, async () => {
          const { detail, detailWords } = await request(ports.send, 'engine.auditUndo', { seq });
          // What was undone, in the words the log keeps for it (older entries: their English line).
          return t('panelStore_undone', { detail: sayUndone(detailWords, detail) });
        });
      },

      resolveSend: async (id, action) => {
        await act(`send:${id}`, async () => {
          const out = await request(ports.send, 'gmail.resolveSend', { id, action });
          return say(out.detailWords, out.detail);
        });
      },

      logThread: async (threadId) => {
        await act(`log:${threadId}`, async () => {
          const out = await request(ports.send, 'engine.panelLogThread', { threadId });
          return out.result === 'ok' ? t('panelStore_logged', { detail: say(out.detailWords, out.detail) }) : say(out.detailWords, out.detail);
        });
      },
    };
  });
};

/**
 * The side panel's half of `panel.contextChanged`: a notice that carries the view of the tab the panel follows
 * is shown at once and then read again in full (the automation log, the health record); any other notice is a
 * plain refresh. The payload is checked with the channel's schema: one that does not match is only a refresh.
 */
export function listenForPanelNotices(
  events: { addListener(listener: (message: unknown) => void): void },
  panel: { show: (view: PanelView) => void; refresh: () => void; tabInView: () => Promise<TabInView> },
) {
  events.addListener((message) => {
    const m = message as { channel?: unknown; payload?: unknown } | null;
    if (m?.channel !== 'panel.contextChanged') return;
    const notice = channels['panel.contextChanged'].request.safeParse(m.payload);
    const view = notice.success ? notice.data.view : undefined;
    if (!view) return panel.refresh();
    const tabId = notice.success ? notice.data.tabId : undefined;
    void panel
      .tabInView()
      .then((tab) => {
        // A panel beside another tab shows that tab; one opened as a page follows the tab touched last.
        if (tab.tabId === undefined || tab.tabId === tabId) panel.show(view);
      })
      .catch(() => {})
      .finally(panel.refresh);
  });
}

/**
 * `run` once per burst of calls, `ms` after the burst's first. A thread open tells the panel the thread is
 * stored, then again for each change the engine makes; each read also reloads Today, sequences and the CRM
 * status. Read once per notice, they kept the background busy (Today's ranking takes tens of milliseconds) and
 * the panel rendering when the rep's next thread click came in (bench gmail-panel). Not a debounce: a steady
 * stream of notices still reads every `ms`.
 */
export function oncePerBurst(run: () => void, ms: number): () => void {
  let soon: ReturnType<typeof setTimeout> | undefined;
  return () => {
    soon ??= setTimeout(() => {
      soon = undefined;
      run();
    }, ms);
  };
}

/**
 * `run` once calls have stopped for `quietMs`, and at least every `maxMs` while they keep coming. The panes
 * below a thread (Today, sequences due, the CRM status) change with stored data, not with the thread in
 * view; reread on every notice they held the background and the panel busy while the rep clicked through
 * threads, and the next thread's view waited behind them (bench gmail-panel). Reread once things settle, they
 * are at most `quietMs` late when the rep stops, and `maxMs` late while notices keep coming.
 */
export function whenQuiet(run: () => void, quietMs: number, maxMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstAt: number | undefined;
  const fire = () => {
    timer = undefined;
    firstAt = undefined;
    run();
  };
  return () => {
    const now = Date.now();
    firstAt ??= now;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(quietMs, firstAt + maxMs - now)));
  };
}
