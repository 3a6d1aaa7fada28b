import type { GmailThreadSnapshot } from './snapshot';
import type { Person } from '../records';
import type { CollapsedMessage, GmailMessageSnapshot } from './snapshot';
import { query, queryAll, queryEvery, SELECTORS, type SelectorHealth, type SelectorKey } from './selectors';
import { EMAIL_SHAPE } from '../email';
import { fromLegacy } from './ids';

const EMAIL = EMAIL_SHAPE;

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
 * Read in place, mostly in native code: the parts of the body that hold no quote are taken whole by their
 * textContent, and only the elements on the way down to a quote are looked into (a tree walker that skipped
 * quotes called back into script for every node of the body, each then given a wrapper object: most of a
 * cold read on thread open). Nothing here needs layout.
 * `inView`: the quotes of the whole thread view, found by the reader once for all its messages.
 */
export function bodyText(body: Element, health?: SelectorHealth, inView?: Element[]): string {
  // The quotes are found once per fallback (a selector match in native code), not asked of every node: on
  // thread open that per-node `matches` was most of the body read (profile, test/bench/profile-gmail.ts).
  const quotes = new Set(inView ? inView.filter((q) => q !== body && body.contains(q)) : queryEvery(body, 'message.quote'));
  let text = '';
  if (quotes.size === 0) {
    // No quote to leave out: exactly the body's textContent.
    text = body.textContent ?? '';
  } else {
    // The elements that hold a quote: only these are looked into.
    const holders = new Set<Node>();
    for (const quote of quotes) for (let up = quote.parentNode; up && up !== body && !holders.has(up); up = up.parentNode) holders.add(up);
    const take = (node: Node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        const type = child.nodeType;
        // Text and CDATA as textContent counts them; comments and processing instructions are no text.
        if (type === 3 || type === 4) text += (child as CharacterData).data;
        else if (type !== 1 || quotes.has(child as Element)) continue;
        else if (holders.has(child)) take(child);
        else text += child.textContent ?? '';
      }
    };
    take(body);
  }
  health?.record('message.body', true);
  return text.replace(/[ \t\u00a0]+/g, ' ').replace(/\n\s*\n+/g, '\n\n').trim();
}

export { fromLegacy };

const byDocumentOrder = (a: Element, b: Element) => (a.compareDocumentPosition(b) & 4 /* b follows a */ ? -1 : 1);

const GMAIL_LAUNCH = Date.UTC(2004, 3, 1);
const YEAR_2100 = Date.UTC(2100, 0, 1);

/**
 * When Gmail stored a message, read from its legacy id: the hex id's leading bits (all but the last 20) are
 * the milliseconds since 1970 at which Gmail received or sent it, whatever the UI language. Checked 2026-12-06
 * against Metaspike, "Dates in Gmail Message IDs and Thread IDs" (2020, X-GM-MSGID/Gmail API ids), and against
 * InboxSDK's real captures (MIT): `183234eaadcf41e5` is sent at 1662744701660 in 2022-09-09-cvOnSend, and the
 * 2014-12-18 inbox's `14a5f1c6f7aeeebc` is titled "Thu, Dec 18, 2014 at 12:35 PM" (PST).
 */
export function dateOfLegacyId(legacy: string | null | undefined): number | undefined {
  if (!legacy || !/^[0-9a-f]{12,16}$/.test(legacy)) return undefined;
  const ms = Number(BigInt(`0x${legacy}`) >> 20n);
  return ms >= GMAIL_LAUNCH && ms < YEAR_2100 ? ms : undefined;
}

/**
 * Whether Gmail shows the element. Gmail keeps earlier views in the page, hidden (`display: none` on an
 * ancestor), and A/B-tests a second, hidden reply bar (InboxSDK 240ca0ea, 2025-11-10: "find the visible .amn
 * … where one might be hidden"). Inline styles and `hidden` are read without layout; where the browser has
 * `checkVisibility` it also answers for stylesheet rules.
 */
export function shown(el: Element): boolean {
  if (!shownInline(el)) return false;
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(el) : true;
}

// Only an element carrying one of these attributes can hide itself by its own markup.
const MAY_HIDE = '[hidden], [style]';

/**
 * `shown` without asking the browser for styles: attribute reads only, so it never forces a style recalc.
 * The ancestors that could hide the element are found by `closest` in native code; a walk up through every
 * parent handed each one to script (a wrapper object per element, most of them for nothing).
 */
function shownInline(el: Element, known?: Set<Element>): boolean {
  const checked: Element[] = [];
  for (let node = el.closest(MAY_HIDE); node; node = node.parentElement?.closest(MAY_HIDE) ?? null) {
    if (known?.has(node)) break;
    if (node.hasAttribute('hidden') || (node as HTMLElement).style?.display === 'none') return false;
    checked.push(node);
  }
  // Every one checked is shown: later checks in the same read stop when they reach one of them.
  if (known) for (const node of checked) known.add(node);
  return true;
}

/** The first match of a key that Gmail shows, or null; recorded in the health record like `query`. */
export function queryShown<E extends Element = Element>(root: ParentNode, key: SelectorKey, health?: SelectorHealth): E | null {
  const hit = queryAll<E>(root, key).find(shown) ?? null;
  health?.observe(key, hit !== null);
  return hit;
}

// A label in the recipients line: a word and a colon, in any script ("cc:", "копия:", "抄送：", "Cc :").
const LABEL = /[\p{L}\p{M}]\s*[:：]/u;

/**
 * To and cc from the header line (Gmail 2026-11: `span.hb` holds `span.g2[email]` recipients separated by
 * text: "to me, Marcus, cc: Elena, bcc: Ana"). The words are in the rep's UI language, so they are not read:
 * the first list is "to", and each label after a recipient opens the next list (cc, then bcc). Bcc is left out.
 * Without the line, all are "to".
 */
function recipientsOf(el: Element, sender: Element | null, health?: SelectorHealth): { to: Person[]; cc: Person[]; line: boolean } {
  const line = query(el, 'message.recipients', health);
  const lists = { to: [] as Person[], cc: [] as Person[], line: line !== null };
  if (!line) {
    lists.to = people(queryAll(el, 'message.recipient', health).filter((r) => r !== sender));
    return lists;
  }
  const order = ['to', 'cc', 'bcc'] as const;
  let current = 0;
  let seenRecipient = false;
  // In document order, elements and text. Text inside an `[email]` element is a name, not a separator: which
  // text that is, is known on the way down, instead of asking `closest` of every text node.
  const walk = (parent: Node, inPerson: boolean) => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      const type = node.nodeType;
      if (type === 3) {
        if (inPerson) continue; // a name, not a separator
        if (seenRecipient && LABEL.test((node as Text).data) && current < 2) {
          current++;
          seenRecipient = false;
        }
      } else if (type === 1) {
        const person = (node as Element).hasAttribute('email');
        if (person && node !== sender) {
          const p = personOf(node as Element);
          if (p) {
            seenRecipient = true;
            const list = order[current]!;
            if (list !== 'bcc') lists[list].push(p);
          }
        }
        if (node.firstChild) walk(node, inPerson || person);
      }
    }
  };
  walk(line, line.closest('[email]') !== null);
  if (lists.to.length + lists.cc.length === 0 && current === 0) lists.to = people(queryAll(el, 'message.recipient', health).filter((r) => r !== sender));
  health?.record('message.recipient', lists.to.length + lists.cc.length > 0 || current === 2);
  return lists;
}

/**
 * The fallback for a message without a legacy id: its localized date title. Only English titles parse here
 * ("Tue, Nov 24, 2026, 8:30 AM"; older: "… 2026 at 8:30 AM"); any other language gives undefined, never a guess.
 */
export function parseGmailDate(title: string | null | undefined): number | undefined {
  if (!title) return undefined;
  const t = Date.parse(title.replace(/\u202f/g, ' ').replace(/ at /, ' ').replace(/^[A-Z][a-z]{2}, /, ''));
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

const validLegacy = (id: string | null | undefined) => (id && /^[0-9a-f]{1,16}$/.test(id) ? id : undefined);

/**
 * Messages already read, by their ids as the DOM wrote them: what Gmail draws for a message id (sender,
 * recipients, date, body) does not change, and a thread opened again is drawn anew, so its messages are read
 * once per page instead of on every open. Only a message read whole goes in (its recipients line found and a
 * body with text), so one caught half drawn is read again; bounded by count and by body characters.
 */
export class MessageCache {
  private readonly byKey = new Map<string, GmailMessageSnapshot>();
  private chars = 0;
  constructor(
    private readonly maxMessages = 300,
    private readonly maxChars = 400_000,
  ) {}

  get(key: string): GmailMessageSnapshot | undefined {
    return this.byKey.get(key);
  }

  set(key: string, message: GmailMessageSnapshot) {
    if (this.byKey.has(key) || message.bodyText.length > this.maxChars) return;
    this.byKey.set(key, message);
    this.chars += message.bodyText.length;
    for (const [old, m] of this.byKey) {
      if (this.byKey.size <= this.maxMessages && this.chars <= this.maxChars) break;
      this.byKey.delete(old);
      this.chars -= m.bodyText.length;
    }
  }

  get size() {
    return this.byKey.size;
  }
}

const copyOf = (m: GmailMessageSnapshot): GmailMessageSnapshot => ({ ...m, from: { ...m.from }, to: m.to.map((p) => ({ ...p })), cc: m.cc.map((p) => ({ ...p })) });

function readMessage(el: Element, health?: SelectorHealth, quotes?: () => Element[], cache?: MessageCache): GmailMessageSnapshot | null {
  const rawId = el.getAttribute('data-message-id');
  const rawLegacy = el.getAttribute('data-legacy-message-id');
  const key = cache && rawId !== null && rawLegacy !== null ? `${rawId} ${rawLegacy}` : undefined;
  const known = key !== undefined ? cache!.get(key) : undefined;
  if (known) return copyOf(known);
  const legacyMessageId = validLegacy(rawLegacy);
  const messageId = gmailId(rawId) ?? fromLegacy('msg-f', legacyMessageId);
  const sender = query(el, 'message.sender', health);
  const from = sender ? personOf(sender) : null;
  if (!messageId || !/^msg-[af]:r?-?\d{1,25}$/.test(messageId) || !from) return null;
  const { to, cc, line } = recipientsOf(el, sender, health);
  const body = query(el, 'message.body', health);
  const message: GmailMessageSnapshot = {
    messageId,
    legacyMessageId,
    from,
    to,
    cc,
    date: dateOfLegacyId(legacyMessageId) ?? parseGmailDate(query(el, 'message.date', health)?.getAttribute('title')),
    bodyText: body ? bodyText(body, health, quotes?.()).slice(0, 200_000) : '',
  };
  // Whole: drawn with its recipients line and a body holding text.
  if (key !== undefined && message.bodyText && line) cache!.set(key, copyOf(message));
  return message;
}

/** A collapsed message (no id in the DOM): its sender and date still count. */
function readCollapsed(el: Element): CollapsedMessage | null {
  const sender = query(el, 'message.sender') ?? el.querySelector('span[email]');
  const from = sender ? personOf(sender) : null;
  if (!from) return null;
  const legacy = validLegacy(el.querySelector('[data-legacy-message-id]')?.getAttribute('data-legacy-message-id'));
  const date = dateOfLegacyId(legacy) ?? parseGmailDate(query(el, 'message.date')?.getAttribute('title'));
  return date === undefined ? { from } : { from, date };
}

const THREAD_ID = /^thread-[af]:r?-?\d{1,25}$/;

/**
 * The thread's ids: Gmail's perm id unless it is missing or "undefined" (Gmail 2025-11), else the legacy id.
 * `view` is asked for only when the heading carries no legacy id itself (finding the view searches the page).
 */
function threadIdsOf(heading: Element, view: () => Element) {
  // InboxSDK 1b0ea3b9 (2025-11-10): "data-thread-perm-id … is now 'undefined' string"; 1787941b/de44f3ad
  // (PR #1284, 2025-11-25): the id element is found by `[data-legacy-thread-id]`, the legacy id comes first.
  const idEl = heading.hasAttribute('data-legacy-thread-id') ? heading : (query(view(), 'thread.id') ?? heading);
  const legacyThreadId = validLegacy(idEl.getAttribute('data-legacy-thread-id')) ?? validLegacy(heading.getAttribute('data-legacy-thread-id'));
  const perm = gmailId(heading.getAttribute('data-thread-perm-id') ?? idEl.getAttribute('data-thread-perm-id'));
  const permId = perm && THREAD_ID.test(perm) ? perm : undefined;
  const legacyForm = fromLegacy('thread-f', legacyThreadId);
  const threadId = permId ?? legacyForm;
  // Sync data names a thread by either form; both are handed on so the background can join them.
  const aliases = permId && legacyForm && legacyForm !== permId ? [legacyForm] : [];
  return { threadId, legacyThreadId, aliases };
}

const VIEW_MARKS = [...SELECTORS['thread.message'], ...SELECTORS['thread.collapsed']].map((f) => f.css);
const holdsMessage = (el: Element) =>
  VIEW_MARKS.some((css) => {
    try {
      return el.matches(css) || el.querySelector(css) !== null;
    } catch {
      return false;
    }
  });

/**
 * The element holding the view the heading belongs to: the nearest ancestor that also holds its messages.
 * Each step up looks only at the siblings it adds, so the view's subtree is searched once, not once per
 * ancestor (the last step alone would search the whole view again).
 */
function viewOf(heading: Element): Element {
  if (holdsMessage(heading)) return heading.parentElement ?? heading;
  let child: Element = heading;
  let node: Element | null = heading.parentElement;
  while (node && node.parentElement) {
    for (const sibling of node.children) if (sibling !== child && holdsMessage(sibling)) return node;
    child = node;
    node = node.parentElement;
  }
  return node ?? heading;
}

/**
 * The subject heading of the view on screen. Thread open is the hot path: the browser is asked for styles
 * (`checkVisibility`, a forced style recalc of about 1 ms mid-render) only when the page holds more than one
 * heading; one heading is checked by its attributes alone.
 */
export function shownHeading(doc: ParentNode, health?: SelectorHealth, known?: Set<Element>): Element | null {
  const headings = queryAll(doc, 'thread.subject', health);
  if (headings.length === 1) return shownInline(headings[0]!, known) ? headings[0]! : null;
  return headings.find(shown) ?? null;
}

/** The thread id a subject heading stands for, with the same "undefined"/missing perm-id fallback as the reader. */
export function threadIdOfHeading(heading: Element): string | undefined {
  return threadIdsOf(heading, () => viewOf(heading)).threadId;
}

/** The ids of the thread on screen (for features that must act on that thread only), or null. */
export function shownThreadIds(doc: ParentNode, health?: SelectorHealth): { threadId: string; aliases: string[] } | null {
  try {
    const heading = shownHeading(doc, health);
    if (!heading) return null;
    const { threadId, aliases } = threadIdsOf(heading, () => viewOf(heading));
    return threadId ? { threadId, aliases } : null;
  } catch {
    return null;
  }
}


/**
 * The open thread, or null when the page shows none. Only the view on screen is read: Gmail keeps earlier
 * views in the page, hidden, so the first `h2.hP` or every `div.adn` in the document may belong to another
 * thread. Never throws on a strange page. `seen.heading` is given the subject heading read, for a caller that
 * needs it too; `cache` keeps messages read whole for the next read (`MessageCache`).
 */
export function readThread(doc: ParentNode, health?: SelectorHealth, seen?: { heading?: Element }, cache?: MessageCache): GmailThreadSnapshot | null {
  try {
    const known = new Set<Element>();
    const heading = shownHeading(doc, health, known);
    if (!heading) return null;
    if (seen) seen.heading = heading;
    const view = viewOf(heading);
    const { threadId, legacyThreadId, aliases } = threadIdsOf(heading, () => view);
    if (!threadId || !THREAD_ID.test(threadId)) {
      health?.record('thread.id', false);
      return null;
    }
    health?.record('thread.id', true);
    const expanded = queryAll(view, 'thread.message', health).filter((el) => shownInline(el, known));
    // The view's quotes in one search, each body then taking those inside it; none when every message is known.
    let quotes: Element[] | undefined;
    const quotesInView = () => (quotes ??= queryEvery(view, 'message.quote'));
    const folded = queryAll(view, 'thread.collapsed').filter((el) => shownInline(el, known) && !expanded.some((m) => el.contains(m) || m.contains(el)));
    const messages: GmailMessageSnapshot[] = [];
    const collapsed: CollapsedMessage[] = [];
    const participants = new Map<string, Person>();
    const add = (list: Person[]) => {
      for (const p of list) if (!participants.has(p.email) || !participants.get(p.email)?.name) participants.set(p.email, p);
    };
    for (const el of [...expanded, ...folded].sort(byDocumentOrder)) {
      if (expanded.includes(el)) {
        const m = readMessage(el, health, quotesInView, cache);
        if (m) messages.push(m);
        if (m) add([m.from, ...m.to, ...m.cc]);
      } else {
        const c = readCollapsed(el);
        if (c) collapsed.push(c);
        if (c) add([c.from]);
      }
    }
    return {
      threadId,
      legacyThreadId,
      subject: (heading.textContent ?? '').trim().slice(0, 1000),
      participants: [...participants.values()],
      messages,
      ...(aliases.length ? { aliases } : {}),
      ...(collapsed.length ? { collapsed } : {}),
      messageCount: messages.length + collapsed.length,
    };
  } catch {
    // A page we do not understand is "no thread", never an exception in Gmail.
    return null;
  }
}

/**
 * The signed-in account's address: from the account button, else from the tab title ("Inbox (3) - sam@x.example
 * - Gmail"), where it is the last address standing between " - " separators (a subject may hold addresses too).
 */
export function readAccount(doc: Document, health?: SelectorHealth): string | undefined {
  const label = query(doc, 'app.account', health)?.getAttribute('aria-label') ?? '';
  const inLabel = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(label)?.[0];
  const inTitle = [...doc.title.matchAll(/ - ([^\s@]+@[^\s@]+\.[^\s@]+)(?= - )/g)].at(-1)?.[1];
  return (inLabel ?? inTitle)?.toLowerCase();
}
