import type { GmailThreadSnapshot } from './snapshot';
import { readInboxRows, type InboxRow } from './inbox';
import { query, type SelectorHealth } from './selectors';
import { readThread } from './thread';

// Everything Followthrough reads from one Gmail page, for the inspect command and the snapshot tests.

export interface PageExtract {
  /** What the DOM shows (a saved page has no URL to go by). */
  view: 'thread' | 'list' | 'compose' | 'other';
  rows: InboxRow[];
  thread: GmailThreadSnapshot | null;
}

export function extractPage(doc: Document, health?: SelectorHealth): PageExtract {
  const thread = readThread(doc, health);
  const rows = readInboxRows(doc, health);
  const view = thread ? 'thread' : rows.length > 0 ? 'list' : query(doc, 'compose.root', health) ? 'compose' : 'other';
  return { view, rows, thread };
}
