import type { Person } from '../records';
import { fromLegacy } from './thread';
import { closest, query, queryAll, type SelectorHealth } from './selectors';
import { EMAIL_SHAPE } from '../email';

// The inbox (or any thread list) as the rep sees it: one entry per row, read from Gmail's DOM.

export interface InboxRow {
  threadId: string;
  legacyThreadId?: string;
  senders: Person[];
  subject: string;
  snippet: string;
  unread: boolean;
}

const EMAIL = EMAIL_SHAPE;

/**
 * The rows that make up one thread. In the vertical split-pane layout Gmail draws a thread as 2–3 rows: the
 * first `tr.zA.apv` (with an `id`; senders and date), then one without an id (subject), then sometimes
 * `tr.apw` (snippet). InboxSDK thread-row-view and its 2014-12/2015-01 test rows (MIT).
 */
export function rowGroup(row: Element): Element[] {
  if (!row.classList.contains('apv')) return [row];
  const group = [row];
  for (let next = row.nextElementSibling; next && group.length < 3; next = next.nextElementSibling) {
    if (!next.classList.contains('apv') || next.hasAttribute('id')) break;
    group.push(next);
  }
  return group;
}

/** The first part of the group holding a match (the key's fallbacks tried in order over every part). */
function queryGroup(parts: Element[], key: Parameters<typeof query>[1], health?: SelectorHealth): Element | null {
  for (const part of parts) {
    const hit = query(part, key);
    if (hit) {
      health?.observe(key, true);
      return hit;
    }
  }
  health?.observe(key, false);
  return null;
}

/** The thread ids a row group carries (`data-thread-id`, else the `-f:` form of its hex legacy id), or null. */
function groupIds(parts: Element[], health?: SelectorHealth): { threadId: string; legacyThreadId?: string } | null {
  const idEl = queryGroup(parts, 'row.threadId', health);
  const legacy = idEl?.getAttribute('data-legacy-thread-id') ?? undefined;
  const legacyThreadId = legacy && /^[0-9a-f]{1,16}$/.test(legacy) ? legacy : undefined;
  const threadId = idEl?.getAttribute('data-thread-id')?.replace(/^#/, '') || fromLegacy('thread-f', legacyThreadId);
  return threadId && /^thread-[af]:r?-?\d{1,25}$/.test(threadId) ? { threadId, ...(legacyThreadId ? { legacyThreadId } : {}) } : null;
}

/** The thread ids a row (or any part of a split-pane group) carries, or null: one attribute read, nothing else. */
export function rowThread(target: Element | null): { threadId: string; legacyThreadId?: string } | null {
  let row = closest(target, 'list.row');
  if (!row) return null;
  // A split-pane group starts at its row with an id; a press can land on any of its rows.
  for (let i = 0; i < 2 && row.classList.contains('apv') && !row.hasAttribute('id') && row.previousElementSibling; i++) row = row.previousElementSibling;
  return groupIds(rowGroup(row));
}

export function readRow(row: Element, health?: SelectorHealth): InboxRow | null {
  const parts = rowGroup(row);
  const ids = groupIds(parts, health);
  if (!ids) return null;
  const { threadId, legacyThreadId } = ids;
  const senders = new Map<string, Person>();
  const senderEls = parts.flatMap((part) => queryAll(part, 'row.sender'));
  health?.observe('row.sender', senderEls.length > 0);
  for (const el of senderEls) {
    const email = el.getAttribute('email')?.trim().toLowerCase();
    if (!email || !EMAIL.test(email) || senders.has(email)) continue;
    senders.set(email, { name: (el.getAttribute('name') ?? el.textContent ?? '').trim(), email });
  }
  const snippet = (queryGroup(parts, 'row.snippet', health)?.textContent ?? '').replace(/^[\s\u00a0]*-[\s\u00a0]*/, '').replace(/\s+/g, ' ').trim();
  return {
    threadId,
    legacyThreadId,
    senders: [...senders.values()],
    subject: (queryGroup(parts, 'row.subject', health)?.textContent ?? '').trim(),
    snippet,
    // Gmail 2026-11: `zE` marks an unread row, `yO` a read one (gmail.js).
    unread: row.classList.contains('zE'),
  };
}

/** Every thread on the page, in order, one entry per thread (split-pane rows joined). Never throws on a strange page. */
export function readInboxRows(doc: ParentNode, health?: SelectorHealth): InboxRow[] {
  try {
    const rows = queryAll(doc, 'list.row', health);
    const taken = new Set<Element>();
    const out: InboxRow[] = [];
    for (const row of rows) {
      if (taken.has(row)) continue;
      for (const part of rowGroup(row)) taken.add(part);
      const read = readRow(row, health);
      if (read) out.push(read);
    }
    return out;
  } catch {
    return [];
  }
}
