import { MESSAGE_ID, ownMessagesIn, parseJsonBody, parseSyncRequest, parseSyncResponse, SYNC_FETCH_PATH, SYNC_PATH, THREAD_ID, type SyncStored } from './sync-parsers';
import type { SyncMessage, SyncOwnMessage } from './sync';

// Network confirmation of sends, and the rep's own messages in sync data. Runs in Gmail's MAIN world (a
// content script with `world: 'MAIN'`): the isolated content script cannot see the page's own XHR/fetch. It
// watches Gmail's save posts (`/sync/u/N/i/s`) and thread fetches (`/sync/u/N/i/fd`) and, once Gmail's server
// has answered one (2xx), tells the isolated world what was sent, scheduled or saved, which of the rep's own
// sent messages the answer holds, and every problem reading either body, through a DOM event whose detail is
// a JSON string (objects do not cross worlds). The isolated side validates it (`readSyncNotice`) and the
// background validates again with zod. Only the parsers run here (./sync-parsers: no zod in Gmail's page).
// Nothing here may throw into Gmail.

export const SYNC_EVENT = 'followthrough:gmail-sync';
const INSTALLED = Symbol.for('followthrough.syncHook');
/** Answers bigger than this are not parsed in Gmail's page (a thread fetch with long bodies can be MBs). */
const MAX_ANSWER_CHARS = 4_000_000;

export interface SyncNotice {
  v: 1;
  status: number;
  at: number;
  /** The parsers that read the request and the answer; null when there was none to read or none could. */
  layouts?: { request: string | null; response: string | null };
  /** Messages the save request sent, scheduled or saved. */
  messages: SyncMessage[];
  /** The rep's own sent messages in the answer (`ownMessagesIn`): always there in notices from the hook. */
  own?: SyncOwnMessage[];
  problems: string[];
  /** What Gmail's answer to a send says it stored: each sent message's hex id (its `msg-f:` form) and labels. */
  stored?: SyncStored[];
}

type HookedWindow = Window & typeof globalThis & { [INSTALLED]?: boolean };
type Endpoint = 'save' | 'fetch';

function endpointOf(url: string, method: string, base: string): Endpoint | undefined {
  try {
    const u = new URL(url, base);
    if (u.hostname !== new URL(base).hostname) return undefined;
    const path = u.pathname + u.search;
    if (SYNC_PATH.test(path)) return method === 'POST' ? 'save' : undefined;
    return SYNC_FETCH_PATH.test(path) ? 'fetch' : undefined;
  } catch {
    return undefined;
  }
}

const NAMES: Record<Endpoint, string> = { save: 'sync save (/i/s)', fetch: 'sync thread fetch (/i/fd)' };

/** What one answered sync call says: pure, so tests and the inspect command see what the page sees. */
export function readSyncCall(endpoint: Endpoint, requestBody: unknown, answer: unknown, status: number, now: number): SyncNotice | undefined {
  const name = NAMES[endpoint];
  const problems: string[] = [];
  let messages: SyncMessage[] = [];
  let requestLayout: string | null = null;
  if (endpoint === 'save') {
    if (typeof requestBody !== 'string') {
      problems.push(`${name} request body is ${requestBody === null || requestBody === undefined ? 'empty' : typeof requestBody}, not JSON text`);
    } else {
      let parsed: unknown;
      let json = true;
      try {
        parsed = parseJsonBody(requestBody);
      } catch {
        json = false;
        problems.push(`${name} request body is not JSON`);
      }
      if (json) {
        const request = parseSyncRequest(parsed);
        messages = request.messages;
        requestLayout = request.layout;
        problems.push(...request.problems.map((p) => `${name} request: ${p}`));
      }
    }
  }
  // A save answer is read whenever it is there (the rep's sent mail from elsewhere rides on it); its
  // shape is a problem only when it should hold the saved messages. A thread fetch answer always should.
  const expected = endpoint === 'fetch' || messages.length > 0;
  let own: SyncOwnMessage[] = [];
  let stored: SyncStored[] = [];
  let responseLayout: string | null = null;
  if (typeof answer !== 'string' || answer.length === 0) {
    if (expected) problems.push(`${name} answer is ${typeof answer === 'string' ? 'empty' : typeof answer}, not JSON text`);
  } else if (answer.length > MAX_ANSWER_CHARS) {
    if (expected) problems.push(`${name} answer of ${Math.round(answer.length / 1000)} kB not read (limit ${MAX_ANSWER_CHARS / 1000} kB)`);
  } else {
    let parsed: unknown;
    let json = true;
    try {
      parsed = parseJsonBody(answer);
    } catch {
      json = false;
      if (expected) problems.push(`${name} answer is not JSON`);
    }
    if (json) {
      const response = parseSyncResponse(parsed);
      responseLayout = response.layout;
      if (response.layout || expected) problems.push(...response.problems.map((p) => `${name} answer: ${p}`));
      const mine = ownMessagesIn(response);
      own = mine.own;
      problems.push(...mine.problems.map((p) => `${name} answer: ${p}`));
      if (response.layout) {
        // The stored hex ids tie a send to the `msg-f:` form a later read of its thread shows.
        const sent = new Set(messages.filter((m) => m.kind === 'send').map((m) => m.messageId));
        stored = response.stored.filter((s) => sent.has(s.messageId)).slice(0, 100);
        const held = new Set(response.stored.map((s) => s.messageId));
        const missing = messages.filter((m) => m.kind !== 'other' && !held.has(m.messageId)).map((m) => m.messageId);
        if (missing.length > 0) problems.push(`${name} answer does not hold ${missing.slice(0, 5).join(', ')}`);
      }
    }
  }
  if (messages.length === 0 && own.length === 0 && problems.length === 0) return undefined;
  return {
    v: 1,
    status,
    at: now,
    layouts: { request: requestLayout, response: responseLayout },
    messages: messages.slice(0, 100),
    own: own.slice(0, 500),
    problems: problems.slice(0, 100).map((p) => p.slice(0, 500)),
    ...(stored.length > 0 ? { stored } : {}),
  };
}

/** Patch XHR and fetch once; `emit` gets a notice for every answered sync call that says something. */
export function installSyncHook(win: HookedWindow, emit: (notice: SyncNotice) => void = (n) => dispatchNotice(win, n)): boolean {
  if (win[INSTALLED]) return false;
  win[INSTALLED] = true;

  const report = (endpoint: Endpoint, body: unknown, answer: unknown, status: number) => {
    try {
      const notice = readSyncCall(endpoint, body, answer, status, Date.now());
      if (notice) emit(notice);
    } catch {
      // Never into Gmail's page.
    }
  };

  const XHR = win.XMLHttpRequest;
  if (XHR?.prototype) {
    const open = XHR.prototype.open;
    const send = XHR.prototype.send;
    const calls = new WeakMap<XMLHttpRequest, Endpoint>();
    XHR.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      try {
        const [method, url] = args;
        const endpoint = endpointOf(String(url), String(method).toUpperCase(), win.location.href);
        if (endpoint) calls.set(this, endpoint);
        else calls.delete(this);
      } catch {
        /* ignore */
      }
      return (open as (...a: unknown[]) => void).apply(this, args);
    } as typeof XHR.prototype.open;
    XHR.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      try {
        const endpoint = calls.get(this);
        if (endpoint) {
          this.addEventListener('loadend', () => {
            if (this.status < 200 || this.status >= 300) return;
            let answer: unknown;
            try {
              answer = this.responseType === '' || this.responseType === 'text' ? this.responseText : undefined;
            } catch {
              answer = undefined;
            }
            report(endpoint, body, answer, this.status);
          });
        }
      } catch {
        /* ignore */
      }
      return send.call(this, body);
    };
  }

  const fetch = win.fetch;
  if (typeof fetch === 'function') {
    win.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const result = fetch.call(this ?? win, input, init);
      try {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
        const endpoint = endpointOf(url, method, win.location.href);
        if (endpoint) {
          const body = init?.body;
          result.then(
            (response) => {
              if (!response.ok) return;
              let text: Promise<string | undefined>;
              try {
                text = typeof response.clone === 'function' ? response.clone().text() : Promise.resolve(undefined);
              } catch {
                text = Promise.resolve(undefined);
              }
              text.then(
                (answer) => report(endpoint, body, answer, response.status),
                () => report(endpoint, body, undefined, response.status),
              );
            },
            () => {},
          );
        }
      } catch {
        /* ignore */
      }
      return result;
    } as typeof win.fetch;
  }
  return true;
}

export function dispatchNotice(win: Window & typeof globalThis, notice: SyncNotice) {
  try {
    win.dispatchEvent(new win.CustomEvent(SYNC_EVENT, { detail: JSON.stringify(notice) }));
  } catch {
    /* ignore */
  }
}

const isStr = (x: unknown, max = 1000): x is string => typeof x === 'string' && x.length <= max;
const isAddr = (x: unknown) => typeof x === 'object' && x !== null && isStr((x as { email?: unknown }).email, 320) && isStr((x as { name?: unknown }).name, 300);
const isAddrList = (x: unknown) => Array.isArray(x) && x.length <= 500 && x.every(isAddr);
const isLabels = (x: unknown) => Array.isArray(x) && x.length <= 200 && x.every((l) => isStr(l, 200));
const isOptional = (x: unknown, test: (y: unknown) => boolean) => x === undefined || test(x);
const isLegacy = (x: unknown) => typeof x === 'string' && /^[0-9a-f]{1,16}$/.test(x);
const isTime = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x > 0;
const isLayout = (x: unknown) => x === null || isStr(x, 40);

/**
 * The isolated world's check of a notice from the MAIN world (any page script could dispatch one): the
 * shape, the sizes and the id formats, without zod (the content script's size budget). Null when wrong.
 */
export function readSyncNotice(detail: unknown): SyncNotice | null {
  if (typeof detail !== 'string' || detail.length > 2_000_000) return null;
  let x: unknown;
  try {
    x = JSON.parse(detail);
  } catch {
    return null;
  }
  if (typeof x !== 'object' || x === null) return null;
  const n = x as Partial<SyncNotice>;
  if (n.v !== 1 || typeof n.status !== 'number' || typeof n.at !== 'number' || !Array.isArray(n.messages) || !Array.isArray(n.problems)) return null;
  if (n.own !== undefined && !Array.isArray(n.own)) return null;
  if (n.layouts !== undefined && (typeof n.layouts !== 'object' || n.layouts === null || !isLayout(n.layouts.request) || !isLayout(n.layouts.response))) return null;
  if (n.messages.length > 100 || (n.own?.length ?? 0) > 500 || n.problems.length > 100 || !n.problems.every((p) => isStr(p, 500))) return null;
  for (const m of n.messages as unknown[]) {
    if (typeof m !== 'object' || m === null) return null;
    const s = m as SyncMessage;
    if (!['send', 'scheduled', 'draft', 'other'].includes(s.kind)) return null;
    if (!MESSAGE_ID.test(String(s.messageId)) || !THREAD_ID.test(String(s.threadId))) return null;
    if (!isAddrList(s.to) || !isAddrList(s.cc) || !isAddrList(s.bcc) || !isOptional(s.from, isAddr)) return null;
    if (!isStr(s.subject) || !isStr(s.bodyText, 200_000) || !isOptional(s.at, isTime) || !isOptional(s.replyTo, (r) => MESSAGE_ID.test(String(r)))) return null;
    if (!isLabels(s.labels)) return null;
  }
  for (const m of (n.own ?? []) as unknown[]) {
    if (typeof m !== 'object' || m === null) return null;
    const o = m as SyncOwnMessage;
    if (!MESSAGE_ID.test(String(o.messageId)) || !THREAD_ID.test(String(o.threadId))) return null;
    if (!isOptional(o.legacyMessageId, isLegacy) || !isOptional(o.legacyThreadId, isLegacy) || !isOptional(o.rfcMessageId, (r) => isStr(r))) return null;
    if (!isAddr(o.from) || !isAddrList(o.to) || !isAddrList(o.cc) || !isAddrList(o.bcc)) return null;
    if (!isStr(o.subject) || !isTime(o.at) || !isLabels(o.labels) || !isStr(o.layout, 40)) return null;
  }
  if (n.stored !== undefined) {
    if (!Array.isArray(n.stored) || n.stored.length > 100) return null;
    for (const x of n.stored as unknown[]) {
      const s = x as Partial<SyncStored> | null;
      if (typeof s !== 'object' || s === null || !MESSAGE_ID.test(String(s.messageId)) || !THREAD_ID.test(String(s.threadId))) return null;
      if (!isOptional(s.legacyMessageId, isLegacy) || !isLabels(s.labels)) return null;
    }
  }
  return n as SyncNotice;
}
