import { AiGateway, budgetUsed, localDay } from '../ai/gateway';
import { originPattern } from '../ai/permissions';
import { providerIntent, type IntentDecision } from '../ai/intent';
import { draftPrompt } from '../ai/prompt';
import { deleteTemplate, listTemplates, resetTemplate, saveTemplate } from '../drafts/library';
import { localIntentFrom, suggestDrafts } from '../drafts/suggest';
import { VARIABLES } from '../drafts/template';
import { contactCards } from '../crm/match';
import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import type { AiSettings } from '../settings';
import { WordsError, words } from '../words';


const view = (ai: AiSettings) => ({
  provider: ai.provider,
  endpoint: ai.endpoint,
  model: ai.model,
  apiKeySet: !!ai.apiKey,
  secrets: ai.secrets.length,
  dailyRequests: ai.dailyRequests,
  dailyTokens: ai.dailyTokens,
  timeoutMs: ai.timeoutMs,
  logRawText: ai.logRawText,
  readIntent: ai.readIntent,
});

const GMAIL_SILENT = 'the Gmail tab did not answer (reload Gmail and try again)';

/** The answer a Gmail tab gives to gmail.insertDraft, checked by hand (it comes from another context). */
function insertReply(reply: unknown): { inserted: boolean; openedReplyBox: boolean; error?: string } {
  const r = reply as { inserted?: unknown; openedReplyBox?: unknown; error?: unknown } | null | undefined;
  if (!r || typeof r.inserted !== 'boolean') return { inserted: false, openedReplyBox: false, error: GMAIL_SILENT };
  return { inserted: r.inserted, openedReplyBox: r.openedReplyBox === true, error: typeof r.error === 'string' ? r.error.slice(0, 300) : undefined };
}

/** The background's answers to the drafts area's channels (lib/channels/drafts.ts). */
export function draftsHandlers(ports: ServicePorts) {
  const { db, now } = ports;
  const inFlight = new Map<string, AbortController>();
  const need = () => {
    if (!ports.drafts) throw new WordsError(words('err_not_here', { what: words('err_area_drafts') }), 'drafts are not wired in this context');
    return ports.drafts;
  };
  const gateway = () => {
    const d = need();
    return new AiGateway({
      db,
      now,
      fetch: d.fetch,
      promptApi: d.promptApi,
      hasOrigin: (origin) => d.hasPermission(originPattern(origin)),
    });
  };

  // The provider's intent per message and provider setup, so reopening the panel costs no second call. Only a
  // saving: after a worker restart the message is asked about again (under the same daily budget).
  const intents = new Map<string, IntentDecision>();

  async function suggestionsFor(threadId: string) {
    const thread = await db.threads.get(threadId);
    if (!thread) throw new WordsError(words('err_thread_not_stored'), `thread ${threadId} is not stored yet; open it in Gmail first`);
    const { settings } = await ports.settings.load();
    const messages = await db.messages.where('threadId').equals(threadId).toArray();
    const pendingReminders = await db.reminders.where('threadId').equals(threadId).filter((r) => r.status === 'pending' || r.status === 'snoozed').count();
    const input = {
      thread,
      messages,
      cards: await contactCards(db, thread.participants, new Set(settings.ownDomains)),
      templates: await listTemplates(db, now()),
      repName: settings.repName,
      pendingReminders,
      timeZone: settings.workingHours.timeZone,
      ownDomainsKnown: settings.ownDomains.length > 0,
    };
    const local = suggestDrafts(input);
    // The provider reads only a reply's intent (a follow-up nudge has none); an unsubscribe stays the rules'.
    if (local.mode !== 'reply' || local.signals.includes('unsubscribe_request') || !ports.drafts) return local;
    const ai = settings.ai;
    const key = `${local.messageId ?? ''}|${ai.provider}|${ai.endpoint ?? ''}|${ai.model ?? ''}|${ai.readIntent}`;
    let decision = intents.get(key);
    if (!decision) {
      const latest = messages.find((m) => m.id === local.messageId);
      decision = await providerIntent(gateway(), ai, { text: local.context.latestInbound, subject: latest?.subject ?? thread.subject ?? '' });
      // Only answers are kept: a refusal or a timeout is tried again next time.
      if (decision.by === 'provider') {
        if (intents.size >= 200) intents.delete(intents.keys().next().value!);
        intents.set(key, decision);
      }
    }
    if (decision.by === 'provider') return suggestDrafts({ ...input, intentOverride: { intent: decision.intent, reason: decision.reason }, intentFrom: decision.from, intentFromWords: decision.words });
    // The local reader that decided (rules or model) is named, then why the provider did not.
    const why = decision.from.replace(/^intent from local rules: /, '');
    return { ...local, ...localIntentFrom(local.decidedBy === 'model' ? 'model' : 'rules', { text: why, words: decision.why }) };
  }

  return {
    async 'drafts.listTemplates'() {
      return {
        templates: await listTemplates(db, now()),
        variables: Object.entries(VARIABLES).map(([name, description]) => ({ name, description })),
      };
    },

    async 'drafts.saveTemplate'({ template }) {
      return { template: await saveTemplate(db, template, now()) };
    },

    async 'drafts.resetTemplate'({ id }) {
      return { template: await resetTemplate(db, id, now()) };
    },

    async 'drafts.deleteTemplate'({ id }) {
      await deleteTemplate(db, id, now());
      return { received: true as const };
    },

    async 'drafts.suggest'({ threadId }) {
      return suggestionsFor(threadId);
    },

    async 'drafts.insert'({ tabId, threadId, text, templateId, messageId, ai }) {
      // The Gmail tab showing this thread: the panel's tab when it does, else the one the rep used last.
      const view = await ports.views.get(tabId);
      if (!view || view.threadId !== threadId) throw new WordsError(words('err_thread_not_open_draft'), 'this thread is no longer open in Gmail; open it again to insert the draft');
      const reply = insertReply(
        await need()
          .sendToTab(view.tabId, { channel: 'gmail.insertDraft', payload: { threadId, text } })
          .catch((e: unknown) => ({ error: String(e) })),
      );
      // The Gmail tab's own reason is its text (the content script words it); our own two are said in the rep's language.
      if (!reply.inserted) {
        if (reply.error && reply.error !== GMAIL_SILENT) throw new Error(reply.error);
        throw reply.error ? new WordsError(words('err_gmail_silent'), GMAIL_SILENT) : new WordsError(words('err_draft_not_inserted'), 'the draft could not be put into Gmail’s reply box');
      }
      // The rep took a suggestion: the engine hears of it once per message and template.
      await ports.dispatch({
        type: 'suggestion.accepted',
        suggestionId: `draft:${threadId}:${messageId ?? 'none'}:${ai ? 'ai' : (templateId ?? 'custom')}`,
        kind: 'draft',
        threadId,
        at: now(),
      });
      return { inserted: true as const, openedReplyBox: reply.openedReplyBox };
    },

    async 'drafts.closeLoop'({ threadId, messageId }) {
      const cancelled = await db.transaction('rw', db.reminders, async () =>
        db.reminders
          .where('threadId')
          .equals(threadId)
          .filter((r) => r.status === 'pending' || r.status === 'snoozed')
          .modify({ status: 'cancelled' }),
      );
      await ports.dispatch({ type: 'suggestion.accepted', suggestionId: `close-loop:${threadId}:${messageId ?? 'none'}`, kind: 'close-loop', threadId, at: now() });
      ports.notifyPanels();
      return { cancelledReminders: cancelled };
    },

    async 'drafts.aiDraft'({ requestId, threadId, templateId }) {
      const d = need();
      const suggestions = await suggestionsFor(threadId);
      const { settings } = await ports.settings.load();
      const start = suggestions.suggestions.find((s) => s.templateId === templateId) ?? suggestions.suggestions[0];
      const controller = new AbortController();
      inFlight.get(requestId)?.abort();
      inFlight.set(requestId, controller);
      try {
        const outcome = await gateway().generate(
          settings.ai,
          { purpose: 'draft-reply', messages: draftPrompt(suggestions.context, { repName: settings.repName, template: start?.text }) },
          { signal: controller.signal, onDelta: (delta) => d.broadcast({ channel: 'drafts.aiProgress', payload: { requestId, delta } }) },
        );
        return { requestId, outcome, context: suggestions.context };
      } finally {
        inFlight.delete(requestId);
      }
    },

    async 'drafts.aiCancel'({ requestId }) {
      const controller = inFlight.get(requestId);
      controller?.abort();
      return { cancelled: !!controller };
    },

    async 'drafts.aiLog'({ limit }) {
      const { settings } = await ports.settings.load();
      const entries = await db.aiLog.orderBy('at').reverse().limit(limit ?? 100).toArray();
      const today = await budgetUsed(db, localDay(now()));
      return { entries, today, limits: { dailyRequests: settings.ai.dailyRequests, dailyTokens: settings.ai.dailyTokens } };
    },

    async 'drafts.getAiSettings'() {
      const { settings } = await ports.settings.load();
      return view(settings.ai);
    },

    async 'drafts.setReadIntent'({ on }) {
      const { settings } = await ports.settings.load();
      const saved = await ports.settings.update({ ai: { ...settings.ai, readIntent: on } });
      return view(saved.ai);
    },

    async 'drafts.saveAiSettings'({ ai, keepApiKey }) {
      if (ai.provider === 'openai-compatible' && ai.endpoint) {
        const pattern = originPattern(ai.endpoint);
        if (!(await need().hasPermission(pattern))) {
          throw new WordsError(
            words('err_ai_no_permission', { origin: new URL(ai.endpoint).origin, pattern }),
            `Followthrough has not been allowed to reach ${new URL(ai.endpoint).origin}; grant the permission when saving (pattern ${pattern})`,
          );
        }
      }
      const { settings } = await ports.settings.load();
      const next = keepApiKey && !ai.apiKey && settings.ai.apiKey ? { ...ai, apiKey: settings.ai.apiKey } : ai;
      const saved = await ports.settings.update({ ai: next });
      return view(saved.ai);
    },
  } satisfies Partial<Handlers>;
}
