import type { z } from 'zod';
import { redactSecrets } from '../redact';
import { words, type WordArg, type Words } from '../../words';
import { CRM_LABELS, type CrmName, type FetchPort } from './types';

// One way to call a CRM's API: a timeout on every request, the answer validated with zod, and every
// failure turned into a CrmError that says whether to retry, when, and what the rep must fix. Tokens
// never reach an error's text.

export type CrmErrorCode =
  | 'auth' // 401: the token is wrong, expired or revoked
  | 'forbidden' // 403: the token lacks a scope or the user a permission
  | 'invalid' // 400/404/409/422: the CRM refused what we sent
  | 'rate_limited' // 429 (or Salesforce's daily limit)
  | 'server' // 5xx
  | 'network' // the connection failed or was dropped
  | 'timeout'
  | 'bad_response' // 2xx with a body we do not understand
  | 'not_connected';

const labelOf = (crm: CrmName) => (crm === 'local' ? 'the local CRM' : CRM_LABELS[crm]);
/** A CRM's name inside words: the vendor's brand as written, ours in the rep's language. */
export const crmNameWords = (crm: CrmName): WordArg => (crm === 'local' ? words('crm_local_name') : CRM_LABELS[crm]);

/**
 * A wait a CRM asked for when it refused for load: until when, and whether it is a short burst window or a
 * budget (a daily allowance) that only its reset restores. Each connector reads its own vendor's headers and
 * body into this one shape (HttpCall.rateLimit); the sync then holds every row for that CRM until `until`
 * (durably), without a request per row and without spending any row's attempts.
 */
export interface RateLimitWait {
  scope: 'burst' | 'budget';
  /** Epoch ms when sending may resume. */
  until: number;
  /** The vendor's name for the limit, for the rep ("daily API budget", HubSpot's `DAILY`, `REQUEST_LIMIT_EXCEEDED`). */
  label?: string;
  /**
   * The vendor did not say when the budget resets (HubSpot's DAILY without Retry-After, Salesforce's rolling
   * 24 h): `until` is only when to look again (DAILY_PROBE_MS), and the rep is told so.
   */
  estimated?: true;
}

/** A refusal as a vendor's reader sees it. */
export interface RefusedAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body, undefined when it was not JSON. */
  body?: unknown;
  text?: string;
}
/**
 * A vendor's reading of a refusal that says its limit is hit. Generic code cannot tell a daily allowance from
 * a burst window — HubSpot names its policy in the 429 body, Pipedrive counts down in `x-ratelimit-*` and
 * daily headers, Salesforce answers 403 REQUEST_LIMIT_EXCEEDED — so each connector passes a reader, and a
 * wait becomes a `rate_limited` CrmError carrying it (`limit`).
 */
export type RateLimitReader = (answer: RefusedAnswer, now: number) => RateLimitWait | undefined;

/** What a CrmError says to the rep (lib/words.ts): its message and fix as words; the vendor's own text sits inside them as written. */
export interface CrmErrorWords {
  message?: Words;
  fix?: Words;
}
/** The particulars of a refusal beyond its code. */
export interface CrmErrorDetails {
  status?: number;
  retryAfterMs?: number;
  /** What the rep should do, for permanent errors (English, beside `said.fix`). */
  fix?: string;
  /** For `rate_limited`: what the vendor said about the limit, when it said enough to know. */
  limit?: RateLimitWait;
}

export class CrmError extends Error {
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly fix?: string;
  readonly limit?: RateLimitWait;
  constructor(
    readonly crm: CrmName,
    readonly code: CrmErrorCode,
    /** The English line, for logs and older readers. */
    message: string,
    /** The same for the rep; undefined only when the refusal was stored before it had words. */
    readonly said: CrmErrorWords | undefined,
    details: CrmErrorDetails = {},
  ) {
    super(message);
    this.name = 'CrmError';
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.fix = details.fix;
    this.limit = details.limit;
  }

  /** Retrying cannot help: the rep must fix something first. */
  get permanent(): boolean {
    return this.code === 'auth' || this.code === 'forbidden' || this.code === 'invalid' || this.code === 'not_connected';
  }
}

/** `fixFor` as words. */
export function fixWordsFor(crm: CrmName, code: CrmErrorCode): Words | undefined {
  const name = crmNameWords(crm);
  switch (code) {
    case 'auth':
      return words('crm_fix_auth', { crm: name });
    case 'forbidden':
      return words('crm_fix_forbidden', { crm: name });
    case 'invalid':
      return words('crm_fix_invalid', { crm: name });
    case 'not_connected':
      return words('crm_fix_not_connected', { crm: name });
    default:
      return undefined;
  }
}

/** A CrmError a connector throws for want of a connection, with its words. */
export function notConnected(crm: CrmName, message: string, said?: Words): CrmError {
  return new CrmError(crm, 'not_connected', message, { message: said ?? words('crm_err_not_connected', { crm: crmNameWords(crm) }), fix: fixWordsFor(crm, 'not_connected') }, { fix: fixFor(crm, 'not_connected') });
}

export function fixFor(crm: CrmName, code: CrmErrorCode): string | undefined {
  const name = labelOf(crm);
  switch (code) {
    case 'auth':
      return `Reconnect ${name}: its token was refused (expired or revoked).`;
    case 'forbidden':
      return `Give the ${name} token the scopes Followthrough needs (contacts, deals, emails/activities, tasks), then retry.`;
    case 'invalid':
      return `${name} refused the record; check the contact and deal in ${name}, then retry.`;
    case 'not_connected':
      return `Connect ${name} in Followthrough's popup, then retry.`;
    default:
      return undefined;
  }
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The CRM's own words for an error, from the usual body shapes of HubSpot, Pipedrive and Salesforce. */
function errorDetail(body: unknown): string {
  if (Array.isArray(body)) {
    return body
      .map((e) => (e && typeof e === 'object' ? [(e as Record<string, unknown>).errorCode, (e as Record<string, unknown>).message].filter(Boolean).join(': ') : ''))
      .filter(Boolean)
      .join('; ');
  }
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const key of ['message', 'error', 'error_description']) if (typeof b[key] === 'string') return b[key];
  }
  return '';
}


export interface HttpCall<S extends z.ZodType> {
  crm: CrmName;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  response: S;
  fetch: FetchPort;
  now: () => number;
  timeoutMs: number;
  /** Secrets to strip from any error text (the token, whatever its shape). */
  secrets: readonly string[];
  /** The vendor's own rate-limit signals, read from every refusal (see RateLimitWait). */
  rateLimit?: RateLimitReader;
}

export async function callJson<S extends z.ZodType>(call: HttpCall<S>): Promise<z.output<S>> {
  const { crm } = call;
  const name = labelOf(crm);
  const crmName = crmNameWords(crm);
  const clean = (t: string) => redactSecrets(t, call.secrets).slice(0, 500);
  const what = `${call.method} ${new URL(call.url).pathname}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), call.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await call.fetch(call.url, {
      method: call.method,
      headers: { Accept: 'application/json', ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...call.headers },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
    text = await response.text();
  } catch (error) {
    if (controller.signal.aborted) throw new CrmError(crm, 'timeout', `${name} did not answer ${what} within ${call.timeoutMs} ms`, { message: words('crm_err_timeout', { crm: crmName, what, ms: call.timeoutMs }) });
    const cause = clean(error instanceof Error ? error.message : String(error));
    throw new CrmError(crm, 'network', clean(`${name} could not be reached for ${what}: ${cause}`), { message: words('crm_err_network', { crm: crmName, what, cause }) });
  } finally {
    clearTimeout(timer);
  }
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    if (json === undefined) throw new CrmError(crm, 'bad_response', `${name} answered ${what} with something that is not JSON`, { message: words('crm_err_not_json', { crm: crmName, what }) }, { status });
    const parsed = call.response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const shape = clean(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? '?'}`);
      throw new CrmError(crm, 'bad_response', clean(`${name} answered ${what} in an unexpected shape (${shape})`), { message: words('crm_err_shape', { crm: crmName, what, shape }) }, { status });
    }
    return parsed.data;
  }
  const detail = clean(errorDetail(json));
  const message = `${name} refused ${what} (${status})${detail ? `: ${detail}` : ''}`;
  // Our framing in the rep's language; the vendor's own words (detail) as the vendor wrote them.
  const refused = detail ? words('crm_err_refused_detail', { crm: crmName, what, status: String(status), detail }) : words('crm_err_refused', { crm: crmName, what, status: String(status) });
  const said = (code: CrmErrorCode) => ({ message: refused, fix: fixWordsFor(crm, code) });
  const now = call.now();
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  const limit = call.rateLimit?.({ status, headers: response.headers, body: json, text }, now);
  if (limit) {
    const until = Math.max(limit.until, now);
    const at = new Date(until).toISOString();
    const policy = limit.label ? ` (${limit.label})` : '';
    const spent =
      limit.scope === 'budget'
        ? `${name}'s daily API allowance is used up${policy}; ${limit.estimated ? `looking again at ${at}` : `it resets at ${at}`}`
        : `${name} asked to slow down${policy}; waiting until ${at}`;
    // The vendor's name for its limit, as it wrote it, when it gave one.
    const who: WordArg = limit.label ? words('crm_name_policy', { crm: crmName, policy: limit.label }) : crmName;
    const args = { crm: who, at: { at: until }, refused };
    const spentWords = limit.scope !== 'budget' ? words('crm_err_slow_down', args) : limit.estimated ? words('crm_err_budget_looking', args) : words('crm_err_budget_resets', args);
    throw new CrmError(crm, 'rate_limited', `${spent} — ${message}`, { message: spentWords }, { status, retryAfterMs: until - now, limit: { ...limit, until } });
  }
  if (status === 429) throw new CrmError(crm, 'rate_limited', message, said('rate_limited'), { status, retryAfterMs });
  // Salesforce 2025: the org's daily API allowance answers 403 REQUEST_LIMIT_EXCEEDED — a wait, not a fix.
  if (status === 403 && /REQUEST_LIMIT_EXCEEDED/.test(text)) {
    const wait = retryAfterMs ?? DAILY_PROBE_MS;
    throw new CrmError(crm, 'rate_limited', message, said('rate_limited'), { status, retryAfterMs: wait, limit: { scope: 'budget', until: now + wait, label: 'REQUEST_LIMIT_EXCEEDED', ...(retryAfterMs === undefined ? { estimated: true as const } : {}) } });
  }
  if (status === 401) throw new CrmError(crm, 'auth', message, said('auth'), { status, fix: fixFor(crm, 'auth') });
  if (status === 403) throw new CrmError(crm, 'forbidden', message, said('forbidden'), { status, fix: fixFor(crm, 'forbidden') });
  if (status >= 500) throw new CrmError(crm, 'server', message, said('server'), { status, retryAfterMs });
  if (status === 408) throw new CrmError(crm, 'timeout', message, said('timeout'), { status, retryAfterMs });
  throw new CrmError(crm, 'invalid', message, said('invalid'), { status, fix: fixFor(crm, 'invalid') });
}

/** Join a base URL and a path with its query, keeping the base's own path (a loopback server's prefix). */
export function apiUrl(base: string, path: string, query?: Record<string, string | number | boolean | undefined>): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * How long a read-back (looking for what a lost answer may have written) may keep paging. It is bounded by
 * time, never by a row count: a contact with a long history is read to the end, and a read cut short says
 * "look again later", never "not found" (which would send the write a second time).
 */
export const READ_BACK_BUDGET_MS = 30_000;

/**
 * How often a spent daily budget is looked at again when the vendor does not say when it resets: one
 * request an hour while blocked (the sync holds every other row back meanwhile), and sending resumes within
 * the hour after the reset.
 */
export const DAILY_PROBE_MS = 60 * 60_000;
