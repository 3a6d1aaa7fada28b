import { createInterface } from 'node:readline';
import { detectIntent } from '../../lib/drafts/intent';
import type { InspectCommand } from './types';

// `npm run inspect -- intent`: one JSON object per line on stdin, {"text", "subject"?}; one line out per line in,
// in order: {"intent","reason","signals"}, or {"error"} for a line that is not such an object (blank lines too).
// Never stops early.

export const run: InspectCommand = async (_args, { stdin, out }) => {
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) {
      out(JSON.stringify({ error: 'empty line' }));
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      out(JSON.stringify({ error: `not JSON: ${error instanceof Error ? error.message : String(error)}` }));
      continue;
    }
    const v = value as { text?: unknown; subject?: unknown } | null;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.text !== 'string') {
      out(JSON.stringify({ error: 'expected an object with a "text" string' }));
      continue;
    }
    const result = detectIntent(v.text, typeof v.subject === 'string' ? v.subject : '');
    out(JSON.stringify({ intent: result.intent, reason: result.reason, signals: result.signals }));
  }
  // Malformed lines are answered in-band; the command itself succeeded.
  return 0;
};
