import { parseJsonBody, parseSyncRequest, parseSyncResponse, SYNC_PATH, type SyncMessage, type SyncStored } from './sync';

// Network confirmation of sends. Runs in Gmail's MAIN world (a content script with `world: 'MAIN'`): the
// isolated content script cannot see the page's own XHR/fetch. It watches Gmail's `/sync/u/N/i/s` posts and,
// once Gmail's server has accepted one (2xx), tells the isolated world what was sent or saved through a DOM
// event whose detail is a JSON string (objects do not cross worlds). The isolated side validates it
// (`readSyncNotice`) and the background validates again with zod. Nothing here may throw into Gmail.

export const SYNC_EVENT = 'followthrough:gmail-sync';
const INSTALLED = Symbol.for('followthrough.syncHook');

export interface SyncNotice {
  v: 1;
  status: number;
  at: number;
  messages: SyncMessage[];
  problems: string[];
  /** What Gmail's answer to a send says it stored: each message's hex id (its `msg-f:` form) and labels. */
  stored?: SyncStored[];
  /**
   * The rep's own messages found in Gmail's sync data that this tab did not send (phone, another computer, a
   * scheduled send that went out): read by the sync parsers, logged once each as sends from elsewhere.
   */
  own?: SyncMessage[];
}

type HookedWindow = Window & typeof globalThis & { [INSTALLED]?: boolean };

const isSyncUrl = (url: string, base: string) => {
  try {
    const u = new URL(url, base);
    return SYNC_PATH.test(u.pathname + u.search) && u.hostname === new URL(base).hostname;
  } catch {
    return false;
  }
};

/** Patch XHR and fetch once; `emit` gets a notice for every accepted sync request that carried messages. */
export function installSyncHook(win: HookedWindow, emit: (notice: SyncNotice) => void = (n) => dispatchNotice(win, n)): boolean {
  if (win[INSTALLED]) return false;
  win[INSTALLED] = true;
  const now = () => Date.now();

  // Gmail's answer is read only for a request that sent something: its stored hex ids tie the send to the
  // `msg-f:` form a later read of the thread shows.
  const storedOf = (messages: SyncMessage[], answer: () => string | undefined): SyncStored[] | undefined => {
    try {
      if (!messages.some((m) => m.kind === 'send')) return undefined;
      const text = answer();
      if (!text) return undefined;
      const ids = new Set(messages.map((m) => m.messageId));
      const stored = parseSyncResponse(parseJsonBody(text)).stored.filter((s) => ids.has(s.messageId));
      return stored.length > 0 ? stored : undefined;
    } catch {
      return undefined;
    }
  };

  const report = (body: unknown, status: number, answer: () => string | undefined = () => undefined) => {
    try {
      if (typeof body !== 'string') {
        emit({ v: 1, status, at: now(), messages: [], problems: [`request body is ${body === null || body === undefined ? 'empty' : typeof body}, not JSON text`] });
        return;
      }
      let parsed: unknown;
      try {
        parsed = parseJsonBody(body);
      } catch {
        emit({ v: 1, status, at: now(), messages: [], problems: ['request body is not JSON'] });
        return;
      }
      const { messages, problems } = parseSyncRequest(parsed);
      const stored = storedOf(messages, answer);
      if (messages.length > 0 || problems.length > 0) emit({ v: 1, status, at: now(), messages, problems, ...(stored ? { stored } : {}) });
    } catch {
      // Never into Gmail's page.
    }
  };

  const XHR = win.XMLHttpRequest;
  if (XHR?.prototype) {
    const open = XHR.prototype.open;
    const send = XHR.prototype.send;
    const urls = new WeakMap<XMLHttpRequest, string>();
    XHR.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      try {
        const [method, url] = args;
        if (String(method).toUpperCase() === 'POST' && isSyncUrl(String(url), win.location.href)) urls.set(this, String(url));
      } catch {
        /* ignore */
      }
      return (open as (...a: unknown[]) => void).apply(this, args);
    } as typeof XHR.prototype.open;
    XHR.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      try {
        if (urls.has(this)) {
          this.addEventListener('loadend', () => {
            if (this.status >= 200 && this.status < 300)
              report(body, this.status, () => (this.responseType === '' || this.responseType === 'text' ? this.responseText : undefined));
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
        if (method === 'POST' && isSyncUrl(url, win.location.href)) {
          const body = init?.body;
          result.then(
            (response) => {
              if (!response.ok) return;
              // The answer is read (from a copy) only when the request sent something.
              const sends = typeof body === 'string' && body.includes('"^pfg"');
              if (!sends) return report(body, response.status);
              let copy: Promise<string> | undefined;
              try {
                copy = response.clone().text();
              } catch {
                copy = undefined;
              }
              if (!copy) return report(body, response.status);
              copy.then(
                (text) => report(body, response.status, () => text),
                () => report(body, response.status),
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
const MESSAGE_ID = /^msg-[af]:r?-?\d{1,25}$/;
const THREAD_ID = /^thread-[af]:r?-?\d{1,25}$/;

function isSyncMessage(m: unknown): m is SyncMessage {
  if (typeof m !== 'object' || m === null) return false;
  const s = m as SyncMessage;
  if (!['send', 'draft', 'other'].includes(s.kind)) return false;
  if (!MESSAGE_ID.test(String(s.messageId)) || !THREAD_ID.test(String(s.threadId))) return false;
  if (!isAddrList(s.to) || !isAddrList(s.cc) || !isAddrList(s.bcc) || (s.from !== undefined && !isAddr(s.from))) return false;
  if (!isStr(s.subject) || !isStr(s.bodyText, 200_000) || (s.at !== undefined && typeof s.at !== 'number')) return false;
  return Array.isArray(s.labels) && s.labels.every((l) => isStr(l, 200));
}

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
  if (n.messages.length > 100 || n.problems.length > 100 || !n.problems.every((p) => isStr(p))) return null;
  if (!n.messages.every(isSyncMessage)) return null;
  if (n.own !== undefined && (!Array.isArray(n.own) || n.own.length > 100 || !n.own.every(isSyncMessage))) return null;
  if (n.stored !== undefined) {
    if (!Array.isArray(n.stored) || n.stored.length > 100) return null;
    for (const x of n.stored as unknown[]) {
      const s = x as Partial<SyncStored> | null;
      if (typeof s !== 'object' || s === null || !MESSAGE_ID.test(String(s.messageId)) || !THREAD_ID.test(String(s.threadId))) return null;
      if ((s.legacyMessageId !== undefined && !/^[0-9a-f]{1,16}$/.test(String(s.legacyMessageId))) || !Array.isArray(s.labels) || !s.labels.every((l) => isStr(l, 200))) return null;
    }
  }
  return n as SyncNotice;
}
