// Reading Gmail's own sync requests (`POST /sync/u/N/i/s`): which messages are being sent and which are draft
// saves. Pure and dependency-free: it runs in the page's MAIN world (inside Gmail's budget) and in Node (the
// inspect command). Never throws: an unknown shape is a `problem`, not an exception.
//
// Gmail 2022-09 request layout (captures in test/fixtures/gmail/network, from InboxSDK's test data, MIT),
// unchanged in Gmail 2026-11 as far as the test page follows it:
//   body[1][0]            list of items `[10, [threadId, op]]`
//   op[1] = [msg, replyToId, …]          a reply's first save or send
//   op[2] = [[…, ts, threadId, [msg…]]]  a new thread's first save or send
//   op[13] = [msg, replyToId?, …]        a later save or the send of a saved draft
//   msg[0] id, [1] from [1, email, name, …], [2] to, [3] cc, [4] bcc ([1, email, name] each), [6] time,
//   [7] subject, [8] body [null, [[0, html], [2, quoted html]…]], [10] labels: `^pfg` send, `^r` draft.
// Response layout: body[1][5][0] list of `[threadId, null, [… , [thread, historyId]]]` (thread at index 6),
// thread[4] the messages, each with the legacy hex id as its last element.

export type SyncKind = 'send' | 'draft' | 'other';

export interface SyncAddress {
  name: string;
  email: string;
}

export interface SyncMessage {
  kind: SyncKind;
  messageId: string;
  threadId: string;
  from?: SyncAddress;
  to: SyncAddress[];
  cc: SyncAddress[];
  bcc: SyncAddress[];
  subject: string;
  /** The text the rep wrote, quoted history left out. */
  bodyText: string;
  at?: number;
  /** The message this one replies to, when Gmail says. */
  replyTo?: string;
  labels: string[];
}

export interface SyncParse {
  messages: SyncMessage[];
  /** What did not look like Gmail's layout, for the health record and the inspect command. */
  problems: string[];
}

const THREAD_ID = /^thread-[af]:r?-?\d{1,25}$/;
const MESSAGE_ID = /^msg-[af]:r?-?\d{1,25}$/;
const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

const isArr = (x: unknown): x is unknown[] => Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** Gmail sometimes prefixes JSON with `)]}'` against JSON hijacking. */
export function parseJsonBody(text: string): unknown {
  return JSON.parse(text.replace(/^\)\]\}'\s*/, ''));
}

function address(x: unknown): SyncAddress | undefined {
  if (!isArr(x)) return undefined;
  const email = str(x[1])?.trim().toLowerCase();
  if (!email || !EMAIL.test(email)) return undefined;
  return { name: (str(x[2]) ?? '').trim(), email };
}

const addresses = (x: unknown): SyncAddress[] => (isArr(x) ? x.map(address).filter((a): a is SyncAddress => a !== undefined) : []);

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
  const parts = isArr(body) && isArr(body[1]) ? body[1] : [];
  const own = parts.filter((p) => isArr(p) && p[0] === 0).map((p) => str((p as unknown[])[1]) ?? '');
  const html = own.join('\n').replace(/<div class="gmail_quote[\s\S]*$/i, '');
  return htmlToText(html).slice(0, 200_000);
}

export const kindOf = (labels: string[]): SyncKind => (labels.includes('^pfg') ? 'send' : labels.includes('^r') ? 'draft' : 'other');

function readMessage(m: unknown, threadId: string, replyTo: unknown, problems: string[], where: string): SyncMessage | undefined {
  if (!isArr(m)) {
    problems.push(`${where}: message is not an array`);
    return undefined;
  }
  const messageId = str(m[0]);
  if (!messageId || !MESSAGE_ID.test(messageId)) {
    problems.push(`${where}: no Gmail message id at [0]`);
    return undefined;
  }
  const labels = isArr(m[10]) ? m[10].filter((l): l is string => typeof l === 'string') : [];
  if (!isArr(m[10])) problems.push(`${where}: no label list at [10]`);
  const at = typeof m[6] === 'number' && Number.isFinite(m[6]) && m[6] > 0 ? Math.round(m[6]) : undefined;
  const reply = str(replyTo);
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
    at,
    replyTo: reply && MESSAGE_ID.test(reply) ? reply : undefined,
    labels,
  };
}

/** The messages a sync request body carries (parsed JSON), each a send, a draft save or other. */
export function parseSyncRequest(body: unknown): SyncParse {
  const problems: string[] = [];
  const messages: SyncMessage[] = [];
  try {
    if (!isArr(body)) return { messages, problems: ['the body is not a JSON array'] };
    const items = isArr(body[1]) && isArr(body[1][0]) ? body[1][0] : undefined;
    if (!items) return { messages, problems: ['no item list at [1][0]'] };
    items.forEach((item, i) => {
      const where = `item ${i}`;
      if (!isArr(item) || !isArr(item[1])) return problems.push(`${where}: not [type, [threadId, op]]`);
      const threadId = str(item[1][0]);
      const op = item[1][1];
      if (!threadId || !THREAD_ID.test(threadId)) return problems.push(`${where}: no Gmail thread id`);
      if (!isArr(op)) return problems.push(`${where}: no operation array`);
      let found = false;
      for (const slot of [1, 13]) {
        const entry = op[slot];
        if (!isArr(entry)) continue;
        found = true;
        const m = readMessage(entry[0], threadId, entry[1], problems, `${where} op[${slot}]`);
        if (m) messages.push(m);
      }
      const created = op[2];
      if (isArr(created)) {
        found = true;
        const thread = created[0];
        const list = isArr(thread) && isArr(thread[4]) ? thread[4] : undefined;
        if (!list) problems.push(`${where} op[2]: no message list at [0][4]`);
        else list.forEach((m, j) => {
          const read = readMessage(m, threadId, undefined, problems, `${where} op[2] message ${j}`);
          if (read) messages.push(read);
        });
      }
      // Other operations (labels, read state: op[6] etc.) carry no message; they are not problems.
      if (!found && !op.some((x, k) => k !== 1 && k !== 2 && k !== 13 && x !== null)) problems.push(`${where}: empty operation`);
      return undefined;
    });
  } catch (error) {
    problems.push(`unreadable: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { messages, problems };
}

export interface SyncStored {
  messageId: string;
  threadId: string;
  legacyMessageId?: string;
  labels: string[];
}

/** What Gmail's answer says it stored: each message's ids and labels. */
export function parseSyncResponse(body: unknown): { stored: SyncStored[]; problems: string[] } {
  const stored: SyncStored[] = [];
  const problems: string[] = [];
  try {
    const threads = isArr(body) && isArr(body[1]) && isArr(body[1][5]) && isArr(body[1][5][0]) ? body[1][5][0] : undefined;
    if (!threads) return { stored, problems: ['no thread list at [1][5][0]'] };
    for (const entry of threads) {
      const holder = isArr(entry) && isArr(entry[2]) && isArr(entry[2][6]) ? entry[2][6][0] : undefined;
      const threadId = isArr(holder) ? str(holder[3]) : undefined;
      const list = isArr(holder) && isArr(holder[4]) ? holder[4] : undefined;
      if (!threadId || !list) {
        problems.push('a thread entry without [2][6][0][3] id and [4] messages');
        continue;
      }
      for (const m of list) {
        if (!isArr(m) || !str(m[0]) || !MESSAGE_ID.test(str(m[0])!)) continue;
        const legacy = str(m[m.length - 1]);
        stored.push({
          messageId: str(m[0])!,
          threadId,
          legacyMessageId: legacy && /^[0-9a-f]{1,16}$/.test(legacy) ? legacy : undefined,
          labels: isArr(m[10]) ? m[10].filter((l): l is string => typeof l === 'string') : [],
        });
      }
    }
  } catch (error) {
    problems.push(`unreadable: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { stored, problems };
}

/** Gmail's sync endpoint, any account index. */
export const SYNC_PATH = /^\/sync\/u\/\d+\/i\/s(?:$|\?)/;
