import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import { userMessage } from './errors';
import { t } from '../i18n';
import { say } from '../say';
import type { TodayListAnswer } from '../channels/today';
import type { TodayAction } from '../today/source';

export interface TodayState {
  status: 'loading' | 'ready' | 'error';
  list: TodayListAnswer | null;
  error: string | null;
  /** The selected row (j/k move it); its id, so a refresh keeps the selection on the same item. */
  selected: string | null;
  notice: { text: string; tone: 'info' | 'error' } | null;
  busy: Record<string, true>;
  refresh: () => Promise<void>;
  select: (id: string | null) => void;
  move: (by: 1 | -1) => void;
  act: (id: string, action: TodayAction, until?: number) => Promise<void>;
}

/** Today on the side panel and the options page: the ranked list, the selection, and the rep's actions. */
export const createTodayStore = (send: SendPort) => {
  let generation = 0;
  return createStore<TodayState>()((set, get) => ({
    status: 'loading',
    list: null,
    error: null,
    selected: null,
    notice: null,
    busy: {},

    async refresh() {
      const mine = ++generation;
      try {
        const list = await request(send, 'today.list', {});
        if (mine !== generation) return;
        const ids = list.items.map((i) => i.item.id);
        const { selected } = get();
        set({ status: 'ready', list, error: null, selected: selected && ids.includes(selected) ? selected : (ids[0] ?? null) });
      } catch (error) {
        if (mine !== generation) return;
        set({ status: 'error', error: userMessage(error) });
      }
    },

    select: (id) => set({ selected: id }),

    move(by) {
      const items = get().list?.items ?? [];
      if (items.length === 0) return;
      const at = items.findIndex((i) => i.item.id === get().selected);
      const next = Math.min(items.length - 1, Math.max(0, (at < 0 ? 0 : at) + by));
      set({ selected: items[next]!.item.id });
    },

    async act(id, action, until) {
      if (get().busy[id]) return;
      set((s) => ({ busy: { ...s.busy, [id]: true } }));
      // After the item leaves, the selection goes to the one that took its place.
      const items = get().list?.items ?? [];
      const at = items.findIndex((i) => i.item.id === id);
      try {
        const result = await request(send, 'today.act', { id, action, until });
        set({ notice: result.ok ? { text: say(result.words, result.note ?? t('today_done_notice')), tone: 'info' } : { text: say(result.words, result.reason), tone: 'error' } });
        if (result.ok && action !== 'open') {
          const after = items[at + 1] ?? items[at - 1];
          set({ selected: after?.item.id ?? null });
        }
        await get().refresh();
      } catch (error) {
        set({ notice: { text: userMessage(error), tone: 'error' } });
      } finally {
        set((s) => {
          const busy = { ...s.busy };
          delete busy[id];
          return { busy };
        });
      }
    },
  }));
};
