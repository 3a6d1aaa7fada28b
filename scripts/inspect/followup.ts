import { createInterface } from 'node:readline';
import { z } from 'zod';
import { suggestFollowUp } from '../../lib/followup';
import type { InspectCommand } from './types';

// `npm run inspect -- followup`: one JSON line {"now","tz","text"} in, one {"date","reason"} out, in order.
// Optional fields: holidays (YYYY-MM-DD list), workingDays (0 = Sunday), cadenceDays. A bad line answers
// {"error"} and the next line is read.

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not a time zone name');

const Line = z.object({
  now: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date and time'),
  tz: TimeZone,
  text: z.string().max(200_000),
  holidays: z.array(z.iso.date()).max(400).optional(),
  workingDays: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
  cadenceDays: z.number().int().min(1).max(365).optional(),
});

export const run: InspectCommand = async (_args, { stdin, out }) => {
  for await (const raw of createInterface({ input: stdin, crlfDelay: Infinity })) {
    if (!raw.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      out(JSON.stringify({ error: `not JSON: ${(e as Error).message}` }));
      continue;
    }
    const line = Line.safeParse(json);
    if (!line.success) {
      out(JSON.stringify({ error: line.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ') }));
      continue;
    }
    const { now, tz, text, holidays, workingDays, cadenceDays } = line.data;
    try {
      const { date, reason } = suggestFollowUp({ text, at: Date.parse(now), timeZone: tz, holidays, workingDays, cadenceDays });
      out(JSON.stringify({ date, reason }));
    } catch (e) {
      out(JSON.stringify({ error: (e as Error).message }));
    }
  }
  // Errors are answered in line; the exit status stays 0 so a batch is never mistaken for a crash.
  return 0;
};
