import type { LogEntry } from '@/lib/channels/ui';
import { formatDateTime } from './format';


/** What Followthrough did on its own, newest first, each with Undo while it can still be undone. */
export function AutomationLog({ entries, busy, onUndo }: { entries: LogEntry[]; busy: (seq: number) => boolean; onUndo: (seq: number) => void }) {
  if (entries.length === 0) return <p className="muted">Followthrough has not done anything on its own here yet.</p>;
  return (
    <ul aria-label="Automation log" data-testid="automation-log">
      {entries.map((e) => {
        const what = e.detail || e.action;
        const undone = e.undoneAt !== undefined;
        return (
          <li key={e.seq ?? `${e.eventId}:${e.action}`} className="log-entry" data-testid="automation-entry" data-result={e.result}>
            <div className="log-text">
              <span className="wrap">{what}</span>
              <span className="muted small wrap">
                {e.ruleDescription ?? e.action}
                {' · '}
                <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
                {e.result !== 'ok' && ` · ${e.result}`}
                {undone && ' · undone'}
              </span>
            </div>
            {e.seq !== undefined && e.result === 'ok' && e.undo !== undefined && !undone && (
              <button type="button" disabled={busy(e.seq)} aria-label={`Undo: ${what}`} onClick={() => onUndo(e.seq!)}>
                Undo
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
