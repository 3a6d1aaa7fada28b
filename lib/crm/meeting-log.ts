import { z } from 'zod';
import { RemoteCrmName } from './connectors/types';

// A meeting written to the team's CRM (HubSpot meeting engagement, Pipedrive activity of type meeting,
// Salesforce Event) through the outbox. One row per meeting and invitation SEQUENCE, so a reschedule or a
// cancel is a new row that updates the same remote record, and a row run twice writes once. The meetings
// area (lib/meetings/service.ts) enqueues it; each connector writes it (lib/crm/connectors/*).

export const MEETING_LOG_KIND = 'crm.logMeeting';

const Timestamp = z.number().int().nonnegative();

export const MeetingLogJob = z
  .object({
    crm: RemoteCrmName,
    /** The local meeting row's id: the key the remote record is found again by. */
    meetingId: z.string().min(1).max(200),
    /** The invitation's UID and SEQUENCE (lib/meetings/invitation.ts). */
    uid: z.string().min(1).max(300),
    sequence: z.number().int().min(0).max(10_000),
    status: z.enum(['booked', 'cancelled']),
    title: z.string().min(1).max(300),
    start: Timestamp,
    end: Timestamp,
    /** The prospect the meeting is with: the CRM contact (person) it is associated with. */
    contactEmail: z.email().max(320),
    contactName: z.string().max(200).default(''),
    organizerEmail: z.email().max(320),
    attendees: z.array(z.object({ email: z.email().max(320), name: z.string().max(200).default('') })).min(1).max(50),
    /** Why it was booked, as the rep saw it; written as the meeting's body/notes. */
    note: z.string().max(2000).default(''),
  })
  .refine((j) => j.end > j.start, { message: 'a meeting must end after it starts', path: ['end'] });
export type MeetingLogJob = z.infer<typeof MeetingLogJob>;

export const meetingLogJobId = (crm: string, meetingId: string, sequence: number) => `crm:${crm}:meeting:${meetingId}:${sequence}`;
