/** An error in the rep's words: the channel name the router prefixes is for logs, not for people. */
export function userMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^[a-z]+(\.[A-Za-z]+)+: /, '');
}
