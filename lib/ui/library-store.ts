import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import { channels, type ResponseOf } from '../messages';
import { userMessage } from './errors';
import { sayIssue } from './issue-words';
import { t } from '../i18n';

export type TemplatesList = ResponseOf<'drafts.listTemplates'>;
export type TemplateRowView = TemplatesList['templates'][number];
export type AiLogView = ResponseOf<'drafts.aiLog'>;

export interface LibraryState {
  templates: TemplatesList | null;
  aiLog: AiLogView | null;
  notice: string | null;
  error: string | null;
  loadTemplates: () => Promise<void>;
  /** Save a template; answers why it was refused (null: saved). */
  saveTemplate: (t: { id?: string; name: string; body: string; kind: 'template' | 'snippet'; intents: string[] }) => Promise<string | null>;
  resetTemplate: (id: string) => Promise<void>;
  deleteTemplate: (id: string) => Promise<void>;
  loadAiLog: () => Promise<void>;
  /** Whether the AI provider reads what replies are about (null until read); off unless the rep turned it on. */
  readIntent: boolean | null;
  /** Whether an AI provider is set up at all (the switch says it does nothing without one). */
  aiProvider: string | null;
  loadReadIntent: () => Promise<void>;
  setReadIntent: (on: boolean) => Promise<void>;
}

/** The options page's Templates and AI log tabs, read and changed through the drafts area's channels. */
export const createLibraryStore = (send: SendPort) =>
  createStore<LibraryState>()((set, get) => {
    const run = async (work: () => Promise<string>) => {
      try {
        const notice = await work();
        await get().loadTemplates();
        set({ notice, error: null });
      } catch (error) {
        set({ error: userMessage(error), notice: null });
      }
    };
    return {
      templates: null,
      aiLog: null,
      readIntent: null,
      aiProvider: null,
      notice: null,
      error: null,
      async loadTemplates() {
        try {
          set({ templates: await request(send, 'drafts.listTemplates', {}) });
        } catch (error) {
          set({ error: userMessage(error) });
        }
      },
      async saveTemplate(draft) {
        // Checked here first so the rep reads which merge field is wrong, not that a message was refused.
        const payload = { template: { ...draft, intents: draft.intents } };
        const checked = channels['drafts.saveTemplate'].request.safeParse(payload);
        if (!checked.success) return checked.error.issues.map(sayIssue).join('; ');
        try {
          const { template } = await request(send, 'drafts.saveTemplate', checked.data);
          set({ notice: t('store_saved_name', { name: template.name }), error: null });
          await get().loadTemplates();
          return null;
        } catch (error) {
          return userMessage(error);
        }
      },
      resetTemplate: (id) =>
        run(async () => {
          await request(send, 'drafts.resetTemplate', { id });
          return t('libraryStore_template_reset');
        }),
      deleteTemplate: (id) =>
        run(async () => {
          await request(send, 'drafts.deleteTemplate', { id });
          return t('libraryStore_template_removed');
        }),
      async loadReadIntent() {
        try {
          const ai = await request(send, 'drafts.getAiSettings', {});
          set({ readIntent: ai.readIntent, aiProvider: ai.provider });
        } catch (error) {
          set({ error: userMessage(error) });
        }
      },
      async setReadIntent(on) {
        try {
          const ai = await request(send, 'drafts.setReadIntent', { on });
          set({ readIntent: ai.readIntent, aiProvider: ai.provider, notice: on ? t('aiIntent_turned_on') : t('aiIntent_turned_off'), error: null });
        } catch (error) {
          set({ error: userMessage(error), notice: null });
        }
      },
      async loadAiLog() {
        try {
          set({ aiLog: await request(send, 'drafts.aiLog', { limit: 200 }) });
        } catch (error) {
          set({ error: userMessage(error) });
        }
      },
    };
  });
