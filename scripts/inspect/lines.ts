import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { InspectIo } from './types';

/** A line's problems in one string: each field's path (or "(line)") and what is wrong with it. */
export const describeLine = (error: z.ZodError): string => error.issues.map((i) => `${i.path.map(String).join('.') || '(line)'}: ${i.message}`).join('; ');

/**
 * The loop of the line-by-line inspect subjects: stdin is read one JSON line at a time, each checked with
 * `schema` and answered by `answer`, one line out per line in, in order. A line that is not JSON, does not fit
 * the schema, or that `answer` throws on is answered {"error"} and the next line is read; blank lines are
 * passed over. Errors are answered in line, so the exit status stays 0 and a batch is never mistaken for a crash.
 */
export async function answerLines<S extends z.ZodType>({ stdin, out }: InspectIo, schema: S, answer: (line: z.output<S>) => unknown): Promise<number> {
  for await (const raw of createInterface({ input: stdin, crlfDelay: Infinity })) {
    if (!raw.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      out(JSON.stringify({ error: `not JSON: ${(e as Error).message}` }));
      continue;
    }
    const line = schema.safeParse(json);
    if (!line.success) {
      out(JSON.stringify({ error: describeLine(line.error) }));
      continue;
    }
    try {
      out(JSON.stringify(answer(line.data)));
    } catch (e) {
      out(JSON.stringify({ error: e instanceof z.ZodError ? describeLine(e) : (e as Error).message }));
    }
  }
  return 0;
}
