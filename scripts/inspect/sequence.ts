import { z } from 'zod';
import { Contact, CountryCode, decide, Instant, MailMessage, StepShape, TimeZone } from '../../lib/sequences';
import type { InspectCommand } from './types';
import { answerLines } from './lines';

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

export const run: InspectCommand = (_args, io) =>
  answerLines(io, Line, ({ workingDays, ...input }) => {
    const { state, reason, next, resumeOn } = decide({ ...input, window: workingDays ? { days: workingDays } : undefined });
    return { state, reason, next, resumeOn };
  });
