import { z } from 'zod';
import { issue } from '../issue-words';
import { channel } from '../channel';
import { GmailThreadId } from '../records';

// Channels of the followup area: "Remind me" in Gmail's compose. The side panel accepts follow-up suggestions and
// ends or snoozes reminders through `ui.suggestion.*` and `ui.reminder.*` (lib/channels/ui.ts), one path each.
// Each is declared once here and spread into lib/messages.ts.

const Day = z.iso.date({ message: issue('a date as YYYY-MM-DD', 'issue_date') });

export const followupChannels = {
  'followup.composeDates': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: 'The dates "Remind me" offers in compose: the one read from the draft (or the cadence) and +3 working days.',
    request: z.strictObject({ text: z.string().max(200_000) }),
    response: z.object({ suggested: z.object({ date: Day, reason: z.string() }), plusThree: Day, today: Day }),
  }),
  'followup.remindMe': channel({
    from: 'gmail',
    to: 'background',
    kind: 'request',
    description: '"Remind me" chosen in compose: a reminder that starts once Gmail confirms this send.',
    request: z.strictObject({
      composeId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, issue('a compose id of 6–64 letters, digits, _ or -', 'issue_compose_id')),
      threadId: GmailThreadId.optional(),
      subject: z.string().max(1000),
      to: z.array(z.email()).max(100),
      date: Day,
      evenIfReplied: z.boolean().default(false),
    }),
    response: z.object({ reminderId: z.string() }),
  }),
} as const;
