import { describe, expect, it } from 'vitest';
import { MeetingsService, proposalText } from '@/lib/meetings/service';
import { meetingsSetup } from '../support/meetings';

// Monday 09:00 in New York.
const setup = (feed?: string) => meetingsSetup('meet-svc', { start: Date.parse('2026-12-07T14:00:00Z'), feed });

describe('meetings: propose, read the reply, book', () => {
  it('holds proposed times, reads "Thursday at 3pm works", books it with the invitation and the engine event', async () => {
    const { db, service, events, tick } = setup();
    await db.contacts.add({ id: 'c1', name: 'Priya Raman', email: 'priya@acme.example', altEmails: [], emails: ['priya@acme.example'], source: 'local', createdAt: 1, updatedAt: 1 });
    const offered = await service.suggest({ recipientZone: 'America/New_York', count: 3 });
    expect(offered.slots).toHaveLength(3);
    const thursday = { start: Date.parse('2026-12-10T20:00:00Z'), end: Date.parse('2026-12-10T20:30:00Z') };
    const { proposal, text } = await service.hold({ threadId: 'thread-f:1', contactEmail: 'priya@acme.example', contactName: 'Priya Raman', slots: [offered.slots[0]!, thursday], recipientZone: 'Europe/London' });
    expect(text).toContain('2. Thu 10 Dec 20:00–20:30 GMT (15:00 GMT-5 for me)');
    // Held times are busy for the next proposal.
    const again = await service.suggest({ count: 5 });
    expect(again.slots.map((s) => s.start)).not.toContain(offered.slots[0]!.start);

    tick(3_600_000);
    await db.messages.add({ id: 'msg-f:2', threadId: 'thread-f:1', from: { name: 'Priya', email: 'priya@acme.example' }, to: [], cc: [], bcc: [], subject: 'Re: intro', date: Date.parse('2026-12-07T15:00:00Z'), bodyText: 'Thursday at 8pm works for me.\n\nOn Mon, Sam wrote:\n> 1. …', direction: 'inbound' });
    const read = await service.forThread('thread-f:1');
    expect(read.proposal?.reading).toMatchObject({ kind: 'pick', slot: 1 });
    expect(MeetingsService.bookTitle(read.proposal!, 1)).toBe('Book Thu 10 Dec 15:00 with Priya');
    expect(await service.items(Date.parse('2026-12-07T15:00:00Z'))).toMatchObject([{ kind: 'meeting', title: 'Book Thu 10 Dec 15:00 with Priya', actions: ['done', 'open', 'skip'] }]);

    const booked = await service.book(proposal.id, 1);
    expect(booked.meeting).toMatchObject({ start: thursday.start, contactId: 'c1', sequence: 0, status: 'booked', organizer: { email: 'sam.rep@own.example' } });
    expect(booked.ics).toContain('METHOD:REQUEST');
    expect(await db.activities.where('contactId').equals('c1').first()).toMatchObject({ kind: 'meeting', summary: expect.stringContaining('Meeting booked: Thu 10 Dec 15:00–15:30') });
    expect((await db.meetingProposals.get(proposal.id))?.status).toBe('booked');
    expect(events).toEqual([expect.objectContaining({ type: 'meeting.booked', contactEmail: 'priya@acme.example', contactId: 'c1' })]);
    // The released first time is open again; the booked one is not.
    const after = await service.suggest({ count: 5 });
    expect(after.slots.some((s) => s.start === thursday.start)).toBe(false);
    // Booking twice is one meeting.
    expect((await service.book(proposal.id, 1)).meeting.id).toBe(booked.meeting.id);
    expect(await db.meetings.count()).toBe(1);
  });

  it('a reply that names no offered time books nothing; "none of these" asks to propose again', async () => {
    const { db, service } = setup();
    const { proposal } = await service.hold({ threadId: 'thread-f:1', contactEmail: 'priya@acme.example', slots: [{ start: Date.parse('2026-12-08T15:00:00Z'), end: Date.parse('2026-12-08T15:30:00Z') }] });
    await db.messages.add({ id: 'msg-f:2', threadId: 'thread-f:1', from: { name: '', email: 'priya@acme.example' }, to: [], cc: [], bcc: [], subject: 'Re', date: Date.parse('2026-12-07T15:00:00Z'), bodyText: 'Can you send pricing?', direction: 'inbound' });
    expect((await service.forThread('thread-f:1')).proposal?.reading).toMatchObject({ kind: 'none', reason: 'names none of the proposed times' });
    await db.messages.add({ id: 'msg-f:3', threadId: 'thread-f:1', from: { name: '', email: 'priya@acme.example' }, to: [], cc: [], bcc: [], subject: 'Re', date: Date.parse('2026-12-07T16:00:00Z'), bodyText: 'None of these work, how about next week?', direction: 'inbound' });
    expect((await service.forThread('thread-f:1')).proposal?.reading).toMatchObject({ kind: 'again' });
    expect(await db.meetings.count()).toBe(0);
    expect((await db.meetingProposals.get(proposal.id))?.status).toBe('open');
  });

  it('an unreachable or malformed feed still proposes times and says why the calendar was not read', async () => {
    const down = await setup('down').service.suggest({});
    expect(down.feedError).toBe('Could not reach the calendar feed at calendar.example (Failed to fetch).');
    expect(down.slots.length).toBe(3);
    const bad = await setup('<html>nope</html>').service.suggest({});
    expect(bad.feedError).toMatch(/not valid iCalendar/);
  });

  it('no availability comes with its reasons', async () => {
    const { service } = setup(
      'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:a\nDTSTAMP:20261201T000000Z\nDTSTART;VALUE=DATE:20261201\nDTEND;VALUE=DATE:20270201\nSUMMARY:Sabbatical\nEND:VEVENT\nEND:VCALENDAR\n',
    );
    const none = await service.suggest({});
    expect(none.slots).toEqual([]);
    expect(none.reasons[0]).toBe("blocked: all-day 'Sabbatical'");
  });

  it('the inserted text has the booking link when the rep set one', () => {
    const text = proposalText([{ start: Date.parse('2026-12-10T20:00:00Z'), end: Date.parse('2026-12-10T20:30:00Z') }], 'Asia/Kolkata', 'America/New_York', 'https://cal.com/sam');
    expect(text).toContain('1. Fri 11 Dec 01:30–02:00 GMT+5:30 (Thu 10 Dec 15:00 GMT-5 for me)');
    expect(text).toContain('https://cal.com/sam');
  });
});
