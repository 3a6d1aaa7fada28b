import type { AuditView } from '@/lib/ui/panel-store';
import { formatDateTime } from './format';
import { t } from '@/lib/i18n';
import { describedAs } from '@/lib/ui/rules-store';
import { sayAuditDetail, sayAuditResult, sayKind } from '@/lib/ui/audit-words';

/** What the automation did: the result in words, the rule behind it, and Undo while it can be taken back. */
export function AuditLog({ entries, busy, onUndo }: { entries: AuditView[]; busy: (seq: number) => boolean; onUndo: (seq: number) => void }) {
  if (entries.length === 0) return <p className="muted">{t('auditLog_followthrough_has_not_done_anything')}</p>;
  return (
    <ul aria-label={t('auditLog_automation_log')} data-testid="audit-log">
      {entries.map((e) => {
        const what = sayAuditDetail(e);
        return (
          <li key={e.seq} className="log-entry" data-testid="audit-entry" data-action={e.action} data-result={e.result}>
            <div className="log-text">
              <span className="wrap">{what}</span>
              <span className="muted small wrap">
                {e.ruleDescription !== undefined ? describedAs(e.ruleId ?? '', e.ruleDescription) : sayKind(e.action)}
                {' · '}
                <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
                {e.result !== 'ok' && ` · ${sayAuditResult(e.result)}`}
                {e.undoneAt !== undefined && ` ${t('auditLog_undone')}`}
              </span>
            </div>
            {e.canUndo && (
              <button type="button" disabled={busy(e.seq)} aria-label={t('auditLog_undo_what', { what })} onClick={() => onUndo(e.seq)}>
                {t('auditLog_undo')}</button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
