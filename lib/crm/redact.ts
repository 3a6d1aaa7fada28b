// Tokens never reach a log, an error, a stored row or the screen. Known secrets are replaced wherever they
// appear; shapes that look like credentials are replaced even when we did not know the value.

export const REDACTED = '[redacted]';

const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/!-]{12,}=*/gi, `$1 ${REDACTED}`],
  [/\b(api_token|access_token|refresh_token|x-api-token|client_secret|code_verifier|token)(["']?\s*[=:]\s*["']?)[^\s&"',;}]+/gi, `$1$2${REDACTED}`],
  // HubSpot private-app tokens (pat-<region>-<uuid>) and Salesforce session ids (<org id>!<secret>).
  [/\bpat-[a-z0-9]{2,5}-[0-9a-f-]{16,}/gi, REDACTED],
  [/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]+/g, REDACTED],
];

export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
