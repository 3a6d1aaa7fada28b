import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { say } from '@/lib/say';
import { setUiLanguage } from '../support/i18n-fake';
import { FollowthroughDb } from '@/lib/db';
import { defaultSettings, Settings } from '@/lib/settings';
import { MeetingsService } from '@/lib/meetings/service';
import { RECAP_KIND, recapRowId, runRecapRow } from '@/lib/meetings/recap';
import { MEETING_LOG_KIND, MeetingLogJob, meetingLogJobId } from '@/lib/crm/meeting-log';
import type { RemoteCrmName } from '@/lib/crm/connectors/types';
import { Engine } from '@/lib/engine/runner';
import type { EngineEvent } from '@/lib/engine/events';
import { readIcs } from '../support/ics';

// Reschedule, cancel, the meeting written to the team's CRMs through the outbox, and the recap after the meeting.

const dbs: FollowthroughDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const PRIYA = 'priya@acme.example';
const THU = { start: Date.parse('2026-12-10T20:00:00Z'), end: Date.parse('2026-12-10T20:30:00Z') };
const FRI = { start: Date.parse('2026-12-11T15:00:00Z'), end: Date.parse('2026-12-11T15:30:00Z') };
const HOUR = 3_600_000;

function setup(crms: RemoteCrmName[] = ['hubspot', 'salesforce']) {
  const db = new FollowthroughDb(`ft-meet-chg-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  const clock = { now: Date.parse('2026-12-07T14:00:00Z') };
  const events: EngineEvent[] = [];
  let n = 0;
  let woken = 0;
  const settings = Settings.parse({
    ...defaultSettings(),
    repName: 'Sam Rep',
    ownDomains: ['own.example'],
    workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'America/New_York' },
  });
  const service = new MeetingsService({
    db,
    settings: async () => settings,
    now: () => clock.now,
    dispatch: async (e) => void events.push(e),
    newId: () => `id${++n}`,
    crms: async () => crms,
    wake: () => void woken++,
  });
  const book = async () => {
    await db.contacts.add({ id: 'c1', name: 'Priya Raman', email: PRIYA, altEmails: [], emails: [PRIYA], source: 'local', createdAt: 1, updatedAt: 1 });
    const { proposal } = await service.hold({ threadId: 'thread-f:1', contactEmail: PRIYA, contactName: 'Priya Raman', slots: [THU], recipientZone: 'Europe/London' });
    return service.book(proposal.id, 0);
  };
  return { db, service, events, clock, settings, book, woken: () => woken };
}

describe('reschedule and cancel', () => {
  it('a reschedule keeps the UID with a higher SEQUENCE, moves the meeting, its recap and its CRM record', async () => {
    const { db, service, book, woken } = setup();
    const booked = await book();
    const uid = booked.meeting.uid;
    const moved = await service.reschedule(booked.meeting.id, FRI);
    expect(readIcs(moved.ics)).toEqual({ method: 'REQUEST', uid, sequence: 1, status: 'CONFIRMED', start: FRI.start, end: FRI.end, attendees: [`mailto:${PRIYA}`] });
    expect(await db.meetings.get(booked.meeting.id)).toMatchObject({ uid, sequence: 1, status: 'booked', start: FRI.start, end: FRI.end });
    expect(await db.activities.get(`meeting:${booked.meeting.id}:1`)).toMatchObject({ contactId: 'c1', summary: expect.stringMatching(/^Meeting moved: Thu 10 Dec 15:00–15:30 .* → Fri 11 Dec 10:00–10:30 .* with Priya Raman$/) });
    expect((await db.outbox.get(recapRowId(booked.meeting.id)))?.nextAttemptAt).toBe(FRI.end);
    expect(woken()).toBe(2);
    // The old time is free again, the new one is taken.
    const busy = (await service.busy(FRI.end + HOUR)).busy.filter((b) => b.source === 'crm');
    expect(busy.map((b) => [b.start, b.end])).toEqual([[FRI.start, FRI.end]]);
    await expect(service.reschedule(booked.meeting.id, { start: Date.parse('2026-12-01T10:00:00Z'), end: Date.parse('2026-12-01T10:30:00Z') })).rejects.toThrow('already passed');
  });

  it('a cancel is METHOD:CANCEL, same UID, higher SEQUENCE, STATUS CANCELLED; no recap, holds released', async () => {
    const { db, service, book } = setup();
    const booked = await book();
    // Times proposed to move it, not yet answered: held until the cancel.
    const again = await service.hold({ threadId: 'thread-f:1', contactEmail: PRIYA, slots: [FRI] });
    expect(again.proposal.reschedules).toBe(booked.meeting.id);
    const cancelled = await service.cancel(booked.meeting.id);
    expect(readIcs(cancelled.ics)).toMatchObject({ method: 'CANCEL', uid: booked.meeting.uid, sequence: 1, status: 'CANCELLED', start: THU.start, end: THU.end, attendees: [`mailto:${PRIYA}`] });
    expect(await db.meetings.get(booked.meeting.id)).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect((await db.meetingProposals.get(again.proposal.id))?.status).toBe('withdrawn');
    expect(await db.outbox.get(recapRowId(booked.meeting.id))).toBeUndefined();
    expect((await service.busy(FRI.end + HOUR)).busy).toEqual([]);
    // Cancelling twice changes nothing more; a cancelled meeting is not moved.
    expect((await service.cancel(booked.meeting.id)).meeting.sequence).toBe(1);
    await expect(service.reschedule(booked.meeting.id, FRI)).rejects.toThrow('cancelled');
  });

  it('new times proposed on the thread move the meeting when the reply picks one (Propose times flow)', async () => {
    const { db, service, book } = setup();
    const booked = await book();
    const { proposal } = await service.hold({ threadId: 'thread-f:1', contactEmail: PRIYA, contactName: 'Priya Raman', slots: [FRI, { start: FRI.start + 2 * HOUR, end: FRI.end + 2 * HOUR }] });
    expect(MeetingsService.bookTitle(proposal, 0)).toBe('Move the meeting to Fri 11 Dec 10:00 with Priya');
    const moved = await service.book(proposal.id, 0);
    expect(moved.meeting).toMatchObject({ id: booked.meeting.id, uid: booked.meeting.uid, sequence: 1, start: FRI.start });
    expect(await db.meetings.count()).toBe(1);
    expect(await db.meetingProposals.get(proposal.id)).toMatchObject({ status: 'booked', bookedMeetingId: booked.meeting.id });
    // Booked again (a second click): the same meeting, not moved twice.
    expect((await service.book(proposal.id, 0)).meeting.sequence).toBe(1);
  });
});

describe('the meeting in the team CRM (crm.logMeeting rows)', () => {
  it('one row per connected CRM on book, reschedule and cancel, each valid against MeetingLogJob, queued once', async () => {
    const { db, service, book } = setup(['hubspot', 'salesforce']);
    const booked = await book();
    const id = booked.meeting.id;
    await service.reschedule(id, FRI);
    await service.cancel(id);
    const rows = (await db.outbox.where('kind').equals(MEETING_LOG_KIND).toArray()).sort((a, b) => a.id.localeCompare(b.id));
    expect(rows.map((r) => r.id)).toEqual(
      ['hubspot', 'salesforce'].flatMap((crm) => [0, 1, 2].map((seq) => meetingLogJobId(crm, id, seq))).sort(),
    );
    const jobs = rows.map((r) => MeetingLogJob.parse(r.payload));
    expect(jobs.filter((j) => j.crm === 'hubspot').map((j) => [j.sequence, j.status, j.start])).toEqual([
      [0, 'booked', THU.start],
      [1, 'booked', FRI.start],
      [2, 'cancelled', FRI.start],
    ]);
    expect(jobs[0]).toMatchObject({ uid: booked.meeting.uid, contactEmail: PRIYA, contactName: 'Priya Raman', organizerEmail: 'sam.rep@own.example', meetingId: id });
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
    // Idempotent: the same booking asked again queues nothing more.
    await service.book(booked.meeting.proposalId!, 0);
    expect(await db.outbox.where('kind').equals(MEETING_LOG_KIND).count()).toBe(6);
  });

  it('no remote CRM connected: no row', async () => {
    const { db, book } = setup([]);
    await book();
    expect(await db.outbox.where('kind').equals(MEETING_LOG_KIND).count()).toBe(0);
  });
});

describe('the recap after the meeting', () => {
  function engineFor(db: FollowthroughDb, clock: { now: number }, settings: Settings) {
    const engine: Engine = new Engine({
      db,
      now: () => clock.now,
      settings: async () => settings,
      log: () => {},
      outboxHandlers: { [RECAP_KIND]: (row) => runRecapRow(row, { db, now: () => clock.now, dispatch: (e) => engine.dispatch(e) }) },
    });
    return engine;
  }
  const recaps = (db: FollowthroughDb) => db.suggestions.where('threadId').equals('thread-f:1').filter((s) => s.kind === 'recap').toArray();

  it('is suggested on the thread once the meeting ended, with why, once, and survives a stopped worker', async () => {
    const { db, clock, settings, book } = setup([]);
    const booked = await book();
    let engine = engineFor(db, clock, settings);
    await engine.start();
    await engine.idle();
    expect(await recaps(db)).toEqual([]);
    expect(await engine.outbox.nextDueAt()).toBe(THU.end);

    // The worker stops; a new one starts after the meeting's end (its alarm, or any wake).
    clock.now = THU.end + 60_000;
    engine = engineFor(db, clock, settings);
    await engine.start();
    await engine.idle();
    const [recap, ...more] = await recaps(db);
    expect(more).toEqual([]);
    expect(recap).toMatchObject({
      status: 'open',
      contactId: 'c1',
      reason: 'Your meeting with Priya Raman (Thu 10 Dec 15:00–15:30) ended Thu 10 Dec 15:30.',
      payload: { title: 'Send the recap', meetingId: booked.meeting.id },
    });
    // The rep reads it in their language, the day and time in their locale (the clock pinned: not today).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-12-07T15:00:00Z'));
    setUiLanguage('de');
    try {
      expect(say(recap!.reasonWords, recap!.reason)).toBe('Ihr Termin mit Priya Raman (Do., 10. Dez. 2026, 15:00, 30 Minuten) ist vorbei.');
      expect(say(recap!.payload.titleWords, 'Send the recap')).toBe('Zusammenfassung senden');
    } finally {
      setUiLanguage('en');
      vi.useRealTimers();
    }
    expect((await db.outbox.get(recapRowId(booked.meeting.id)))?.status).toBe('done');

    // Made once: the same event again, or the row run again, adds nothing.
    await runRecapRow((await db.outbox.get(recapRowId(booked.meeting.id)))!, { db, now: () => clock.now, dispatch: (e) => engine.dispatch(e) });
    await engine.idle();
    expect(await recaps(db)).toHaveLength(1);
  });

  it('a rescheduled meeting waits for its new end; a cancelled one gets no recap', async () => {
    const { db, service, clock, settings, book } = setup([]);
    const booked = await book();
    await service.reschedule(booked.meeting.id, FRI);
    clock.now = THU.end + 60_000;
    const engine = engineFor(db, clock, settings);
    await engine.start();
    await engine.idle();
    expect(await recaps(db)).toEqual([]);
    await service.cancel(booked.meeting.id);
    clock.now = FRI.end + 60_000;
    engine.kick();
    await engine.idle();
    expect(await recaps(db)).toEqual([]);
    // Even a row left from before the cancel makes nothing.
    const outcome = await runRecapRow({ id: recapRowId(booked.meeting.id), kind: RECAP_KIND, payload: { meetingId: booked.meeting.id }, status: 'running', attempts: 1, nextAttemptAt: 0, createdAt: 0 }, { db, now: () => clock.now, dispatch: (e) => engine.dispatch(e) });
    expect(outcome).toEqual({ kind: 'done' });
    await engine.idle();
    expect(await recaps(db)).toEqual([]);
  });
});
