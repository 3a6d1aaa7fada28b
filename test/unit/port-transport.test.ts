import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Failure } from '@/lib/messages';
import { CONTENT_PORT, portSender, type PortLike } from '@/lib/port-client';
import { servePort, type ServedPort } from '@/lib/port-server';
import type { SenderLike } from '@/lib/sender';
import { sendFromContent } from '@/lib/content-client';
import { senders, startTestBackground } from '../support/background';
import { sampleThread } from '../support/samples';

type Bg = Awaited<ReturnType<typeof startTestBackground>>;
let bg: Bg;
beforeEach(async () => {
  bg = await startTestBackground();
});
afterEach(() => bg.close());

const tick = () => new Promise((r) => setTimeout(r, 0));

/**
 * A port pair as the browser makes one: what the content end posts reaches the background end's listeners
 * (asynchronously, like an IPC), and the worker can be stopped, which disconnects every port it holds.
 */
class Wire {
  ports: { content: PortLike; background: ServedPort; alive: boolean; toContent: ((m: unknown) => void)[]; toBackground: ((m: unknown) => void)[]; onDisconnect: (() => void)[] }[] = [];
  posted: unknown[] = [];
  /** While set, the worker "dies" right after receiving the next message, before it answers. */
  dieOnNextMessage = false;
  connects = 0;

  constructor(
    private route: (raw: unknown, sender: SenderLike) => Promise<unknown>,
    private sender: SenderLike,
    private name = CONTENT_PORT,
  ) {}

  connect = (): PortLike => {
    this.connects++;
    const pair = { alive: true, toContent: [] as ((m: unknown) => void)[], toBackground: [] as ((m: unknown) => void)[], onDisconnect: [] as (() => void)[] } as Wire['ports'][number];
    pair.content = {
      postMessage: (m) => {
        if (!pair.alive) throw new Error('Attempting to use a disconnected port object');
        this.posted.push(m);
        const copy = structuredClone(m);
        setTimeout(() => {
          if (!pair.alive) return;
          if (this.dieOnNextMessage) {
            this.dieOnNextMessage = false;
            this.stopWorker();
            return;
          }
          for (const l of pair.toBackground) l(copy);
        });
      },
      disconnect: () => {
        pair.alive = false;
      },
      onMessage: { addListener: (l) => pair.toContent.push(l) },
      onDisconnect: { addListener: (l) => pair.onDisconnect.push(l) },
    };
    pair.background = {
      name: this.name,
      sender: this.sender,
      postMessage: (m) => {
        if (!pair.alive) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(m);
        setTimeout(() => pair.alive && pair.toContent.forEach((l) => l(copy)));
      },
      disconnect: () => {
        pair.alive = false;
        setTimeout(() => pair.onDisconnect.forEach((l) => l()));
      },
      onMessage: { addListener: (l) => pair.toBackground.push(l) },
    };
    this.ports.push(pair);
    servePort(pair.background, this.route, () => {});
    return pair.content;
  };

  /** Chrome stopping the worker: every port closes, and the content end hears it a moment later. */
  stopWorker() {
    for (const p of this.ports.filter((x) => x.alive)) {
      p.alive = false;
      setTimeout(() => p.onDisconnect.forEach((l) => l()));
    }
  }
}

const threadSeen = { channel: 'gmail.threadSeen', payload: { thread: sampleThread, opened: true } };

describe('content port (one runtime.connect per content-script life)', () => {
  it('answers through the router, on one port for many messages', async () => {
    const wire = new Wire(bg.route, senders.gmail);
    const send = portSender({ connect: wire.connect });
    const [a, b] = await Promise.all([send(threadSeen), send({ channel: 'gmail.viewChanged', payload: { view: 'list' } })]);
    expect(a).toMatchObject({ ok: true, data: { received: true } });
    expect(b).toMatchObject({ ok: true });
    expect(wire.connects).toBe(1);
    expect(await bg.db.threads.get(sampleThread.threadId)).toMatchObject({ subject: sampleThread.subject });
  });

  it('does not connect before there is something to send, nor again while the worker sleeps', async () => {
    const wire = new Wire(bg.route, senders.gmail);
    const send = portSender({ connect: wire.connect });
    expect(wire.connects).toBe(0);
    await send(threadSeen);
    wire.stopWorker();
    await tick();
    await tick();
    expect(wire.connects).toBe(1);
    await send(threadSeen);
    expect(wire.connects).toBe(2);
  });

  it('asks again when the worker dies with the message unanswered, and the read is stored once', async () => {
    const wire = new Wire(bg.route, senders.gmail);
    const send = portSender({ connect: wire.connect });
    await send(threadSeen);
    const before = await bg.db.threads.count();
    wire.dieOnNextMessage = true;
    const reply = await sendFromContent(send, 'gmail.threadSeen', { thread: { ...sampleThread, subject: 'After the restart' }, opened: true });
    expect(reply).toMatchObject({ received: true });
    expect(wire.connects).toBe(2);
    expect(wire.posted).toHaveLength(3);
    expect(await bg.db.threads.count()).toBe(before);
    expect(await bg.db.threads.get(sampleThread.threadId)).toMatchObject({ subject: 'After the restart' });
  });

  it('posts again when the port died a moment before the post (its disconnect not yet heard)', async () => {
    const wire = new Wire(bg.route, senders.gmail);
    const send = portSender({ connect: wire.connect });
    await send(threadSeen);
    wire.ports[0]!.alive = false; // dead, no onDisconnect delivered yet
    const reply = await send(threadSeen);
    expect(reply).toMatchObject({ ok: true });
    expect(wire.connects).toBe(2);
  });

  it('gives up after a few ports closed on it, and says so as no answer', async () => {
    const wire = new Wire(bg.route, senders.gmail);
    const logs: string[] = [];
    // Every port dies with the message it carries.
    const send = portSender({
      connect: () => {
        wire.dieOnNextMessage = true;
        return wire.connect();
      },
      maxTries: 3,
      log: (m) => logs.push(m),
    });
    await expect(sendFromContent(send, 'gmail.threadSeen', { thread: sampleThread, opened: true })).rejects.toMatchObject({ code: 'no_answer' });
    expect(wire.posted).toHaveLength(3);
    expect(logs.at(-1)).toContain('posted 3 times');
  });

  it('answers nothing (never throws into Gmail) once the extension is gone', async () => {
    const send = portSender({
      connect: () => {
        throw new Error('Extension context invalidated.');
      },
    });
    expect(await send(threadSeen)).toBeUndefined();
  });

  it('judges the sender by the port the browser opened, never by what the message claims', async () => {
    for (const sender of [senders.extension, senders.crm, senders.gmailSubframe, senders.otherExtension, senders.spoofedUrl, {}]) {
      const wire = new Wire(bg.route, sender);
      const send = portSender({ connect: wire.connect });
      const reply = await send({ ...threadSeen, sender: senders.gmail, tab: { id: 1 } });
      expect(Failure.parse(reply).error.code).toMatch(/forbidden_sender|bad_envelope/);
    }
    expect(await bg.db.threads.get(sampleThread.threadId)).toBeUndefined();
  });

  it('carries each request and reply as one JSON string, and still takes an object', async () => {
    const wire = new Wire(bg.route, senders.gmail);
    const send = portSender({ connect: wire.connect });
    expect(await send(threadSeen)).toMatchObject({ ok: true });
    expect(wire.posted).toHaveLength(1);
    expect(typeof wire.posted[0]).toBe('string');
    expect(JSON.parse(wire.posted[0] as string)).toEqual({ id: 1, message: threadSeen });
    // A reply comes back as a string too; an object posted on the port (an older build) is answered alike.
    const port = wire.connect();
    const heard: unknown[] = [];
    port.onMessage.addListener((m) => heard.push(m));
    port.postMessage({ id: 7, message: threadSeen });
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    expect(typeof heard[0]).toBe('string');
    expect(JSON.parse(heard[0] as string)).toMatchObject({ id: 7, reply: { ok: true } });
  });

  it('drops what is not {id, message}, and refuses a port of another name', async () => {
    const wire = new Wire(bg.route, senders.gmail);
    const port = wire.connect();
    const heard: unknown[] = [];
    port.onMessage.addListener((m) => heard.push(m));
    const bad = [{ id: 'x', message: threadSeen }, { id: 0, message: threadSeen }, { id: 1.5, message: threadSeen }, { id: 1, message: threadSeen, extra: 1 }];
    // As objects (an older build's wire) and as the JSON strings the port carries now, plus strings that are no JSON.
    for (const junk of ['hello', '{"id": 1, "message":', '', null, 42, ...bad, ...bad.map((b) => JSON.stringify(b))]) {
      port.postMessage(junk);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([]);
    expect(await bg.db.threads.get(sampleThread.threadId)).toBeUndefined();

    const other = new Wire(bg.route, senders.gmail, 'someone.else');
    const closed = other.connect();
    expect(other.ports[0]!.alive).toBe(false);
    expect(() => closed.postMessage({ id: 1, message: threadSeen })).toThrow();
  });
});
