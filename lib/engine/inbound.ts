import { detectIntent } from '../drafts/intent';
import type { EmailFacts } from './events';

// What an inbound message is, decided in one place for every area that acts on replies (reminders, rules,
// suggestions): a person's reply, an auto-reply or out-of-office, a bounce, a mailing-list message, or a
// person asking not to be emailed again. Headers decide first where the sync data carries them
// (RFC 3834 `Auto-Submitted`, the de-facto `X-Autoreply` / `X-Autorespond`, `Precedence`, RFC 3464
// delivery-status reports, RFC 2369 `List-*`), then the sender and subject, then the text.

export type InboundKind = 'reply' | 'unsubscribe' | 'out-of-office' | 'auto-reply' | 'bounce' | 'bulk';

export interface InboundVerdict {
  kind: InboundKind;
  /** Why, in words for the rep and the audit log. */
  reason: string;
}

/** Only a person's own words end a follow-up: a reply, or a request not to be emailed again. */
export const isPersonsReply = (kind: InboundKind) => kind === 'reply' || kind === 'unsubscribe';

// Bounce senders and subjects as sent by Gmail, Exchange/Outlook, Postfix, Exim, qmail and Sendmail.
const BOUNCE_LOCAL = /^(mailer[-_.]?daemon|postmaster|mail[-_.]?delivery[-_.]?(subsystem|system)?|bounces?)([-+_.]|$)/i;
const BOUNCE_NAME = /^\s*(mail delivery (subsystem|system)|mailer-daemon|microsoft outlook|postmaster)\s*$/i;
const BOUNCE_SUBJECT =
  /^\s*(delivery status notification \((failure|delay)\)|undeliverable:|undelivered mail returned to sender|mail delivery failed|returned mail:|delivery failure|failure notice|message not delivered|delivery has failed|address not found|nicht zustellbar|non remis)/i;
const AUTO_SUBJECT = /^\s*(automatic reply|auto(matic)?[- ]?reply|autoreply|auto[- ]?response|out of (the )?office|ooo\b|abwesend|réponse automatique|respuesta automática)/i;

const header = (headers: Record<string, string> | undefined, name: string): string | undefined => {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v.trim().toLowerCase();
  return undefined;
};

/** What kind of message this inbound email is. Pure: the same email always gives the same answer. */
export function classifyInbound(email: Pick<EmailFacts, 'from' | 'subject' | 'bodyText'> & { headers?: Record<string, string> }): InboundVerdict {
  const { headers } = email;
  const local = email.from.email.slice(0, email.from.email.lastIndexOf('@'));
  const contentType = header(headers, 'content-type');
  if (contentType?.includes('report-type=delivery-status') || header(headers, 'x-failed-recipients')) {
    return { kind: 'bounce', reason: 'a delivery failure report' };
  }
  if (BOUNCE_LOCAL.test(local) || BOUNCE_NAME.test(email.from.name ?? '') || BOUNCE_SUBJECT.test(email.subject)) {
    return { kind: 'bounce', reason: `a delivery failure (${BOUNCE_SUBJECT.test(email.subject) ? email.subject.trim().slice(0, 80) : email.from.email})` };
  }
  const autoSubmitted = header(headers, 'auto-submitted');
  const precedence = header(headers, 'precedence');
  const autoByHeader =
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    header(headers, 'x-autoreply') !== undefined ||
    header(headers, 'x-autorespond') !== undefined ||
    precedence === 'auto_reply';
  const intent = detectIntent(email.bodyText, email.subject);
  if (autoByHeader || AUTO_SUBJECT.test(email.subject) || intent.intent === 'out_of_office') {
    const why = autoByHeader ? 'marked automatic by its headers' : AUTO_SUBJECT.test(email.subject) ? `“${email.subject.trim().slice(0, 80)}”` : intent.reason;
    // An auto-reply that says when its writer is away is an out-of-office; otherwise it only acknowledges.
    if (intent.intent === 'out_of_office') return { kind: 'out-of-office', reason: `an out-of-office reply (${why})` };
    return { kind: 'auto-reply', reason: `an automatic reply (${why})` };
  }
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk' || header(headers, 'list-id') !== undefined || header(headers, 'list-unsubscribe') !== undefined) {
    return { kind: 'bulk', reason: 'a mailing-list or bulk message' };
  }
  if (intent.signals.includes('unsubscribe_request')) return { kind: 'unsubscribe', reason: 'they asked not to be emailed again' };
  return { kind: 'reply', reason: 'a reply from a person' };
}
