import type { SendCheck, SendChecks as Checks } from '@/lib/channels/gmail';
import { formatDateTime } from './format';

/** Gmail's address of a stored thread (`thread-f:` ids); threads created in a session have none yet. */
function gmailLink(threadId: string | undefined): string | undefined {
  const m = threadId && /^thread-f:(\d{1,20})$/.exec(threadId);
  return m ? `https://mail.google.com/mail/u/0/#all/${BigInt(m[1]!).toString(16)}` : undefined;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Item({ check, busy, onResolve, logLabel, dismissLabel }: { check: SendCheck; busy: boolean; onResolve: (id: string, action: 'log' | 'dismiss') => void; logLabel: string; dismissLabel: string }) {
  const link = gmailLink(check.threadId);
  const subject = check.subject || '(no subject)';
  return (
    <li data-testid="send-check" data-id={check.id}>
      <div>
        <strong>{link ? <a href={link} target="_blank" rel="noreferrer">{subject}</a> : subject}</strong>
        <span className="muted small"> to {check.to.join(', ') || 'no one we could read'} · {formatDateTime(check.at)}</span>
      </div>
      <div className="actions">
        <button
          type="button"
          disabled={busy || !check.canLog}
          title={check.canLog ? undefined : 'Gmail gave this send no id: open it in Sent and use Log to CRM there.'}
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
 * and a confirmation with no Send press behind it (a page script can fake one), waiting for the rep's word.
 */
export function SendChecks({ checks, busy, onResolve }: { checks: Checks | null; busy: (id: string) => boolean; onResolve: (id: string, action: 'log' | 'dismiss') => void }) {
  if (!checks || (checks.unconfirmed.length === 0 && checks.held.length === 0)) return null;
  return (
    <>
      {checks.unconfirmed.length > 0 && (
        <div className="banner" role="alert" data-testid="sends-unconfirmed">
          <strong>{plural(checks.unconfirmed.length, 'send could not be confirmed', 'sends could not be confirmed')}.</strong> Gmail never said it sent{' '}
          {checks.unconfirmed.length === 1 ? 'it' : 'them'}, so {checks.unconfirmed.length === 1 ? 'it was' : 'they were'} not logged. If it went out, log it:
          <ul className="bullets">
            {checks.unconfirmed.map((c) => (
              <Item key={c.id} check={c} busy={busy(c.id)} onResolve={onResolve} logLabel="Log it" dismissLabel="Dismiss" />
            ))}
          </ul>
        </div>
      )}
      {checks.held.length > 0 && (
        <div className="banner" role="alert" data-testid="sends-held">
          <strong>Confirm {checks.held.length === 1 ? 'this send' : `these ${checks.held.length} sends`}?</strong> Gmail’s page reported{' '}
          {checks.held.length === 1 ? 'it' : 'them'} as sent, but no Send press was seen: log only what you sent.
          <ul className="bullets">
            {checks.held.map((c) => (
              <Item key={c.id} check={c} busy={busy(c.id)} onResolve={onResolve} logLabel="Yes, I sent it" dismissLabel="Not mine" />
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
