// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Dexie from 'dexie';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { AiGateway, budgetUsed, localDay } from '@/lib/ai/gateway';
import { chatCompletionsUrl, chromeBuiltIn, type PromptApiPort } from '@/lib/ai/providers';
import { redact, restore } from '@/lib/ai/redact';
import { originPattern } from '@/lib/ai/permissions';
import { AiSettings } from '@/lib/settings';

// A real OpenAI-compatible server on 127.0.0.1: each test picks a behaviour by the model name.

interface Seen {
  body: { model: string; messages: { role: string; content: string }[]; stream: boolean };
  auth?: string;
}
const seen: Seen[] = [];
let server: Server;
let endpoint: string;

const sse = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;

async function handle(req: IncomingMessage, res: ServerResponse) {
  let raw = '';
  for await (const part of req) raw += part;
  const body = JSON.parse(raw) as Seen['body'];
  seen.push({ body, auth: req.headers.authorization });
  const prompt = body.messages.map((m) => m.content).join('\n');
  switch (body.model) {
    case 'echo-placeholders': {
      // Writes back the placeholders it was given, split across chunks, as a model would.
      sse(res);
      const tokens = [...new Set(prompt.match(/\[(EMAIL|PHONE|SECRET)_\d+\]/g) ?? [])];
      const text = `Hi Priya, I'll write to ${tokens.join(' and ')} today.`;
      for (let i = 0; i < text.length; i += 5) {
        res.write(chunk(text.slice(i, i + 5)));
        await new Promise((r) => setTimeout(r, 1));
      }
      res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 120, completion_tokens: 30 } })}\n\n`);
      res.end('data: [DONE]\n\n');
      return;
    }
    case 'ok': {
      sse(res);
      for (const piece of ['Hi Priya,', '\n\nOur pricing ', 'is per seat.']) res.write(chunk(piece));
      res.write(`data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 50, completion_tokens: 9 } })}\n\n`);
      res.end('data: [DONE]\n\n');
      return;
    }
    case 'no-usage': {
      sse(res);
      res.write(chunk('x'.repeat(400)));
      res.end('data: [DONE]\n\n');
      return;
    }
    case 'rate-limited':
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '20' });
      res.end(JSON.stringify({ error: { message: 'Rate limit reached for requests' } }));
      return;
    case 'server-error':
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('model crashed');
      return;
    case 'unauthorized':
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid api key' }));
      return;
    case 'slow':
      // Starts a stream, then goes silent.
      sse(res);
      res.write(chunk('Hi'));
      return;
    case 'garbage':
      sse(res);
      res.write(chunk('Hi '));
      res.end('data: {not json at all\n\n');
      return;
    case 'empty-stream':
      sse(res);
      res.end('data: [DONE]\n\n');
      return;
    case 'not-a-stream':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login page</html>');
      return;
    case 'json-completion':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { content: 'Whole answer' } }], usage: { prompt_tokens: 10, completion_tokens: 2 } }));
      return;
    default:
      res.writeHead(404);
      res.end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let db: FollowthroughDb;
let clock: number;
let granted: Set<string>;
beforeEach(async () => {
  db = new FollowthroughDb(`ft-ai-${Math.random().toString(36).slice(2)}`);
  await db.open();
  clock = Date.UTC(2026, 10, 25, 15, 0);
  granted = new Set(['http://127.0.0.1/*']);
  seen.length = 0;
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const gateway = (promptApi?: PromptApiPort) =>
  new AiGateway({
    db,
    now: () => clock,
    fetch: (url, init) => fetch(url, init),
    promptApi: () => promptApi,
    hasOrigin: async (origin) => granted.has(originPattern(origin)),
    timeZone: 'UTC',
  });

const settings = (patch: Record<string, unknown>) => AiSettings.parse({ provider: 'openai-compatible', endpoint, model: 'ok', ...patch });
const ask = (text = 'Can you send me pricing for 20 seats?') => ({
  purpose: 'draft-reply' as const,
  messages: [
    { role: 'system' as const, content: 'You draft replies.' },
    { role: 'user' as const, content: text },
  ],
});

describe('AI gateway against a loopback OpenAI-compatible server', () => {
  it('streams a draft, counts tokens from the usage chunk and logs counts but no text', async () => {
    const deltas: string[] = [];
    const out = await gateway().generate(settings({ apiKey: 'sk-test' }), ask(), { onDelta: (d) => deltas.push(d) });
    expect(out).toMatchObject({ kind: 'draft', text: 'Hi Priya,\n\nOur pricing is per seat.', provider: 'openai-compatible', promptTokens: 50, completionTokens: 9 });
    expect(deltas.join('')).toBe('Hi Priya,\n\nOur pricing is per seat.');
    expect(seen[0]).toMatchObject({ auth: 'Bearer sk-test', body: { model: 'ok', stream: true } });
    const [row] = await db.aiLog.toArray();
    expect(row).toMatchObject({ provider: 'openai-compatible', outcome: 'ok', promptTokens: 50, completionTokens: 9, endpointOrigin: new URL(endpoint).origin });
    expect(row!.rawPrompt).toBeUndefined();
    expect(row!.rawOutput).toBeUndefined();
    expect(JSON.stringify(row)).not.toContain('pricing for 20 seats');
  });

  it('keeps the raw text in the log only when the rep opted in', async () => {
    await gateway().generate(settings({ logRawText: true }), ask());
    const [row] = await db.aiLog.toArray();
    expect(row!.rawPrompt).toContain('pricing for 20 seats');
    expect(row!.rawOutput).toContain('per seat');
  });

  it('redacts addresses, phones and secrets before they leave, and restores them in the draft and the stream', async () => {
    const text = 'Reach Priya at priya.raman@acme.example or +44 20 7946 0958; account ACME-7781 is the one. Cc ops@acme.example.';
    const deltas: string[] = [];
    const out = await gateway().generate(settings({ model: 'echo-placeholders', secrets: ['ACME-7781'] }), ask(text), { onDelta: (d) => deltas.push(d) });
    const sent = JSON.stringify(seen[0]!.body);
    for (const secret of ['priya.raman@acme.example', '7946 0958', 'ACME-7781', 'ops@acme.example']) expect(sent).not.toContain(secret);
    expect(sent).toContain('[EMAIL_1]');
    expect(out.kind).toBe('draft');
    if (out.kind !== 'draft') return;
    for (const secret of ['priya.raman@acme.example', '+44 20 7946 0958', 'ACME-7781', 'ops@acme.example']) expect(out.text).toContain(secret);
    expect(out.text).not.toMatch(/\[(EMAIL|PHONE|SECRET)_\d+\]/);
    // Placeholders split across chunks are restored in the stream too.
    expect(deltas.join('')).toBe(out.text);
    const [row] = await db.aiLog.toArray();
    expect(row!.redactions).toEqual({ emails: 2, phones: 1, secrets: 1 });
  });

  it.each([
    ['rate-limited', /rate limiting requests \(429, retry after 20 s\).*Rate limit reached/],
    ['server-error', /answered 500: model crashed/],
    ['unauthorized', /refused the API key \(401\): invalid api key/],
    ['garbage', /malformed: a stream event is not JSON/],
    ['empty-stream', /no completion events/],
    ['not-a-stream', /neither a stream nor a completion \(text\/html\)/],
  ])('%s ends in the templates with a clear note', async (model, note) => {
    const out = await gateway().generate(settings({ model }), ask());
    expect(out).toMatchObject({ kind: 'fallback', reason: 'failed' });
    if (out.kind === 'fallback') {
      expect(out.note).toMatch(note);
      expect(out.note).toMatch(/these are your templates/);
    }
    const [row] = await db.aiLog.toArray();
    expect(row).toMatchObject({ outcome: 'fallback' });
  });

  it('accepts a server that answers with one JSON completion', async () => {
    expect(await gateway().generate(settings({ model: 'json-completion' }), ask())).toMatchObject({ kind: 'draft', text: 'Whole answer', promptTokens: 10 });
  });

  it('times out a stalled stream and falls back', async () => {
    const started = Date.now();
    const out = await gateway().generate(settings({ model: 'slow', timeoutMs: 1_000 }), ask());
    expect(out).toMatchObject({ kind: 'fallback', reason: 'timeout' });
    if (out.kind === 'fallback') expect(out.note).toMatch(/did not answer within 1 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops when the rep cancels', async () => {
    const controller = new AbortController();
    const pending = gateway().generate(settings({ model: 'slow', timeoutMs: 30_000 }), ask(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const out = await pending;
    expect(out).toMatchObject({ kind: 'fallback', reason: 'cancelled' });
    expect((await db.aiLog.toArray())[0]).toMatchObject({ outcome: 'cancelled' });
  });

  it('refuses without calling when the origin was never granted', async () => {
    granted.clear();
    const out = await gateway().generate(settings({}), ask());
    expect(out).toMatchObject({ kind: 'fallback', reason: 'permission' });
    expect(seen).toHaveLength(0);
  });

  it('with no provider, says so and calls nothing', async () => {
    const out = await gateway().generate(AiSettings.parse({}), ask());
    expect(out).toMatchObject({ kind: 'fallback', reason: 'no_provider' });
    expect(await db.aiLog.count()).toBe(0);
  });
});

describe('daily budget', () => {
  it('refuses once the day’s requests are used, and resets the next day', async () => {
    const ai = settings({ dailyRequests: 2 });
    expect((await gateway().generate(ai, ask())).kind).toBe('draft');
    // A failure counts: the request was made.
    expect((await gateway().generate(settings({ dailyRequests: 2, model: 'server-error' }), ask())).kind).toBe('fallback');
    const third = await gateway().generate(ai, ask());
    expect(third).toMatchObject({ kind: 'fallback', reason: 'budget' });
    if (third.kind === 'fallback') expect(third.note).toMatch(/2 of 2 requests/);
    expect(seen).toHaveLength(2);
    expect(await budgetUsed(db, localDay(clock, 'UTC'))).toMatchObject({ requests: 2 });

    clock += 24 * 3600_000;
    expect((await gateway().generate(ai, ask())).kind).toBe('draft');
  });

  it('refuses a request that would go over the token budget', async () => {
    const ai = settings({ dailyTokens: 100 });
    expect((await gateway().generate(ai, ask())).kind).toBe('draft'); // 59 tokens used
    const out = await gateway().generate(ai, ask('x'.repeat(400)));
    expect(out).toMatchObject({ kind: 'fallback', reason: 'budget' });
    if (out.kind === 'fallback') expect(out.note).toMatch(/59 of 100 tokens/);
  });

  it('estimates tokens when the server reports none', async () => {
    await gateway().generate(settings({ model: 'no-usage' }), ask());
    const [row] = await db.aiLog.toArray();
    expect(row).toMatchObject({ completionTokens: 100, detail: 'token counts estimated' });
  });
});

describe('Chrome’s built-in model behind its port', () => {
  const fakeApi = (chunks: string[], availability = 'available'): PromptApiPort => ({
    availability: async () => availability,
    create: async () => ({
      async *promptStreaming() {
        for (const c of chunks) yield c;
      },
    }),
  });

  it('streams deltas into a draft', async () => {
    const deltas: string[] = [];
    const out = await gateway(fakeApi(['Hi ', 'Priya', '!'])).generate(AiSettings.parse({ provider: 'chrome' }), ask(), { onDelta: (d) => deltas.push(d) });
    expect(out).toMatchObject({ kind: 'draft', text: 'Hi Priya!', provider: 'chrome' });
    expect(deltas).toEqual(['Hi ', 'Priya', '!']);
  });

  it('falls back when the browser has no Prompt API or the model is not ready', async () => {
    const none = await gateway(undefined).generate(AiSettings.parse({ provider: 'chrome' }), ask());
    expect(none).toMatchObject({ kind: 'fallback', reason: 'failed' });
    if (none.kind === 'fallback') expect(none.note).toMatch(/does not offer Chrome’s built-in model/);
    const downloading = await gateway(fakeApi([], 'downloadable')).generate(AiSettings.parse({ provider: 'chrome' }), ask());
    if (downloading.kind === 'fallback') expect(downloading.note).toMatch(/not ready yet \(downloadable\)/);
  });

  it('a provider without an API is detected, never assumed', () => {
    expect(chromeBuiltIn(undefined).id).toBe('chrome');
  });
});

describe('redaction', () => {
  it('round-trips any text: restore(redact(x)) = x', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.emailAddress(),
      fc.constantFrom('+1 (415) 555-0132', '415.555.0132', '+44 20 7946 0958', '2026-11-25', '[EMAIL_1]', '[PHONE_3]', 'ACME-7781', 'acme-7781'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.array(fc.string({ minLength: 3, maxLength: 12 }), { maxLength: 3 }), (parts, secrets) => {
        const text = parts.join(' ');
        const r = redact(text, [...secrets, 'ACME-7781']);
        expect(restore(r.text, r.map)).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('hides what must not leave and leaves dates and short numbers alone', () => {
    const r = redact('Mail jo@x.io or call (415) 555-0132 on 2026-11-25 about order 4411; jo@x.io again. Code: BLUEBIRD.', ['bluebird']);
    expect(r.text).toBe('Mail [EMAIL_1] or call [PHONE_1] on 2026-11-25 about order 4411; [EMAIL_1] again. Code: [SECRET_1].');
    expect(r.counts).toEqual({ emails: 1, phones: 1, secrets: 1 });
  });

  it('leaves placeholders the model invented as they are', () => {
    expect(restore('See [EMAIL_9]', { '[EMAIL_1]': 'a@b.co' })).toBe('See [EMAIL_9]');
  });

  it('builds the chat completions URL from a base or a full URL', () => {
    expect(chatCompletionsUrl('http://localhost:11434/v1')).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatCompletionsUrl('https://api.example.com/v1/chat/completions/')).toBe('https://api.example.com/v1/chat/completions');
    expect(originPattern('http://localhost:11434/v1')).toBe('http://localhost/*');
  });
});
