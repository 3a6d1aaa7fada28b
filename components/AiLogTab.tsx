import { useEffect, useId } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { LibraryState } from '@/lib/ui/library-store';
import { formatDateTime } from './format';
import { t } from '@/lib/i18n';
import { say } from '@/lib/say';
import { sayAiOutcome } from '@/lib/ui/ai-outcome';
import { sayAiProvider, sayAiPurpose } from './ai-words';

/** The rep's opt-in to sending each opened thread's latest reply to their AI provider to read what it is about. */
function ReadIntentSetting({ store }: { store: StoreApi<LibraryState> }) {
  const { readIntent, aiProvider, notice, loadReadIntent, setReadIntent } = useStore(store);
  const id = useId();
  useEffect(() => {
    void loadReadIntent();
  }, [loadReadIntent]);
  if (readIntent === null) return null;
  return (
    <div className="field" data-testid="ai-read-intent">
      <label className="check" htmlFor={id}>
        <input id={id} type="checkbox" checked={readIntent} aria-describedby={`${id}-hint`} onChange={(e) => void setReadIntent(e.currentTarget.checked)} />{' '}
        {t('aiIntent_label')}
      </label>
      <span className="hint" id={`${id}-hint`}>
        {aiProvider === 'none' ? t('aiIntent_hint_no_provider') : t('aiIntent_hint')}
      </span>
      {notice && (
        <p role="status" className="muted small">
          {notice}
        </p>
      )}
    </div>
  );
}

/** Every call Followthrough made to an AI provider: when, where, why, how big, and how it ended. */
/** Why a request did not end in a draft, in the rep's words. */
const Detail = ({ said }: { said: string }) => (said ? <span className="muted small"> — {said}</span> : null);

export function AiLogTab({ store }: { store: StoreApi<LibraryState> }) {
  const { aiLog, error, loadAiLog } = useStore(store);
  useEffect(() => {
    void loadAiLog();
  }, [loadAiLog]);
  if (!aiLog) return error ? <p className="error">{error}</p> : <p className="muted">{t('aiLogTab_loading_the_ai_log')}</p>;
  return (
    <section aria-labelledby="ai-title">
      <h1 id="ai-title">{t('aiLogTab_ai_log')}</h1>
      <ReadIntentSetting store={store} />
      <p className="muted">
        {t('aiLogTab_today_requests_of_dailyrequests_requests', { requests: aiLog.today.requests, dailyRequests: aiLog.limits.dailyRequests, tokens: aiLog.today.tokens, dailyTokens: aiLog.limits.dailyTokens })}</p>
      {aiLog.entries.length === 0 ? (
        <p className="muted" data-testid="ai-log-empty">
          {t('aiLogTab_no_ai_calls_yet_with')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={t('aiLogTab_ai_calls')}>
            <thead>
              <tr>
                <th scope="col">{t('aiLogTab_when')}</th>
                <th scope="col">{t('aiLogTab_where')}</th>
                <th scope="col">{t('aiLogTab_for')}</th>
                <th scope="col">{t('aiLogTab_tokens')}</th>
                <th scope="col">{t('aiLogTab_redacted')}</th>
                <th scope="col">{t('aiLogTab_outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {aiLog.entries.map((e) => (
                <tr key={e.id} data-testid="ai-log-entry">
                  <td>{formatDateTime(e.at)}</td>
                  <td>
                    {sayAiProvider(e.provider)}
                    {e.endpointOrigin ? ` · ${e.endpointOrigin}` : ''}
                    {e.model ? ` · ${e.model}` : ''}
                  </td>
                  <td>{sayAiPurpose(e.purpose)}</td>
                  <td>
                    {e.promptTokens} + {e.completionTokens}
                  </td>
                  <td>
                    {e.redactions.emails + e.redactions.phones + e.redactions.secrets}
                  </td>
                  <td>
                    {sayAiOutcome(e.outcome)}
                    <Detail said={say(e.detailWords, e.detail)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
