import { z } from 'zod';
import { suggestFollowUp } from '../../lib/followup';
import type { InspectCommand } from './types';
import { answerLines } from './lines';

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

export const run: InspectCommand = (_args, io) =>
  answerLines(io, Line, ({ now, tz, text, holidays, workingDays, cadenceDays }) => {
    const { date, reason } = suggestFollowUp({ text, at: Date.parse(now), timeZone: tz, holidays, workingDays, cadenceDays });
    return { date, reason };
  });
