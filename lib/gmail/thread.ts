import type { ThreadSnapshot } from '../messages';
import type { Person } from '../records';
import type { GmailMessageSnapshot } from './snapshot';
import { query, queryAll, type SelectorHealth } from './selectors';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function personOf(el: Element): Person | null {
  const email = el.getAttribute('email')?.trim().toLowerCase();
  if (!email || !EMAIL.test(email)) return null;
  const name = (el.getAttribute('name') ?? el.textContent ?? '').trim();
  return { name: name === email ? '' : name, email };
}

const people = (els: Element[]) => els.map(personOf).filter((p): p is Person => p !== null);

/** Gmail writes ids as `#msg-f:123` in attributes; the id is what follows the `#`. */
const gmailId = (value: string | null | undefined) => value?.replace(/^#/, '').trim() || undefined;

/** A message's text as the rep wrote it: quoted history and trimmed content left out. */
export function bodyText(body: Element, health?: SelectorHealth): string {
  const copy = body.cloneNode(true) as Element;
  for (const quote of queryAll(copy, 'message.quote', health)) quote.remove();
  return (copy.textContent ?? '').replace(/[ \t\u00a0]+/g, ' ').replace(/\n\s*\n+/g, '\n\n').trim();
}

function readMessage(el: Element, health?: SelectorHealth): GmailMessageSnapshot | null {
  const messageId = gmailId(el.getAttribute('data-message-id'));
  const sender = query(el, 'message.sender', health);
  const from = sender ? personOf(sender) : null;
  if (!messageId || !from) return null;
  const recipients = queryAll(el, 'message.recipient', health).filter((r) => r !== sender);
  const dateTitle = query(el, 'message.date', health)?.getAttribute('title');
  const date = dateTitle ? Date.parse(dateTitle.replace(/ at /, ' ')) : Number.NaN;
  const body = query(el, 'message.body', health);
  return {
    messageId,
    legacyMessageId: el.getAttribute('data-legacy-message-id') ?? undefined,
    from,
    to: people(recipients),
    cc: [], // the collapsed header lists to and cc together; they are told apart from the details table

    date: Number.isFinite(date) ? date : undefined,
    bodyText: body ? bodyText(body, health) : '',
  };
}

/** The open thread, or null when the page shows none. Never throws on a strange page. */
export function readThread(doc: ParentNode, health?: SelectorHealth): ThreadSnapshot | null {
  const heading = query(doc, 'thread.subject', health);
  const threadId = gmailId(heading?.getAttribute('data-thread-perm-id'));
  if (!heading || !threadId) return null;
  const messages = queryAll(doc, 'thread.message', health)
    .map((el) => readMessage(el, health))
    .filter((m): m is GmailMessageSnapshot => m !== null);
  const participants = new Map<string, Person>();
  for (const m of messages) for (const p of [m.from, ...m.to, ...m.cc]) if (!participants.has(p.email) || !participants.get(p.email)?.name) participants.set(p.email, p);
  return {
    threadId,
    legacyThreadId: heading.getAttribute('data-legacy-thread-id') ?? undefined,
    subject: (heading.textContent ?? '').trim(),
    participants: [...participants.values()],
    messages,
  };
}
