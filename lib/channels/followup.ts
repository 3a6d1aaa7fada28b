import { z } from 'zod';
import { Ack, channel } from '../channel';
import { GmailThreadId, Reminder, Suggestion } from '../records';

// Channels of the followup area. Each is declared once here and spread into lib/messages.ts.

const Day = z.iso.date({ message: 'a date as YYYY-MM-DD' });
const Id = z.string().min(1).max(200);
const Snooze = z.enum(['later-today', 'tomorrow', 'next-week']);

export const followupChannels = {
  'followup.suggestions': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The thread’s open follow-up suggestions (date, reason) for the side panel to accept, re-date or dismiss.',
    request: z.strictObject({ threadId: GmailThreadId }),
    response: z.object({ suggestions: z.array(Suggestion) }),
  }),
  'followup.accept': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Accept a follow-up suggestion (optionally on another date): it becomes a reminder.',
    request: z.strictObject({ suggestionId: Id, date: Day.optional() }),
    response: z.object({ reminder: Reminder }),
  }),
  'followup.changeDate': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Move a follow-up suggestion to another date before accepting it.',
    request: z.strictObject({ suggestionId: Id, date: Day }),
    response: z.object({ suggestion: Suggestion }),
  }),
  'followup.dismiss': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Dismiss a follow-up suggestion.',
    request: z.strictObject({ suggestionId: Id }),
    response: Ack,
  }),
  'followup.reminders': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The thread’s reminders: due first, then waiting, then ended.',
    request: z.strictObject({ threadId: GmailThreadId }),
    response: z.object({ reminders: z.array(Reminder) }),
  }),
  'followup.dueReminders': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Every reminder due now (told to the rep, not yet done or snoozed), oldest first.',
    request: z.strictObject({}),
    response: z.object({ reminders: z.array(Reminder) }),
  }),
  'followup.snooze': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Snooze a reminder until later today, tomorrow or next week (at the start of working hours).',
    request: z.strictObject({ reminderId: Id, until: Snooze }),
    response: z.object({ reminder: Reminder }),
  }),
  'followup.done': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Mark a reminder done.',
    request: z.strictObject({ reminderId: Id }),
    response: z.object({ reminder: Reminder }),
  }),
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
      composeId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'a compose id of 6–64 letters, digits, _ or -'),
      threadId: GmailThreadId.optional(),
      subject: z.string().max(1000),
      to: z.array(z.email()).max(100),
      date: Day,
      evenIfReplied: z.boolean().default(false),
    }),
    response: z.object({ reminderId: z.string() }),
  }),
} as const;
