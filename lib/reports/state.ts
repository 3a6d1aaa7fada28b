import { z } from 'zod';

/** Where the reports rollup stands: the engine events it has read, and the time zone its days are in. */
export const ReportState = z.object({
  id: z.literal('rollup'),
  /** The `at` of the newest engine event read; later events are read on the next catch-up. */
  cursorAt: z.number().int().nonnegative(),
  /** Ids of the events read at exactly `cursorAt` (events can share a millisecond). */
  cursorIds: z.array(z.string().max(300)).max(500).default([]),
  /** The rep's working-hours zone the days were cut in: a change of zone rebuilds them. */
  timeZone: z.string().min(1).max(100),
  builtAt: z.number().int().nonnegative(),
  /** Templates the rep inserted as a draft on a thread, waiting for the send that used them (newest 200). */
  pendingTemplates: z.array(z.object({ threadId: z.string().max(200), templateId: z.string().max(100), at: z.number().int() })).max(200).default([]),
});
export type ReportState = z.infer<typeof ReportState>;
