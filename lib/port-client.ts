import type { SendPort } from './client';

// One long-lived `runtime.connect` port per content-script life instead of one `runtime.sendMessage` per
// message. Each sendMessage opens a fresh message channel to the worker (open, post, answer, close: four IPC
// rounds and their tasks on Gmail's main thread); a post on an open port is one. The worker can die at any
// moment, and its ports with it: a message still unanswered when the port disconnects is posted again on a new
// port (the background's handlers are idempotent per message id or key, so an answer lost with the worker is
// asked again, never done twice), and the port is only reconnected when there is something to send, so an
// idle Gmail tab never keeps the worker awake.

/** The name the background answers; any other port is closed at once. */
export const CONTENT_PORT = 'followthrough.content';

/** The part of `runtime.Port` used here (Chrome, Firefox and the polyfill agree on it). */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** What goes out on the port: the channel message, numbered so its answer finds it. */
export interface PortRequest {
  id: number;
  message: unknown;
}
/** What comes back: the router's `Result` for that number. */
export interface PortReply {
  id: number;
  reply: unknown;
}

// Both ways as one JSON string, not an object. Chrome turns an object posted on a port into its own value tree
// and that into JSON, in the poster's renderer, and back on the other side: a thread read with its bodies cost
// Gmail's main thread 0.6 ms in postMessage alone (profile-gmail.ts, 2026-12-07). A string crosses as it is;
// V8's JSON.stringify / JSON.parse are its fast paths. JSON is also what Chrome carried anyway, so what a
// message can hold is unchanged (Firefox's structured clone accepted more; nothing here needs more).
/** A request or reply as it crosses the port. */
export const toWire = (value: PortRequest | PortReply): string => JSON.stringify(value);
/** A request or reply from the port: a JSON string (an object from an older build is taken as it is); undefined when unreadable. */
export function fromWire(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export interface PortSenderOptions {
  /** `browser.runtime.connect({ name: CONTENT_PORT })`; throws once the extension was reloaded or removed. */
  connect: () => PortLike;
  /** A message posted this many times without an answer gets none (sendFromContent says `no_answer`). */
  maxTries?: number;
  log?: (message: string) => void;
}

interface Pending {
  message: unknown;
  tries: number;
  resolve: (reply: unknown) => void;
}

/** A `SendPort` over one port, reconnected on demand. `close()` answers what is pending with nothing. */
export function portSender({ connect, maxTries = 3, log = () => {} }: PortSenderOptions): SendPort & { close(): void } {
  const pending = new Map<number, Pending>();
  let port: PortLike | undefined;
  let next = 0;
  let closed = false;

  const giveUp = (id: number, why: string) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    log(`no answer from the background: ${why}`);
    p.resolve(undefined);
  };

  const open = (): PortLike | undefined => {
    if (port) return port;
    if (closed) return undefined;
    let fresh: PortLike;
    try {
      fresh = connect();
    } catch (error) {
      // The extension was reloaded or removed: this content script will never reach a background again.
      closed = true;
      for (const id of [...pending.keys()]) giveUp(id, String(error));
      return undefined;
    }
    port = fresh;
    fresh.onMessage.addListener((raw) => {
      const { id, reply } = (fromWire(raw) ?? {}) as Partial<PortReply>;
      const p = typeof id === 'number' ? pending.get(id) : undefined;
      if (!p) return;
      pending.delete(id!);
      p.resolve(reply);
    });
    fresh.onDisconnect.addListener(() => {
      if (port !== fresh) return;
      port = undefined;
      // The worker stopped (or restarted) with these unanswered: ask again on a new port.
      for (const id of [...pending.keys()]) post(id);
    });
    return fresh;
  };

  function post(id: number) {
    const p = pending.get(id);
    if (!p) return;
    if (p.tries >= maxTries) return giveUp(id, `posted ${p.tries} times, the port closed each time`);
    const target = open();
    if (!target) return giveUp(id, 'the extension is gone');
    p.tries++;
    try {
      target.postMessage(toWire({ id, message: p.message }));
    } catch {
      // Posted on a port that died a moment ago (its disconnect not yet delivered): drop it and post again.
      if (port === target) port = undefined;
      post(id);
    }
  }

  const send = ((message: unknown) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      pending.set(id, { message, tries: 0, resolve });
      post(id);
    })) as SendPort & { close(): void };
  send.close = () => {
    closed = true;
    for (const id of [...pending.keys()]) giveUp(id, 'the content script stopped');
    try {
      port?.disconnect();
    } catch {
      // Already gone.
    }
    port = undefined;
  };
  return send;
}
