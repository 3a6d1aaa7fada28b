import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { DraftSuggestion } from '@/lib/drafts/suggest';
import { AI_DRAFT_ID, type DraftsState } from '@/lib/ui/drafts-store';
import { formatDateWith, formatNumber, t, type MessageKey } from '@/lib/i18n';
import { say } from '@/lib/say';
import { sayAiOutcome } from '@/lib/ui/ai-outcome';
import { sayAiProvider } from './ai-words';

const SIGNAL_LABELS: Record<string, MessageKey> = { budget_objection: 'draftSignal_budget_objection', competitor_objection: 'draftSignal_competitor_objection', unsubscribe_request: 'draftSignal_unsubscribe_request' };

/** One suggested draft: why, the text to edit in place, fields left empty, and Insert. */
function DraftCard({ store, draft }: { store: StoreApi<DraftsState>; draft: DraftSuggestion }) {
  const text = useStore(store, (s) => s.edits[draft.templateId] ?? draft.text);
  const result = useStore(store, (s) => s.inserted[draft.templateId]);
  const { edit, insert } = store.getState();
  const stillEmpty = draft.empty.filter((v) => text.includes(`[${v}]`));
  return (
    <article className="card" aria-label={t('draftSuggestions_draft_name', { name: draft.name })} data-testid="draft-suggestion" data-template-id={draft.templateId}>
      <div className="card-title">{draft.name}</div>
      <div className="muted" data-testid="draft-reason">
        {say(draft.reasonWords, draft.reason)}
      </div>
      <textarea
        aria-label={t('draftSuggestions_edit_draft_name', { name: draft.name })}
        data-testid="draft-text"
        value={text}
        rows={Math.min(14, Math.max(5, text.split('\n').length + 1))}
        onChange={(e) => edit(draft.templateId, e.target.value)}
        style={{ width: '100%', boxSizing: 'border-box', font: 'inherit', resize: 'vertical' }}
      />
      {stillEmpty.length > 0 && (
        <div className="muted" role="note" data-testid="draft-empty-fields">
          {t('draftSuggestions_fill_in_before_sending')}{' '}{stillEmpty.map((v) => <span key={v} className="chip">{v}</span>)}
        </div>
      )}
      <div className="row">
        <button type="button" data-testid="draft-insert" onClick={() => void insert(draft.templateId)}>
          {t('draftSuggestions_insert_into_reply')}</button>
      </div>
      {result && (
        <div className="muted" role="status" data-testid="draft-insert-result">
          {result.message}
        </div>
      )}
    </article>
  );
}

/** An AI draft streaming in, what the model was given, and the way back to the templates. */
function AiDraft({ store }: { store: StoreApi<DraftsState> }) {
  const ai = useStore(store, (s) => s.ai);
  const text = useStore(store, (s) => s.edits[AI_DRAFT_ID] ?? ai.text);
  const result = useStore(store, (s) => s.inserted[AI_DRAFT_ID]);
  const { edit, insert, cancelAi } = store.getState();
  if (ai.status === 'idle') return null;
  if (ai.status === 'fallback') {
    return (
      <div className="banner" role="status" data-testid="ai-note">
        {ai.note}
      </div>
    );
  }
  return (
    <article className="card" aria-label={t('draftSuggestions_ai_draft')} data-testid="ai-draft" aria-busy={ai.status === 'streaming'}>
      <div className="card-title">{t('draftSuggestions_ai_draft')}{' '}{ai.status === 'streaming' && <span className="muted">{t('draftSuggestions_writing')}</span>}</div>
      <textarea
        aria-label={t('draftSuggestions_edit_ai_draft')}
        value={text}
        readOnly={ai.status === 'streaming'}
        rows={10}
        onChange={(e) => edit(AI_DRAFT_ID, e.target.value)}
        style={{ width: '100%', boxSizing: 'border-box', font: 'inherit', resize: 'vertical' }}
      />
      <div className="row">
        {ai.status === 'streaming' ? (
          <button type="button" onClick={() => void cancelAi()}>
            {t('draftSuggestions_stop')}</button>
        ) : (
          <button type="button" onClick={() => void insert(AI_DRAFT_ID)}>
            {t('draftSuggestions_insert_into_reply')}</button>
        )}
      </div>
      {result && <div className="muted" role="status">{result.message}</div>}
      {ai.context && (
        <details data-testid="ai-context">
          <summary>{t('draftSuggestions_what_the_ai_was_given')}</summary>
          <p className="muted">{ai.context.threadSummary}</p>
          <p className="muted">
            {t('draftSuggestions_contact')}{' '}{[ai.context.contact.name, ai.context.contact.title, ai.context.contact.company, ai.context.contact.deal].filter(Boolean).join(' · ') || t('draftSuggestions_unknown')}
          </p>
          <p className="muted">
            {t('draftSuggestions_intent_intent_intentreason', { intent: ai.context.intent, intentReason: say(ai.context.intentReasonWords, ai.context.intentReason) })}
          </p>
          <p className="muted">{t('draftSuggestions_addresses_phone_numbers_and_your')}</p>
        </details>
      )}
    </article>
  );
}

const timeFormat = { format: (at: number) => formatDateWith(at, { dateStyle: 'short', timeStyle: 'short' }) };

/** The AI log: what was sent where, how much, what was redacted and how it ended — never the text itself. */
function AiLogView({ store }: { store: StoreApi<DraftsState> }) {
  const log = useStore(store, (s) => s.aiLog);
  return (
    <details data-testid="ai-log" onToggle={(e) => (e.currentTarget.open ? void store.getState().loadAiLog() : undefined)}>
      <summary>{t('draftSuggestions_ai_log')}</summary>
      {log.status === 'loading' && <p className="muted">{t('draftSuggestions_loading')}</p>}
      {log.status === 'error' && <p className="muted">{t('draftSuggestions_could_not_read_the_log', { error: log.error ?? '' })}</p>}
      {log.data && (
        <>
          <p className="muted" data-testid="ai-budget">
            {t('draftSuggestions_today_requests_of_dailyrequests_requests', { requests: log.data.today.requests, dailyRequests: log.data.limits.dailyRequests, tokens: log.data.today.tokens, dailyTokens: log.data.limits.dailyTokens })}</p>
          {log.data.entries.length === 0 ? (
            <p className="muted">{t('draftSuggestions_no_ai_requests_yet')}</p>
          ) : (
            <ul>
              {log.data.entries.map((e) => (
                <li key={e.id} className="row" data-testid="ai-log-entry">
                  <span>
                    {timeFormat.format(e.at)} · {sayAiProvider(e.provider)}
                    {e.model ? ` (${e.model})` : ''}{' '}
                    {t('draftSuggestions_ai_log_counts', { tokens: formatNumber(e.promptTokens + e.completionTokens), emails: e.redactions.emails, phones: e.redactions.phones, secrets: e.redactions.secrets })}</span>
                  <span className="chip" title={say(e.detailWords, e.detail)} data-outcome={e.outcome}>
                    {sayAiOutcome(e.outcome)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </details>
  );
}

/**
 * Suggested replies for the open thread. Self-contained: give it the drafts store and the thread; it loads
 * when the thread (or its message count) changes.
 */
export function DraftSuggestions({ store, threadId, messageCount }: { store: StoreApi<DraftsState>; threadId: string; messageCount: number }) {
  const { status, error, suggestions, closeLoop, aiProvider, ai } = useStore(store);
  const { load, stopReminders, draftWithAi } = store.getState();
  useEffect(() => {
    void load(threadId, true);
  }, [load, threadId, messageCount]);

  return (
    <section aria-label={t('draftSuggestions_suggested_replies')} data-testid="draft-suggestions">
      <h2>{t('draftSuggestions_suggested_replies')}</h2>
      {status === 'loading' && !suggestions && <p className="muted">{t('draftSuggestions_reading_the_thread')}</p>}
      {status === 'error' && (
        <div className="banner" role="alert">
          {t('draftSuggestions_could_not_suggest_replies_error', { error: error ?? '' })}
        </div>
      )}
      {suggestions && (
        <>
          <p className="muted" data-testid="draft-intent" data-intent={suggestions.intent}>
            {suggestions.mode === 'follow-up' ? `${t('draftSuggestions_waiting_on_them')} ` : suggestions.mode === 'reply' ? `${t('draftSuggestions_their_latest_message')} ` : ''}
            {say(suggestions.reasonWords, suggestions.reason)}
          </p>
          {suggestions.mode === 'reply' && (
            <p className="muted" data-testid="draft-intent-from" data-decided-by={suggestions.decidedBy}>
              {say(suggestions.intentFromWords, suggestions.intentFrom)}
            </p>
          )}
          {suggestions.signals.length > 0 && (
            <div className="row" data-testid="draft-signals">
              {suggestions.signals.map((s) => (
                <span key={s} className="chip">
                  {SIGNAL_LABELS[s] ? t(SIGNAL_LABELS[s]) : s}
                </span>
              ))}
            </div>
          )}
          {suggestions.closeLoop && (
            <article className="card" aria-label={t('draftSuggestions_close_the_loop')} data-testid="close-loop">
              <div className="card-title">{t('draftSuggestions_close_the_loop')}</div>
              <div className="muted" data-testid="close-loop-reason">{say(suggestions.closeLoop.reasonWords, suggestions.closeLoop.reason)}</div>
              <div className="row">
                <button type="button" disabled={closeLoop.status === 'working' || closeLoop.status === 'done'} onClick={() => void stopReminders()}>
                  {t('draftSuggestions_stop_reminders')}{suggestions.closeLoop.pendingReminders ? ` (${suggestions.closeLoop.pendingReminders})` : ''}
                </button>
              </div>
              {closeLoop.message && (
                <div className="muted" role="status">
                  {closeLoop.message}
                </div>
              )}
            </article>
          )}
          {suggestions.suggestions.length === 0 && <p className="muted">{t('draftSuggestions_no_template_fits_this_thread')}</p>}
          {suggestions.suggestions.map((draft) => (
            <DraftCard key={draft.templateId} store={store} draft={draft} />
          ))}
          {aiProvider !== 'none' && suggestions.mode !== 'none' && ai.status !== 'streaming' && (
            <div className="row">
              <button type="button" data-testid="ai-draft-button" onClick={() => void draftWithAi(suggestions.suggestions[0]?.templateId)}>
                {t('draftSuggestions_draft_with_ai')}</button>
            </div>
          )}
          <AiDraft store={store} />
          {aiProvider !== 'none' && <AiLogView store={store} />}
          <p className="muted">{t('draftSuggestions_followthrough_never_sends_inserted_text')}</p>
        </>
      )}
    </section>
  );
}
