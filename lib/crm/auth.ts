import { z } from 'zod';
import type { KeyValuePort } from '../settings';
import { callJson } from './connectors/http';
import { SALESFORCE_INSTANCE } from './connectors/salesforce';
import { CrmCredentials, type FetchPort, type RemoteCrmName } from './connectors/types';
import { redactSecrets } from './redact';
import { words, type Words } from '../words';
import { SALESFORCE_SCOPES } from './connect-help';

// Where CRM credentials live and how the rep gets them. Tokens are kept under their own key in the storage
// the background passes in — the secret store in the extension's own IndexedDB (lib/secrets.ts), never
// storage.local (content scripts read it), never inside the settings object (so never in an export) — and
// every error that could carry one is redacted.

export const CREDENTIALS_KEY = 'crmCredentials';

const Stored = z.record(z.string(), z.unknown());

export class CredentialStore {
  /** Every token we know, for redaction; filled on each read so redaction works before any call. */
  private known = new Set<string>();

  constructor(private readonly storage: KeyValuePort) {}

  private async all(): Promise<Partial<Record<RemoteCrmName, CrmCredentials>>> {
    const raw = Stored.safeParse(await this.storage.get(CREDENTIALS_KEY));
    const out: Partial<Record<RemoteCrmName, CrmCredentials>> = {};
    if (!raw.success) return out;
    for (const [crm, value] of Object.entries(raw.data)) {
      const parsed = CrmCredentials.safeParse(value);
      // A stored entry that no longer validates is dropped: the rep reconnects.
      if (parsed.success && parsed.data.crm === crm) {
        out[parsed.data.crm] = parsed.data;
        this.remember(parsed.data);
      }
    }
    return out;
  }

  private remember(c: CrmCredentials) {
    this.known.add(c.accessToken);
    if (c.refreshToken) this.known.add(c.refreshToken);
  }

  async get(crm: RemoteCrmName): Promise<CrmCredentials | undefined> {
    return (await this.all())[crm];
  }

  async set(credentials: CrmCredentials): Promise<void> {
    const valid = CrmCredentials.parse(credentials);
    this.remember(valid);
    await this.storage.set(CREDENTIALS_KEY, { ...(await this.all()), [valid.crm]: valid });
  }

  async remove(crm: RemoteCrmName): Promise<void> {
    const all = await this.all();
    delete all[crm];
    await this.storage.set(CREDENTIALS_KEY, all);
  }

  /** Which CRMs are connected, and as whom: no secret leaves this. */
  async summary(): Promise<Partial<Record<RemoteCrmName, { method: 'token' | 'oauth'; account?: string; connectedAt: number }>>> {
    const all = await this.all();
    return Object.fromEntries(Object.entries(all).map(([crm, c]) => [crm, { method: c.method, account: c.account, connectedAt: c.connectedAt }]));
  }

  /** Text with every known token removed. */
  redact(text: string): string {
    return redactSecrets(text, [...this.known]);
  }

  async secrets(): Promise<string[]> {
    await this.all();
    return [...this.known];
  }
}

/** Asks for the CRM API host permission; the popup passes browser.permissions (needs the rep's click). */
export interface PermissionPort {
  contains(origins: readonly string[]): Promise<boolean>;
  request(origins: readonly string[]): Promise<boolean>;
}

/** identity.launchWebAuthFlow behind a port, so the OAuth flow is tested with a fake. */
export interface WebAuthPort {
  redirectUrl(): string;
  /** Opens the provider's sign-in; resolves with the URL the provider redirected to. */
  launch(url: string): Promise<string>;
}

export interface SalesforceOAuthConfig {
  clientId: string;
  /** https://login.salesforce.com, https://test.salesforce.com (sandboxes) or the org's My Domain. */
  loginUrl: string;
}

const TokenResponse = z.object({
  access_token: z.string().min(8),
  refresh_token: z.string().optional(),
  instance_url: z.url(),
  id: z.string().optional(),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
});

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** PKCE (RFC 7636): a random verifier and its S256 challenge. */
export async function pkcePair(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  const verifier = base64url(random(48));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  return { verifier, challenge };
}

export class OAuthError extends Error {
  constructor(
    message: string,
    /** The message for the rep, in their language (lib/words.ts); Salesforce's own text inside it as written. */
    readonly words?: Words,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

// Scopes (api refresh_token openid) and the admin's setup steps live in connect-help.ts, checked 2026-12-06
// against Salesforce Help ("Query for User Information": UserInfo needs openid or id), the External Client
// App guides and login.salesforce.com/.well-known/openid-configuration.
export { SALESFORCE_SCOPES, SALESFORCE_SETUP_STEPS } from './connect-help';

/**
 * Salesforce's OAuth 2.0 web-server flow with PKCE (External Client Apps require PKCE and let a public client
 * skip the secret; checked 2026-12-06), through the browser's own sign-in window. Resolves with stored-ready
 * credentials; never puts a token in an error.
 */
export async function connectSalesforceOAuth(options: {
  config: SalesforceOAuthConfig;
  webAuth: WebAuthPort;
  fetch: FetchPort;
  now: () => number;
  random?: (n: number) => Uint8Array;
  /** Tests only: accept a loopback instance URL. */
  allowInstance?: (url: string) => boolean;
}): Promise<CrmCredentials> {
  const { config, webAuth, now } = options;
  if (!config.clientId) throw new OAuthError('Set up Salesforce sign-in first: Options → CRM sign-in → the External Client App’s Consumer Key.', words('sf_setup_first'));
  const login = new URL(config.loginUrl);
  const random = options.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const { verifier, challenge } = await pkcePair(random);
  const state = base64url(random(16));
  const redirectUri = webAuth.redirectUrl();
  const authorize = new URL('/services/oauth2/authorize', login);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    scope: SALESFORCE_SCOPES.join(' '),
  }).toString();

  let returned: URL;
  try {
    returned = new URL(await webAuth.launch(authorize.toString()));
  } catch (error) {
    const detail = redactSecrets(error instanceof Error ? error.message : String(error));
    throw new OAuthError(`Salesforce sign-in did not finish: ${detail}`, words('sf_signin_unfinished', { detail }));
  }
  const params = returned.searchParams;
  if (params.get('error')) {
    const detail = redactSecrets(params.get('error_description') ?? params.get('error') ?? '');
    throw new OAuthError(`Salesforce refused the sign-in: ${detail}`, words('sf_signin_refused', { detail }));
  }
  if (params.get('state') !== state) throw new OAuthError('Salesforce sign-in answered for another request (state mismatch); try again.', words('sf_signin_state'));
  const code = params.get('code');
  if (!code) throw new OAuthError('Salesforce sign-in returned no authorization code.', words('sf_signin_no_code'));

  const tokenUrl = new URL('/services/oauth2/token', login).toString();
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: config.clientId, redirect_uri: redirectUri, code_verifier: verifier });
  let response: Response;
  try {
    response = await options.fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: body.toString(), credentials: 'omit' });
  } catch (error) {
    const detail = redactSecrets(error instanceof Error ? error.message : String(error), [code, verifier]);
    throw new OAuthError(`Salesforce could not be reached: ${detail}`, words('sf_unreachable', { detail }));
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = json && typeof json === 'object' ? String((json as Record<string, unknown>).error_description ?? (json as Record<string, unknown>).error ?? '') : '';
    const said = redactSecrets(detail, [code, verifier]);
    throw new OAuthError(`Salesforce refused the token exchange (${response.status})${detail ? `: ${said}` : ''}`, words('sf_exchange_refused', { status: String(response.status), detail: said || '—' }));
  }
  const token = TokenResponse.safeParse(json);
  if (!token.success) throw new OAuthError('Salesforce answered the token exchange in an unexpected shape.', words('sf_exchange_shape'));
  const instance = token.data.instance_url.replace(/\/+$/, '');
  if (!SALESFORCE_INSTANCE.test(instance) && !options.allowInstance?.(instance)) {
    throw new OAuthError('Salesforce returned an instance URL that is not a *.my.salesforce.com address.', words('sf_exchange_instance'));
  }
  return CrmCredentials.parse({
    crm: 'salesforce',
    method: 'oauth',
    accessToken: token.data.access_token,
    refreshToken: token.data.refresh_token,
    instanceUrl: instance,
    connectedAt: now(),
  });
}

/**
 * A new access token from a Salesforce refresh token; the caller stores it. External Client Apps rotate
 * refresh tokens (2026): the answer may carry a new refresh token, which replaces the old one.
 */
export async function refreshSalesforce(options: { credentials: CrmCredentials; config: SalesforceOAuthConfig; fetch: FetchPort; now: () => number }): Promise<CrmCredentials> {
  const { credentials } = options;
  if (!credentials.refreshToken) throw new OAuthError('No refresh token: reconnect Salesforce.', words('sf_no_refresh_token'));
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.refreshToken, client_id: options.config.clientId });
  const answer = await callJson({
    crm: 'salesforce',
    method: 'POST',
    url: new URL('/services/oauth2/token', options.config.loginUrl).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: undefined,
    response: TokenResponse.partial({ instance_url: true }),
    fetch: (url, init) => options.fetch(url, { ...init, body: body.toString() }),
    now: options.now,
    timeoutMs: 20_000,
    secrets: [credentials.accessToken, credentials.refreshToken],
  });
  return CrmCredentials.parse({ ...credentials, accessToken: answer.access_token, refreshToken: answer.refresh_token ?? credentials.refreshToken });
}
