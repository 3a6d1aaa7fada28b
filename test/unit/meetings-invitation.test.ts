import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { googleCalendarLink, invitationIcs } from '../../lib/meetings/invitation';
import { MeetingRow } from '../../lib/meetings/records';

const meeting = MeetingRow.parse({
  id: 'm1',
  uid: 'mtg-1f2e@followthrough.invalid',
  sequence: 0,
  status: 'booked',
  title: 'Priya Raman / Sam Rep',
  start: Date.parse('2026-12-10T20:00:00Z'),
  end: Date.parse('2026-12-10T20:30:00Z'),
  organizer: { email: 'sam@own.example', name: 'Sam Rep' },
  attendees: [{ email: 'priya@acme.example', name: 'Priya Raman' }],
  createdAt: 1,
  updatedAt: 1,
});

// Read back with ical.js, the maintained parser, not with our own code.
function readBack(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const ev = cal.getFirstSubcomponent('vevent')!;
  return {
    method: cal.getFirstPropertyValue('method'),
    uid: ev.getFirstPropertyValue('uid'),
    sequence: ev.getFirstPropertyValue('sequence'),
    status: ev.getFirstPropertyValue('status'),
    start: (ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime(),
    end: (ev.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().getTime(),
    organizer: String(ev.getFirstPropertyValue('organizer')).replace(/^mailto:/i, 'mailto:'),
    attendees: ev.getAllProperties('attendee').map((a) => ({ value: a.getFirstValue(), cn: a.getParameter('cn'), rsvp: a.getParameter('rsvp') })),
  };
}

describe('the invitation', () => {
  it('round-trips METHOD, UID, SEQUENCE, times, organizer and attendees through ical.js', () => {
    expect(readBack(invitationIcs(meeting))).toEqual({
      method: 'REQUEST',
      uid: 'mtg-1f2e@followthrough.invalid',
      sequence: 0,
      status: 'CONFIRMED',
      start: meeting.start,
      end: meeting.end,
      organizer: 'mailto:sam@own.example',
      attendees: [{ value: 'mailto:priya@acme.example', cn: 'Priya Raman', rsvp: 'TRUE' }],
    });
  });

  it('a reschedule keeps the UID with a higher SEQUENCE; a cancel is METHOD:CANCEL', () => {
    const moved = { ...meeting, sequence: 1, start: meeting.start + 3_600_000, end: meeting.end + 3_600_000 };
    expect(readBack(invitationIcs(moved))).toMatchObject({ method: 'REQUEST', uid: meeting.uid, sequence: 1, start: moved.start });
    expect(readBack(invitationIcs({ ...moved, sequence: 2, status: 'cancelled' }))).toMatchObject({ method: 'CANCEL', uid: meeting.uid, sequence: 2, status: 'CANCELLED' });
  });

  it('links to a prefilled Google Calendar event', () => {
    const url = new URL(googleCalendarLink(meeting));
    expect(url.host).toBe('calendar.google.com');
    expect(url.searchParams.get('dates')).toBe('20261210T200000Z/20261210T203000Z');
    expect(url.searchParams.get('add')).toBe('priya@acme.example');
  });
});
