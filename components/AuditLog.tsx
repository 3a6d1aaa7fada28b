import type { AuditView } from '@/lib/ui/panel-store';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** What the automation did: which rule, which action, the result, and Undo where it can be taken back. */
export function AuditLog({ entries, busy, onUndo }: { entries: AuditView[]; busy: boolean; onUndo: (seq: number) => void }) {
  if (entries.length === 0) return <p className="muted">Nothing automated yet.</p>;
  return (
    <ul aria-label="Automation log" data-testid="audit-log">
      {entries.map((e) => (
        <li key={e.seq} className="row" data-testid="audit-entry" data-action={e.action} data-result={e.result}>
          <span title={e.ruleDescription}>
            {e.detail}
            {e.undoneAt ? ' (undone)' : ''}
          </span>
          <span>
            <time className="muted" dateTime={new Date(e.at).toISOString()}>
              {timeFormat.format(e.at)}
            </time>
            {e.canUndo && (
              <button type="button" disabled={busy} onClick={() => onUndo(e.seq)}>
                Undo
              </button>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
