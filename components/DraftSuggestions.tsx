import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { DraftSuggestion } from '@/lib/drafts/suggest';
import { AI_DRAFT_ID, type DraftsState } from '@/lib/ui/drafts-store';

const SIGNAL_LABELS: Record<string, string> = {
  budget_objection: 'Budget objection',
  competitor_objection: 'Competitor / current vendor',
  unsubscribe_request: 'Asked to stop emails',
};

/** One suggested draft: why, the text to edit in place, fields left empty, and Insert. */
function DraftCard({ store, draft }: { store: StoreApi<DraftsState>; draft: DraftSuggestion }) {
  const text = useStore(store, (s) => s.edits[draft.templateId] ?? draft.text);
  const result = useStore(store, (s) => s.inserted[draft.templateId]);
  const { edit, insert } = store.getState();
  const stillEmpty = draft.empty.filter((v) => text.includes(`[${v}]`));
  return (
    <article className="card" aria-label={`Draft: ${draft.name}`} data-testid="draft-suggestion" data-template-id={draft.templateId}>
      <div className="card-title">{draft.name}</div>
      <div className="muted" data-testid="draft-reason">
        {draft.reason}
      </div>
      <textarea
        aria-label={`Edit draft: ${draft.name}`}
        data-testid="draft-text"
        value={text}
        rows={Math.min(14, Math.max(5, text.split('\n').length + 1))}
        onChange={(e) => edit(draft.templateId, e.target.value)}
        style={{ width: '100%', boxSizing: 'border-box', font: 'inherit', resize: 'vertical' }}
      />
      {stillEmpty.length > 0 && (
        <div className="muted" role="note" data-testid="draft-empty-fields">
          Fill in before sending: {stillEmpty.map((v) => <span key={v} className="chip">{v}</span>)}
        </div>
      )}
      <div className="row">
        <button type="button" data-testid="draft-insert" onClick={() => void insert(draft.templateId)}>
          Insert into reply
        </button>
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
    <article className="card" aria-label="AI draft" data-testid="ai-draft" aria-busy={ai.status === 'streaming'}>
      <div className="card-title">AI draft {ai.status === 'streaming' && <span className="muted">— writing…</span>}</div>
      <textarea
        aria-label="Edit AI draft"
        value={text}
        readOnly={ai.status === 'streaming'}
        rows={10}
        onChange={(e) => edit(AI_DRAFT_ID, e.target.value)}
        style={{ width: '100%', boxSizing: 'border-box', font: 'inherit', resize: 'vertical' }}
      />
      <div className="row">
        {ai.status === 'streaming' ? (
          <button type="button" onClick={() => void cancelAi()}>
            Stop
          </button>
        ) : (
          <button type="button" onClick={() => void insert(AI_DRAFT_ID)}>
            Insert into reply
          </button>
        )}
      </div>
      {result && <div className="muted" role="status">{result.message}</div>}
      {ai.context && (
        <details data-testid="ai-context">
          <summary>What the AI was given</summary>
          <p className="muted">{ai.context.threadSummary}</p>
          <p className="muted">
            Contact: {[ai.context.contact.name, ai.context.contact.title, ai.context.contact.company, ai.context.contact.deal].filter(Boolean).join(' · ') || 'unknown'}
          </p>
          <p className="muted">
            Intent: {ai.context.intent} — {ai.context.intentReason}
          </p>
          <p className="muted">Addresses, phone numbers and your configured secrets were replaced before sending and put back here.</p>
        </details>
      )}
    </article>
  );
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** The AI log: what was sent where, how much, what was redacted and how it ended — never the text itself. */
function AiLogView({ store }: { store: StoreApi<DraftsState> }) {
  const log = useStore(store, (s) => s.aiLog);
  return (
    <details data-testid="ai-log" onToggle={(e) => (e.currentTarget.open ? void store.getState().loadAiLog() : undefined)}>
      <summary>AI log</summary>
      {log.status === 'loading' && <p className="muted">Loading…</p>}
      {log.status === 'error' && <p className="muted">Could not read the log: {log.error}</p>}
      {log.data && (
        <>
          <p className="muted" data-testid="ai-budget">
            Today: {log.data.today.requests} of {log.data.limits.dailyRequests} requests, {log.data.today.tokens} of {log.data.limits.dailyTokens} tokens.
          </p>
          {log.data.entries.length === 0 ? (
            <p className="muted">No AI requests yet.</p>
          ) : (
            <ul>
              {log.data.entries.map((e) => (
                <li key={e.id} className="row" data-testid="ai-log-entry">
                  <span>
                    {timeFormat.format(e.at)} · {e.provider}
                    {e.model ? ` (${e.model})` : ''} · {e.promptTokens + e.completionTokens} tokens · redacted {e.redactions.emails} addresses,{' '}
                    {e.redactions.phones} phones, {e.redactions.secrets} secrets
                  </span>
                  <span className="chip" title={e.detail}>
                    {e.outcome}
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
    <section aria-label="Suggested replies" data-testid="draft-suggestions">
      <h2>Suggested replies</h2>
      {status === 'loading' && !suggestions && <p className="muted">Reading the thread…</p>}
      {status === 'error' && (
        <div className="banner" role="alert">
          Could not suggest replies: {error}
        </div>
      )}
      {suggestions && (
        <>
          <p className="muted" data-testid="draft-intent" data-intent={suggestions.intent}>
            {suggestions.mode === 'follow-up' ? 'Waiting on them: ' : suggestions.mode === 'reply' ? 'Their latest message: ' : ''}
            {suggestions.reason}
          </p>
          {suggestions.mode === 'reply' && (
            <p className="muted" data-testid="draft-intent-from">
              {suggestions.intentFrom}
            </p>
          )}
          {suggestions.signals.length > 0 && (
            <div className="row" data-testid="draft-signals">
              {suggestions.signals.map((s) => (
                <span key={s} className="chip">
                  {SIGNAL_LABELS[s] ?? s}
                </span>
              ))}
            </div>
          )}
          {suggestions.closeLoop && (
            <article className="card" aria-label="Close the loop" data-testid="close-loop">
              <div className="card-title">Close the loop</div>
              <div className="muted">{suggestions.closeLoop.reason}</div>
              <div className="row">
                <button type="button" disabled={closeLoop.status === 'working' || closeLoop.status === 'done'} onClick={() => void stopReminders()}>
                  Stop reminders{suggestions.closeLoop.pendingReminders ? ` (${suggestions.closeLoop.pendingReminders})` : ''}
                </button>
              </div>
              {closeLoop.message && (
                <div className="muted" role="status">
                  {closeLoop.message}
                </div>
              )}
            </article>
          )}
          {suggestions.suggestions.length === 0 && <p className="muted">No template fits this thread yet.</p>}
          {suggestions.suggestions.map((draft) => (
            <DraftCard key={draft.templateId} store={store} draft={draft} />
          ))}
          {aiProvider !== 'none' && suggestions.mode !== 'none' && ai.status !== 'streaming' && (
            <div className="row">
              <button type="button" data-testid="ai-draft-button" onClick={() => void draftWithAi(suggestions.suggestions[0]?.templateId)}>
                Draft with AI
              </button>
            </div>
          )}
          <AiDraft store={store} />
          {aiProvider !== 'none' && <AiLogView store={store} />}
          <p className="muted">Followthrough never sends: inserted text waits in Gmail for you to review and send.</p>
        </>
      )}
    </section>
  );
}
