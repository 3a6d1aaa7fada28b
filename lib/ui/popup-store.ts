import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { Status } from '../messages';
import type { Settings, SettingsStore } from '../settings';

export interface PopupState {
  status: Status | null;
  settings: Settings | null;
  warnings: string[];
  error: string | null;
  busy: boolean;
  load: () => Promise<void>;
  setAutoLog: (on: boolean) => Promise<void>;
  loadDemoData: () => Promise<void>;
}

/** The popup's state: status at a glance and the switches it holds. */
export const createPopupStore = (send: SendPort, settingsStore: SettingsStore) =>
  createStore<PopupState>()((set, get) => ({
    status: null,
    settings: null,
    warnings: [],
    error: null,
    busy: false,
    async load() {
      try {
        const [status, loaded] = await Promise.all([request(send, 'popup.getStatus', {}), settingsStore.load()]);
        set({ status, settings: loaded.settings, warnings: loaded.warnings, error: null });
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    },
    async setAutoLog(on) {
      try {
        const settings = await settingsStore.update({ autoLog: on });
        set({ settings, warnings: [], error: null });
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    },
    async loadDemoData() {
      set({ busy: true });
      try {
        await request(send, 'crm.loadDemoData', {});
        await get().load();
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      } finally {
        set({ busy: false });
      }
    },
  }));
