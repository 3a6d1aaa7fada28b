import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { z } from 'zod';

// The model providers the gateway can call. Each streams text through `onDelta` and honours the abort
// signal. They know nothing of budgets, redaction or logs: that is the gateway's job (lib/ai/gateway.ts).

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ProviderResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** True when the counts are estimates (the provider did not report usage). */
  estimated: boolean;
}

export interface Provider {
  id: 'chrome' | 'openai-compatible';
  model?: string;
  stream(messages: ChatMessage[], options: { signal: AbortSignal; onDelta: (text: string) => void }): Promise<ProviderResult>;
}

/** Why a call did not produce text, as something the rep can act on. */
export class ProviderError extends Error {
  constructor(
    readonly code: 'unavailable' | 'http' | 'rate_limited' | 'auth' | 'malformed' | 'network' | 'empty',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** About four characters a token for English: used only when a provider reports no usage. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

// ————— OpenAI-compatible (Ollama, LM Studio, llama.cpp, vLLM, hosted) —————

export type FetchPort = (url: string, init: RequestInit) => Promise<Response>;

const Chunk = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).partial().nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).nullish(),
});

const ErrorBody = z.object({ error: z.union([z.string(), z.object({ message: z.string() })]) });

/** `http://localhost:11434/v1` or a full `…/chat/completions` URL both work. */
export function chatCompletionsUrl(endpoint: string): string {
  const url = new URL(endpoint);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/chat/completions') ? path : `${path}/chat/completions`;
  return url.toString();
}

async function errorDetail(response: Response): Promise<string> {
  const body = await response.text().catch(() => '');
  const parsed = ErrorBody.safeParse((() => {
    try {
      return JSON.parse(body);
    } catch {
      return null;
    }
  })());
  const message = parsed.success ? (typeof parsed.data.error === 'string' ? parsed.data.error : parsed.data.error.message) : body;
  return message.replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function openAiCompatible(options: { endpoint: string; model: string; apiKey?: string; fetch: FetchPort }): Provider {
  return {
    id: 'openai-compatible',
    model: options.model,
    async stream(messages, { signal, onDelta }) {
      let response: Response;
      try {
        response = await options.fetch(chatCompletionsUrl(options.endpoint), {
          method: 'POST',
          signal,
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify({ model: options.model, messages, stream: true, stream_options: { include_usage: true }, temperature: 0.4 }),
        });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new ProviderError('network', `could not reach ${new URL(options.endpoint).origin} (${error instanceof Error ? error.message : String(error)})`);
      }
      if (!response.ok) {
        const detail = await errorDetail(response);
        if (response.status === 429) {
          const retry = response.headers.get('retry-after');
          throw new ProviderError('rate_limited', `the AI endpoint is rate limiting requests (429${retry ? `, retry after ${retry} s` : ''})${detail ? `: ${detail}` : ''}`, 429);
        }
        if (response.status === 401 || response.status === 403) {
          throw new ProviderError('auth', `the AI endpoint refused the API key (${response.status})${detail ? `: ${detail}` : ''}`, response.status);
        }
        throw new ProviderError('http', `the AI endpoint answered ${response.status}${detail ? `: ${detail}` : ''}`, response.status);
      }
      if (!response.body) throw new ProviderError('malformed', 'the AI endpoint sent no body');
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream')) {
        // Some servers ignore `stream: true` and answer with one JSON completion.
        const body = await response.text();
        const Whole = z.object({
          choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
          usage: Chunk.shape.usage,
        });
        let parsed: z.infer<typeof Whole> | undefined;
        try {
          parsed = Whole.parse(JSON.parse(body));
        } catch {
          throw new ProviderError('malformed', `the AI endpoint sent something that is neither a stream nor a completion (${type || 'no content type'})`);
        }
        const text = parsed.choices[0]!.message.content;
        onDelta(text);
        return {
          text,
          promptTokens: parsed.usage?.prompt_tokens ?? estimateTokens(messages.map((m) => m.content).join('\n')),
          completionTokens: parsed.usage?.completion_tokens ?? estimateTokens(text),
          estimated: !parsed.usage,
        };
      }

      let text = '';
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      let done = false;
      let bad: string | undefined;
      let events = 0;
      const parser = createParser({
        onEvent(event: EventSourceMessage) {
          if (done || bad) return;
          if (event.data.trim() === '[DONE]') {
            done = true;
            return;
          }
          let json: unknown;
          try {
            json = JSON.parse(event.data);
          } catch {
            bad = `a stream event is not JSON: ${JSON.stringify(event.data.slice(0, 60))}`;
            return;
          }
          const chunk = Chunk.safeParse(json);
          if (!chunk.success) {
            const err = ErrorBody.safeParse(json);
            bad = err.success ? `the AI endpoint reported an error mid-stream: ${typeof err.data.error === 'string' ? err.data.error : err.data.error.message}` : 'a stream event has an unexpected shape';
            return;
          }
          events++;
          if (chunk.data.usage) usage = chunk.data.usage;
          const delta = chunk.data.choices[0]?.delta?.content ?? '';
          if (delta) {
            text += delta;
            onDelta(delta);
          }
        },
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done: end } = await reader.read();
          if (end) break;
          parser.feed(decoder.decode(value, { stream: true }));
          if (bad || done) break;
        }
      } finally {
        reader.cancel().catch(() => {});
      }
      if (bad) throw new ProviderError('malformed', `the AI stream was malformed: ${bad}`);
      if (events === 0) throw new ProviderError('malformed', 'the AI endpoint sent a stream with no completion events');
      if (!text.trim()) throw new ProviderError('empty', 'the model returned an empty draft');
      return {
        text,
        promptTokens: usage?.prompt_tokens ?? estimateTokens(messages.map((m) => m.content).join('\n')),
        completionTokens: usage?.completion_tokens ?? estimateTokens(text),
        estimated: !usage,
      };
    },
  };
}

// ————— Chrome's built-in model (the Prompt API) —————

/**
 * The part of Chrome's `LanguageModel` global the gateway uses (shape per the Prompt API explainer). Chromium
 * 2025-06 (docs/experiments/prompt-api-for-extension.md): extensions find it in windows and worker scripts,
 * so the background can call it; where it is absent the gateway says so and keeps the templates.
 */
export interface PromptApiPort {
  availability(): Promise<'unavailable' | 'downloadable' | 'downloading' | 'available' | string>;
  create(options: { signal?: AbortSignal; initialPrompts?: { role: 'system' | 'user' | 'assistant'; content: string }[] }): Promise<{
    promptStreaming(input: string, options?: { signal?: AbortSignal }): AsyncIterable<string> | ReadableStream<string>;
    destroy?(): void;
  }>;
}

/** The Prompt API when this browser offers it, else undefined. Feature-detected, never assumed. */
export function detectPromptApi(scope: unknown = globalThis): PromptApiPort | undefined {
  const candidate = (scope as { LanguageModel?: unknown }).LanguageModel as Partial<PromptApiPort> | undefined;
  return candidate && typeof candidate.availability === 'function' && typeof candidate.create === 'function' ? (candidate as PromptApiPort) : undefined;
}

async function* iterate(stream: AsyncIterable<string> | ReadableStream<string>): AsyncIterable<string> {
  if (Symbol.asyncIterator in stream) {
    yield* stream as AsyncIterable<string>;
    return;
  }
  const reader = (stream as ReadableStream<string>).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    yield value;
  }
}

export function chromeBuiltIn(api: PromptApiPort | undefined): Provider {
  return {
    id: 'chrome',
    model: 'chrome-built-in',
    async stream(messages, { signal, onDelta }) {
      if (!api) throw new ProviderError('unavailable', 'this browser does not offer Chrome’s built-in model (the Prompt API)');
      const availability = await api.availability();
      if (availability !== 'available') {
        throw new ProviderError('unavailable', availability === 'unavailable' ? 'Chrome’s built-in model is not available on this device' : `Chrome’s built-in model is not ready yet (${availability})`);
      }
      const system = messages.filter((m) => m.role === 'system');
      const rest = messages.filter((m) => m.role !== 'system');
      const last = rest.pop();
      const session = await api.create({ signal, initialPrompts: [...system, ...rest] });
      let text = '';
      try {
        for await (const chunk of iterate(session.promptStreaming(last?.content ?? '', { signal }))) {
          // Chrome before 137 streamed the whole text so far; later versions stream deltas.
          const delta = chunk.startsWith(text) && text ? chunk.slice(text.length) : chunk;
          text += delta;
          if (delta) onDelta(delta);
        }
      } finally {
        session.destroy?.();
      }
      if (!text.trim()) throw new ProviderError('empty', 'the built-in model returned an empty draft');
      return { text, promptTokens: estimateTokens(messages.map((m) => m.content).join('\n')), completionTokens: estimateTokens(text), estimated: true };
    },
  };
}
