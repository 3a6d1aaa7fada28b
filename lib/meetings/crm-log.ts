import type { RemoteCrmName } from '../crm/connectors/types';
import { MEETING_LOG_KIND, MeetingLogJob, meetingLogJobId } from '../crm/meeting-log';
import type { OutboxRow } from '../records';
import type { MeetingRow } from './records';

// The meeting written to the team's CRM (lib/crm/meeting-log.ts is the contract; the connectors run the rows):
// one outbox row per connected remote CRM and per invitation SEQUENCE, so booking, each reschedule and the cancel
// are rows of their own that update one remote record, and the same change queued twice is one row.

/** The outbox rows for this state of the meeting, one per CRM; validated against the contract before storing. */
export function meetingLogRows(meeting: MeetingRow, crms: readonly RemoteCrmName[], now: number): OutboxRow[] {
  const person = meeting.attendees[0]!;
  return [...new Set(crms)].map((crm) => ({
    id: meetingLogJobId(crm, meeting.id, meeting.sequence),
    kind: MEETING_LOG_KIND,
    payload: MeetingLogJob.parse({
      crm,
      meetingId: meeting.id,
      uid: meeting.uid,
      sequence: meeting.sequence,
      status: meeting.status,
      title: meeting.title,
      start: meeting.start,
      end: meeting.end,
      contactEmail: person.email,
      contactName: person.name,
      organizerEmail: meeting.organizer.email,
      attendees: meeting.attendees,
      note: meeting.reason,
    }),
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  }));
}
