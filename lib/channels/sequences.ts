import { z } from 'zod';
import { issue } from '../issue-words';
import { channel } from '../channel';
import { CountryCode, GmailThreadId, IanaTimeZone } from '../records';
import { SendWindow, Step } from '../sequences/schema';
import { EnrolmentRow, SequenceRow } from '../sequences/rows';
import { TodayAction, TodayActResult, TodayItem } from '../today/source';
import { Words } from '../words';

// Channels of the sequences area (lib/handlers/sequences.ts). Each is declared once here and spread into
// lib/messages.ts. The due steps reach Today through lib/sequences/today-source.ts; `sequences.due` and
// `sequences.act` read and act on them through that same source for the side panel's enrolment view.

const SequenceId = z.string().min(1).max(200);
const EnrolmentId = z.string().min(1).max(500);
const Email = z.email().max(320);

const SequenceView = SequenceRow.extend({ running: z.number().int(), total: z.number().int() });
const Reach = z.object({
  enrolmentId: z.string(),
  contactEmail: z.string(),
  /** The contact's name, when the contacts list knows them. */
  contactName: z.string().optional(),
  /** The step the enrolment is on (index), for "on step 2". */
  nextStep: z.number().int().optional(),
  state: z.string().optional(),
  reaches: z.boolean(),
  why: z.string(),
});
const EnrolmentView = EnrolmentRow.extend({ sequenceName: z.string(), steps: z.number().int() });
const Skipped = z.array(z.object({ email: z.string(), reason: z.string(), words: Words.optional() }));
const SequenceEdit = z.strictObject({
  id: SequenceId.optional(),
  name: z.string().trim().min(1, issue('a sequence needs a name', 'issue_sequence_name')).max(200),
  steps: z.array(Step).min(1, issue('a sequence needs at least one step', 'issue_sequence_steps')).max(50),
  window: SendWindow.optional(),
  stopOnCompany: z.boolean().optional(),
});

export const sequencesChannels = {
  'sequences.list': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The newest version of every sequence, with how many enrolments run on it.',
    request: z.strictObject({}),
    response: z.object({ sequences: z.array(SequenceView) }),
  }),
  'sequences.save': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Create a sequence, or edit one (a new version); answers which enrolments the edit reaches. None moves until the rep applies it.',
    request: z.strictObject({ sequence: SequenceEdit }),
    response: z.object({ sequence: SequenceRow, reach: z.array(Reach) }),
  }),
  'sequences.reach': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Which enrolments an edit would reach, before it is saved.',
    request: z.strictObject({ sequence: SequenceEdit.extend({ id: SequenceId }) }),
    response: z.object({ reach: z.array(Reach) }),
  }),
  'sequences.apply': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Move the chosen enrolments onto the newest version of their sequence.',
    request: z.strictObject({ sequenceId: SequenceId, enrolmentIds: z.array(EnrolmentId).max(5000) }),
    response: z.object({ moved: z.number().int() }),
  }),
  'sequences.delete': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Delete a sequence: nothing new is enrolled and what still runs on it stops.',
    request: z.strictObject({ sequenceId: SequenceId }),
    response: z.object({ stopped: z.number().int() }),
  }),
  'sequences.enrol': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Enrol people (from a thread, or the filtered contacts list) in a sequence; answers who was skipped and why.',
    request: z.strictObject({
      sequenceId: SequenceId,
      people: z.array(z.strictObject({ email: z.string().max(320), threadId: GmailThreadId.optional(), subject: z.string().max(1000).optional() })).min(1).max(5000),
    }),
    response: z.object({ enrolled: z.array(EnrolmentRow), skipped: Skipped }),
  }),
  'sequences.enrolCsv': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Enrol the addresses of a CSV file (read like a contacts import); answers the lines it refused.',
    request: z.strictObject({ sequenceId: SequenceId, csv: z.string().min(1).max(5_000_000) }),
    response: z.object({ enrolled: z.array(EnrolmentRow), skipped: Skipped, errors: z.array(z.object({ line: z.number().int(), email: z.string().optional(), message: z.string(), messageWords: Words.optional() })) }),
  }),
  'sequences.enrolments': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'One person’s enrolments (any of their addresses), or one sequence’s, with the state and its reason.',
    request: z.strictObject({ email: Email.optional(), sequenceId: SequenceId.optional() }),
    response: z.object({ enrolments: z.array(EnrolmentView) }),
  }),
  'sequences.control': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Pause, resume or stop one enrolment by hand (resume may name the day after an out-of-office).',
    request: z.strictObject({ enrolmentId: EnrolmentId, action: z.enum(['pause', 'resume', 'stop']), resumeOn: z.iso.date().optional() }),
    response: z.object({ enrolment: EnrolmentRow }),
  }),
  'sequences.vacation': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The vacation switch: pause every enrolment until a day, or (no day) switch it off and re-space what fell due.',
    request: z.strictObject({ until: z.iso.date().optional() }),
    response: z.object({ until: z.iso.date().optional() }),
  }),
  'sequences.contactPlace': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Set a contact’s time zone and country (the send window and holidays of their sequences); empty clears one.',
    request: z.strictObject({ email: Email, timeZone: z.union([IanaTimeZone, z.literal('')]), country: z.union([CountryCode, z.literal('')]) }),
    response: z.object({ timeZone: z.string().optional(), country: z.string().optional(), replanned: z.number().int() }),
  }),
  'gmail.composeNew': channel({
    from: 'background',
    to: 'gmail',
    kind: 'request',
    description: 'Open a new message with Gmail’s Compose button and fill To, Subject and the text (a new-thread sequence step); never sends.',
    request: z.strictObject({ to: Email, subject: z.string().max(1000), text: z.string().min(1).max(20_000) }),
    response: z.object({ opened: z.boolean(), error: z.string().optional() }),
  }),
  'sequences.due': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The due sequence steps, as Today items (after running what fell due).',
    request: z.strictObject({}),
    response: z.object({ items: z.array(TodayItem) }),
  }),
  'sequences.act': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Carry out the rep’s action on a due step: insert its text into Gmail (never sent), done, skip or snooze.',
    request: z.strictObject({ itemId: z.string().min(1).max(600), action: TodayAction, tabId: z.number().int().optional(), until: z.number().int().optional() }),
    response: TodayActResult,
  }),
} as const;
