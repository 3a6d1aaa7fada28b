import { MAX_ANSWER_CHARS, ownMessagesIn, parseJsonBody, parseSyncRequest, parseSyncResponse, SYNC_FETCH_PATH, SYNC_PATH, type SyncResponseParse, type SyncStored } from './sync-parsers';
import type { SyncMessage, SyncOwnMessage } from './sync';
import type { z } from 'zod';
import type { OwnMessage } from '../channels/gmail';
import { HANDSHAKE_TAG, HOOK_EVENT, READY_EVENT, type RawSyncCall, type SyncHandshake } from './network-hook';

// The isolated-world half of the sync hook: it takes the private channel the MAIN-world hook opens
// (lib/gmail/network-hook.ts), checks each raw call that arrives on it, and parses Gmail's save requests and
// their answers here, in the content script's own world, where no page script can replace JSON.parse or Array
// methods (a save's sends must be paired with the rep's Send presses in this tab). A thread fetch's answer
// (`/i/fd`) is only checked here: it goes on raw to the worker, which reads it (`readThreadFetch`) off Gmail's
// main thread; the hook posts one only when it can matter (network-hook.ts, `LAYOUT_CHECK_MS`). It is the
// first thing entrypoints/gmail.content runs, at document_start, so its listener is on the window before the
// hook's handshake is delivered; the send watcher (started at DOMContentLoaded, same script) subscribes later
// and gets what arrived meanwhile.
//
// Checked 2026-12-06 against Chrome's content-script docs ("run_at": document_start scripts are injected
// after any CSS files but before any other DOM is constructed or any other script is run; MAIN and
// ISOLATED scripts of one extension both run then) and the HTML standard (window.postMessage queues a task
// on the posted-message task source, so the handshake posted at document_start is delivered after every
// document_start script has run and before any message a page script posts; listeners on one target run
// in the order they were added, whatever world added them). Seen in Chromium 156 by
// test/e2e/gmail-sends-elsewhere.e2e.ts: the channel opens, sends confirm through it, and page-world
// handshakes, events and getter overrides after load change nothing.
// Firefox (firefox-mv2 build): `world: "MAIN"` in content_scripts is supported from Firefox 128 (bug
// 1736575; MDN browser-compat-data #23325) and the extension asks for 142+, and all content scripts of one
// extension share one sandbox per frame, so the same design holds there. Run in firefox-esr 153 by
// test/e2e/firefox-channel.e2e.ts (2026-12-07): `event.source` and the transferred port come through its
// Xrays; the isolated script did not always start before the hook's posted handshake was delivered, hence
// the ready/hook events (network-hook.ts).

/** A handshake later than this after document_start is not the hook's: the channel is reported missing. */
export const CHANNEL_WAIT_MS = 10_000;
const CHANNEL = Symbol.for('followthrough.syncChannel');

/** What the isolated world makes of one answered sync call. */
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

/**
 * The sends of a save request that Gmail's answer itself holds as the rep's sent mail: the same message id
 * carrying Gmail's Sent label (`^f`), whole or as a label change, and, when the answer holds the whole
 * message with recipients, the same recipients. Every real send pair in test/fixtures/gmail/network does.
 * The request body alone vouches for nothing: a page script can re-open Gmail's XHR with another frame's
 * native `open`/`send`, so the body the hook saw need not be the body Gmail got (issue 11, "never forged").
 */
export function sentInAnswer(messages: readonly SyncMessage[], response: SyncResponseParse): Set<string> {
  const vouched = new Set<string>();
  for (const m of messages) {
    if (m.kind !== 'send') continue;
    if (!response.stored.some((s) => s.messageId === m.messageId && s.labels.includes('^f'))) continue;
    const whole = response.messages.find((x) => x.messageId === m.messageId && x.to.length > 0);
    if (whole) {
      const said = new Set(m.to.map((x) => x.email));
      const stored = new Set(whole.to.map((x) => x.email));
      if (said.size !== stored.size || [...said].some((e) => !stored.has(e))) continue;
    }
    vouched.add(m.messageId);
  }
  return vouched;
}

/**
 * The rep's own messages from sync data as "sends from elsewhere" (channel `gmail.ownMessages`): only the
 * signed-in account's (a colleague's mail in a shared thread is not the rep's), dated by the message.
 */
export function ownSendsOf(own: readonly SyncOwnMessage[], account: string | undefined): z.input<typeof OwnMessage>[] {
  if (!account) return [];
  return own
    .filter((m) => m.from.email === account)
    .map((m) => ({ messageId: m.messageId, threadId: m.threadId, legacyMessageId: m.legacyMessageId, from: m.from, to: m.to, cc: m.cc, subject: m.subject, date: Math.round(m.at), labels: m.labels, source: 'sync' as const }));
}

/**
 * What the worker makes of a thread fetch's raw answer (channel `gmail.threadFetched`): the rep's own sent
 * messages in it and the problems reading it, exactly as `readSyncCall` reads it; `own` is not validated yet.
 */
export function readThreadFetch(answer: string, account: string | undefined, now: number): { own: z.input<typeof OwnMessage>[]; problems: string[] } {
  const notice = readSyncCall('fetch', null, answer, 200, now);
  return { own: ownSendsOf(notice?.own ?? [], account), problems: notice?.problems ?? [] };
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
      problems.push(`${name} request body is ${requestBody === null || requestBody === undefined ? 'empty or not text' : typeof requestBody}, not JSON text`);
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
  let responseRead = false;
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
      responseRead = response.layout !== null;
      if (response.layout || expected) problems.push(...response.problems.map((p) => `${name} answer: ${p}`));
      const mine = ownMessagesIn(response);
      own = mine.own;
      problems.push(...mine.problems.map((p) => `${name} answer: ${p}`));
      if (response.layout) {
        const held = new Set(response.stored.map((s) => s.messageId));
        const missing = messages.filter((m) => m.kind !== 'other' && !held.has(m.messageId)).map((m) => m.messageId);
        if (missing.length > 0) problems.push(`${name} answer does not hold ${missing.slice(0, 5).join(', ')}`);
        const vouched = sentInAnswer(messages, response);
        for (const m of messages) if (m.kind === 'send' && !vouched.has(m.messageId) && held.has(m.messageId)) problems.push(`${name} answer does not hold ${m.messageId} as sent`);
        messages = messages.filter((m) => m.kind !== 'send' || vouched.has(m.messageId));
        // The stored hex ids tie a send to the `msg-f:` form a later read of its thread shows.
        stored = response.stored.filter((s) => vouched.has(s.messageId)).slice(0, 100);
      }
    }
  }
  if (!responseRead) {
    // No answer read (its problem is named above), nothing vouched: a request body alone is never a send.
    messages = messages.filter((m) => m.kind !== 'send');
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


type Endpoint = 'save' | 'fetch';

/** Which sync endpoint a fetched URL is: only Gmail's own origin counts. */
export function endpointOf(url: string, method: string, origin: string): Endpoint | undefined {
  try {
    const u = new URL(url);
    if (u.origin !== origin) return undefined;
    const path = u.pathname + u.search;
    if (SYNC_PATH.test(path)) return method.toUpperCase() === 'POST' ? 'save' : undefined;
    return SYNC_FETCH_PATH.test(path) ? 'fetch' : undefined;
  } catch {
    return undefined;
  }
}

const isText = (x: unknown, max: number) => x === null || (typeof x === 'string' && x.length <= max);

/** A thread fetch's answer as Gmail sent it: not parsed in Gmail's tab, passed on to the worker. */
export interface FetchAnswer {
  v: 1;
  answer: string;
}

/**
 * A raw call from the channel, checked and read; undefined when it was no sync call or says nothing. A thread
 * fetch's answer is checked (text, within `MAX_ANSWER_CHARS`) and returned as it came; one that fails the
 * check is a notice naming the problem.
 */
export function readRawCall(data: unknown, origin: string, now: number): SyncNotice | FetchAnswer | undefined | 'malformed' {
  if (typeof data !== 'object' || data === null) return 'malformed';
  const c = data as Partial<RawSyncCall>;
  if (c.v !== 1 || typeof c.url !== 'string' || c.url.length > 8192 || typeof c.method !== 'string' || c.method.length > 16) return 'malformed';
  if (typeof c.status !== 'number' || !Number.isInteger(c.status) || c.status < 200 || c.status > 299) return 'malformed';
  if (!isText(c.body ?? null, 20_000_000) || !isText(c.answer ?? null, 200_000_000)) return 'malformed';
  const endpoint = endpointOf(c.url, c.method, origin);
  if (!endpoint) return undefined;
  if (endpoint === 'fetch' && typeof c.answer === 'string' && c.answer.length > 0 && c.answer.length <= MAX_ANSWER_CHARS) return { v: 1, answer: c.answer };
  return readSyncCall(endpoint, c.body ?? null, c.answer ?? null, c.status, now);
}

export type ChannelState = 'waiting' | 'open' | 'contested' | 'missing';

export interface SyncListener {
  /** `trusted`: whether sync data may vouch for anything (false once the channel was contested). */
  notice(notice: SyncNotice, trusted: boolean): void;
  /** A thread fetch's raw answer, for the worker to read; only from an uncontested channel. */
  fetched(answer: string): void;
  problem(problem: string): void;
}

export interface SyncChannel {
  readonly state: ChannelState;
  /** Gets what arrived before it subscribed, then everything after, until `signal` aborts. */
  subscribe(listener: SyncListener, signal: AbortSignal): void;
}

type Item = { notice: SyncNotice; trusted: boolean } | { fetched: string } | { problem: string };

/** Raw answers kept for a watcher that has not subscribed yet, in characters all told. */
const MAX_BUFFERED_CHARS = 8_000_000;

const isHandshake = (x: unknown): x is SyncHandshake =>
  typeof x === 'object' && x !== null && (x as SyncHandshake).tag === HANDSHAKE_TAG && (x as SyncHandshake).v === 1 && typeof (x as SyncHandshake).nonce === 'string';

type ChannelScope = typeof globalThis & { [CHANNEL]?: SyncChannel };

/**
 * Wait for the hook's handshake on `win` (call at document_start, before any page script). The first
 * handshake opens the channel; any later one, or none within `waitMs`, is reported and makes sync data
 * untrusted in this tab. Kept on the isolated world's global for `syncChannelOf`.
 */
export function acceptSyncChannel(win: Window & typeof globalThis, { waitMs = CHANNEL_WAIT_MS, scope = globalThis as ChannelScope } = {}): SyncChannel {
  const existing = scope[CHANNEL];
  if (existing) return existing;
  let state: ChannelState = 'waiting';
  const buffer: Item[] = [];
  let buffered = 0;
  const listeners = new Set<SyncListener>();
  const deliver = (item: Item) => {
    if (listeners.size === 0) {
      const size = 'fetched' in item ? item.fetched.length : 0;
      if (buffer.length < 200 && buffered + size <= MAX_BUFFERED_CHARS) {
        buffer.push(item);
        buffered += size;
      }
      return;
    }
    for (const l of listeners) {
      try {
        if ('problem' in item) l.problem(item.problem);
        else if ('fetched' in item) l.fetched(item.fetched);
        else l.notice(item.notice, item.trusted);
      } catch {
        // A listener's failure is its own.
      }
    }
  };
  const contest = (why: string) => {
    state = 'contested';
    deliver({ problem: `sync hook channel contested: ${why}; Gmail's sync data is not trusted in this tab until it is reloaded` });
  };

  const onMessage = (event: MessageEvent) => {
    if (event.source !== win || !isHandshake(event.data)) return;
    // Page listeners added after this one never see a handshake, nor the port.
    event.stopImmediatePropagation();
    if (state !== 'waiting') return contest(state === 'missing' ? 'a handshake came after the hook was given up for missing' : 'a second handshake was posted in the page');
    const port = event.ports[0];
    if (!port) return contest('a handshake without its port');
    state = 'open';
    clearTimeout(timer);
    port.onmessage = (m: MessageEvent) => {
      try {
        const read = readRawCall(m.data, win.location.origin, Date.now());
        if (read === 'malformed') deliver({ problem: 'a sync call from the hook did not validate' });
        // Nothing from a contested channel vouches for the rep's mail: its thread fetches go nowhere.
        else if (read && 'answer' in read) {
          if (state === 'open') deliver({ fetched: read.answer });
        } else if (read) deliver({ notice: read, trusted: state === 'open' });
      } catch {
        // Never into Gmail's page.
      }
    };
  };
  win.addEventListener('message', onMessage, { capture: true });
  // Listening now: ask the hook for its handshake, and ask again if the hook starts after this (network-hook.ts).
  const ready = () => {
    try {
      win.dispatchEvent(new win.CustomEvent(READY_EVENT));
    } catch {
      // Reported missing below.
    }
  };
  win.addEventListener(HOOK_EVENT, ready, { capture: true });
  ready();
  const timer = setTimeout(() => {
    if (state !== 'waiting') return;
    state = 'missing';
    deliver({ problem: `sync hook channel missing: no handshake from the page hook within ${Math.round(waitMs / 1000)} s; sends wait for the rep's Send press or the rep` });
  }, waitMs);

  const channel: SyncChannel = {
    get state() {
      return state;
    },
    subscribe(listener, signal) {
      if (signal.aborted) return;
      listeners.add(listener);
      signal.addEventListener('abort', () => listeners.delete(listener), { once: true });
      buffered = 0;
      for (const item of buffer.splice(0)) deliver(item);
    },
  };
  scope[CHANNEL] = channel;
  return channel;
}

/** The channel the document_start script accepted in this isolated world; a missing one when it never ran. */
export function syncChannelOf(scope: ChannelScope = globalThis as ChannelScope): SyncChannel {
  const channel = scope[CHANNEL];
  if (channel) return channel;
  let told = false;
  return {
    state: 'missing',
    subscribe(listener, signal) {
      if (signal.aborted || told) return;
      told = true;
      listener.problem('sync hook channel missing: the isolated channel script did not run in this tab');
    },
  };
}
