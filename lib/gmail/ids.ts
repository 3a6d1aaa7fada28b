// Gmail's two id forms, one message or thread: `msg-f:`/`thread-f:` (the decimal form of the hex "legacy" id
// Gmail stores) and `msg-a:r…`/`thread-a:r…` (made in the session). Pure, so the background joins them too.

/** Gmail writes stored ids also as hex ("legacy"); the decimal form of that hex is the `-f:` id. */
export function fromLegacy(prefix: 'thread-f' | 'msg-f', legacy: string | null | undefined): string | undefined {
  if (!legacy || !/^[0-9a-f]{1,16}$/.test(legacy)) return undefined;
  return `${prefix}:${BigInt(`0x${legacy}`).toString()}`;
}
