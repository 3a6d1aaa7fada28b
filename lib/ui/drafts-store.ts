import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { ResponseOf } from '../messages';
import type { Suggestions } from '../drafts/suggest';
import { t, tn } from '../i18n';
import { say } from '../say';
import { userMessage } from './errors';

// The side panel's drafts slice: suggestions for the open thread, the rep's edits, Insert, close-the-loop and
// an AI draft streaming in. Self-contained so the panel can place it anywhere.

type AiOutcome = ResponseOf<'drafts.aiDraft'>['outcome'];
type AiContext = ResponseOf<'drafts.aiDraft'>['context'];
type AiLog = ResponseOf<'drafts.aiLog'>;

export interface DraftsState {
  threadId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  suggestions: Suggestions | null;
  /** The rep's edits, by template id (what Insert sends). */
  edits: Record<string, string>;
  /** Per-draft feedback after Insert. */
  inserted: Record<string, { ok: boolean; message: string }>;
  closeLoop: { status: 'idle' | 'working' | 'done' | 'error'; message: string };
  aiProvider: 'none' | 'chrome' | 'openai-compatible';
  ai: {
    requestId: string | null;
    status: 'idle' | 'streaming' | 'done' | 'fallback';
    text: string;
    note: string;
    context: AiContext | null;
    outcome: AiOutcome | null;
  };
  load(threadId: string, force?: boolean): Promise<void>;
  edit(templateId: string, text: string): void;
  insert(templateId: string): Promise<void>;
  stopReminders(): Promise<void>;
  draftWithAi(templateId?: string): Promise<void>;
  cancelAi(): Promise<void>;
  /** The AI log the rep can read: counts and outcomes (raw text only if they opted in). */
  aiLog: { status: 'idle' | 'loading' | 'ready' | 'error'; data: AiLog | null; error: string | null };
  loadAiLog(): Promise<void>;
  /** A drafts.aiProgress notice arrived. */
  progress(requestId: string, delta: string): void;
}

export interface DraftsPorts {
  send: SendPort;
  activeTabId: () => Promise<number | undefined>;
  newId?: () => string;
}

const AI_DRAFT = 'ai';
const idleAi = (): DraftsState['ai'] => ({ requestId: null, status: 'idle', text: '', note: '', context: null, outcome: null });

export const createDraftsStore = (ports: DraftsPorts) =>
  createStore<DraftsState>()((set, get) => ({
    threadId: null,
    status: 'idle',
    error: null,
    suggestions: null,
    edits: {},
    inserted: {},
    closeLoop: { status: 'idle', message: '' },
    aiProvider: 'none',
    ai: idleAi(),
    aiLog: { status: 'idle', data: null, error: null },

    async loadAiLog() {
      set({ aiLog: { ...get().aiLog, status: 'loading' } });
      try {
        set({ aiLog: { status: 'ready', data: await request(ports.send, 'drafts.aiLog', { limit: 50 }), error: null } });
      } catch (error) {
        set({ aiLog: { status: 'error', data: null, error: userMessage(error) } });
      }
    },

    async load(threadId, force = false) {
      const same = get().threadId === threadId;
      if (same && !force && get().status !== 'error') return;
      set(same ? { status: 'loading' } : { threadId, status: 'loading', error: null, edits: {}, inserted: {}, closeLoop: { status: 'idle', message: '' }, ai: idleAi() });
      try {
        const [suggestions, ai] = await Promise.all([
          request(ports.send, 'drafts.suggest', { threadId }),
          request(ports.send, 'drafts.getAiSettings', {}).catch(() => null),
        ]);
        if (get().threadId !== threadId) return; // the rep moved on meanwhile
        // Keep the rep's edits of drafts that are still suggested.
        const edits = Object.fromEntries(Object.entries(get().edits).filter(([id]) => id === AI_DRAFT || suggestions.suggestions.some((s) => s.templateId === id)));
        set({ status: 'ready', suggestions, edits, aiProvider: ai?.provider ?? 'none' });
      } catch (error) {
        if (get().threadId === threadId) set({ status: 'error', error: userMessage(error) });
      }
    },

    edit(templateId, text) {
      set({ edits: { ...get().edits, [templateId]: text } });
    },

    async insert(templateId) {
      const { suggestions, edits, ai } = get();
      if (!suggestions) return;
      const isAi = templateId === AI_DRAFT;
      const text = edits[templateId] ?? (isAi ? ai.text : suggestions.suggestions.find((s) => s.templateId === templateId)?.text);
      if (!text?.trim()) {
        set({ inserted: { ...get().inserted, [templateId]: { ok: false, message: t('draftsStore_nothing_to_insert') } } });
        return;
      }
      try {
        const tabId = await ports.activeTabId();
        const done = await request(ports.send, 'drafts.insert', {
          ...(tabId !== undefined ? { tabId } : {}),
          threadId: suggestions.threadId,
          text,
          ...(isAi ? { ai: true } : { templateId }),
          ...(suggestions.messageId ? { messageId: suggestions.messageId } : {}),
        });
        const msg = done.openedReplyBox ? t('draftsStore_inserted_new_reply') : t('draftsStore_inserted_at_cursor');
        set({ inserted: { ...get().inserted, [templateId]: { ok: true, message: msg } } });
      } catch (error) {
        set({ inserted: { ...get().inserted, [templateId]: { ok: false, message: t('draftsStore_not_inserted', { error: userMessage(error) }) } } });
      }
    },

    async stopReminders() {
      const { suggestions } = get();
      if (!suggestions) return;
      set({ closeLoop: { status: 'working', message: '' } });
      try {
        const { cancelledReminders } = await request(ports.send, 'drafts.closeLoop', {
          threadId: suggestions.threadId,
          ...(suggestions.messageId ? { messageId: suggestions.messageId } : {}),
        });
        set({ closeLoop: { status: 'done', message: cancelledReminders ? tn('draftsStore_stopped_reminders', cancelledReminders) : t('draftsStore_closed_none_pending') } });
      } catch (error) {
        set({ closeLoop: { status: 'error', message: userMessage(error) } });
      }
    },

    async draftWithAi(templateId) {
      const { suggestions } = get();
      if (!suggestions) return;
      const requestId = ports.newId?.() ?? `ai-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      set({ ai: { ...idleAi(), requestId, status: 'streaming' }, edits: { ...get().edits, [AI_DRAFT]: '' } });
      try {
        const { outcome, context } = await request(ports.send, 'drafts.aiDraft', {
          requestId,
          threadId: suggestions.threadId,
          ...(templateId ? { templateId } : {}),
        });
        if (get().ai.requestId !== requestId) return;
        if (outcome.kind === 'draft') {
          set({ ai: { requestId, status: 'done', text: outcome.text, note: '', context, outcome }, edits: { ...get().edits, [AI_DRAFT]: outcome.text } });
        } else {
          const edits = { ...get().edits };
          delete edits[AI_DRAFT];
          set({ ai: { requestId, status: 'fallback', text: '', note: say(outcome.noteWords, outcome.note), context, outcome }, edits });
        }
      } catch (error) {
        if (get().ai.requestId === requestId) set({ ai: { ...idleAi(), requestId, status: 'fallback', note: t('draftsStore_ai_failed', { error: userMessage(error) }) } });
      }
    },

    async cancelAi() {
      const { requestId } = get().ai;
      if (requestId) await request(ports.send, 'drafts.aiCancel', { requestId }).catch(() => undefined);
    },

    progress(requestId, delta) {
      const { ai, edits } = get();
      if (ai.requestId !== requestId || ai.status !== 'streaming') return;
      const text = ai.text + delta;
      set({ ai: { ...ai, text }, edits: { ...edits, [AI_DRAFT]: text } });
    },
  }));

export const AI_DRAFT_ID = AI_DRAFT;

/** Feed drafts.aiProgress notices into the store; checked by hand, anything else is ignored. */
export function listenForDraftProgress(
  events: { addListener(listener: (message: unknown) => void): void },
  store: { getState(): Pick<DraftsState, 'progress'> },
) {
  events.addListener((message) => {
    const m = message as { channel?: unknown; payload?: { requestId?: unknown; delta?: unknown } } | null;
    if (m?.channel !== 'drafts.aiProgress') return;
    const { requestId, delta } = m.payload ?? {};
    if (typeof requestId === 'string' && typeof delta === 'string') store.getState().progress(requestId, delta);
  });
}
