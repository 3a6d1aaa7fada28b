import { classifyInbound as classifyEmail, type InboundVerdict } from '../engine/inbound';
import type { MailMessage } from './schema';

// What an inbound message is, for sequences: the engine's one classifier (lib/engine/inbound.ts: a person's
// reply, an unsubscribe request, an out-of-office, another auto-reply, a bounce or bulk mail), so sequences,
// reminders and rules read a message the same way. This module only turns a sequence's mail row (a From
// header string, headers that may repeat) into the email shape that classifier reads.

export { isPersonsReply, type InboundKind, type InboundVerdict } from '../engine/inbound';

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

/** The display name in "Jane Doe <jane@acme.example>" (bounces are also known by it), or ''. */
const nameOf = (from: string) => (/^\s*"?([^"<]*?)"?\s*</.exec(from)?.[1] ?? '').trim();

// A message is read once: decide() re-reads the same rows at every tick and before every insert.
const verdicts = new WeakMap<object, InboundVerdict>();

export function classifyInbound(message: Pick<MailMessage, 'from' | 'subject' | 'text' | 'headers'>): InboundVerdict {
  let verdict = verdicts.get(message);
  if (!verdict) {
    const headers = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
    verdict = classifyEmail({ from: { name: nameOf(message.from), email: addressOf(message.from) }, subject: message.subject, bodyText: message.text, headers });
    verdicts.set(message, verdict);
  }
  return verdict;
}
