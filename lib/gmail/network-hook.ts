import { parseJsonBody, parseSyncRequest, SYNC_PATH, type SyncMessage } from './sync';

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

  const report = (body: unknown, status: number) => {
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
      if (messages.length > 0 || problems.length > 0) emit({ v: 1, status, at: now(), messages, problems });
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
            if (this.status >= 200 && this.status < 300) report(body, this.status);
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
              if (response.ok) report(body, response.status);
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
  for (const m of n.messages as unknown[]) {
    if (typeof m !== 'object' || m === null) return null;
    const s = m as SyncMessage;
    if (!['send', 'draft', 'other'].includes(s.kind)) return null;
    if (!/^msg-[af]:r?-?\d{1,25}$/.test(String(s.messageId)) || !/^thread-[af]:r?-?\d{1,25}$/.test(String(s.threadId))) return null;
    if (!isAddrList(s.to) || !isAddrList(s.cc) || !isAddrList(s.bcc) || (s.from !== undefined && !isAddr(s.from))) return null;
    if (!isStr(s.subject) || !isStr(s.bodyText, 200_000) || (s.at !== undefined && typeof s.at !== 'number')) return null;
    if (!Array.isArray(s.labels) || !s.labels.every((l) => isStr(l, 200))) return null;
  }
  return n as SyncNotice;
}
