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
  const subject = check.subject || '(no subject)';
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
export function SendChecks({ checks, busy, onResolve }: { checks: Checks | null; busy: (id: string) => boolean; onResolve: (id: string, action: 'log' | 'dismiss') => void }) {
  if (!checks || (checks.unconfirmed.length === 0 && checks.held.length === 0 && checks.crm.length === 0)) return null;
  return (
    <>
      {checks.unconfirmed.length > 0 && (
        <div className="banner" role="alert" data-testid="sends-unconfirmed">
          <strong>{tn('sendChecks_unconfirmed_title', checks.unconfirmed.length)}</strong> {tn('sendChecks_unconfirmed_body', checks.unconfirmed.length)}
          <ul className="bullets">
            {checks.unconfirmed.map((c) => (
              <Item key={c.id} check={c} busy={busy(c.id)} onResolve={onResolve} logLabel={t('sendChecks_log_it')} dismissLabel={t('sendChecks_dismiss')} />
            ))}
          </ul>
        </div>
      )}
      {checks.held.length > 0 && (
        <div className="banner" role="alert" data-testid="sends-held">
          <strong>{tn('sendChecks_held_title', checks.held.length)}</strong> {tn('sendChecks_held_body', checks.held.length)}
          <ul className="bullets">
            {checks.held.map((c) => (
              <Item key={c.id} check={c} busy={busy(c.id)} onResolve={onResolve} logLabel={t('sendChecks_yes_i_sent_it')} dismissLabel={t('sendChecks_not_mine')} />
            ))}
          </ul>
        </div>
      )}
      {checks.crm.length > 0 && (
        <div className="banner" role="alert" data-testid="sends-crm">
          <strong>{tn('sendChecks_crm_title', checks.crm.length)}</strong> {tn('sendChecks_crm_body', checks.crm.length)}
          <ul className="bullets">
            {checks.crm.map((c) => (
              <Item key={c.id} check={c} busy={busy(c.id)} onResolve={onResolve} logLabel={t('sendChecks_write_to_crm')} dismissLabel={t('sendChecks_keep_here_only')} />
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
