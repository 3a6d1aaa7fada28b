import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { generate } from 'selfsigned';

// One loopback HTTPS server for every page the e2e suite, the demo and the bench need: the Gmail test page
// as https://mail.google.com and the CRM test pages, told apart by the Host header (Chromium maps the real
// host names here with --host-resolver-rules). It also answers Gmail's sync requests the way Gmail does and
// keeps what it received, so tests can assert what the page sent.

const TEST_DIR = resolve(import.meta.dirname, '..');
const NETWORK_FIXTURES = join(TEST_DIR, 'fixtures/gmail/network');

export const SITES = [
  { host: (h: string) => h === 'mail.google.com', dir: join(TEST_DIR, 'gmail-page') },
  { host: (h: string) => h === 'app.hubspot.com', dir: join(TEST_DIR, 'crm-pages/hubspot') },
  { host: (h: string) => h.endsWith('.lightning.force.com'), dir: join(TEST_DIR, 'crm-pages/salesforce') },
  { host: (h: string) => h === 'pipedrive.com' || h.endsWith('.pipedrive.com'), dir: join(TEST_DIR, 'crm-pages/pipedrive') },
];

const ALT_NAMES = ['mail.google.com', 'app.hubspot.com', '*.lightning.force.com', '*.pipedrive.com', 'localhost'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** One `/sync/u/N/i/s` request the server answered. */
export interface SyncRequest {
  path: string;
  account: number;
  at: number;
  /** The parsed JSON body, or null when it was not JSON (the raw text is kept beside it). */
  body: unknown;
  raw: string;
  /** What the server made of it: the messages it carried, each a send (`^pfg`) or a draft save (`^r`). */
  messages: { kind: 'send' | 'draft' | 'other'; threadId: string; messageId: string }[];
}

export interface GmailServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** The Gmail test page's own undo-send window in seconds (Gmail's "Send cancellation period"). */
  undoSeconds?: number;
  /** Milliseconds the server waits before answering a sync request (to test slow networks). */
  syncDelayMs?: number;
}

export interface GmailServer {
  port: number;
  /** `https://127.0.0.1:PORT`, for logs; browsers reach the sites by their real host names. */
  origin: string;
  /** Every sync request received, oldest first. */
  readonly syncRequests: SyncRequest[];
  /** Resolve once `count` sync requests matching `filter` have arrived (or reject after `timeoutMs`). */
  waitForSync(filter?: (r: SyncRequest) => boolean, count?: number, timeoutMs?: number): Promise<SyncRequest[]>;
  clearSyncRequests(): void;
  /** While on, a sync request that sends a message is refused (503), as when Gmail never confirms a send. */
  refuseSends(on: boolean): void;
  /**
   * A message the rep sent from elsewhere (the phone, another computer) that Gmail's thread fetch (`/i/fd`)
   * answers with from now on, and that the page never renders: it exists only in sync data.
   */
  addSyncOnlyMessage(m: SyncOnlyMessage): { messageId: string; legacyMessageId: string };
  /** Every thread fetch received, oldest first: the thread ids each asked for. */
  readonly threadFetches: { threadIds: string[]; at: number }[];
  close(): Promise<void>;
}

export interface SyncOnlyMessage {
  threadId: string;
  subject: string;
  from: { name: string; email: string };
  to: { name: string; email: string }[];
  /** When the message was sent (ms). */
  at: number;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isArr = (x: unknown): x is unknown[] => Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

interface SyncMessage {
  threadId: string;
  messageId: string;
  labels: string[];
  /** The message array as the request carried it (Gmail 2022-09 capture layout). */
  fields: unknown[];
}

/**
 * The messages a sync request carries. Gmail 2022-09 captures (test/fixtures/gmail/network): body[1][0] is
 * a list of `[10, [threadId, op]]`; op[1] is a reply's first save `[message, replyToId]`, op[2] a new
 * thread's first save `[[…, threadId, [message]]]`, op[13] a later update `[message, replyToId?]`.
 * message[0] is the id, [1] from, [2] to, [3] cc, [4] bcc, [7] subject, [8] body, [10] labels.
 */
export function syncMessages(body: unknown): SyncMessage[] {
  const out: SyncMessage[] = [];
  const items = isArr(body) && isArr(body[1]) && isArr(body[1][0]) ? body[1][0] : [];
  for (const item of items) {
    if (!isArr(item) || !isArr(item[1])) continue;
    const threadId = str(item[1][0]);
    const op = item[1][1];
    if (!threadId || !isArr(op)) continue;
    const candidates: unknown[] = [];
    for (const slot of [1, 13]) if (isArr(op[slot])) candidates.push(op[slot][0]);
    if (isArr(op[2]) && isArr(op[2][0]) && isArr(op[2][0][4])) candidates.push(...op[2][0][4]);
    for (const m of candidates) {
      if (!isArr(m)) continue;
      const messageId = str(m[0]);
      if (!messageId) continue;
      const labels = isArr(m[10]) ? m[10].filter((l): l is string => typeof l === 'string') : [];
      out.push({ threadId, messageId, labels, fields: m });
    }
  }
  return out;
}

const kindOf = (labels: string[]): SyncRequest['messages'][number]['kind'] => (labels.includes('^pfg') ? 'send' : labels.includes('^r') ? 'draft' : 'other');

let legacyCounter = 0;
/** Gmail's hex id for a message it has just stored: time-ordered, 16 hex digits. */
function newLegacyId(now: number): string {
  legacyCounter = (legacyCounter + 1) % 4096;
  return (BigInt(now) * 1_048_576n + BigInt(legacyCounter)).toString(16).padStart(16, '0').slice(-16);
}

const template = (() => {
  let cached: Json[] | undefined;
  return () => (cached ??= JSON.parse(readFileSync(join(NETWORK_FIXTURES, '2022-09-09-cvOnSend_response.json'), 'utf8')) as Json[]);
})();

const person = (x: unknown): Json => (isArr(x) ? [1, str(x[1]) ?? '', str(x[2]) ?? ''] : null);
const people = (x: unknown): Json => (isArr(x) && x.length > 0 ? x.map(person) : null);

function textOf(body: unknown): string {
  // message[8] = [null, [[0, html], [2, quotedHtml]…]]: the snippet is the text of the first part.
  const parts = isArr(body) && isArr(body[1]) ? body[1] : [];
  const html = parts.map((p) => (isArr(p) ? str(p[1]) ?? '' : '')).join(' ');
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Gmail's answer to a sync request, in the layout of the 2022-09 captures. */
export function syncResponse(body: unknown, now: number, historyId: number): Json[] {
  const base = template();
  const threads = new Map<string, SyncMessage[]>();
  for (const m of syncMessages(body)) threads.set(m.threadId, [...(threads.get(m.threadId) ?? []), m]);
  const threadEntries: Json[] = [...threads].map(([threadId, messages]) => {
    const last = messages.at(-1)!;
    const responseMessages: Json[] = messages.map((m) => {
      const f = m.fields;
      const labels = [...new Set(['^all', ...m.labels.filter((l) => l !== '^r_bt' && l !== '^f_btns'), ...(kindOf(m.labels) === 'send' ? ['^f', '^sq_ig_i_personal'] : [])])].sort();
      const row: Json[] = new Array(56).fill(null);
      row[0] = m.messageId;
      row[1] = person(f[1]);
      row[2] = people(f[2]);
      row[3] = people(f[3]);
      row[4] = people(f[4]);
      row[6] = typeof f[6] === 'number' ? f[6] : now;
      row[7] = '';
      row[9] = textOf(f[8]);
      row[10] = labels;
      row[13] = `<FT${now.toString(36)}${m.messageId.replace(/\W/g, '')}@mail.gmail.com>`;
      row[17] = now;
      row[30] = now;
      row[43] = 0;
      row[55] = newLegacyId(now);
      return row;
    });
    const to = isArr(last.fields[2]) ? last.fields[2] : [];
    const thread: Json[] = ['', null, now, threadId, responseMessages, null, null, null, `msg-a:bump-${last.messageId.replace(/^msg-[af]:/, '')}`];
    thread.push(null, null, null, null, null, [to.filter(isArr).map((p) => [str(p[2]) ?? '', str(p[1]) ?? ''])], null, 0, null, null, newLegacyId(now));
    return [threadId, null, [null, null, null, null, null, null, [thread, historyId]]];
  });
  // One wrapper per thread: body[1][5] = [[thread], [thread]…] (the batched 2022-09-09 captures hold two).
  return [[[[10, 0, null, historyId]]], [0, null, null, null, null, threadEntries.map((t) => [t])], base[2] ?? [], [historyId]];
}

const THREAD_FETCH_CAPTURE = '2022-09-13-gmailjs-threadFetch_response.json';
const threadFetchTemplate = (() => {
  let cached: Json[] | undefined;
  return () => (cached ??= JSON.parse(readFileSync(join(NETWORK_FIXTURES, THREAD_FETCH_CAPTURE), 'utf8')) as Json[]);
})();
const hexOf = (id: string) => BigInt(id.replace(/^(?:thread|msg)-f:/, '')).toString(16);

/**
 * Gmail's answer to a thread fetch (`/sync/u/N/i/fd`), made from the one real capture of that answer in the
 * array layout (`2022-09-13-gmailjs-threadFetch_response.json`, gmail.js, MIT; see SOURCES.md), changed only
 * where it must be to hold this mailbox's thread: per thread, its id (thread[3], kept in the captured
 * `thread-f:…|msg-f:…` form), legacy hex id (thread[19]), subject (thread[0]) and time (thread[2]); the
 * captured message is copied once per sync-only message with its id ([0]), sender ([1], and its reply-to at [5]),
 * recipients ([2], and the account at [21]), time ([6], [17], [30]), subject ([7]), RFC id ([13]: `<FT…@mail.gmail.com>`),
 * legacy hex id ([55]), and labels ([10]: the capture's inbound `^i ^u ^io_unim ^smartlabel_personal`
 * replaced by Sent, `^f`). Its body, attachment and every other field are the capture's. A thread with no
 * sync-only message is answered with no message in it.
 */
export function threadFetchResponse(threads: { threadId: string; subject: string; messages: (SyncOnlyMessage & { messageId: string })[] }[], account: string): Json[] {
  const base = structuredClone(threadFetchTemplate()) as Json[];
  const [wrapper] = (base[1] as Json[][]) as [Json[]];
  const capturedThread = wrapper[1] as Json[];
  const capturedMessage = (capturedThread[4] as Json[][])[0]!;
  const entries = threads.map(({ threadId, subject, messages }) => {
    const thread = structuredClone(capturedThread);
    const last = messages.at(-1);
    thread[0] = subject;
    thread[2] = last?.at ?? (thread[2] as number);
    thread[3] = last ? `${threadId}|${last.messageId}` : threadId;
    thread[19] = hexOf(threadId);
    thread[4] = messages.map((m) => {
      const row = structuredClone(capturedMessage);
      row[0] = m.messageId;
      row[1] = [1, m.from.email, m.from.name];
      row[2] = m.to.map((p) => [1, p.email, p.name]);
      row[6] = m.at;
      row[7] = m.subject;
      row[10] = ['^all', '^f', '^sq_ig_i_personal'];
      row[13] = `<FT${m.at.toString(36)}${m.messageId.replace(/\W/g, '')}@mail.gmail.com>`;
      row[17] = m.at;
      row[30] = m.at;
      row[5] = [[1, m.from.email]];
      row[21] = [1, account];
      row[55] = hexOf(m.messageId);
      return row;
    });
    return [0, thread];
  });
  base[1] = entries;
  return base;
}

function readBody(req: IncomingMessage, limit = 5_000_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A file under `dir` for a URL path, never outside it; SPA-style fallback to index.html for page paths. */
function fileFor(dir: string, urlPath: string): string | undefined {
  const clean = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const exists = (p: string) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const candidates = [join(dir, clean), join(dir, clean, 'index.html'), join(dir, `${clean}.html`)];
  if (!extname(clean)) candidates.push(join(dir, 'index.html'), join(dir, 'README.md'));
  return candidates.find((p) => (p === dir || p.startsWith(dir + sep)) && exists(p));
}

export async function startGmailServer(opts: GmailServerOptions = {}): Promise<GmailServer> {
  const pems = await generate([{ name: 'commonName', value: 'mail.google.com' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 7 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: ALT_NAMES.map((value) => ({ type: 2 as const, value })) },
    ],
  });
  const undoSeconds = opts.undoSeconds ?? 5;
  const syncRequests: SyncRequest[] = [];
  const waiters = new Set<() => void>();
  let historyId = 527_537;
  let refusingSends = false;
  const syncOnly = new Map<string, (SyncOnlyMessage & { messageId: string })[]>();
  const threadFetches: { threadIds: string[]; at: number }[] = [];
  let syncOnlyCounter = 0;
  const subjects = (() => {
    let cached: Map<string, string> | undefined;
    return () => {
      if (cached) return cached;
      const mailbox = JSON.parse(readFileSync(join(TEST_DIR, 'gmail-page/mailbox.json'), 'utf8')) as { account: { email: string }; threads: { id: string; subject: string }[] };
      cached = new Map(mailbox.threads.map((t) => [t.id, t.subject]));
      cached.set('', mailbox.account.email);
      return cached;
    };
  })();

  async function handleThreadFetch(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    let ids: string[] = [];
    try {
      // The test page's own request body (not a capture): [[threadId, …]].
      const body = JSON.parse(raw) as unknown;
      ids = isArr(body) && isArr(body[0]) ? body[0].filter((x): x is string => typeof x === 'string' && /^thread-[af]:/.test(x)).slice(0, 20) : [];
    } catch {
      return send(res, 400, 'application/json', '[]');
    }
    threadFetches.push({ threadIds: ids, at: Date.now() });
    for (const wake of waiters) wake();
    if (opts.syncDelayMs) await new Promise((r) => setTimeout(r, opts.syncDelayMs));
    const threads = ids.map((threadId) => ({ threadId, subject: subjects().get(threadId) ?? '', messages: syncOnly.get(threadId) ?? [] }));
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(threadFetchResponse(threads, subjects().get('') ?? '')));
  }

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  async function handleSync(req: IncomingMessage, res: ServerResponse, url: URL, account: number) {
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    const messages = syncMessages(body).map((m) => ({ kind: kindOf(m.labels), threadId: m.threadId, messageId: m.messageId }));
    const now = Date.now();
    syncRequests.push({ path: url.pathname + url.search, account, at: now, body, raw, messages });
    for (const wake of waiters) wake();
    if (opts.syncDelayMs) await new Promise((r) => setTimeout(r, opts.syncDelayMs));
    if (body === null) return send(res, 400, 'application/json', '[]');
    if (refusingSends && messages.some((m) => m.kind === 'send')) return send(res, 503, 'application/json', '[]');
    historyId += 1;
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(syncResponse(body, now, historyId)));
  }

  function handleGmail(req: IncomingMessage, res: ServerResponse, url: URL, dir: string) {
    const sync = /^\/sync\/u\/(\d+)\/i\/s$/.exec(url.pathname);
    if (sync && req.method === 'POST') return handleSync(req, res, url, Number(sync[1]));
    if (/^\/sync\/u\/\d+\/i\/fd$/.test(url.pathname) && req.method === 'POST') return handleThreadFetch(req, res);
    if (url.pathname === '/' || url.pathname === '/mail' || url.pathname === '/mail/') {
      res.writeHead(302, { location: '/mail/u/0/' });
      return res.end();
    }
    if (/^\/mail\/u\/\d+\/?$/.test(url.pathname)) {
      const html = readFileSync(join(dir, 'index.html'), 'utf8').replace('data-undo-seconds="5"', `data-undo-seconds="${undoSeconds}"`);
      return send(res, 200, TYPES['.html']!, html);
    }
    return serveStatic(res, dir, url.pathname.replace(/^\/mail\/u\/\d+\//, '/'));
  }

  function serveStatic(res: ServerResponse, dir: string, path: string) {
    const file = fileFor(dir, path);
    if (!file) return send(res, 404, TYPES['.txt']!, 'Not found');
    const type = file.endsWith('README.md') ? TYPES['.txt']! : (TYPES[extname(file)] ?? 'application/octet-stream');
    send(res, 200, type, readFileSync(file));
  }

  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', `https://${host || 'localhost'}`);
    const site = SITES.find((s) => s.host(host));
    Promise.resolve()
      .then(() => {
        if (!site) return send(res, 404, TYPES['.txt']!, `No test site for host "${host}"`);
        if (host === 'mail.google.com') return handleGmail(req, res, url, site.dir);
        return serveStatic(res, site.dir, url.pathname);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, TYPES['.txt']!, String(error));
        else res.end();
      });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    syncRequests,
    clearSyncRequests: () => void syncRequests.splice(0),
    refuseSends: (on) => void (refusingSends = on),
    threadFetches,
    addSyncOnlyMessage(m) {
      // Gmail's ids for stored mail: `msg-f:` + the decimal of a time-ordered 64-bit id (hex = legacy id).
      const messageId = `msg-f:${(BigInt(m.at) * 1_048_576n + BigInt(++syncOnlyCounter)).toString()}`;
      syncOnly.set(m.threadId, [...(syncOnly.get(m.threadId) ?? []), { ...m, messageId }]);
      return { messageId, legacyMessageId: hexOf(messageId) };
    },
    waitForSync(filter = () => true, count = 1, timeoutMs = 15_000) {
      return new Promise((ok, fail) => {
        const check = () => {
          const hits = syncRequests.filter(filter);
          if (hits.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          ok(hits);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error(`waited ${timeoutMs} ms for ${count} sync request(s); got ${syncRequests.filter(filter).length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
