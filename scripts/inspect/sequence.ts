import { createInterface } from 'node:readline';
import { z } from 'zod';
import { Contact, CountryCode, decide, Instant, MailMessage, StepShape, TimeZone } from '../../lib/sequences';
import type { InspectCommand } from './types';

// `npm run inspect -- sequence`: one enrolment per JSON line, answered from the same decide() the extension
// runs. In: {"now","tz","rep","ownDomains","contact","enrolledAt","steps","stopOnCompany","mail"}; contact is an
// address or {"email","aliases","timeZone","country"}. Optional: completed [{step,at}] for task and call steps,
// workingDays (0 = Sunday), repCountry, vacationUntil, resumeOverride. Out:
// {"state","reason","next":{"step","due"}|null,"resumeOn"}. A bad line answers {"error"} and the next is read.

const Line = z.object({
  now: Instant,
  tz: TimeZone,
  rep: z.email(),
  ownDomains: z.array(z.string().min(1).max(253)).max(50),
  contact: z.union([z.email().transform((email) => Contact.parse({ email })), Contact]),
  enrolledAt: Instant,
  steps: z.array(StepShape).min(1).max(50),
  stopOnCompany: z.boolean(),
  mail: z.array(MailMessage).max(5000),
  completed: z.array(z.object({ step: z.number().int().min(0), at: Instant })).max(50).optional(),
  workingDays: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
  repCountry: CountryCode.optional(),
  vacationUntil: z.iso.date().optional(),
  resumeOverride: z.iso.date().optional(),
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
    const { workingDays, ...input } = line.data;
    try {
      const { state, reason, next, resumeOn } = decide({ ...input, window: workingDays ? { days: workingDays } : undefined });
      out(JSON.stringify({ state, reason, next, resumeOn }));
    } catch (e) {
      out(JSON.stringify({ error: (e as Error).message }));
    }
  }
  // Errors are answered in line; the exit status stays 0 so a batch is never mistaken for a crash.
  return 0;
};
