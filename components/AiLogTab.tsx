import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { LibraryState } from '@/lib/ui/library-store';
import { formatDateTime } from './format';

/** Every call Followthrough made to an AI provider: when, where, why, how big, and how it ended. */
export function AiLogTab({ store }: { store: StoreApi<LibraryState> }) {
  const { aiLog, error, loadAiLog } = useStore(store);
  useEffect(() => {
    void loadAiLog();
  }, [loadAiLog]);
  if (!aiLog) return error ? <p className="error">{error}</p> : <p className="muted">Loading the AI log…</p>;
  return (
    <section aria-labelledby="ai-title">
      <h1 id="ai-title">AI log</h1>
      <p className="muted">
        Today: {aiLog.today.requests} of {aiLog.limits.dailyRequests} requests, {aiLog.today.tokens} of {aiLog.limits.dailyTokens} tokens. Addresses, phone numbers and your
        secrets are redacted before anything is sent; the text itself is kept here only if you turned that on.
      </p>
      {aiLog.entries.length === 0 ? (
        <p className="muted" data-testid="ai-log-empty">
          No AI calls yet. With no provider chosen, drafts come from your templates only and nothing leaves this browser.
        </p>
      ) : (
        <div className="table-wrap">
          <table aria-label="AI calls">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Where</th>
                <th scope="col">For</th>
                <th scope="col">Tokens</th>
                <th scope="col">Redacted</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {aiLog.entries.map((e) => (
                <tr key={e.id} data-testid="ai-log-entry">
                  <td>{formatDateTime(e.at)}</td>
                  <td>
                    {e.provider}
                    {e.endpointOrigin ? ` · ${e.endpointOrigin}` : ''}
                    {e.model ? ` · ${e.model}` : ''}
                  </td>
                  <td>{e.purpose}</td>
                  <td>
                    {e.promptTokens} + {e.completionTokens}
                  </td>
                  <td>
                    {e.redactions.emails + e.redactions.phones + e.redactions.secrets}
                  </td>
                  <td>
                    {e.outcome}
                    {e.detail ? <span className="muted small"> — {e.detail}</span> : null}
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
