import type { FollowthroughDb } from '../db';
import type { AiLogRow } from '../records';
import type { AiSettings } from '../settings';
import { chromeBuiltIn, openAiCompatible, ProviderError, type ChatMessage, type FetchPort, type PromptApiPort, type Provider } from './providers';
import { redact, restore } from './redact';
import { words, type Words } from '../words';

// The one place every model call goes through. In order: is a provider configured and allowed, is there
// budget left today, redact, call with a timeout and the rep's cancel, restore, log. Whatever happens the
// caller gets either a draft or a clear note, and one log row records it — never the raw text unless the
// rep opted in.

export interface GatewayPorts {
  db: FollowthroughDb;
  now: () => number;
  fetch: FetchPort;
  /** Chrome's Prompt API when the browser has it. */
  promptApi?: () => PromptApiPort | undefined;
  /** Whether the extension holds the host permission for an origin (optional permissions, granted by the rep). */
  hasOrigin: (origin: string) => Promise<boolean>;
  newId?: () => string;
  /** The rep's local time zone, for the daily budget's day boundary. */
  timeZone?: string;
}

/**
 * Why a call is made, as its log row records it. A closed list so the AI log can say each in the rep's words
 * (components/ai-words.ts); rows store the code as text, and older or newer codes are shown as written.
 */
export type AiPurpose = 'classify-intent' | 'draft-reply';

export interface AiRequest {
  purpose: AiPurpose;
  messages: ChatMessage[];
}

export type AiOutcome =
  | { kind: 'draft'; text: string; provider: Provider['id']; model?: string; promptTokens: number; completionTokens: number; logId: string }
  /** `note` in English (for logs and older readers); `noteWords` is what the side panel says to the rep. */
  | { kind: 'fallback'; reason: 'no_provider' | 'budget' | 'permission' | 'timeout' | 'cancelled' | 'failed'; note: string; noteWords: Words; logId?: string };

/**
 * Why a provider call failed, in the rep's words: by the provider error's code and status. The vendor's own text and
 * the platform's error ("Failed to fetch") stay in the English note and the AI log, where the rep can read them as written.
 */
export function failureWords(error: unknown): Words {
  if (!(error instanceof ProviderError)) return words('aiFail_unexpected');
  const status = String(error.status ?? '');
  switch (error.code) {
    case 'network':
      return words('aiFail_network');
    case 'rate_limited':
      return words('aiFail_rate_limited');
    case 'auth':
      return words('aiFail_auth', { status });
    case 'http':
      return words('aiFail_http', { status });
    case 'malformed':
      return words('aiFail_malformed');
    case 'empty':
      return words('aiFail_empty');
    case 'unavailable':
      return words('aiFail_unavailable');
  }
}

export function localDay(at: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export interface BudgetUse {
  day: string;
  requests: number;
  tokens: number;
}

/** What today's calls used, counted from the log (the worker may restart; the log is durable). */
export async function budgetUsed(db: FollowthroughDb, day: string): Promise<BudgetUse> {
  const rows = await db.aiLog.where('day').equals(day).toArray();
  const counted = rows.filter((r) => r.outcome !== 'refused');
  return { day, requests: counted.length, tokens: counted.reduce((n, r) => n + r.promptTokens + r.completionTokens, 0) };
}

export class AiGateway {
  constructor(private readonly ports: GatewayPorts) {}

  private provider(ai: AiSettings): Provider | undefined {
    if (ai.provider === 'chrome') return chromeBuiltIn(this.ports.promptApi?.());
    if (ai.provider === 'openai-compatible' && ai.endpoint && ai.model) {
      return openAiCompatible({ endpoint: ai.endpoint, model: ai.model, apiKey: ai.apiKey, fetch: this.ports.fetch });
    }
    return undefined;
  }

  private async log(row: Omit<AiLogRow, 'id' | 'day' | 'at'> & { at: number }): Promise<string> {
    const id = this.ports.newId?.() ?? `ai-${row.at.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    await this.ports.db.aiLog.add({ ...row, id, day: localDay(row.at, this.ports.timeZone) });
    return id;
  }

  /**
   * Run one request under the rep's policy. `onDelta` gets restored text as it streams. `signal` is the rep's
   * cancel. Never throws for provider trouble: that is a fallback outcome with a note.
   */
  async generate(ai: AiSettings, request: AiRequest, options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {}): Promise<AiOutcome> {
    const started = this.ports.now();
    const provider = this.provider(ai);
    if (!provider) return { kind: 'fallback', reason: 'no_provider', note: 'No AI provider is set up, so these are your templates. Choose one in Followthrough’s settings to get AI drafts.', noteWords: words('aiNote_no_provider') };

    const origin = ai.provider === 'openai-compatible' && ai.endpoint ? new URL(ai.endpoint).origin : undefined;
    const base = { provider: ai.provider, model: provider.model, endpointOrigin: origin, purpose: request.purpose, at: started };
    const noRedactions = { emails: 0, phones: 0, secrets: 0 };

    if (origin && !(await this.ports.hasOrigin(origin))) {
      const note = `Followthrough has no permission to reach ${origin}. Save the AI settings again to grant it; until then these are your templates.`;
      const logId = await this.log({ ...base, redactions: noRedactions, outcome: 'refused', detail: note, detailWords: words('aiLog_no_permission', { origin }), promptTokens: 0, completionTokens: 0, durationMs: 0 });
      return { kind: 'fallback', reason: 'permission', note, noteWords: words('aiLog_no_permission', { origin }), logId };
    }

    // Redact every message with one shared map, so the same address is the same placeholder throughout.
    const joined = request.messages.map((m) => m.content).join('\u0000');
    const redacted = redact(joined, ai.secrets);
    const parts = redacted.text.split('\u0000');
    const messages = request.messages.map((m, i) => ({ ...m, content: parts[i] ?? '' }));
    const estimate = Math.ceil(redacted.text.length / 4);

    const used = await budgetUsed(this.ports.db, localDay(started, this.ports.timeZone));
    if (used.requests >= ai.dailyRequests || used.tokens + estimate > ai.dailyTokens) {
      const what = used.requests >= ai.dailyRequests ? `${used.requests} of ${ai.dailyRequests} requests` : `${used.tokens} of ${ai.dailyTokens} tokens`;
      const note = `Today’s AI budget is used up (${what}); these are your templates. The budget resets at midnight, or raise it in settings.`;
      const detailWords =
        used.requests >= ai.dailyRequests ? words('aiLog_budget_requests', { used: used.requests, limit: ai.dailyRequests }) : words('aiLog_budget_tokens', { used: used.tokens, limit: ai.dailyTokens });
      const logId = await this.log({ ...base, redactions: redacted.counts, outcome: 'refused', detail: note, detailWords, promptTokens: 0, completionTokens: 0, durationMs: 0 });
      return { kind: 'fallback', reason: 'budget', note, noteWords: detailWords, logId };
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, ai.timeoutMs);
    const onCancel = () => controller.abort(new Error('cancelled'));
    if (options.signal?.aborted) onCancel();
    options.signal?.addEventListener('abort', onCancel, { once: true });

    // Restore as the text streams: hold back a possible half-placeholder at the end of what has arrived.
    let raw = '';
    let shown = 0;
    const onDelta = (delta: string) => {
      raw += delta;
      const open = raw.lastIndexOf('[');
      const safeEnd = open !== -1 && !raw.slice(open).includes(']') && raw.length - open <= 12 ? open : raw.length;
      if (safeEnd > shown) {
        options.onDelta?.(restore(raw.slice(shown, safeEnd), redacted.map));
        shown = safeEnd;
      }
    };

    const raws = ai.logRawText ? { rawPrompt: messages.map((m) => `${m.role}: ${m.content}`).join('\n\n').slice(0, 100_000) } : {};
    try {
      const result = await provider.stream(messages, { signal: controller.signal, onDelta });
      if (shown < raw.length) options.onDelta?.(restore(raw.slice(shown), redacted.map));
      const text = restore(result.text, redacted.map).trim();
      const logId = await this.log({
        ...base,
        ...raws,
        ...(ai.logRawText ? { rawOutput: result.text.slice(0, 100_000) } : {}),
        redactions: redacted.counts,
        outcome: 'ok',
        detail: result.estimated ? 'token counts estimated' : '',
        detailWords: result.estimated ? words('aiLog_tokens_estimated') : undefined,
        promptTokens: result.promptTokens,
        completionTokens: result.completionTokens,
        durationMs: this.ports.now() - started,
      });
      return { kind: 'draft', text, provider: provider.id, model: provider.model, promptTokens: result.promptTokens, completionTokens: result.completionTokens, logId };
    } catch (error) {
      const cancelled = !timedOut && (options.signal?.aborted ?? false);
      const reason = timedOut ? 'timeout' : cancelled ? 'cancelled' : 'failed';
      const why = error instanceof ProviderError ? error.message : error instanceof Error ? error.message : String(error);
      const note =
        reason === 'timeout'
          ? `The AI provider did not answer within ${Math.round(ai.timeoutMs / 1000)} s; these are your templates.`
          : reason === 'cancelled'
            ? 'AI draft cancelled; these are your templates.'
            : `The AI draft failed (${why}); these are your templates.`;
      // Tokens sent still count against the budget; the partial output is estimated.
      const logId = await this.log({
        ...base,
        ...raws,
        redactions: redacted.counts,
        outcome: reason === 'cancelled' ? 'cancelled' : 'fallback',
        detail: reason === 'failed' ? why : note,
        // A failure is the provider's own text, kept as it wrote it.
        detailWords: reason === 'failed' ? words('text_as_written', { text: why.slice(0, 1000) }) : reason === 'timeout' ? words('aiLog_timeout', { seconds: Math.round(ai.timeoutMs / 1000) }) : words('aiLog_cancelled'),
        promptTokens: estimate,
        completionTokens: Math.ceil(raw.length / 4),
        durationMs: this.ports.now() - started,
      });
      const noteWords = reason === 'timeout' ? words('aiLog_timeout', { seconds: Math.round(ai.timeoutMs / 1000) }) : reason === 'cancelled' ? words('aiLog_cancelled') : words('aiNote_failed', { failure: failureWords(error) });
      return { kind: 'fallback', reason, note, noteWords, logId };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
    }
  }

  /** The log, newest first, for the rep to read. */
  async recent(limit = 100): Promise<AiLogRow[]> {
    return this.ports.db.aiLog.orderBy('at').reverse().limit(limit).toArray();
  }
}
