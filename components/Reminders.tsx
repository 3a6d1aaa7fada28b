import type { Reminder } from '@/lib/records';
import { formatDateTime, formatRelative } from './format';
import { t } from '@/lib/i18n';
import { say } from '@/lib/say';

/** Tomorrow at 9:00 local time: the snooze a rep reaches for most. */
export function tomorrowMorning(now: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
}

/** Reminders with Done and Snooze; overdue ones say so. */
export function Reminders({
  reminders,
  subjects,
  showThread = false,
  busy,
  onDone,
  onSnooze,
  now = Date.now(),
  empty,
}: {
  reminders: Reminder[];
  subjects: Record<string, string>;
  showThread?: boolean;
  busy: (id: string) => boolean;
  onDone: (id: string) => void;
  onSnooze: (id: string, until: number) => void;
  now?: number;
  empty: string;
}) {
  if (reminders.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul aria-label={t('reminders_reminders')} data-testid="reminders">
      {reminders.map((r) => {
        const overdue = r.dueAt <= now;
        const subject = r.threadId ? subjects[r.threadId] : undefined;
        const reason = say(r.reasonWords, r.reason);
        return (
          <li key={r.id} className="card" data-testid="reminder" data-status={r.status}>
            <div className="row">
              <strong className={overdue ? 'overdue' : undefined}>
                {`${overdue ? t('reminders_overdue') : t('reminders_due')} `}
                <time dateTime={new Date(r.dueAt).toISOString()} title={formatDateTime(r.dueAt)}>
                  {formatRelative(r.dueAt, now)}
                </time>
              </strong>
              {r.status === 'snoozed' && <span className="chip">{t('reminders_snoozed')}</span>}
            </div>
            {showThread && subject && <div className="muted small wrap">{t('reminders_on_subject', { subject })}</div>}
            <p className="reason wrap" data-testid="reminder-reason">{reason}</p>
            <div className="actions">
              <button type="button" disabled={busy(r.id)} aria-label={t('reminders_mark_done_reason', { reason })} onClick={() => onDone(r.id)}>
                {t('reminders_done')}</button>
              <button type="button" disabled={busy(r.id)} aria-label={t('reminders_snooze_to_tomorrow_9_00', { reason })} onClick={() => onSnooze(r.id, tomorrowMorning(now))}>
                {t('reminders_snooze_to_tomorrow')}</button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
