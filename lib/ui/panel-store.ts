import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { PanelContext, ResponseOf } from '../messages';

export type AuditView = ResponseOf<'engine.auditList'>['entries'][number];

export interface PanelState {
  status: 'loading' | 'ready' | 'error';
  context: PanelContext | null;
  error: string | null;
  /** What the automation did lately (newest first), each with whether it can be undone. */
  audit: AuditView[];
  /** The outcome of the rep's last Log to CRM or Undo, in words. */
  notice: string | null;
  busy: boolean;
  refresh: () => Promise<void>;
  logThread: (threadId: string) => Promise<void>;
  undo: (seq: number) => Promise<void>;
}

export interface PanelPorts {
  send: SendPort;
  activeTabId: () => Promise<number | undefined>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The side panel's state: what the background says the tab in view is about, and what the automation did. */
export const createPanelStore = (ports: PanelPorts) =>
  createStore<PanelState>()((set, get) => ({
    status: 'loading',
    context: null,
    error: null,
    audit: [],
    notice: null,
    busy: false,
    async refresh() {
      try {
        const tabId = await ports.activeTabId();
        const context = await request(ports.send, 'panel.getContext', { tabId });
        const threadId = context.kind === 'thread' ? context.thread.id : undefined;
        const { entries } = await request(ports.send, 'engine.auditList', { limit: 20, threadId });
        set({ status: 'ready', context, audit: entries, error: null });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
    async logThread(threadId) {
      set({ busy: true, notice: null });
      try {
        const out = await request(ports.send, 'engine.panelLogThread', { threadId });
        set({ notice: out.result === 'ok' ? `Logged: ${out.detail}` : out.detail });
      } catch (error) {
        set({ notice: `Could not log: ${messageOf(error)}` });
      }
      set({ busy: false });
      await get().refresh();
    },
    async undo(seq) {
      set({ busy: true, notice: null });
      try {
        const out = await request(ports.send, 'engine.auditUndo', { seq });
        set({ notice: `Undone: ${out.detail.replace(/^undid #\d+: /, '')}` });
      } catch (error) {
        set({ notice: `Could not undo: ${messageOf(error)}` });
      }
      set({ busy: false });
      await get().refresh();
    },
  }));
