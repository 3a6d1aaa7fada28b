import { say } from '../say';
import { wordsOfError } from '../words';

/**
 * An error in the rep's words: said in their language when the background gave it words (lib/words.ts
 * WordsError, carried back by the router); otherwise its text, without the channel name the router prefixes
 * for logs.
 */
export function userMessage(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/^[a-z]+(\.[A-Za-z]+)+: /, '');
  return say(wordsOfError(error), text);
}
