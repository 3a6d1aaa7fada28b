import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { request, type SendPort } from '@/lib/client';
import type { Reminder, Suggestion } from '@/lib/records';

// The thread's follow-ups in the side panel: the suggested date with its reason (accept, change the date,
// dismiss) and the thread's reminders (due first; snooze, done). Self-contained: it asks the followup
// channels itself and asks again whenever the background says something changed.

const day = (iso?: string) =>
  iso ? new Date(`${iso}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }) : '';

const STATUS: Record<Reminder['status'], string> = { pending: 'Waiting', snoozed: 'Snoozed', done: 'Done', cancelled: 'Ended' };

export function FollowUps({ send, threadId }: { send: SendPort; threadId: string }) {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [reminders, setReminders] = useState<Reminder[]>([]);
  const [dates, setDates] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      const [s, r] = await Promise.all([request(send, 'followup.suggestions', { threadId }), request(send, 'followup.reminders', { threadId })]);
      setSuggestions(s.suggestions);
      setReminders(r.reminders);
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [send, threadId]);

  useEffect(() => {
    void load();
    const onMessage = (message: unknown) => {
      if ((message as { channel?: unknown } | null)?.channel === 'panel.contextChanged') void load();
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [load]);

  const act = (work: () => Promise<unknown>) => async () => {
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    await load();
  };

  return (
    <section aria-label="Follow-ups" data-testid="followups">
      <h2>Follow-up</h2>
      {error && (
        <p role="alert" className="banner">
          {error}
        </p>
      )}
      {suggestions.map((s) => {
        const date = dates[s.id] ?? (typeof s.payload.date === 'string' ? s.payload.date : '');
        return (
          <article key={s.id} className="card" data-testid="followup-suggestion" aria-label={`Suggested follow-up on ${day(date)}`}>
            <div className="card-title">Follow up on {day(date)}</div>
            <div className="muted" data-testid="followup-reason">
              {s.reason}
            </div>
            <div className="row">
              <input
                type="date"
                aria-label="Follow-up date"
                value={date}
                onChange={(e) => setDates({ ...dates, [s.id]: e.target.value })}
              />
              <button type="button" data-testid="followup-accept" onClick={act(() => request(send, 'followup.accept', { suggestionId: s.id, date: date || undefined }))}>
                Accept
              </button>
              <button type="button" data-testid="followup-dismiss" onClick={act(() => request(send, 'followup.dismiss', { suggestionId: s.id }))}>
                Dismiss
              </button>
            </div>
          </article>
        );
      })}
      {reminders.length === 0 && suggestions.length === 0 && <p className="muted">No follow-up set for this thread.</p>}
      {reminders.length > 0 && (
        <ul className="list" data-testid="reminders">
          {reminders.map((r) => {
            const waiting = (r.status === 'pending' || r.status === 'snoozed') && !r.awaitingSend;
            const due = waiting && r.firedAt !== undefined;
            return (
              <li key={r.id} data-testid="reminder" data-status={due ? 'due' : r.awaitingSend ? 'awaiting-send' : r.status}>
                <strong>{due ? 'Due' : r.awaitingSend ? 'After sending' : STATUS[r.status]}</strong> · {day(r.date)} — {r.reason}
                {r.endedBy && <span className="muted"> ({r.endedBy})</span>}
                {waiting && (
                  <span className="row">
                    <button type="button" onClick={act(() => request(send, 'followup.snooze', { reminderId: r.id, until: 'later-today' }))}>
                      Later today
                    </button>
                    <button type="button" onClick={act(() => request(send, 'followup.snooze', { reminderId: r.id, until: 'tomorrow' }))}>
                      Tomorrow
                    </button>
                    <button type="button" onClick={act(() => request(send, 'followup.snooze', { reminderId: r.id, until: 'next-week' }))}>
                      Next week
                    </button>
                    <button type="button" onClick={act(() => request(send, 'followup.done', { reminderId: r.id }))}>
                      Done
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
