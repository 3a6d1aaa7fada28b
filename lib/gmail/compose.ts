import { EMAIL_SHAPE } from '../email';
import { closest, query, queryAll, type SelectorHealth } from './selectors';

// What a compose window says before Send, read the same way by every feature that needs it (the send watcher's
// intent, "Remind me"). Plain DOM reads; the background validates what it receives.

export interface ComposeFacts {
  subject: string;
  /** The recipients' addresses (To, Cc and Bcc chips), lower-cased; chips that are not an address are left out. */
  to: string[];
  /** An inline reply's thread (the open thread's); a compose dialog has none yet. */
  threadId?: string;
  /** An inline reply rather than a compose dialog. */
  inline: boolean;
}

export function readComposeFacts(compose: Element, doc: Document, health: SelectorHealth): ComposeFacts {
  const subject = query<HTMLInputElement>(compose, 'compose.subject', health)?.value ?? '';
  const to = queryAll(compose, 'compose.recipient', health)
    .map((c) => (c.getAttribute('data-hovercard-id') ?? c.getAttribute('email') ?? '').trim().toLowerCase())
    .filter((e) => EMAIL_SHAPE.test(e));
  const inline = !closest(compose, 'compose.dialog');
  const heading = inline ? query(doc, 'thread.subject') : null;
  const threadId = heading?.getAttribute('data-thread-perm-id')?.replace(/^#/, '');
  return { subject: subject.slice(0, 1000), to, threadId: threadId && /^thread-[af]:r?-?\d{1,25}$/.test(threadId) ? threadId : undefined, inline };
}
