import { createEvent, type EventAttributes } from 'ics';
import type { MeetingRow } from './records';
import { WordsError, words } from '../words';

// The invitation the rep sends: an iCalendar REQUEST (or CANCEL) built by the `ics` package, with the meeting's
// stable UID and its SEQUENCE (raised on each reschedule or cancel) so the prospect's calendar updates the one
// event instead of adding another (RFC 5546 §2.1.4, §3.2.2, §3.2.5). Where Gmail cannot take the file, a
// prefilled Google Calendar link does the same job by hand.

export type InvitationMethod = 'REQUEST' | 'CANCEL';

export function invitationIcs(meeting: MeetingRow, method: InvitationMethod = meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST', description = ''): string {
  const event: EventAttributes = {
    start: meeting.start,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: meeting.end,
    endInputType: 'utc',
    endOutputType: 'utc',
    title: meeting.title,
    description: description || undefined,
    uid: meeting.uid,
    sequence: meeting.sequence,
    method,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: meeting.organizer.name || undefined, email: meeting.organizer.email },
    attendees: meeting.attendees.map((a) => ({ name: a.name || undefined, email: a.email, rsvp: true, partstat: 'NEEDS-ACTION', role: 'REQ-PARTICIPANT' })),
    productId: 'followthrough/meetings',
    calName: undefined,
  };
  const { error, value } = createEvent(event);
  if (error || !value) throw new WordsError(words('err_invitation_not_built', { error: error?.message ?? 'no output' }), `The invitation could not be built: ${error?.message ?? 'no output'}`);
  return value;
}

const gcalTime = (at: number) => new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A Google Calendar "create event" link, prefilled (calendar.google.com/calendar/render?action=TEMPLATE). */
export function googleCalendarLink(meeting: MeetingRow, details = ''): string {
  const url = new URL('https://calendar.google.com/calendar/render');
  url.searchParams.set('action', 'TEMPLATE');
  url.searchParams.set('text', meeting.title);
  url.searchParams.set('dates', `${gcalTime(meeting.start)}/${gcalTime(meeting.end)}`);
  if (details) url.searchParams.set('details', details);
  url.searchParams.set('add', meeting.attendees.map((a) => a.email).join(','));
  return url.href;
}

/** What the reply says beside the invitation: with the file attached, and without it (the link instead). */
export function invitationReplyText(meeting: MeetingRow, when: string, calendarLink: string): { method: InvitationMethod; text: string; fallbackText: string } {
  if (meeting.status === 'cancelled') {
    return {
      method: 'CANCEL',
      text: `I've had to cancel our meeting on ${when}. The cancellation is attached, so it leaves your calendar.`,
      fallbackText: `I've had to cancel our meeting on ${when}; please remove it from your calendar.`,
    };
  }
  const lead = meeting.sequence > 0 ? `I've moved our meeting to ${when}` : `I've booked ${when}`;
  const file = meeting.sequence > 0 ? 'the updated calendar invitation' : 'the calendar invitation';
  return {
    method: 'REQUEST',
    text: `${lead} — ${file} is attached.`,
    fallbackText: `${lead}. Add it to your calendar here: ${calendarLink}`,
  };
}
