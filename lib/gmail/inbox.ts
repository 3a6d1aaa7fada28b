import type { Person } from '../records';
import { fromLegacy } from './thread';
import { query, queryAll, type SelectorHealth } from './selectors';

// The inbox (or any thread list) as the rep sees it: one entry per row, read from Gmail's DOM.

export interface InboxRow {
  threadId: string;
  legacyThreadId?: string;
  senders: Person[];
  subject: string;
  snippet: string;
  unread: boolean;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function readRow(row: Element, health?: SelectorHealth): InboxRow | null {
  const idEl = query(row, 'row.threadId', health);
  const legacyThreadId = idEl?.getAttribute('data-legacy-thread-id') ?? undefined;
  const threadId = idEl?.getAttribute('data-thread-id')?.replace(/^#/, '') || fromLegacy('thread-f', legacyThreadId);
  if (!threadId || !/^thread-[af]:r?-?\d{1,25}$/.test(threadId)) return null;
  const senders = new Map<string, Person>();
  for (const el of queryAll(row, 'row.sender', health)) {
    const email = el.getAttribute('email')?.trim().toLowerCase();
    if (!email || !EMAIL.test(email) || senders.has(email)) continue;
    senders.set(email, { name: (el.getAttribute('name') ?? el.textContent ?? '').trim(), email });
  }
  const snippet = (query(row, 'row.snippet', health)?.textContent ?? '').replace(/^[\s\u00a0]*-[\s\u00a0]*/, '').replace(/\s+/g, ' ').trim();
  return {
    threadId,
    legacyThreadId: legacyThreadId && /^[0-9a-f]{1,16}$/.test(legacyThreadId) ? legacyThreadId : undefined,
    senders: [...senders.values()],
    subject: (query(row, 'row.subject', health)?.textContent ?? '').trim(),
    snippet,
    // Gmail 2026-11: `zE` marks an unread row, `yO` a read one (gmail.js).
    unread: row.classList.contains('zE'),
  };
}

/** Every thread row on the page, in order. Never throws on a strange page. */
export function readInboxRows(doc: ParentNode, health?: SelectorHealth): InboxRow[] {
  try {
    return queryAll(doc, 'list.row', health)
      .map((row) => readRow(row, health))
      .filter((r): r is InboxRow => r !== null);
  } catch {
    return [];
  }
}
