import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { PanelContext } from '../messages';

export interface PanelState {
  status: 'loading' | 'ready' | 'error';
  context: PanelContext | null;
  error: string | null;
  /** The outcome of the rep's last Log to CRM, in words. */
  notice: string | null;
  refresh: () => Promise<void>;
  logThread: (threadId: string) => Promise<void>;
}

export interface PanelPorts {
  send: SendPort;
  activeTabId: () => Promise<number | undefined>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The side panel's state: what the background says the tab in view is about. */
export const createPanelStore = (ports: PanelPorts) =>
  createStore<PanelState>()((set, get) => ({
    status: 'loading',
    context: null,
    error: null,
    notice: null,
    async refresh() {
      try {
        const tabId = await ports.activeTabId();
        const context = await request(ports.send, 'panel.getContext', { tabId });
        set({ status: 'ready', context, error: null });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
    async logThread(threadId) {
      try {
        const out = await request(ports.send, 'engine.panelLogThread', { threadId });
        set({ notice: out.result === 'ok' ? `Logged: ${out.detail}` : out.detail });
      } catch (error) {
        set({ notice: `Could not log: ${messageOf(error)}` });
      }
      await get().refresh();
    },
  }));
