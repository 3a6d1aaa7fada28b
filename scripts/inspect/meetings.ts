import { z } from 'zod';
import { readReply } from '../../lib/meetings/reply';
import { isTimeZone } from '../../lib/meetings/schema';
import { answerLines } from './lines';
import type { InspectCommand } from './types';

// `npm run inspect -- meetings`: one JSON line {"now","tz","proposed":[{"start","end"},…],"text"} in (ISO times;
// optional "repTz", the rep's zone, tried when the reply's times fit nothing in "tz"), one
// {"slot": <0-based index or null>, "reason"} out, in order. A bad line answers {"error"} and the next is read.

const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date and time');
const Zone = z.string().refine(isTimeZone, 'not a time zone name');

const Line = z.object({
  now: Instant,
  tz: Zone,
  repTz: Zone.optional(),
  proposed: z
    .array(z.object({ start: Instant, end: Instant }).refine((s) => Date.parse(s.end) > Date.parse(s.start), 'a slot must end after it starts'))
    .min(1)
    .max(10),
  text: z.string().max(200_000),
});

export const run: InspectCommand = (_args, io) =>
  answerLines(io, Line, ({ now, tz, repTz, proposed, text }) => {
    const r = readReply({
      now: Date.parse(now),
      timeZone: tz,
      repTimeZone: repTz,
      proposed: proposed.map((p) => ({ start: Date.parse(p.start), end: Date.parse(p.end) })),
      text,
    });
    // "none" and "again" both pick no slot; the reason says which ("asks for other times …").
    return { slot: r.kind === 'pick' ? r.slot : null, reason: r.kind === 'again' ? `propose again: ${r.reason}` : r.reason };
  });
