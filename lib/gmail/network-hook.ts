import { SENT_MARKS } from './sync-parsers';

// The MAIN-world half of the sync hook (entrypoints/gmail-main.content.ts, document_start): the isolated
// content script cannot see the page's own XHR/fetch, so this patches them and hands what Gmail's server
// answered to a sync call, as raw strings, to the isolated world through a private MessageChannel
// (lib/gmail/sync-channel.ts reads, checks and parses them there).
//
// Why a private channel (issue 11, "never forged"): the old DOM CustomEvent could be dispatched by any page
// script. Now the hook creates a MessageChannel, keeps port1 in this closure and posts one handshake carrying
// port2 before any page script has run, as soon as the isolated side says it listens (READY_EVENT). The isolated side takes only the first handshake (CONTRIBUTING.md,
// "Nothing from a page's own world is trusted" says why that one is ours). Nothing a page script dispatches
// later reaches port2, because only port1 can post to it and no page script can reach port1.
//
// The page shares this world, so every built-in the hook uses after install (XHR and Response getters,
// postMessage, Promise#then, WeakMap, Reflect.apply, String) is captured here at document_start, before
// a page script can replace it: a page that later overrides `responseText`, `Response.prototype.text`,
// `Promise.prototype.then` or `MessagePort.prototype.postMessage` cannot feed or rewrite what is sent. The
// hook parses nothing (JSON.parse and Array methods are the page's to replace): it sends strings, and the
// URL it sends is the one the browser reports it fetched (`responseURL`, `Response#url`), so a `<base>` or a
// URL object whose toString lies cannot pass another origin off as Gmail's. Nothing here may throw into Gmail.
//
// What is not posted costs Gmail's main thread nothing more: a thread fetch's answer (`/i/fd`, read by the
// worker) is posted only when it can hold the rep's sent mail (one of `SENT_MARKS` is in its text), and
// otherwise once per `LAYOUT_CHECK_MS` so a change of Gmail's layout still reaches the health record. This only
// ever posts less; what is posted is checked on the isolated side as before.

/** The one handshake this hook posts; the isolated side checks this shape (`isHandshake`). */
export const HANDSHAKE_TAG = 'followthrough:gmail-sync-channel';
/**
 * The handshake is posted when the isolated side says it listens (`READY_EVENT`), not blindly at install:
 * Firefox does not always run the isolated document_start script before the MAIN-world one's posted message
 * is delivered (seen by test/e2e/firefox-channel.e2e.ts, firefox-esr 153: "channel missing"). Whichever
 * side starts second speaks: the hook announces itself (`HOOK_EVENT`), the isolated side answers `READY_EVENT`.
 * A page script can fire `READY_EVENT` too: the handshake then goes out before anyone listens and the channel
 * is reported missing (sends wait for the rep), which a page script could already cause by stealing the port.
 */
export const READY_EVENT = 'followthrough:gmail-sync-ready';
export const HOOK_EVENT = 'followthrough:gmail-sync-hook';
export interface SyncHandshake {
  tag: typeof HANDSHAKE_TAG;
  v: 1;
  /** Random per page load; not a secret (the page can read this code), it tells two handshakes apart in logs. */
  nonce: string;
}

/** One answered sync call as the browser saw it: strings only, checked and parsed in the isolated world. */
export interface RawSyncCall {
  v: 1;
  /** The URL the browser fetched (after redirects). */
  url: string;
  method: string;
  status: number;
  /** The request body when it was text. */
  body: string | null;
  /** The answer's text when the page asked for text (Gmail does). */
  answer: string | null;
}

/**
 * A thread fetch's answer that cannot hold the rep's sent mail is still posted for the first in a page, and
 * again once this long has passed since the last answer posted, so a change of Gmail's layout is read and named.
 */
export const LAYOUT_CHECK_MS = 10 * 60_000;

const INSTALLED = Symbol.for('followthrough.syncHook');
type HookedWindow = Window & typeof globalThis & { [INSTALLED]?: boolean };

/**
 * A cheap pre-filter only (with `/i/s` or `/i/fd` after it, `maybeSync`); the isolated side decides from the
 * fetched URL whether a call was a sync call.
 */
const MAYBE_SYNC = '/sync/';

const getter = (proto: object | undefined, name: string): ((this: unknown) => unknown) | undefined =>
  proto ? (Object.getOwnPropertyDescriptor(proto, name)?.get as ((this: unknown) => unknown) | undefined) : undefined;

/**
 * Patch XHR and fetch once, and open the channel. `post` (tests) replaces the channel: it gets every raw
 * call. Returns false when already installed in this window.
 */
export function installSyncHook(win: HookedWindow, post?: (call: RawSyncCall) => void): boolean {
  if (win[INSTALLED]) return false;
  try {
    Object.defineProperty(win, INSTALLED, { value: true });
  } catch {
    return false;
  }
  // Captured now, before any page script runs (document_start).
  const apply = Reflect.apply;
  const indexOf = String.prototype.indexOf;
  const mapGet = WeakMap.prototype.get;
  const mapSet = WeakMap.prototype.set;
  const toStr = String;
  const assign = Object.assign;
  const clock = Date.now;
  const marks = SENT_MARKS.slice();

  let send = post;
  if (!send) {
    const Channel = win.MessageChannel;
    const portPost = win.MessagePort?.prototype.postMessage;
    if (typeof Channel !== 'function' || typeof portPost !== 'function') return false;
    const channel = new Channel();
    const port = channel.port1;
    const bytes = new Uint8Array(12);
    win.crypto?.getRandomValues?.(bytes);
    const handshake: SyncHandshake = { tag: HANDSHAKE_TAG, v: 1, nonce: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
    const listen = win.EventTarget?.prototype.addEventListener;
    const fire = win.EventTarget?.prototype.dispatchEvent;
    const Custom = win.CustomEvent;
    const postMessage = win.postMessage;
    const origin = win.location.origin;
    if (typeof listen !== 'function' || typeof fire !== 'function' || typeof Custom !== 'function') return false;
    let posted = false;
    const offer = () => {
      if (posted) return;
      posted = true;
      try {
        // To this window only (targetOrigin = its own origin): the isolated listener is waiting.
        apply(postMessage, win, [handshake, origin, [channel.port2]]);
      } catch {
        // Reported missing by the isolated side.
      }
    };
    try {
      apply(listen, win, [READY_EVENT, offer, { capture: true }]);
      // An isolated side that started first hears this and answers READY_EVENT (synchronously).
      apply(fire, win, [new Custom(HOOK_EVENT)]);
    } catch {
      return false;
    }
    send = (call) => {
      try {
        apply(portPost, port, [call]);
      } catch {
        // Never into Gmail's page.
      }
    };
  }
  const emit = send;
  // Gmail's other sync calls (the inbox's `/i/bv` lists among them, often hundreds of kB) are never watched.
  const maybeSync = (url: string) => apply(indexOf, url, [MAYBE_SYNC]) >= 0 && (apply(indexOf, url, ['/i/s']) >= 0 || apply(indexOf, url, ['/i/fd']) >= 0);
  let checkedAt = -Infinity;
  /** Whether this call is worth a post: anything but a thread fetch whose answer can matter to no one now. */
  const worthPosting = (url: string, answer: string | null): boolean => {
    const at = apply(indexOf, url, ['/i/fd']) as number;
    if (at < 0 || (url.length > at + 5 && url[at + 5] !== '?') || answer === null || answer.length === 0) return true;
    const now = apply(clock, undefined, []) as number;
    let mayHold = false;
    for (let i = 0; i < marks.length && !mayHold; i++) mayHold = (apply(indexOf, answer, [marks[i]]) as number) >= 0;
    if (!mayHold && now - checkedAt < LAYOUT_CHECK_MS) return false;
    checkedAt = now;
    return true;
  };
  const report = (url: unknown, method: string, status: unknown, body: string | null, answer: unknown) => {
    if (typeof url !== 'string' || typeof status !== 'number' || status < 200 || status >= 300) return;
    try {
      const text = typeof answer === 'string' ? answer : null;
      if (!worthPosting(url, text)) return;
      emit({ v: 1, url, method, status, body, answer: text });
    } catch {
      // Never into Gmail's page.
    }
  };

  const XHR = win.XMLHttpRequest;
  const xhrProto = XHR?.prototype;
  const open = xhrProto?.open;
  const xhrSend = xhrProto?.send;
  const addListener = win.EventTarget?.prototype.addEventListener;
  const xhrStatus = getter(xhrProto, 'status');
  const xhrText = getter(xhrProto, 'responseText');
  const xhrType = getter(xhrProto, 'responseType');
  const xhrUrl = getter(xhrProto, 'responseURL');
  if (xhrProto && open && xhrSend && addListener && xhrStatus && xhrText && xhrType && xhrUrl) {
    const calls = new WeakMap<XMLHttpRequest, string>();
    const watch = (xhr: XMLHttpRequest, method: string, text: string | null) =>
      apply(addListener, xhr, [
        'loadend',
        () => {
          try {
            const type = apply(xhrType, xhr, []);
            report(apply(xhrUrl, xhr, []), method, apply(xhrStatus, xhr, []), text, type === '' || type === 'text' ? apply(xhrText, xhr, []) : null);
          } catch {
            /* ignore */
          }
        },
        { once: true },
      ]);
    xhrProto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      try {
        // Read the URL once and hand the browser that same string, so what was checked is what is fetched.
        let watched = '';
        if (args.length >= 2) {
          const url = toStr(args[1]);
          args[1] = url;
          const method = toStr(args[0]);
          args[0] = method;
          if (maybeSync(url)) watched = method;
        }
        apply(mapSet, calls, [this, watched]);
      } catch {
        /* ignore */
      }
      return apply(open as (...a: unknown[]) => void, this, args);
    } as typeof xhrProto.open;
    xhrProto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      try {
        const method = apply(mapGet, calls, [this]) as string | undefined;
        if (method) watch(this, method, typeof body === 'string' ? body : null);
      } catch {
        /* ignore */
      }
      return apply(xhrSend, this, [body]);
    };
  }

  const fetch = win.fetch;
  const responseProto = win.Response?.prototype;
  const requestProto = win.Request?.prototype;
  const then = win.Promise?.prototype.then;
  const responseStatus = getter(responseProto, 'status');
  const responseUrl = getter(responseProto, 'url');
  const requestUrl = getter(requestProto, 'url');
  const requestMethod = getter(requestProto, 'method');
  const clone = responseProto?.clone;
  const text = responseProto?.text;
  if (typeof fetch === 'function' && then && responseStatus && responseUrl && clone && text) {
    win.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      let method = '';
      let body: string | null = null;
      let args: unknown[] = [input, init];
      try {
        const isRequest = requestUrl !== undefined && typeof input === 'object' && input !== null && !(input instanceof URL) && 'url' in input;
        const url = isRequest ? apply(requestUrl, input, []) : toStr(input);
        if (typeof url === 'string' && maybeSync(url)) {
          // One read of each init member, handed to the browser as read: a getter cannot show the hook one
          // body and the browser another.
          const own = init ? (assign({}, init) as RequestInit) : undefined;
          method = toStr(own?.method ?? (isRequest && requestMethod ? apply(requestMethod, input, []) : 'GET'));
          body = typeof own?.body === 'string' ? own.body : null;
          args = [isRequest ? input : url, own];
        }
      } catch {
        method = '';
      }
      const result = apply(fetch, this ?? win, args) as Promise<Response>;
      if (method) {
        try {
          apply(then, result, [
            (response: Response) => {
              try {
                const status = apply(responseStatus, response, []);
                const url = apply(responseUrl, response, []);
                if (typeof status !== 'number' || status < 200 || status >= 300) return;
                const answer = apply(text, apply(clone, response, []), []) as Promise<string>;
                apply(then, answer, [(t: string) => report(url, method, status, body, t), () => report(url, method, status, body, null)]);
              } catch {
                /* ignore */
              }
            },
            () => {},
          ]);
        } catch {
          /* ignore */
        }
      }
      return result;
    } as typeof win.fetch;
  }
  return true;
}
