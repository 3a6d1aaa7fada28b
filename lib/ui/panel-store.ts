import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { PanelContext } from '../messages';

export interface PanelState {
  status: 'loading' | 'ready' | 'error';
  context: PanelContext | null;
  error: string | null;
  refresh: () => Promise<void>;
}

export interface PanelPorts {
  send: SendPort;
  activeTabId: () => Promise<number | undefined>;
}

/** The side panel's state: what the background says the tab in view is about. */
export const createPanelStore = (ports: PanelPorts) =>
  createStore<PanelState>()((set) => ({
    status: 'loading',
    context: null,
    error: null,
    async refresh() {
      try {
        const tabId = await ports.activeTabId();
        const context = await request(ports.send, 'panel.getContext', { tabId });
        set({ status: 'ready', context, error: null });
      } catch (error) {
        set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    },
  }));
