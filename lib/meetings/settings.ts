import { z } from 'zod';
import { AvailabilityRules } from './schema';
import { issue } from '../issue-words';

// The rep's meeting settings, one block of lib/settings.ts. A rep who never opens them gets weekdays 9–17 in
// the zone of their working hours (filled in by the background when `availability.timeZone` is empty).

const weekday = [{ start: '09:00', end: '17:00' }];

export const MeetingSettings = z.object({
  availability: AvailabilityRules.default(
    AvailabilityRules.parse({ timeZone: 'UTC', weekly: [[], weekday, weekday, weekday, weekday, weekday, []] }),
  ),
  /** Follow the zone of the working hours instead of `availability.timeZone` (the default). */
  useWorkingHoursZone: z.boolean().default(true),
  /** An iCalendar address of the rep's calendar (read-only busy time); its host is asked for when added. */
  calendarFeedUrl: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => u === '' || /^(https|webcals?):\/\/[^\s/]+\/\S*$/i.test(u), issue('an https:// or webcal:// address', 'issue_feed_url'))
    .default(''),
  /** The rep's own booking page (Cal.com, Calendly, a Google appointment page), added under proposed times. */
  bookingLink: z
    .string()
    .trim()
    .max(1000)
    .refine((u) => u === '' || /^https:\/\/[^\s/]+(\/\S*)?$/i.test(u), issue('an https:// address', 'issue_https_url'))
    .default(''),
  /** How many times "Propose times" suggests (3–5). */
  proposeCount: z.number().int().min(3).max(5).default(3),
});
export type MeetingSettings = z.infer<typeof MeetingSettings>;
