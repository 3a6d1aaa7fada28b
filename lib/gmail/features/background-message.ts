// A message the background sends to the Gmail content script (`gmail.insertDraft`, `gmail.composeNew`,
// `gmail.attachInvitation`), checked by hand: zod stays out of Gmail's page (the content scripts' size budget).
// Each feature names its channel and the payload keys it takes; anything else is not ours.

/** The payload of a message on `channel` holding no key outside `keys`, or null. */
export function payloadOf(message: unknown, channel: string, keys: readonly string[]): Record<string, unknown> | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as { channel?: unknown; payload?: unknown };
  if (m.channel !== channel || typeof m.payload !== 'object' || m.payload === null) return null;
  const p = m.payload as Record<string, unknown>;
  return Object.keys(p).every((k) => keys.includes(k)) ? p : null;
}

const THREAD_ID = /^thread-[af]:r?-?\d{1,25}$/;

/** A Gmail thread id in either form. */
export const isThreadId = (v: unknown): v is string => typeof v === 'string' && THREAD_ID.test(v);

/** Text of 1 to `max` characters. */
export const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
