import { createStore } from 'zustand/vanilla';
import type { z } from 'zod';
import { request, type SendPort } from '../client';
import { userMessage } from './errors';
import { say } from '../say';
import { t } from '../i18n';
import type { Status } from '../messages';
import type { DetectionHealth } from '../channels/ui';
import type { SendChecks } from '../channels/gmail';
import { Settings, type SettingsPort } from '../settings';
import { sayIssue } from './issue-words';

export type SettingsField = Exclude<keyof Settings, 'version'>;

export interface PopupState {
  status: Status | null;
  detection: DetectionHealth | null;
  /** Sends that need the rep (never confirmed, or confirmed with no press); null until known. */
  sends: SendChecks | null;
  /** The send whose answer is in flight. */
  resolving: string | null;
  settings: Settings | null;
  warnings: string[];
  /** Why the last value typed into a field was not saved, by field. */
  errors: Partial<Record<SettingsField, string>>;
  /** The change Undo puts back: the one field it changed, and its value before. */
  lastChange: { label: string; field: SettingsField; previous: unknown } | null;
  saved: string | null;
  error: string | null;
  busy: boolean;
  load: () => Promise<void>;
  change: <F extends SettingsField>(field: F, value: z.input<typeof Settings>[F], label: string) => Promise<boolean>;
  undo: () => Promise<void>;
  loadDemoData: () => Promise<void>;
  resolveSend: (id: string, action: 'log' | 'dismiss') => Promise<void>;
  /** Ask for the endpoint's permission (during the rep's click) and save an OpenAI-compatible provider. */
  saveAiEndpoint: (ai: { endpoint: string; model: string; apiKey?: string }) => Promise<boolean>;
}

export interface PopupPorts {
  send: SendPort;
  /** Read and changed through the background, the one writer (`backgroundSettings`). */
  settings: SettingsPort;
  /** Resolves true when the endpoint's origin may be reached (asking the rep if needed). */
  allowEndpoint: (endpoint: string) => Promise<boolean>;
}

const message = userMessage;

/** A zod issue in the rep's words: a list entry is named by what was typed. */
export function describeFieldIssue(value: unknown, issue: z.core.$ZodIssue): string {
  const index = issue.path[1];
  const said = sayIssue(issue);
  if (typeof index === 'number' && Array.isArray(value) && value[index] !== undefined) return t('popupStore_entry_issue', { value: String(value[index]), issue: said });
  return said;
}

/** The popup's state: status at a glance, and the settings, saved as they change with Undo for the last one. */
export const createPopupStore = ({ send, settings: settingsStore, allowEndpoint }: PopupPorts) =>
  createStore<PopupState>()((set, get) => {
    // The newest save of each field: an older answer arriving late does not overwrite a newer choice.
    const latest = new Map<SettingsField, number>();
    let counter = 0;
    const withField = (s: PopupState, field: SettingsField, value: unknown) => (s.settings ? { ...s.settings, [field]: value } : s.settings);

    /** Show the new value at once, save only that field, and put the old one back if the save fails. */
    async function saveField(field: SettingsField, value: unknown, previous: unknown): Promise<boolean> {
      const mine = ++counter;
      latest.set(field, mine);
      set((s) => ({ settings: withField(s, field, value) }));
      try {
        const stored = await settingsStore.update({ [field]: value } as Partial<z.input<typeof Settings>>);
        if (latest.get(field) !== mine) return true;
        set((s) => {
          const errors = { ...s.errors };
          delete errors[field];
          return { settings: withField(s, field, stored[field]), errors };
        });
        return true;
      } catch (error) {
        if (latest.get(field) === mine) set((s) => ({ settings: withField(s, field, previous), errors: { ...s.errors, [field]: message(error) }, saved: null }));
        return false;
      }
    }

    return {
      status: null,
      detection: null,
      sends: null,
      resolving: null,
      settings: null,
      warnings: [],
      errors: {},
      lastChange: null,
      saved: null,
      error: null,
      busy: false,

      async load() {
        try {
          const [status, loaded, health] = await Promise.all([
            request(send, 'popup.getStatus', {}),
            settingsStore.load(),
            request(send, 'gmail.getHealth', {}),
          ]);
          const detection = health.record ? { degraded: health.notices.length > 0, problems: health.notices.map((n, i) => say(health.noticeWords?.[i], n)) } : null;
          set({ status, settings: loaded.settings, warnings: loaded.warnings.map((w, i) => say(loaded.warningWords?.[i], w)), detection, sends: health.sends, error: null });
        } catch (error) {
          set({ error: message(error) });
        }
      },

      async change(field, value, label) {
        const current = get().settings;
        if (!current) return false;
        const next = Settings.safeParse({ ...current, [field]: value });
        if (!next.success) {
          const issue = next.error.issues.find((i) => i.path[0] === field) ?? next.error.issues[0]!;
          set((s) => ({ errors: { ...s.errors, [field]: describeFieldIssue(value, issue) }, saved: null }));
          return false;
        }
        const saved = await saveField(field, next.data[field], current[field]);
        if (saved) set({ lastChange: { label, field, previous: current[field] }, saved: t('popupStore_saved', { label }), warnings: [], error: null });
        return saved;
      },

      async undo() {
        const last = get().lastChange;
        if (!last) return;
        // Only the field that changed goes back: anything changed since, here or elsewhere, stays.
        if (await saveField(last.field, last.previous, get().settings?.[last.field])) set({ lastChange: null, errors: {}, saved: t('popupStore_undone', { label: last.label }) });
      },

      async saveAiEndpoint({ endpoint, model, apiKey }) {
        const current = get().settings;
        if (!current) return false;
        const ai = { ...current.ai, provider: 'openai-compatible', endpoint: endpoint || undefined, model: model || undefined, apiKey };
        const checked = Settings.safeParse({ ...current, ai });
        if (!checked.success) {
          set((s) => ({ errors: { ...s.errors, ai: checked.error.issues[0] ? sayIssue(checked.error.issues[0]) : t('popupStore_not_valid') }, saved: null }));
          return false;
        }
        try {
          if (!(await allowEndpoint(endpoint))) throw new Error(t('popupStore_endpoint_refused', { origin: new URL(endpoint).origin }));
          await request(send, 'drafts.saveAiSettings', { ai: checked.data.ai, keepApiKey: true });
          const { settings } = await settingsStore.load();
          set((s) => {
            const errors = { ...s.errors };
            delete errors.ai;
            const label = t('popupStore_ai_changed');
            return { settings, errors, lastChange: { label, field: 'ai', previous: current.ai }, saved: t('popupStore_saved', { label }) };
          });
          return true;
        } catch (error) {
          set((s) => ({ errors: { ...s.errors, ai: message(error) }, saved: null }));
          return false;
        }
      },

      async resolveSend(id, action) {
        set({ resolving: id });
        try {
          const { detail, detailWords } = await request(send, 'gmail.resolveSend', { id, action });
          set({ saved: say(detailWords, detail), error: null });
          await get().load();
        } catch (error) {
          set({ error: message(error) });
        } finally {
          set({ resolving: null });
        }
      },

      async loadDemoData() {
        set({ busy: true });
        try {
          await request(send, 'crm.loadDemoData', {});
          await get().load();
        } catch (error) {
          set({ error: message(error) });
        } finally {
          set({ busy: false });
        }
      },
    };
  });

/** Settings through the background (`settings.load`, `settings.update`), for the popup and options page. */
export function backgroundSettings(send: SendPort): SettingsPort {
  return {
    async load() {
      const { settings, warnings, warningWords } = await request(send, 'settings.load', {});
      return { settings: Settings.parse(settings), warnings, warningWords, changed: false };
    },
    async update(patch) {
      return Settings.parse((await request(send, 'settings.update', { patch })).settings);
    },
  };
}
