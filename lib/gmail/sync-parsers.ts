import type { SyncAddress, SyncKind, SyncMessage, SyncOwnMessage, SyncThreadMessage, SyncThreadState } from './sync';

// Reading Gmail's own sync traffic: what a save request (`POST /sync/u/N/i/s`) sends or saves, and what the
// answers to it and to thread fetches (`/sync/u/N/i/fd`) hold. Dated parsers, tried in turn: layouts come and
// go side by side for months, and a body none of them knows is a `problem` (for the health record), never a
// guess. Pure and dependency-free (types only come from ./sync): it runs in the Gmail content script's
// isolated world (save requests and their answers), in the worker (thread fetch answers, off Gmail's main
// thread) and in Node (the inspect command); the MAIN-world hook takes only `SENT_MARKS`. Never throws.
//
// Gmail serialises one protocol-buffer schema two ways. Each layout below was written from the real captures
// in test/fixtures/gmail/network (SOURCES.md: InboxSDK and gmail.js test data, MIT):
// - object-2018-01: JSON objects keyed by 1-based field numbers (`{"2":{"1":[…]}}`), numbers as strings.
//   Field N is array index N-1 of the array layout: the captures of 2018-01-25 and 2019-01-18 read with the
//   same positions once converted. Thread fetches of that era (2018-03 to 2021-10) have their own layout.
// - array-2022-09: JSON arrays (`[null,[[[10,["thread-a:r…",op]]]]]`), Gmail from 2022-09-09 on. Both were
//   served side by side: on 2022-09-12 one account got arrays in Chrome and objects in Firefox (gmail.js
//   issue 722), so neither layout is retired here.
// - InboxSDK's 2025-02-06 processor (issue 1243, pull request 1244: open as of 2026-07-22, reported working
//   in production on 2026-05-12) keeps the 2022-09 positions and adds the `^scheduled` label: a scheduled
//   send, not a send; gmail.js reads the same label (`send_scheduled_message`). No public capture of a
//   scheduled send exists (checked 2026-12-06).
// - A send's answer may hold only a label change, the whole message coming in a later answer (captures of
//   2019-01-18; gmail.js issue 478, 2018-08): own sent messages are read from every answer, not only a send's.
//
// Request layout (array indices): body[1][0] items `[n, [threadId, op]]`;
//   op[1] = [msg, replyToId, …]          a reply's first save or send
//   op[2] = [[…, threadId, [msg…]]]      a new thread's first save or send (thread[4] the messages)
//   op[13] = [msg, replyToId?, …]        a later save, or the send of a saved draft
//   msg[0] id, [1] from [1, email, name], [2] to, [3] cc, [4] bcc, [6] time, [7] subject,
//   [8] body [null, [[0, html], [2, quoted html]…]], [10] labels: `^pfg` send, `^r` draft, `^scheduled`.
// Answer layout: body[1][5] thread updates `[[threadId, null, update]]`; update[6][0] a whole thread
//   (inner[3] id, [4] messages, [19] legacy thread id), update[4] a label change `[added, removed, msgIds]`.
//   Answer messages: [0] id, [1] from, [2] to, [3] cc, [4] bcc, [6] time, [7] subject, [10] labels,
//   [13] RFC 822 Message-ID, [17] time received, [55] legacy (hex) message id.
// Thread fetch (array-2022-09): body[1] entries `[n, inner]`, inner as above.
// Thread fetch (object-2018-01, after conversion): body[1] entries `[threadId, [meta, summaries], details]`;
//   summary [id, from, time, labels]; detail [id, info], info [0] to, [1] cc, [2] bcc, [4] subject,
//   [7] RFC id, [10][16] sender address, [16] time, [34] legacy message id; meta[15] legacy thread id.
// Thread ids may carry the message they were opened from (`thread-a:r…|msg-a:r…`, captures of 2019-01-18
// and 2022-09-09): the part before `|` is the thread.

const THREAD_ID = /^thread-[af]:r?-?\d{1,25}$/;
const THREAD_KEY = /^(thread-[af]:r?-?\d{1,25})(?:\|msg-[af]:r?-?\d{1,25})?$/;
const MESSAGE_ID = /^msg-[af]:r?-?\d{1,25}$/;
const LEGACY_ID = /^[0-9a-f]{1,16}$/;
const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

const isArr = (x: unknown): x is unknown[] => Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const at = (x: unknown, ...path: number[]): unknown => path.reduce<unknown>((v, k) => (isArr(v) ? v[k] : undefined), x);
const list = (x: unknown): unknown[] | undefined => (isArr(x) ? x : undefined);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

/** A time in ms since 1970: a number (array layout) or a string of digits (object layout); 1973 to 5138 only. */
function time(x: unknown): number | undefined {
  const n = Math.round(typeof x === 'number' ? x : typeof x === 'string' && /^\d{11,14}$/.test(x) ? Number(x) : NaN);
  return Number.isFinite(n) && n >= 1e11 && n < 1e14 ? n : undefined;
}

/** `thread-a:r1|msg-a:r2` → `thread-a:r1`; anything else → undefined. */
export function threadIdOf(x: unknown): string | undefined {
  const m = THREAD_KEY.exec(str(x) ?? '');
  return m ? m[1] : undefined;
}

const messageIdOf = (x: unknown) => (MESSAGE_ID.test(str(x) ?? '') ? (x as string) : undefined);
const legacyIdOf = (x: unknown) => (LEGACY_ID.test(str(x) ?? '') ? (x as string) : undefined);
const labelsOf = (x: unknown): string[] => (isArr(x) ? x.filter((l): l is string => typeof l === 'string' && l.length <= 200).slice(0, 200) : []);
const rfcIdOf = (x: unknown) => {
  const s = str(x)?.trim();
  return s && s.length <= 1000 && /^<[^<>\s]+@[^<>\s]+>$/.test(s) ? s : undefined;
};

/** Gmail sometimes prefixes JSON with `)]}'` against JSON hijacking. */
export function parseJsonBody(text: string): unknown {
  return JSON.parse(text.replace(/^\)\]\}'\s*/, ''));
}

/** A JSON object whose keys are all field numbers (1, 2, …): Gmail's object layout. */
const isFieldObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !isArr(x) && Object.keys(x).length > 0 && Object.keys(x).every((k) => /^[1-9]\d{0,3}$/.test(k));

/** The object layout as the array layout: field N at index N-1, recursively. */
export function fieldsToArrays(x: unknown, depth = 0): unknown {
  if (depth > 200) throw new Error('nested too deep');
  if (isArr(x)) return x.map((y) => fieldsToArrays(y, depth + 1));
  if (!isFieldObject(x)) return x;
  const out: unknown[] = [];
  for (const [k, v] of Object.entries(x)) out[Number(k) - 1] = fieldsToArrays(v, depth + 1);
  for (let i = 0; i < out.length; i++) if (!(i in out)) out[i] = null;
  return out;
}

function address(x: unknown): SyncAddress | undefined {
  if (!isArr(x)) return undefined;
  const email = str(x[1])?.trim().toLowerCase();
  if (!email || email.length > 320 || !EMAIL.test(email)) return undefined;
  return { name: (str(x[2]) ?? '').trim().slice(0, 300), email };
}

const addresses = (x: unknown): SyncAddress[] => (isArr(x) ? x.slice(0, 500).map(address).filter((a): a is SyncAddress => a !== undefined) : []);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** Plain text of Gmail's HTML body part: block ends become new lines, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p|li|tr|h\d|blockquote)>/gi, '\n')
    // An opening block starts a line unless one was just started.
    .replace(/<(div|p|li|tr|h\d|blockquote)\b[^>]*>/gi, '\uE000')
    .replace(/([^\n\uE000])\uE000/g, '$1\n')
    .replace(/<[^>]*>|\uE000/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function bodyTextOf(body: unknown): string {
  // Part kind 0 is what the rep wrote; kind 2 (and anything in a gmail_quote) is quoted history.
  const parts = list(at(body, 1)) ?? [];
  const own = parts.filter((p) => isArr(p) && p[0] === 0).map((p) => str((p as unknown[])[1]) ?? '');
  const html = own.join('\n').replace(/<div class="gmail_quote[\s\S]*$/i, '');
  return htmlToText(html).slice(0, 200_000);
}

/**
 * What a save request does with a message. `^scheduled` wins over `^pfg`: a scheduled send may still be
 * cancelled, so it is logged when it goes out (the sent message arriving in sync data), never on request.
 */
export const kindOf = (labels: string[]): SyncKind =>
  labels.includes('^scheduled') ? 'scheduled' : labels.includes('^pfg') ? 'send' : labels.includes('^r') ? 'draft' : 'other';

/** Where a message stored by Gmail stands: `^f` is Gmail's Sent label. */
export const stateOf = (labels: string[]): SyncThreadState =>
  labels.includes('^r') ? 'draft' : labels.includes('^scheduled') ? 'scheduled' : labels.includes('^f') ? 'sent' : 'other';

// ---------------------------------------------------------------------------------------------- requests

export interface SyncParse {
  /** The layout that read the body; null when none did. */
  layout: SyncLayoutId | null;
  messages: SyncMessage[];
  /** What did not look like Gmail's layout, for the health record and the inspect command. */
  problems: string[];
}

export type SyncLayoutId = 'array-2022-09' | 'object-2018-01';

function readRequestMessage(m: unknown, threadId: string, replyTo: unknown, problems: string[], where: string): SyncMessage | undefined {
  if (!isArr(m)) {
    problems.push(`${where}: message is not an array`);
    return undefined;
  }
  const messageId = messageIdOf(m[0]);
  if (!messageId) {
    problems.push(`${where}: no Gmail message id at [0]`);
    return undefined;
  }
  if (!isArr(m[10])) problems.push(`${where}: no label list at [10]`);
  const labels = labelsOf(m[10]);
  return {
    kind: kindOf(labels),
    messageId,
    threadId,
    from: address(m[1]),
    to: addresses(m[2]),
    cc: addresses(m[3]),
    bcc: addresses(m[4]),
    subject: (str(m[7]) ?? '').slice(0, 1000),
    bodyText: bodyTextOf(m[8]),
    at: time(m[6]),
    replyTo: messageIdOf(replyTo),
    labels,
  };
}

/** The item list of a save request, in array positions (both layouts, once the object one is converted). */
function readRequestItems(items: unknown[], problems: string[]): SyncMessage[] {
  const messages: SyncMessage[] = [];
  items.forEach((item, i) => {
    const where = `item ${i}`;
    if (!isArr(item) || !isArr(item[1])) return problems.push(`${where}: not [n, [threadId, op]]`);
    const threadId = threadIdOf(item[1][0]);
    const op = item[1][1];
    if (!threadId) return problems.push(`${where}: no Gmail thread id`);
    if (!isArr(op)) return problems.push(`${where}: no operation array`);
    let found = false;
    for (const slot of [1, 13]) {
      const entry = op[slot];
      if (!isArr(entry)) continue;
      found = true;
      const m = readRequestMessage(entry[0], threadId, entry[1], problems, `${where} op[${slot}]`);
      if (m) messages.push(m);
    }
    const created = op[2];
    if (isArr(created)) {
      found = true;
      const msgs = list(at(created, 0, 4));
      if (!msgs) problems.push(`${where} op[2]: no message list at [0][4]`);
      else
        msgs.forEach((m, j) => {
          const read = readRequestMessage(m, threadId, undefined, problems, `${where} op[2] message ${j}`);
          if (read) messages.push(read);
        });
    }
    // Other operations (labels, read state: op[6] etc.) carry no message; they are not problems.
    if (!found && !op.some((x, k) => k !== 1 && k !== 2 && k !== 13 && x !== null && x !== undefined)) problems.push(`${where}: empty operation`);
    return undefined;
  });
  return messages;
}

interface RequestLayout {
  id: SyncLayoutId;
  /** The first capture it was written from. */
  since: string;
  /** The item list, or why this layout does not apply. */
  items(body: unknown): unknown[] | string;
}

/** Save-request layouts, newest first: each is tried in turn. */
export const REQUEST_LAYOUTS: readonly RequestLayout[] = [
  {
    id: 'array-2022-09',
    since: '2022-09-09',
    items: (body) => (!isArr(body) ? 'not a JSON array' : (list(at(body, 1, 0)) ?? 'no item list at [1][0]')),
  },
  {
    id: 'object-2018-01',
    since: '2018-01-25',
    items: (body) => (!isFieldObject(body) ? 'not an object with field-number keys' : (list(at(fieldsToArrays(body), 1, 0)) ?? 'no item list at "2"."1"')),
  },
];

/** The messages a save request body carries (parsed JSON), each a send, scheduled send, draft save or other. */
export function parseSyncRequest(body: unknown): SyncParse {
  const problems: string[] = [];
  const reasons: string[] = [];
  try {
    for (const layout of REQUEST_LAYOUTS) {
      const items = layout.items(body);
      if (typeof items === 'string') {
        reasons.push(`${layout.id}: ${items}`);
        continue;
      }
      return { layout: layout.id, messages: readRequestItems(items, problems), problems };
    }
    problems.push(`sync request in no known layout (${reasons.join('; ')})`);
  } catch (error) {
    problems.push(`sync request unreadable: ${errorText(error)}`);
  }
  return { layout: null, messages: [], problems };
}

// ---------------------------------------------------------------------------------------------- answers

export type SyncResponseLayoutId = 'array-2022-09/update' | 'array-2022-09/thread' | 'object-2018-01/update' | 'object-2018-01/thread';

/** A message Gmail's answer says it holds: a whole message, or a label change to one (`fromLabelChange`). */
export interface SyncStored {
  messageId: string;
  threadId: string;
  legacyMessageId?: string;
  labels: string[];
  fromLabelChange?: boolean;
}

export interface SyncResponseParse {
  layout: SyncResponseLayoutId | null;
  /** Every whole message in every thread of the answer. */
  messages: SyncThreadMessage[];
  /** Every message the answer holds, whole or as a label change. */
  stored: SyncStored[];
  problems: string[];
}

function readAnswerMessage(m: unknown, threadId: string, legacyThreadId: string | undefined, problems: string[], where: string): SyncThreadMessage | undefined {
  const messageId = isArr(m) ? messageIdOf(m[0]) : undefined;
  if (!isArr(m) || !messageId) {
    problems.push(`${where}: no Gmail message id at [0]`);
    return undefined;
  }
  const labels = labelsOf(m[10]);
  return {
    messageId,
    threadId,
    legacyThreadId,
    legacyMessageId: legacyIdOf(m[55]),
    rfcMessageId: rfcIdOf(m[13]),
    state: stateOf(labels),
    from: address(m[1]),
    to: addresses(m[2]),
    cc: addresses(m[3]),
    bcc: addresses(m[4]),
    subject: (str(m[7]) ?? '').slice(0, 1000),
    at: time(m[6]) ?? time(m[17]),
    labels,
  };
}

/** A whole thread in the shared inner layout (answers to saves, array thread fetches). */
function readInnerThread(inner: unknown[], fallbackId: string | undefined, out: SyncResponseParse, where: string) {
  const threadId = threadIdOf(inner[3]) ?? fallbackId;
  const msgs = list(inner[4]);
  if (!threadId || !msgs) return out.problems.push(`${where}: no thread id at [3] or no message list at [4]`);
  const legacyThreadId = legacyIdOf(inner[19]);
  msgs.forEach((m, j) => {
    const read = readAnswerMessage(m, threadId, legacyThreadId, out.problems, `${where} message ${j}`);
    if (read) out.messages.push(read);
  });
  return undefined;
}

function readUpdates(updates: unknown[], out: SyncResponseParse) {
  updates.forEach((wrapper, i) => {
    const where = `thread update ${i}`;
    const thread = at(wrapper, 0);
    const threadId = threadIdOf(at(thread, 0));
    if (!threadId) return out.problems.push(`${where}: no Gmail thread id at [0][0]`);
    const inner = list(at(thread, 2, 6, 0));
    if (inner) return readInnerThread(inner, threadId, out, where);
    const change = list(at(thread, 2, 4));
    if (change) {
      for (const id of list(change[2]) ?? []) {
        const messageId = messageIdOf(id);
        if (messageId) out.stored.push({ messageId, threadId, labels: labelsOf(change[0]), fromLabelChange: true });
      }
    }
    // Other updates (thread-level label counts, removals) name no message.
    return undefined;
  });
}

function readArrayThreads(entries: unknown[], out: SyncResponseParse) {
  entries.forEach((entry, i) => {
    const inner = list(at(entry, 1));
    if (!inner) return out.problems.push(`thread ${i}: no thread at [1]`);
    return readInnerThread(inner, undefined, out, `thread ${i}`);
  });
}

function readObjectThreads(entries: unknown[], out: SyncResponseParse) {
  entries.forEach((entry, i) => {
    const where = `thread ${i}`;
    const threadId = threadIdOf(at(entry, 0));
    const details = list(at(entry, 2));
    if (!threadId || !details) return out.problems.push(`${where}: no thread id at [0] or no message list at [2]`);
    const legacyThreadId = legacyIdOf(at(entry, 1, 0, 15));
    const summaries = list(at(entry, 1, 1)) ?? [];
    details.forEach((d, j) => {
      const messageId = messageIdOf(at(d, 0));
      const info = list(at(d, 1));
      if (!messageId || !info) return out.problems.push(`${where} message ${j}: no Gmail message id at [0] or no details at [1]`);
      const summary = list(summaries.find((s) => at(s, 0) === messageId)) ?? [];
      const labels = labelsOf(summary[3]);
      const sender = str(at(info, 10, 16));
      out.messages.push({
        messageId,
        threadId,
        legacyThreadId,
        legacyMessageId: legacyIdOf(info[34]),
        rfcMessageId: rfcIdOf(info[7]),
        state: stateOf(labels),
        from: address(summary[1]) ?? address([1, sender]),
        to: addresses(info[0]),
        cc: addresses(info[1]),
        bcc: addresses(info[2]),
        subject: (str(info[4]) ?? '').slice(0, 1000),
        at: time(info[16]) ?? time(summary[2]),
        labels,
      });
      return undefined;
    });
    return undefined;
  });
}

interface ResponseLayout {
  id: SyncResponseLayoutId;
  since: string;
  /** Reads the body into `out`, or says why this layout does not apply. */
  read(body: unknown, out: SyncResponseParse): string | undefined;
}

const isThreadEntry = (e: unknown) => threadIdOf(at(e, 1, 3)) !== undefined;
const isObjectThreadEntry = (e: unknown) => threadIdOf(at(e, 0)) !== undefined && isArr(at(e, 2));

/** Answer layouts, newest first: each is tried in turn. */
export const RESPONSE_LAYOUTS: readonly ResponseLayout[] = [
  {
    id: 'array-2022-09/update',
    since: '2022-09-09',
    read(body, out) {
      const updates = isArr(body) ? list(at(body, 1, 5)) : undefined;
      if (!updates) return 'no thread updates at [1][5]';
      readUpdates(updates, out);
      return undefined;
    },
  },
  {
    id: 'array-2022-09/thread',
    since: '2022-09-13',
    read(body, out) {
      const entries = isArr(body) ? list(at(body, 1)) : undefined;
      if (!entries || entries.length === 0 || !entries.every(isThreadEntry)) return 'no thread list at [1]';
      readArrayThreads(entries, out);
      return undefined;
    },
  },
  {
    id: 'object-2018-01/update',
    since: '2019-01-18',
    read(body, out) {
      const updates = isFieldObject(body) ? list(at(fieldsToArrays(body), 1, 5)) : undefined;
      if (!updates) return 'no thread updates at "2"."6"';
      readUpdates(updates, out);
      return undefined;
    },
  },
  {
    id: 'object-2018-01/thread',
    since: '2018-03-08',
    read(body, out) {
      const entries = isFieldObject(body) ? list(at(fieldsToArrays(body), 1)) : undefined;
      if (!entries || entries.length === 0 || !entries.every(isObjectThreadEntry)) return 'no thread list at "2"';
      readObjectThreads(entries, out);
      return undefined;
    },
  },
];

/** What Gmail's answer (to a save, or a thread fetch) holds: every thread, every message. */
export function parseSyncResponse(body: unknown): SyncResponseParse {
  const reasons: string[] = [];
  try {
    for (const layout of RESPONSE_LAYOUTS) {
      const out: SyncResponseParse = { layout: layout.id, messages: [], stored: [], problems: [] };
      const reason = layout.read(body, out);
      if (reason !== undefined) {
        reasons.push(`${layout.id}: ${reason}`);
        continue;
      }
      for (const m of out.messages) out.stored.push({ messageId: m.messageId, threadId: m.threadId, legacyMessageId: m.legacyMessageId, labels: m.labels });
      return out;
    }
    return { layout: null, messages: [], stored: [], problems: [`sync answer in no known layout (${reasons.join('; ')})`] };
  } catch (error) {
    return { layout: null, messages: [], stored: [], problems: [`sync answer unreadable: ${errorText(error)}`] };
  }
}

/**
 * The rep's own sent messages in an answer: Gmail's Sent label (`^f`), not a draft, not a scheduled send
 * still waiting. Whoever sent them (this tab, the phone, another computer, a scheduled send that fired),
 * they are the account's. A sent message without a sender or a date is a problem, not an own message.
 */
export function ownMessagesIn(parse: SyncResponseParse): { own: SyncOwnMessage[]; problems: string[] } {
  const own: SyncOwnMessage[] = [];
  const problems: string[] = [];
  if (!parse.layout) return { own, problems };
  for (const m of parse.messages) {
    if (m.state !== 'sent') continue;
    if (!m.from || m.at === undefined) {
      problems.push(`sent message ${m.messageId}: no ${m.from ? 'date' : 'sender'} in the ${parse.layout} answer`);
      continue;
    }
    own.push({
      messageId: m.messageId,
      threadId: m.threadId,
      legacyMessageId: m.legacyMessageId,
      legacyThreadId: m.legacyThreadId,
      rfcMessageId: m.rfcMessageId,
      from: m.from,
      to: m.to,
      cc: m.cc,
      bcc: m.bcc,
      subject: m.subject,
      at: m.at,
      labels: m.labels,
      layout: parse.layout,
    });
  }
  return { own, problems };
}

/** Answers bigger than this are not parsed (a thread fetch with long bodies can be MBs). */
export const MAX_ANSWER_CHARS = 4_000_000;

/**
 * Strings one of which every answer holding the rep's sent mail has: `ownMessagesIn` takes only messages
 * labelled Sent (`^f`), every layout writes labels as JSON strings, and JSON writes `"^f"` either as it is or
 * with a letter escaped (`\u005e` or `\u005E` for the caret, `\u0066` for the f: no capture does, JSON allows
 * it). Every real answer in test/fixtures/gmail/network with an own message has one. The page hook tests
 * these with its saved `indexOf` (lib/gmail/network-hook.ts), so they are plain strings.
 */
export const SENT_MARKS: readonly string[] = ['"^f"', '\\u005', '\\u0066'];

/** Gmail's save endpoint, any account index, with or without `/u/N` (InboxSDK's interceptor, 2026-07). */
export const SYNC_PATH = /^\/sync(?:\/u\/\d{1,3})?\/i\/s(?:$|\?)/;
/** Gmail's thread fetch endpoint: its answer holds whole threads, the rep's own messages among them. */
export const SYNC_FETCH_PATH = /^\/sync(?:\/u\/\d{1,3})?\/i\/fd(?:$|\?)/;
export { THREAD_ID, MESSAGE_ID };
