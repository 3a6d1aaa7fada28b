import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MeetingBooking } from '@/components/MeetingBooking';
import { computeSlots } from '@/lib/meetings/availability';
import { MeetingProposal, MeetingRow } from '@/lib/meetings/records';
import { readReply } from '@/lib/meetings/reply';
import { AvailabilityRules } from '@/lib/meetings/schema';
import { MeetingsService } from '@/lib/meetings/service';
import { say } from '@/lib/say';
import { Words } from '@/lib/words';
import { setUiLanguage } from '../support/i18n-fake';
import { meetingsSetup } from '../support/meetings';

// How a reply was read and why no time is open reach the rep in their language: the meetings area stores
// `{ key, args }` (lib/words.ts) beside its English line, and the surfaces say it with the UI locale's dates.
// Rows stored before the words existed still show their English line. Replies written for this test.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const NOW = Date.parse('2026-12-07T15:00:00Z'); // Monday 10:00 in New York
const ny = {
  now: NOW,
  timeZone: 'America/New_York',
  proposed: [
    { start: Date.parse('2026-12-08T15:00:00Z'), end: Date.parse('2026-12-08T15:30:00Z') },
    { start: Date.parse('2026-12-09T19:00:00Z'), end: Date.parse('2026-12-09T19:30:00Z') },
    { start: Date.parse('2026-12-10T20:00:00Z'), end: Date.parse('2026-12-10T20:30:00Z') },
  ],
};

beforeEach(() => {
  // say() writes a moment of today as its time alone: the clock is pinned so these days are never today.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  setUiLanguage('en');
});

describe('a reply’s reading as words', () => {
  it('every reading carries valid words; in German the slot is a German day and time in the zone it was read in', () => {
    const replies = {
      names: 'Thursday at 3pm works',
      order: '2',
      beyond: 'Option 5',
      again: 'none of these work, how about next week',
      other: 'Friday at 10?',
      either: 'Tuesday or Wednesday, either works',
      declines: "I can't do Tuesday, Wednesday or Thursday at those times",
      nothing: 'Send me the deck',
    };
    const read = Object.fromEntries(Object.entries(replies).map(([k, text]) => [k, readReply({ ...ny, text })]));
    for (const [k, r] of Object.entries(read)) expect(Words.safeParse(r.words).success, k).toBe(true);
    setUiLanguage('de');
    expect(say(read.names!.words)).toBe('nennt „Thursday at 3pm“: Do., 10. Dez. 2026, 15:00');
    expect(say(read.order!.words)).toBe('antwortet „2“: Mi., 9. Dez. 2026, 14:00');
    expect(say(read.beyond!.words)).toBe('nennt Option 5 („Option 5“), es wurden aber nur 3 Termine vorgeschlagen');
    expect(say(read.again!.words)).toBe('bittet um andere Termine („none of these work, how about next week“)');
    expect(say(read.other!.words)).toBe('nennt „Friday at 10“ – das ist keiner der vorgeschlagenen Termine');
    expect(say(read.either!.words)).toBe('schreibt, dass „Tuesday“ oder „Wednesday“ beide passen: der früheste Termin, Di., 8. Dez. 2026, 10:00');
    expect(say(read.declines!.words)).toBe('lehnt alle vorgeschlagenen Termine ab („Tuesday“, „Wednesday“ und „Thursday“)');
    expect(say(read.nothing!.words)).toBe('nennt keinen der vorgeschlagenen Termine');
    setUiLanguage('en');
    expect(say(read.names!.words)).toMatch(/^names “Thursday at 3pm”: Thu, Dec 10, 2026, 3:00\sPM$/);
  });

  it('a time read in the rep’s zone says so', () => {
    const india = {
      now: Date.parse('2026-12-08T05:00:00Z'),
      timeZone: 'Asia/Kolkata',
      repTimeZone: 'America/Los_Angeles',
      proposed: [{ start: Date.parse('2026-12-09T16:00:00Z'), end: Date.parse('2026-12-09T16:45:00Z') }, { start: Date.parse('2026-12-11T15:00:00Z'), end: Date.parse('2026-12-11T15:45:00Z') }],
    };
    setUiLanguage('de');
    expect(say(readReply({ ...india, text: 'Friday 7am your time works' }).words)).toBe('nennt „Friday 7am“: Fr., 11. Dez. 2026, 7:00 (in Ihrer Zeitzone gelesen)');
  });
});

describe('why a time is not open, as words', () => {
  it('says each blocked time’s reason in German, counts and days by the German locale', () => {
    const week = [{ start: '09:00', end: '17:00' }];
    const rules = AvailabilityRules.parse({ timeZone: 'UTC', weekly: [[], week, week, [], [], [], []], minimumNotice: 90, dailyCap: 1, bufferBefore: 15, horizon: { days: 3, kind: 'calendar' } });
    const res = computeSlots(
      rules,
      [
        { start: Date.parse('2026-12-07T12:00Z'), end: Date.parse('2026-12-07T13:00Z'), source: 'calendar', title: 'Standup', allDay: false },
        { start: Date.parse('2026-12-08T10:00Z'), end: Date.parse('2026-12-08T10:30Z'), source: 'crm', title: '', allDay: false },
      ],
      { now: Date.parse('2026-12-07T08:00Z') },
    );
    setUiLanguage('de');
    const said = new Map<string, string>();
    for (const c of res.candidates) if (c.reason) said.set(c.reason, say(c.words));
    for (const d of res.days) said.set(d.reason, say(d.words));
    expect(Object.fromEntries(said)).toEqual({
      'inside the minimum notice (90 min)': 'innerhalb der Mindestvorlaufzeit (90 Minuten)',
      "blocked: 'Standup' 12:00–13:00": 'belegt: „Standup“',
      "buffer: needs 15 min after 'Standup' 12:00–13:00": 'Puffer: 15 Minuten nach „Standup“ nötig',
      'daily cap reached (1 meeting on 2026-12-08)': 'Tageslimit erreicht (1 Termin am Di., 8. Dez. 2026)',
      'no working hours on Wednesday': 'keine Arbeitszeit am Mittwoch',
    });
  });
});

const setup = (feed?: string) => meetingsSetup('meet-words', { start: NOW, feed });

const reply = (id: string, bodyText: string) => ({
  id,
  threadId: 'thread-f:1',
  from: { name: 'Priya', email: 'priya@acme.example' },
  to: [],
  cc: [],
  bcc: [],
  subject: 'Re: intro',
  date: NOW,
  bodyText,
  direction: 'inbound' as const,
});

describe('the meetings service stores the words beside the English', () => {
  it('the reading, Today’s item and the booked meeting carry words; German days in the rep’s zone', async () => {
    const { db, service } = setup();
    const thursday = { start: Date.parse('2026-12-10T20:00:00Z'), end: Date.parse('2026-12-10T20:30:00Z') };
    const { proposal } = await service.hold({ threadId: 'thread-f:1', contactEmail: 'priya@acme.example', contactName: 'Priya Raman', slots: [ny.proposed[0]!, thursday], recipientZone: 'Europe/London' });
    await db.messages.add(reply('msg-f:2', 'Thursday at 8pm works for me.'));
    const reading = (await service.forThread('thread-f:1')).proposal!.reading!;
    expect(reading).toMatchObject({ kind: 'pick', slot: 1, words: { key: 'meet_read_names' } });
    const [item] = await service.items(NOW);
    setUiLanguage('de');
    expect(say(item!.titleWords, item!.title)).toBe('Termin mit Priya am Do., 10. Dez. 2026, 15:00 buchen');
    expect(item!.detailWords!.map((w) => say(w))).toEqual(['nennt „Thursday at 8pm“: Do., 10. Dez. 2026, 20:00']);
    const booked = await service.book(proposal.id, 1);
    expect(say(booked.meeting.reasonWords, booked.meeting.reason)).toBe('nennt „Thursday at 8pm“: Do., 10. Dez. 2026, 20:00');
    expect(booked.meeting.reason).toBe("names 'Thursday at 8pm': Thu 10 Dec 20:00");
  });

  it('no open time: the reasons come in words too', async () => {
    const { service } = setup(
      'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:a\nDTSTAMP:20261201T000000Z\nDTSTART;VALUE=DATE:20261201\nDTEND;VALUE=DATE:20270201\nSUMMARY:Sabbatical\nEND:VEVENT\nEND:VCALENDAR\n',
    );
    const none = await service.suggest({});
    expect(none.reasons[0]).toBe("blocked: all-day 'Sabbatical'");
    expect(none.reasonWords).toHaveLength(none.reasons.length);
    setUiLanguage('de');
    expect(say(none.reasonWords![0], none.reasons[0])).toBe('belegt: ganztägig „Sabbatical“');
  });

  it('a proposal read and a meeting booked before the words existed still show their English lines', async () => {
    const { db, service } = setup();
    const old = MeetingProposal.parse({
      id: 'old',
      threadId: 'thread-f:1',
      contactEmail: 'priya@acme.example',
      contactName: 'Priya',
      slots: [ny.proposed[2]],
      lengthMinutes: 30,
      repZone: 'America/New_York',
      recipientZone: 'America/New_York',
      status: 'open',
      expiresAt: ny.proposed[2]!.end,
      createdAt: NOW - 3_600_000,
      reading: { kind: 'pick', slot: 0, reason: "names 'Thursday at 3pm': Thu 10 Dec 15:00", messageId: 'msg-f:2', at: NOW },
    });
    await db.meetingProposals.add(old);
    setUiLanguage('de');
    const [item] = await service.items(NOW);
    expect(item!.detailWords).toBeUndefined();
    expect(item!.detail).toBe("names 'Thursday at 3pm': Thu 10 Dec 15:00");
    const booked = await service.book('old', 0);
    expect(booked.meeting.reasonWords).toBeUndefined();
    expect(say(booked.meeting.reasonWords, booked.meeting.reason)).toBe("names 'Thursday at 3pm': Thu 10 Dec 15:00");
  });
});

describe('the side panel’s meeting card', () => {
  const meeting = (over: Partial<MeetingRow>) =>
    MeetingRow.parse({
      id: 'm1',
      uid: 'm1@followthrough.invalid',
      sequence: 0,
      status: 'booked',
      title: 'Priya / Sam',
      start: ny.proposed[1]!.start,
      end: ny.proposed[1]!.end,
      threadId: 'thread-f:1',
      organizer: { email: 'sam@own.example', name: 'Sam' },
      attendees: [{ email: 'priya@acme.example', name: 'Priya' }],
      createdAt: NOW,
      updatedAt: NOW,
      ...over,
    });

  it('says a reading and a booking in German, and an older booking’s English line as stored', async () => {
    const r = readReply({ ...ny, text: 'Thursday at 3pm works' });
    const proposal = MeetingProposal.parse({ id: 'p1', threadId: 'thread-f:1', contactEmail: 'priya@acme.example', contactName: 'Priya', slots: ny.proposed, lengthMinutes: 30, repZone: 'America/New_York', recipientZone: 'America/New_York', status: 'open', expiresAt: ny.proposed[2]!.end, createdAt: NOW });
    const answer = {
      proposal,
      suggestion: { kind: r.kind, slot: 2, reason: r.reason, words: r.words, ...MeetingsService.suggestionTitle(proposal, { ...r, slot: 2, messageId: 'msg-f:2', at: NOW }) },
      meetings: [meeting({ reason: 'chosen by the rep', reasonWords: { key: 'meet_chosen_by_you' } }), meeting({ id: 'm0', uid: 'm0@followthrough.invalid', reason: "answers '1': Tue 8 Dec 10:00" })],
    };
    const send = async (message: unknown) => ((message as { channel: string }).channel === 'meetings.forThread' ? { ok: true, data: answer } : { ok: false, error: { code: 'unknown_channel', message: 'no' } });
    setUiLanguage('de');
    document.body.innerHTML = '<div id="root"></div>';
    const root = createRoot(document.getElementById('root')!);
    await act(async () => root.render(<MeetingBooking send={send} threadId="thread-f:1" messageCount={1} />));
    await act(async () => {});
    const card = document.querySelector('[data-testid="meeting-suggestion"]')!;
    expect(card.querySelector('strong')!.textContent).toBe('Termin mit Priya am Do., 10. Dez. 2026, 15:00 buchen');
    expect(card.querySelector('[data-testid="meeting-suggestion-why"]')!.textContent).toBe('nennt „Thursday at 3pm“: Do., 10. Dez. 2026, 15:00');
    expect([...document.querySelectorAll('[data-testid="meeting-booked-why"]')].map((p) => p.textContent)).toEqual(['von Ihnen gewählt', "answers '1': Tue 8 Dec 10:00"]);
    act(() => root.unmount());
    document.body.innerHTML = '';
  });
});
