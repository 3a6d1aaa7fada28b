import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels, ErrorCode, Failure, type ChannelName, type Context } from '@/lib/messages';
import { senders, startTestBackground } from '../support/background';
import { sampleThread, validPayloads } from '../support/samples';

type Bg = Awaited<ReturnType<typeof startTestBackground>>;
let bg: Bg;
beforeEach(async () => {
  bg = await startTestBackground();
  await bg.route({ channel: 'crm.loadDemoData', payload: {} }, senders.extension);
});
afterEach(() => bg.close());

const backgroundChannels = (Object.keys(channels) as ChannelName[]).filter((c) => channels[c].to === 'background');
const rightSender = (c: ChannelName) => {
  const from = channels[c].from as Context;
  return from === 'gmail' ? senders.gmail : from === 'crm' ? senders.crm : senders.extension;
};
const wrongSenders = (c: ChannelName) =>
  Object.entries(senders)
    .filter(([, s]) => s !== rightSender(c))
    .map(([, s]) => s);

/** Replace the value at one path of a valid payload with anything at all. */
function mutateAt(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...(value as Record<string, unknown>) };
  copy[key] = mutateAt((value as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

describe('message router', () => {
  it('answers a valid message from the right sender', async () => {
    const reply = await bg.route({ channel: 'gmail.threadSeen', payload: { thread: sampleThread, opened: true } }, senders.gmail);
    expect(reply).toMatchObject({ ok: true, data: { received: true } });
    expect(await bg.db.threads.get(sampleThread.threadId)).toMatchObject({ subject: sampleThread.subject });
  });

  it.each([
    ['a string', 'hello', 'bad_envelope'],
    ['no channel', { payload: {} }, 'bad_envelope'],
    ['an unknown channel', { channel: 'db.dropEverything', payload: {} }, 'unknown_channel'],
    ['a prototype key as channel', { channel: 'toString', payload: {} }, 'unknown_channel'],
    ['a channel the background does not answer', { channel: 'panel.contextChanged', payload: {} }, 'unknown_channel'],
    ['a payload of the wrong shape', { channel: 'gmail.threadSeen', payload: { thread: { threadId: 'nope' }, opened: true } }, 'bad_payload'],
    ['an extra key', { channel: 'popup.getStatus', payload: { admin: true } }, 'bad_payload'],
  ])('refuses %s with a typed error', async (_label, message, code) => {
    const sender = (message as { channel?: string }).channel?.startsWith('gmail.') ? senders.gmail : senders.extension;
    const reply = await bg.route(message, sender);
    expect(Failure.parse(reply).error.code).toBe(code);
    expect(bg.logs.at(-1)).toContain(code);
  });

  it('trusts only browser-filled sender fields', async () => {
    const message = { channel: 'gmail.threadSeen', payload: { thread: sampleThread, opened: true } };
    for (const sender of [senders.extension, senders.crm, senders.gmailSubframe, senders.otherExtension, senders.spoofedUrl, {}]) {
      expect(Failure.parse(await bg.route(message, sender)).error.code).toBe('forbidden_sender');
    }
    // A Gmail tab cannot ask for the extension's data, whatever its URL claims.
    expect(Failure.parse(await bg.route({ channel: 'popup.getStatus', payload: {} }, senders.spoofedUrl)).error.code).toBe('forbidden_sender');
    expect(await bg.db.threads.count()).toBe(0);
  });

  // One test per channel, so each has its own time budget as channels are added.
  it.each(backgroundChannels)('10,000 generated malformed messages to %s: no crash, each answered with a typed error, the database unchanged', async (name) => {
    const before = await bg.db.dump();
    let answered = 0;
    const spec = channels[name];
    const valid = validPayloads[name];
    expect(valid, `a valid sample for ${name}`).toBeDefined();
    expect(spec.request.safeParse(valid).success, `the sample for ${name} is valid`).toBe(true);
    const malformed = fc.oneof(
      // Any value at all as the whole message.
      fc.anything().map((message) => ({ message, sender: rightSender(name) })),
      // The right channel, any payload.
      fc.anything().map((payload) => ({ message: { channel: name, payload }, sender: rightSender(name) })),
      // A valid payload with one part replaced by anything.
      fc
        .tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }))
        .map(([path, junk]) => ({ message: { channel: name, payload: mutateAt(valid, path, junk) }, sender: rightSender(name) })),
      // A valid payload from the wrong context.
      fc.constantFrom(...wrongSenders(name)).map((sender) => ({ message: { channel: name, payload: valid }, sender })),
      // A near-miss channel name.
      fc.string({ maxLength: 3 }).map((suffix) => ({ message: { channel: `${name}${suffix}x`, payload: valid }, sender: rightSender(name) })),
    );
    await fc.assert(
      fc.asyncProperty(malformed, async ({ message, sender }) => {
        const m = message as { channel?: unknown; payload?: unknown } | null;
        const isValid =
          typeof m === 'object' && m !== null && m.channel === name && sender === rightSender(name) && spec.request.safeParse(m.payload).success;
        fc.pre(!isValid);
        const reply = await bg.route(message, sender);
        const failure = Failure.safeParse(reply);
        if (!failure.success) throw new Error(`not a typed error: ${JSON.stringify(reply)}`);
        expect(ErrorCode.options).toContain(failure.data.error.code);
        answered++;
      }),
      { numRuns: 10_000, seed: 20261125 },
    );
    expect(answered).toBeGreaterThanOrEqual(9_000);
    expect(await bg.db.dump()).toEqual(before);
  }, 60_000);
});
