import type { SendCheck, SendChecks as Checks } from '@/lib/channels/gmail';
import { formatDateTime } from './format';
import { t, tn } from '@/lib/i18n';

/** Gmail's address of a stored thread (`thread-f:` ids); threads created in a session have none yet. */
function gmailLink(threadId: string | undefined): string | undefined {
  const m = threadId && /^thread-f:(\d{1,20})$/.exec(threadId);
  return m ? `https://mail.google.com/mail/u/0/#all/${BigInt(m[1]!).toString(16)}` : undefined;
}


function Item({ check, busy, onResolve, logLabel, dismissLabel }: { check: SendCheck; busy: boolean; onResolve: (id: string, action: 'log' | 'dismiss') => void; logLabel: string; dismissLabel: string }) {
  const link = gmailLink(check.threadId);
  const subject = check.subject || t('threadSummary_no_subject');
  return (
    <li data-testid="send-check" data-id={check.id}>
      <div>
        <strong>{link ? <a href={link} target="_blank" rel="noreferrer">{subject}</a> : subject}</strong>
        <span className="muted small">{' '}{t('sendChecks_to')}{' '}{check.to.join(', ') || t('sendChecks_no_one_we_could_read')} · {formatDateTime(check.at)}</span>
      </div>
      <div className="actions">
        <button
          type="button"
          disabled={busy || !check.canLog}
          title={check.canLog ? undefined : t('sendChecks_gmail_gave_this_send_no')}
          onClick={() => onResolve(check.id, 'log')}
        >
          {logLabel}
        </button>
        <button type="button" disabled={busy} onClick={() => onResolve(check.id, 'dismiss')}>
          {dismissLabel}
        </button>
      </div>
    </li>
  );
}

/**
 * Sends that need the rep, said plainly: a Send pressed that Gmail never confirmed (so it was not logged),
 * a confirmation with no Send press behind it (a page script can fake one), waiting for the rep's word, and
 * a send only Gmail's page showed (a page script can draw one): logged here, its CRM write waits for the rep.
 */
type Action = 'log' | 'dismiss';
type ListKey = 'unconfirmed' | 'held' | 'crm';
type CountKey = `sendChecks_${ListKey}_title` | `sendChecks_${ListKey}_body`;

// The three lists, in the order they are shown: each with its test id and the words of its two buttons.
const LISTS: { key: ListKey; testId: string; log: Parameters<typeof t>[0]; dismiss: Parameters<typeof t>[0] }[] = [
  { key: 'unconfirmed', testId: 'sends-unconfirmed', log: 'sendChecks_log_it', dismiss: 'sendChecks_dismiss' },
  { key: 'held', testId: 'sends-held', log: 'sendChecks_yes_i_sent_it', dismiss: 'sendChecks_not_mine' },
  { key: 'crm', testId: 'sends-crm', log: 'sendChecks_write_to_crm', dismiss: 'sendChecks_keep_here_only' },
];

export function SendChecks({ checks, busy, onResolve }: { checks: Checks | null; busy: (id: string) => boolean; onResolve: (id: string, action: Action) => void }) {
  if (!checks || LISTS.every(({ key }) => checks[key].length === 0)) return null;
  return (
    <>
      {LISTS.map(({ key, testId, log, dismiss }) => {
        const list = checks[key];
        if (list.length === 0) return null;
        return (
          <div key={key} className="banner" role="alert" data-testid={testId}>
            <strong>{tn(`sendChecks_${key}_title` satisfies CountKey, list.length)}</strong> {tn(`sendChecks_${key}_body` satisfies CountKey, list.length)}
            <ul className="bullets">
              {list.map((c) => (
                <Item key={c.id} check={c} busy={busy(c.id)} onResolve={onResolve} logLabel={t(log)} dismissLabel={t(dismiss)} />
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}
