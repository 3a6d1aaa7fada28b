// Every Gmail selector Followthrough uses, keyed by view and role (CONTRIBUTING.md habit 4). Each key is an
// ordered list of fallbacks, tried in turn; never joined with commas (that returns document order).
// Sources, read 2026-11: InboxSDK `GMAIL_SELECTORS` and its test data (MIT), gmail.js `dom.*` helpers (MIT),
// Briskine's and Mailvelope's Gmail integrations; each fallback says when it was seen.

import type { MessageKey } from '../i18n';

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
  'app.account': fallbacks(
    { css: '[aria-label^="Google Account:"]', seen: 'Gmail 2026-11: account button, "Google Account: Name (email)"' },
    { css: 'a[aria-label*="@"][href*="accounts.google.com"]', seen: 'Gmail 2022: account link in the header (gmail.js)' },
  ),

  // Sequences' new-thread steps open a compose the way the rep does (lib/gmail/features/compose-new.ts).
  'app.compose': fallbacks(
    { css: 'div[gh="cm"]', seen: 'Gmail 2026-12: the Compose button, found by `[gh=cm]` (InboxSDK GmailElementGetter.getComposeButton, checked 2026-12-06)' },
    { css: 'div.T-I.T-I-KE.L3[role="button"]', seen: 'Gmail 2026-12: same by class (gmail.js `compose.start_compose`, public automation scripts)' },
    { css: '.aIH .aic div[role="button"].L3', seen: 'Gmail integrated view (Chat/Meet rail): InboxSDK getComposeButton, checked 2026-12-06' },
  ),
  'list.container': fallbacks(
    { css: 'div[gh="tl"]', seen: 'Gmail 2026-11: thread list wrapper (gmail.js `dom.inbox_content`)' },
    { css: 'table.F.cf.zt', seen: 'Gmail 2026-11: the list table (InboxSDK)' },
  ),
  'list.row': fallbacks({ css: 'tr.zA', seen: 'Gmail 2026-11: inbox rows, `zE` unread / `yO` read (gmail.js, InboxSDK)' }),
  'row.threadId': fallbacks(
    { css: 'span[data-thread-id]', seen: 'Gmail 2026-11: subject span with data-thread-id="#thread-f:…" (InboxSDK thread-row-view)' },
    { css: '[data-legacy-thread-id]', seen: 'Gmail 2026-11: the hex id alone' },
  ),
  'row.sender': fallbacks(
    { css: 'div.yW span[email]', seen: 'Gmail 2026-11: senders `span.zF`/`span.yP[email][name]` (gmail.js)' },
    { css: 'td.yX span[email]', seen: 'Gmail 2026-11: same cell by its class' },
  ),
  'row.subject': fallbacks(
    { css: 'span.bog', seen: 'Gmail 2026-11: row subject (gmail.js, InboxSDK)' },
    { css: 'div.y6 span', seen: 'Gmail 2020: subject wrapper (gmail.js)' },
  ),
  'row.snippet': fallbacks(
    { css: 'span.y2', seen: 'Gmail 2026-11: row snippet (gmail.js)' },
    { css: 'div.y2', seen: 'Gmail split-pane rows: `div.y2.apz` in the third row (InboxSDK thread-row-parser test rows, 2014-12)' },
  ),

  'thread.toolbar': fallbacks(
    { css: 'div[gh="mtb"]', seen: 'Gmail 2026-11: the toolbar above a list or thread (Archive, Spam, Delete…); gmail.js, public extensions' },
    { css: 'div.iH', seen: 'Gmail 2026-11: the thread view toolbar container (InboxSDK ThreadView)' },
    { css: 'div.G-atb', seen: 'Gmail 2026-11: toolbar bar inside the main column' },
  ),
  'thread.subject': fallbacks(
    { css: 'h2.hP', seen: 'Gmail 2026-11: subject heading with data-thread-perm-id (InboxSDK)' },
    { css: 'h2[data-thread-perm-id]', seen: 'Gmail 2026-11: same heading by attribute' },
  ),
  'thread.id': fallbacks(
    { css: '[data-legacy-thread-id]', seen: 'Gmail 2025-11: the thread view\'s id element, found by its legacy id since the perm id may be "undefined" or absent (InboxSDK PR #1284, 2025-11-25)' },
    { css: '[data-thread-perm-id]', seen: 'Gmail 2026-11: the subject heading\'s perm id' },
  ),
  'thread.collapsed': fallbacks(
    { css: 'div.kv', seen: 'Gmail 2025: a collapsed message in a thread, `kv` beside `h7` expanded and `kQ`/`kx` hidden (InboxSDK gmail-message-view getViewState)' },
    { css: 'div.adf.ads', seen: 'Gmail 2025: the collapsed message\'s header (InboxSDK gmail-message-view, `.adf.ads td.gH`)' },
  ),
  'thread.message': fallbacks(
    { css: 'div.adn.ads[data-message-id]', seen: 'Gmail 2026-11: one expanded message (InboxSDK)' },
    { css: 'div[data-message-id][data-legacy-message-id]', seen: 'Gmail 2026-11: same by attributes' },
  ),
  'message.sender': fallbacks(
    { css: 'span.gD[email]', seen: 'Gmail 2026-11: sender name with email attribute (gmail.js)' },
    { css: 'h3 span[email]', seen: 'Gmail 2026-11: sender inside the message header' },
  ),
  'message.recipients': fallbacks(
    { css: 'span.hb', seen: 'Gmail 2026-11: the "to me, cc: …" line of a message header (gmail.js)' },
    { css: 'div.iw.ajw', seen: 'Gmail 2026-11: the line\'s wrapper' },
  ),
  'message.recipient': fallbacks({ css: 'span.g2[email]', seen: 'Gmail 2026-11: recipients in the header (gmail.js)' }),
  'message.date': fallbacks({ css: 'span.g3[title]', seen: 'Gmail 2026-11: date with full title (gmail.js)' }),
  'message.body': fallbacks({ css: 'div.a3s', seen: 'Gmail 2026-11: message body (InboxSDK, gmail.js)' }),
  'message.quote': fallbacks(
    { css: 'div.gmail_quote', seen: 'Gmail 2026-11: quoted history inside a body' },
    { css: 'blockquote', seen: 'Gmail 2026-11: quoted history from other clients' },
    { css: 'div.yj6qo', seen: 'Gmail 2026-11: the "…" trimmed-content wrapper' },
    { css: 'div.adL', seen: 'Gmail 2026-11: trimmed quoted history folded under "…" (with or without a gmail_quote inside)' },
    { css: 'div.adm', seen: 'Gmail 2026-11: the "…" button row that folds quoted history' },
  ),

  'compose.root': fallbacks(
    { css: 'div.M9', seen: 'Gmail 2026-11: every compose, dialog or inline (InboxSDK compose-view)' },
    { css: 'form.bAs', seen: 'Gmail 2026-11: the compose form (Briskine)' },
  ),
  'compose.dialog': fallbacks(
    { css: 'div[role="dialog"]', seen: 'Gmail 2026-11: a new-message window (`div.nH.Hd`)' },
    { css: 'div.nH.Hd', seen: 'Gmail 2026-11: same by class (InboxSDK)' },
  ),
  'compose.send': fallbacks(
    { css: 'div.T-I.J-J5-Ji.aoO.v7.T-I-atl.L3[role="button"]', seen: 'Gmail 2026-11: the Send button (InboxSDK, gmail.js)' },
    { css: 'div[role="button"][data-tooltip^="Send"]', seen: 'Gmail 2026-11: Send by its tooltip "Send (Ctrl-Enter)"' },
  ),
  'compose.body': fallbacks(
    { css: 'div[contenteditable="true"][aria-label="Message Body"]', seen: 'Gmail 2026-11: compose body (Briskine, Mailvelope)' },
    { css: 'div.Am.editable[contenteditable="true"]', seen: 'Gmail 2026-11: same by class' },
    { css: 'div[g_editable="true"]', seen: 'Gmail 2019: editable marker (gmail.js)' },
  ),
  'compose.to': fallbacks(
    { css: 'input[aria-label="To recipients"]', seen: 'Gmail 2026-11: the To field beside its chips, `input.agP.aFw[peoplekit-id]`' },
    { css: 'textarea[name="to"]', seen: 'Gmail before 2020: the To textarea (gmail.js `compose.to`)' },
    { css: 'input[name="to"]', seen: 'Gmail 2020: the To input by name (public automation scripts)' },
  ),
  'compose.subject': fallbacks({ css: 'input[name="subjectbox"]', seen: 'Gmail 2026-11: subject input, hidden in inline replies (gmail.js)' }),
  'compose.draftId': fallbacks({ css: 'input[name="draft"]', seen: 'Gmail 2026-11: hidden "#msg-a:r…" once saved, "undefined" before (gmail.js)' }),
  'compose.recipient': fallbacks(
    { css: 'div.afV[data-hovercard-id]', seen: 'Gmail 2026-11: recipient chips (InboxSDK)' },
    { css: 'div.aoD span[email]', seen: 'Gmail 2020: recipient chips with email (gmail.js)' },
  ),
  'compose.area': fallbacks(
    { css: 'div.dw', seen: 'Gmail 2026-11: bottom-right row of compose windows (InboxSDK)' },
    { css: 'body', seen: 'last resort: the whole page' },
  ),

  'reply.container': fallbacks(
    { css: 'div.nH.UG.id', seen: 'Gmail 2023-11: reply area moved here (RECIPES)' },
    { css: 'div.nH.g.id', seen: 'Gmail 2023: reply area before 2023-11' },
    { css: 'div.ip', seen: 'Gmail 2026-11: the reply box itself' },
  ),

  'notice.box': fallbacks(
    { css: 'div.b8.UC[role="alert"]', seen: 'Gmail 2026-11: the "Message sent" notice (gmail.js)' },
    { css: 'div.vh', seen: 'Gmail 2026-11: the notice text box' },
  ),
  'notice.undo': fallbacks(
    { css: '#link_undo', seen: 'Gmail 2026-11: Undo on "Message sent" (gmail.js)' },
    { css: 'span.ag.a8k[role="link"][param]', seen: 'Gmail 2026-11: notice links carry the message id in `param`' },
  ),
  // Drafts (lib/gmail/features/insert-draft.ts): where a suggested reply goes.
  'reply.bar': fallbacks(
    { css: 'div.amn', seen: 'Gmail 2025-11: the bar under the last message (Reply, Forward); A/B-tested with a second, hidden copy (InboxSDK 240ca0ea, 2025-11-10)' },
  ),
  'reply.open': fallbacks(
    { css: 'span.ams.bkH', seen: 'Gmail 2026-11: "Reply" under the last message (gmail.js)' },
    { css: 'div[role="button"][data-tooltip="Reply"]', seen: 'Gmail 2026-11: the Reply arrow in the message header' },
  ),
  'reply.body': fallbacks(
    { css: 'div.ip.adB div[contenteditable="true"][aria-label="Message Body"]', seen: 'Gmail 2026-11: the inline reply’s body (InboxSDK)' },
    { css: 'div.M9 div[contenteditable="true"][aria-label="Message Body"]', seen: 'Gmail 2026-11: any compose body, reply popped out' },
    { css: 'div.Am.editable[contenteditable="true"]', seen: 'Gmail 2026-11: same by class (gmail.js)' },
  ),
  // Meetings (lib/gmail/features/attach-invitation.ts): a file dropped on a compose becomes an attachment.
  'compose.dropzone': fallbacks({
    css: 'body > div.aC7.aWP',
    seen: 'Gmail 2023-08: while files are dragged over the page, one attachment dropzone per compose at the end of <body>, placed over it by inline top/left/width/height (`.aC7` without `.aWP` is the inline-image zone); InboxSDK gmail-compose-view.ts (PR #26 2015-11, fullscreen fix #964 2023-08-10), read 2026-12-06',
  }),
  'compose.attachment': fallbacks({
    css: 'div.dL',
    seen: 'Gmail 2021-12: an attached file in a compose, name in `div.vI`, size in `div.vJ` (gmail.js `compose.attachments()`, PR #658 2021-12-20), read 2026-12-06',
  }),
  'compose.attachmentName': fallbacks({ css: 'div.vI', seen: 'Gmail 2021-12: the attached file’s name inside `div.dL` (gmail.js PR #658)' }),
} as const satisfies Record<string, readonly Fallback[]>;

export type SelectorKey = keyof typeof SELECTORS;

/** What each key finds, in the rep's words (message keys; English in public/_locales/en), for "Gmail changed: … is not detected". */
export const SELECTOR_LABELS: Record<SelectorKey, MessageKey> = {
  'app.main': 'gmailPart_app_main',
  'app.account': 'gmailPart_app_account',
  'app.compose': 'gmailPart_app_compose',
  'list.container': 'gmailPart_list_container',
  'list.row': 'gmailPart_list_row',
  'row.threadId': 'gmailPart_row_threadId',
  'row.sender': 'gmailPart_row_sender',
  'row.subject': 'gmailPart_row_subject',
  'row.snippet': 'gmailPart_row_snippet',
  'thread.subject': 'gmailPart_thread_subject',
  'thread.id': 'gmailPart_thread_id',
  'thread.collapsed': 'gmailPart_thread_collapsed',
  'thread.message': 'gmailPart_thread_message',
  'message.sender': 'gmailPart_message_sender',
  'message.recipients': 'gmailPart_message_recipients',
  'message.recipient': 'gmailPart_message_recipient',
  'message.date': 'gmailPart_message_date',
  'message.body': 'gmailPart_message_body',
  'message.quote': 'gmailPart_message_quote',
  'compose.root': 'gmailPart_compose_root',
  'compose.dialog': 'gmailPart_compose_dialog',
  'compose.send': 'gmailPart_compose_send',
  'compose.body': 'gmailPart_compose_body',
  'compose.to': 'gmailPart_compose_to',
  'compose.subject': 'gmailPart_compose_subject',
  'compose.draftId': 'gmailPart_compose_draftId',
  'compose.recipient': 'gmailPart_compose_recipient',
  'compose.area': 'gmailPart_compose_area',
  'reply.container': 'gmailPart_reply_container',
  'notice.box': 'gmailPart_notice_box',
  'notice.undo': 'gmailPart_notice_undo',
  'thread.toolbar': 'gmailPart_thread_toolbar',
  'reply.bar': 'gmailPart_reply_bar',
  'reply.open': 'gmailPart_reply_open',
  'reply.body': 'gmailPart_reply_body',
  'compose.dropzone': 'gmailPart_compose_dropzone',
  'compose.attachment': 'gmailPart_compose_attachment',
  'compose.attachmentName': 'gmailPart_compose_attachmentName',
};
export const SELECTOR_KEYS = Object.keys(SELECTORS) as SelectorKey[];

/**
 * Keys whose absence is normal on most pages (no compose open, no quote in a message, no notice shown): a
 * lookup that finds none is not a health failure. A feature that knows one should be there (the send watcher
 * inside a compose) records it explicitly with `record()`.
 */
export const OPTIONAL_KEYS: ReadonlySet<SelectorKey> = new Set<SelectorKey>([
  'app.account',
  'compose.root',
  'compose.dialog',
  'compose.send',
  'compose.body',
  'compose.subject',
  'compose.to',
  'compose.draftId',
  'compose.recipient',
  'message.quote',
  'notice.box',
  'notice.undo',
  'reply.body',
  'row.snippet',
  'thread.collapsed',
  'reply.bar',
  'compose.dropzone',
  'compose.attachment',
  'compose.attachmentName',
]);

export interface HealthCheck {
  key: SelectorKey;
  view: string;
  found: boolean;
}

/**
 * What each key found, per view, the last time it was asked for: the selector-health record. Changes are
 * kept aside until `takeChanges()` so the content script reports only what changed.
 */
export class SelectorHealth {
  readonly found = new Map<SelectorKey, boolean>();
  readonly byView = new Map<string, boolean>();
  /** The view being read (set by the feature manager on each navigation). */
  view = 'other';
  private changes = new Map<string, HealthCheck>();

  record(key: SelectorKey, ok: boolean, view = this.view) {
    this.found.set(key, ok);
    const id = `${key}@${view}`;
    if (this.byView.get(id) === ok) return;
    this.byView.set(id, ok);
    this.changes.set(id, { key, view, found: ok });
    this.onChange?.();
  }

  /** What a lookup found: like `record`, but an optional key found nowhere is not a failure. */
  observe(key: SelectorKey, ok: boolean) {
    if (ok || !OPTIONAL_KEYS.has(key)) this.record(key, ok);
  }

  /** Called (synchronously, cheaply) when something changed; the owner batches the report. */
  onChange?: () => void;

  missing(): SelectorKey[] {
    return [...this.found].filter(([, ok]) => !ok).map(([key]) => key);
  }

  takeChanges(): HealthCheck[] {
    const out = [...this.changes.values()];
    this.changes = new Map();
    return out;
  }
}

/** Never throws: a selector the engine cannot parse counts as not found. */
function safeQuery<E extends Element>(root: ParentNode, css: string): E | null {
  try {
    return root.querySelector<E>(css);
  } catch {
    return null;
  }
}

export function query<E extends Element = Element>(root: ParentNode, key: SelectorKey, health?: SelectorHealth): E | null {
  for (const { css } of SELECTORS[key]) {
    const hit = safeQuery<E>(root, css);
    if (hit) {
      health?.observe(key, true);
      return hit;
    }
  }
  health?.observe(key, false);
  return null;
}

export function queryAll<E extends Element = Element>(root: ParentNode, key: SelectorKey, health?: SelectorHealth): E[] {
  for (const { css } of SELECTORS[key]) {
    let hits: NodeListOf<E> | undefined;
    try {
      hits = root.querySelectorAll<E>(css);
    } catch {
      hits = undefined;
    }
    if (hits && hits.length > 0) {
      health?.observe(key, true);
      return [...hits];
    }
  }
  health?.observe(key, false);
  return [];
}

/**
 * Every element under `root` matching any of the key's fallbacks (not only the first that finds some). One
 * search per fallback, never one selector list: Chromium answers a single compound selector (`div.gmail_quote`)
 * by its class or tag alone, and a list by matching every element against each of its selectors, several
 * times slower (measured 2026-12-07 on the Gmail test page: 2.5 µs against 15 µs for `compose.root`).
 */
export function queryEvery<E extends Element = Element>(root: ParentNode, key: SelectorKey): E[] {
  const out: E[] = [];
  for (const { css } of SELECTORS[key]) {
    try {
      out.push(...root.querySelectorAll<E>(css));
    } catch {
      /* an unparsable fallback is skipped */
    }
  }
  return out;
}

/** The nearest ancestor (or the element itself) matching the key, trying fallbacks in order. */
export function closest<E extends Element = Element>(el: Element | null, key: SelectorKey): E | null {
  if (!el) return null;
  for (const { css } of SELECTORS[key]) {
    try {
      const hit = el.closest<E>(css);
      if (hit) return hit;
    } catch {
      /* an unparsable fallback is skipped */
    }
  }
  return null;
}
