import { connect, type Socket } from 'node:net';

// A small client for Marionette, the remote protocol built into every Firefox (no geckodriver needed).
// Wire format (Firefox source, remote/marionette/packets.sys.mjs; protocol level 3): each packet is
// `<byte length>:<JSON>`; the server greets with {applicationType, marionetteProtocol}, a command is
// `[0, id, "Name", params]` and its answer `[1, id, error, result]`.

export class MarionetteError extends Error {
  constructor(
    readonly command: string,
    readonly error: { error: string; message: string; stacktrace?: string },
  ) {
    super(`${command}: ${error.error}: ${error.message}`);
    this.name = 'MarionetteError';
  }
}

export class Marionette {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { command: string; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private greeted!: Promise<unknown>;
  private greet!: (v: unknown) => void;

  private constructor(private readonly socket: Socket) {
    this.greeted = new Promise((resolve) => (this.greet = resolve));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`Marionette closed during ${p.command}`));
      this.pending.clear();
    });
  }

  /** Connect, retrying while Firefox starts (it opens the port a moment after launch). */
  static async connect(port: number, timeoutMs = 30_000): Promise<Marionette> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        const client = new Marionette(socket);
        await client.greeted;
        return client;
      } catch (error) {
        if (Date.now() > until) throw new Error(`Firefox's Marionette did not answer on port ${port}: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private receive(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const packet: unknown = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (!Array.isArray(packet)) {
        this.greet(packet);
        continue;
      }
      const [, id, error, result] = packet as [number, number, { error: string; message: string } | null, unknown];
      const waiting = this.pending.get(id);
      if (!waiting) continue;
      this.pending.delete(id);
      if (error) waiting.reject(new MarionetteError(waiting.command, error));
      else waiting.resolve(result);
    }
  }

  send<T = unknown>(command: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, command, params]), 'utf8');
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body]));
    });
  }

  /** Run a function body in the current context (content or chrome); `arguments` as in WebDriver. */
  async execute<T = unknown>(script: string, args: unknown[] = []): Promise<T> {
    const { value } = await this.send<{ value: T }>('WebDriver:ExecuteScript', { script, args });
    return value;
  }

  /** An async function body: its returned promise's value. */
  async executeAsync<T = unknown>(body: string, args: unknown[] = []): Promise<T> {
    const script = `const done = arguments[arguments.length - 1]; (async (...args) => { ${body} })(...Array.from(arguments).slice(0, -1)).then((v) => done({ ok: v }), (e) => done({ error: String(e && e.stack || e) }));`;
    const { value } = await this.send<{ value: { ok?: T; error?: string } }>('WebDriver:ExecuteAsyncScript', { script, args });
    if (value.error !== undefined) throw new Error(value.error);
    return value.ok as T;
  }

  setContext(context: 'chrome' | 'content'): Promise<unknown> {
    return this.send('Marionette:SetContext', { value: context });
  }

  close() {
    this.socket.destroy();
  }
}
