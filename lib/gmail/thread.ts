import type { ThreadSnapshot } from '../messages';
import type { Person } from '../records';
import type { GmailMessageSnapshot } from './snapshot';
import { matches, query, queryAll, type SelectorHealth } from './selectors';

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

/**
 * A message's text as the rep wrote it: quoted history and trimmed content left out. Every kind of quote goes
 * (not only the first fallback that matches); a body without one is normal, so this is not a health check.
 * Read in place with a walker that skips quotes whole: no copy of the body, and nothing that needs layout.
 */
export function bodyText(body: Element, health?: SelectorHealth): string {
  const walker = body.ownerDocument.createTreeWalker(body, 5 /* elements and text */, {
    acceptNode: (node) => (node.nodeType === 1 && matches(node as Element, 'message.quote') ? 2 /* reject: skip the subtree */ : 1),
  });
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.nodeType === 3) text += (node as Text).data;
  health?.record('message.body', true);
  return text.replace(/[ \t\u00a0]+/g, ' ').replace(/\n\s*\n+/g, '\n\n').trim();
}

/** Gmail writes stored ids also as hex ("legacy"); the decimal form of that hex is the `-f:` id. */
export function fromLegacy(prefix: 'thread-f' | 'msg-f', legacy: string | null | undefined): string | undefined {
  if (!legacy || !/^[0-9a-f]{1,16}$/.test(legacy)) return undefined;
  return `${prefix}:${BigInt(`0x${legacy}`).toString()}`;
}

/**
 * To and cc from the header line "to me, Marcus, cc: Elena" (Gmail 2026-11: `span.hb` holds `span.g2[email]`
 * recipients separated by text; "cc:" and "bcc:" start the other lists). Without the line, all are "to".
 */
function recipientsOf(el: Element, sender: Element | null, health?: SelectorHealth): { to: Person[]; cc: Person[] } {
  const line = query(el, 'message.recipients', health);
  const lists = { to: [] as Person[], cc: [] as Person[] };
  if (!line) {
    lists.to = people(queryAll(el, 'message.recipient', health).filter((r) => r !== sender));
    return lists;
  }
  let current: 'to' | 'cc' | 'bcc' = 'to';
  const walker = line.ownerDocument.createTreeWalker(line, 5 /* elements and text */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      const text = (node.textContent ?? '').toLowerCase();
      if (/\bbcc:/.test(text)) current = 'bcc';
      else if (/\bcc:/.test(text)) current = 'cc';
    } else if ((node as Element).hasAttribute('email') && node !== sender) {
      const p = personOf(node as Element);
      if (p && current !== 'bcc') lists[current].push(p);
    }
  }
  if (lists.to.length + lists.cc.length === 0) lists.to = people(queryAll(el, 'message.recipient', health).filter((r) => r !== sender));
  health?.record('message.recipient', lists.to.length + lists.cc.length > 0);
  return lists;
}

/** Gmail 2026-11 date titles read "Tue, Nov 24, 2026, 8:30 AM" (older: "… 2026 at 8:30 AM"). */
export function parseGmailDate(title: string | null | undefined): number | undefined {
  if (!title) return undefined;
  const t = Date.parse(title.replace(/\u202f/g, ' ').replace(/ at /, ' ').replace(/^[A-Z][a-z]{2}, /, ''));
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

function readMessage(el: Element, health?: SelectorHealth): GmailMessageSnapshot | null {
  const legacyMessageId = el.getAttribute('data-legacy-message-id') ?? undefined;
  const messageId = gmailId(el.getAttribute('data-message-id')) ?? fromLegacy('msg-f', legacyMessageId);
  const sender = query(el, 'message.sender', health);
  const from = sender ? personOf(sender) : null;
  if (!messageId || !/^msg-[af]:r?-?\d{1,25}$/.test(messageId) || !from) return null;
  const { to, cc } = recipientsOf(el, sender, health);
  const body = query(el, 'message.body', health);
  return {
    messageId,
    legacyMessageId: legacyMessageId && /^[0-9a-f]{1,16}$/.test(legacyMessageId) ? legacyMessageId : undefined,
    from,
    to,
    cc,
    date: parseGmailDate(query(el, 'message.date', health)?.getAttribute('title')),
    bodyText: body ? bodyText(body, health).slice(0, 200_000) : '',
  };
}

/** The open thread, or null when the page shows none. Never throws on a strange page. */
export function readThread(doc: ParentNode, health?: SelectorHealth): ThreadSnapshot | null {
  try {
    const heading = query(doc, 'thread.subject', health);
    if (!heading) return null;
    const legacyThreadId = heading.getAttribute('data-legacy-thread-id') ?? undefined;
    const threadId = gmailId(heading.getAttribute('data-thread-perm-id')) ?? fromLegacy('thread-f', legacyThreadId);
    if (!threadId || !/^thread-[af]:r?-?\d{1,25}$/.test(threadId)) return null;
    const messages = queryAll(doc, 'thread.message', health)
      .map((el) => readMessage(el, health))
      .filter((m): m is GmailMessageSnapshot => m !== null);
    const participants = new Map<string, Person>();
    for (const m of messages) for (const p of [m.from, ...m.to, ...m.cc]) if (!participants.has(p.email) || !participants.get(p.email)?.name) participants.set(p.email, p);
    return {
      threadId,
      legacyThreadId: legacyThreadId && /^[0-9a-f]{1,16}$/.test(legacyThreadId) ? legacyThreadId : undefined,
      subject: (heading.textContent ?? '').trim().slice(0, 1000),
      participants: [...participants.values()],
      messages,
    };
  } catch {
    // A page we do not understand is "no thread", never an exception in Gmail.
    return null;
  }
}

/** The signed-in account's address: from the account button, else from the title "Inbox - x@y - Gmail". */
export function readAccount(doc: Document, health?: SelectorHealth): string | undefined {
  const label = query(doc, 'app.account', health)?.getAttribute('aria-label') ?? '';
  const found = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(label)?.[0] ?? /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(doc.title)?.[0];
  return found?.toLowerCase();
}
