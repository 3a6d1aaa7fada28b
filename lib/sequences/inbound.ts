import { detectIntent } from '../drafts/intent';
import type { MailMessage } from './schema';

// What an inbound message is, for sequences: a person's reply, an unsubscribe request, an out-of-office, another
// auto-reply, a bounce or bulk mail. An adapter over the readers main already has (the drafts intent reader's
// out-of-office and unsubscribe rules) plus the standard header markers; it keeps the same kinds and signature
// as the engine's inbound classifier that is being merged (lib/engine/inbound.ts), so on merge this module
// becomes a re-export of that one and sequences, reminders and rules read a message the same way.
// Headers: RFC 3834 Auto-Submitted, the de-facto X-Autoreply / X-Autorespond, Precedence, RFC 3464
// delivery-status reports and X-Failed-Recipients, RFC 2369 List-*.

export type InboundKind = 'reply' | 'unsubscribe' | 'out-of-office' | 'auto-reply' | 'bounce' | 'bulk';

export interface InboundVerdict {
  kind: InboundKind;
  reason: string;
}

/** Only a person's own words end a sequence: a reply, or a request not to be emailed again. */
export const isPersonsReply = (kind: InboundKind) => kind === 'reply' || kind === 'unsubscribe';

const BOUNCE_LOCAL = /^(mailer[-_.]?daemon|postmaster|mail[-_.]?delivery[-_.]?(subsystem|system)?|bounces?)([-+_.]|$)/i;
const BOUNCE_SUBJECT =
  /^\s*(delivery status notification \((failure|delay)\)|undeliverable:|undelivered mail returned to sender|mail delivery failed|returned mail:|delivery failure|failure notice|message not delivered|delivery has failed|address not found)/i;
const AUTO_SUBJECT = /^\s*(automatic reply|auto(matic)?[- ]?reply|autoreply|auto[- ]?response|out of (the )?office|ooo\b|abwesend|réponse automatique|respuesta automática)/i;

export function header(headers: MailMessage['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return (Array.isArray(v) ? v.join(', ') : v).trim().toLowerCase();
  return undefined;
}

/** The address inside "Jane Doe <jane@acme.example>", lower-cased. */
export function addressOf(from: string): string {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  return (m ? m[1]! : from).trim().toLowerCase();
}

// A message is read once: decide() re-reads the same rows at every tick and before every insert.
const verdicts = new WeakMap<object, InboundVerdict>();

export function classifyInbound(message: Pick<MailMessage, 'from' | 'subject' | 'text' | 'headers'>): InboundVerdict {
  let verdict = verdicts.get(message);
  if (!verdict) {
    verdict = classify(message);
    verdicts.set(message, verdict);
  }
  return verdict;
}

function classify(message: Pick<MailMessage, 'from' | 'subject' | 'text' | 'headers'>): InboundVerdict {
  const { headers, subject } = message;
  const address = addressOf(message.from);
  const local = address.slice(0, address.lastIndexOf('@'));
  if (header(headers, 'content-type')?.includes('report-type=delivery-status') || header(headers, 'x-failed-recipients')) {
    return { kind: 'bounce', reason: 'a delivery failure report' };
  }
  if (BOUNCE_LOCAL.test(local) || BOUNCE_SUBJECT.test(subject)) return { kind: 'bounce', reason: `a delivery failure (${subject.trim().slice(0, 80) || address})` };
  const autoSubmitted = header(headers, 'auto-submitted');
  const precedence = header(headers, 'precedence');
  const autoByHeader =
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    header(headers, 'x-autoreply') !== undefined ||
    header(headers, 'x-autorespond') !== undefined ||
    precedence === 'auto_reply';
  const intent = detectIntent(message.text, subject);
  if (autoByHeader || AUTO_SUBJECT.test(subject) || intent.intent === 'out_of_office') {
    const why = autoByHeader ? 'marked automatic by its headers' : AUTO_SUBJECT.test(subject) ? `“${subject.trim().slice(0, 80)}”` : intent.reason;
    if (intent.intent === 'out_of_office') return { kind: 'out-of-office', reason: `an out-of-office reply (${why})` };
    return { kind: 'auto-reply', reason: `an automatic reply (${why})` };
  }
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk' || header(headers, 'list-id') !== undefined || header(headers, 'list-unsubscribe') !== undefined) {
    return { kind: 'bulk', reason: 'a mailing-list or bulk message' };
  }
  if (intent.signals.includes('unsubscribe_request')) return { kind: 'unsubscribe', reason: 'they asked not to be emailed again' };
  return { kind: 'reply', reason: 'a reply from a person' };
}
