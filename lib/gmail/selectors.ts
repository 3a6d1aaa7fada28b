// Every Gmail selector Followthrough uses, keyed by view and role (STYLE.md habit 4). Each key is an
// ordered list of fallbacks, tried in turn; never joined with commas (that returns document order).

export interface Fallback {
  css: string;
  /** When and where this was seen on Gmail. */
  seen: string;
}

const fallbacks = (...list: Fallback[]) => list;

export const SELECTORS = {
  'app.main': fallbacks(
    { css: 'div[role="main"]', seen: 'Gmail 2026-11: the list/thread pane (InboxSDK, gmail.js)' },
    { css: 'div.nH.bkK', seen: 'Gmail 2023: main column container (InboxSDK GMAIL_SELECTORS)' },
  ),
  'thread.toolbar': fallbacks(
    { css: 'div[gh="mtb"]', seen: 'Gmail 2026-11: the toolbar above a list or thread (Archive, Spam, Delete…); gmail.js, public extensions' },
    { css: 'div.iH', seen: 'Gmail 2026-11: the thread view toolbar container (InboxSDK ThreadView)' },
    { css: 'div.G-atb', seen: 'Gmail 2026-11: toolbar bar inside the main column' },
  ),
  'list.row': fallbacks({ css: 'tr.zA', seen: 'Gmail 2026-11: inbox rows (gmail.js, InboxSDK)' }),
  'thread.subject': fallbacks(
    { css: 'h2.hP', seen: 'Gmail 2026-11: subject heading with data-thread-perm-id (InboxSDK)' },
    { css: 'h2[data-thread-perm-id]', seen: 'Gmail 2026-11: same heading by attribute' },
  ),
  'thread.message': fallbacks(
    { css: 'div.adn.ads[data-message-id]', seen: 'Gmail 2026-11: one expanded message (InboxSDK)' },
    { css: 'div[data-message-id][data-legacy-message-id]', seen: 'Gmail 2026-11: same by attributes' },
  ),
  'message.sender': fallbacks(
    { css: 'span.gD[email]', seen: 'Gmail 2026-11: sender name with email attribute (gmail.js)' },
    { css: 'h3 span[email]', seen: 'Gmail 2026-11: sender inside the message header' },
  ),
  'message.recipient': fallbacks({ css: 'span.g2[email]', seen: 'Gmail 2026-11: recipients in the header (gmail.js)' }),
  'message.date': fallbacks({ css: 'span.g3[title]', seen: 'Gmail 2026-11: date with full title (gmail.js)' }),
  'message.body': fallbacks({ css: 'div.a3s', seen: 'Gmail 2026-11: message body (InboxSDK, gmail.js)' }),
  'message.quote': fallbacks(
    { css: 'div.gmail_quote', seen: 'Gmail 2026-11: quoted history inside a body' },
    { css: 'blockquote', seen: 'Gmail 2026-11: quoted history from other clients' },
    { css: 'div.yj6qo', seen: 'Gmail 2026-11: the "…" trimmed-content wrapper' },
  ),
  // Drafts (lib/gmail/features/insert-draft.ts): where a suggested reply goes.
  'reply.open': fallbacks(
    { css: 'span.ams.bkH', seen: 'Gmail 2026-11: "Reply" under the last message (gmail.js)' },
    { css: 'div[role="button"][data-tooltip="Reply"]', seen: 'Gmail 2026-11: the Reply arrow in the message header' },
  ),
  'reply.body': fallbacks(
    { css: 'div.ip.adB div[contenteditable="true"][aria-label="Message Body"]', seen: 'Gmail 2026-11: the inline reply’s body (InboxSDK)' },
    { css: 'div.M9 div[contenteditable="true"][aria-label="Message Body"]', seen: 'Gmail 2026-11: any compose body, reply popped out' },
    { css: 'div.Am.editable[contenteditable="true"]', seen: 'Gmail 2026-11: same by class (gmail.js)' },
  ),
} as const satisfies Record<string, readonly Fallback[]>;

export type SelectorKey = keyof typeof SELECTORS;

/** What each key found the last time it was asked for: the selector-health record. */
export class SelectorHealth {
  readonly found = new Map<SelectorKey, boolean>();

  record(key: SelectorKey, ok: boolean) {
    this.found.set(key, ok);
  }

  missing(): SelectorKey[] {
    return [...this.found].filter(([, ok]) => !ok).map(([key]) => key);
  }
}

export function query<E extends Element = Element>(root: ParentNode, key: SelectorKey, health?: SelectorHealth): E | null {
  for (const { css } of SELECTORS[key]) {
    const hit = root.querySelector<E>(css);
    if (hit) {
      health?.record(key, true);
      return hit;
    }
  }
  health?.record(key, false);
  return null;
}

export function queryAll<E extends Element = Element>(root: ParentNode, key: SelectorKey, health?: SelectorHealth): E[] {
  for (const { css } of SELECTORS[key]) {
    const hits = root.querySelectorAll<E>(css);
    if (hits.length > 0) {
      health?.record(key, true);
      return [...hits];
    }
  }
  health?.record(key, false);
  return [];
}
