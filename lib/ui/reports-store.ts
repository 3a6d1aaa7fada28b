import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { RangeInput } from '../reports/metrics';
import type { FilterChoices, Report, ReportFilter } from '../reports/report';
import { t, tn } from '../i18n';
import { userMessage } from './errors';

// The Reports page's one store: the chosen range and filter, and the report the background answered.

export interface ReportsState {
  range: RangeInput;
  filter?: ReportFilter;
  report?: Report;
  choices?: FilterChoices;
  loading: boolean;
  error?: string;
  notice?: string;
  load(): Promise<void>;
  setRange(range: RangeInput): Promise<void>;
  setFilter(filter: ReportFilter | undefined): Promise<void>;
  rebuild(): Promise<void>;
}


export function createReportsStore(send: SendPort, initial: RangeInput = { kind: '4weeks' }) {
  return createStore<ReportsState>()((set, get) => {
    const fetchReport = async () => {
      set({ loading: true, error: undefined });
      try {
        const { range, filter } = get();
        const report = await request(send, 'reports.get', { range, ...(filter ? { filter } : {}) });
        set({ report, loading: false });
      } catch (e) {
        set({ loading: false, error: t('reportsStore_not_made', { error: userMessage(e) }) });
      }
    };
    return {
      range: initial,
      loading: false,
      async load() {
        const [choices] = await Promise.all([request(send, 'reports.filters', {}).catch(() => undefined), fetchReport()]);
        set({ choices });
      },
      async setRange(range) {
        set({ range });
        await fetchReport();
      },
      async setFilter(filter) {
        set({ filter });
        await fetchReport();
      },
      async rebuild() {
        set({ loading: true, notice: undefined });
        try {
          const { days } = await request(send, 'reports.rebuild', {});
          set({ notice: tn('reportsStore_recomputed', days) });
        } catch (e) {
          set({ error: t('reportsStore_not_recomputed', { error: userMessage(e) }) });
        }
        await fetchReport();
      },
    };
  });
}
