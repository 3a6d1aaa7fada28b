import { z } from 'zod';
import type { FollowthroughDb } from '../db';
import type { EngineEvent } from '../engine/events';
import type { OutboxOutcome } from '../outbox';
import type { OutboxRow } from '../records';
import type { Settings } from '../settings';
import { defineAction } from '../engine/actions/types';
import { words } from '../words';
import { kindWords } from '../engine/kind-words';

// "Send the recap" after a meeting: an outbox row due at the meeting's end (the engine's outbox runs it and its
// resume alarm wakes a stopped worker for it, so no timer lives in memory), which reports `meeting.ended` to the
// engine; the built-in rule turns that into a suggestion on the thread, with the meeting and when it ended.
// Once per meeting: the row, the event and the suggestion are each keyed by the meeting. A cancelled meeting
// gets none: cancelling drops the row, and both the row and the action look at the meeting again.

export const RECAP_KIND = 'meetings.recap';
export const recapRowId = (meetingId: string) => `meetings:recap:${meetingId}`;
const RecapJob = z.object({ meetingId: z.string().min(1).max(200) });

export function recapRow(meetingId: string, end: number, now: number): OutboxRow {
  return { id: recapRowId(meetingId), kind: RECAP_KIND, payload: { meetingId }, status: 'pending', attempts: 0, nextAttemptAt: end, createdAt: now };
}

/** Runs the recap row: not yet (moved later) → wait; cancelled or gone → nothing; ended → the engine event. */
export async function runRecapRow(row: OutboxRow, p: { db: FollowthroughDb; now: () => number; dispatch: (event: EngineEvent) => Promise<unknown> }): Promise<OutboxOutcome> {
  const job = RecapJob.safeParse(row.payload);
  if (!job.success) return { kind: 'failed', error: 'malformed recap row', words: words('meet_recap_malformed') };
  const meeting = await p.db.meetings.get(job.data.meetingId);
  if (!meeting || meeting.status !== 'booked') return { kind: 'done' };
  if (meeting.end > p.now()) return { kind: 'wait', error: 'the meeting has not ended yet', words: words('meet_recap_not_ended'), until: meeting.end };
  const person = meeting.attendees[0]!;
  await p.dispatch({
    type: 'meeting.ended',
    meetingId: meeting.id,
    threadId: meeting.threadId,
    contactEmail: person.email,
    contactName: person.name,
    title: meeting.title,
    start: meeting.start,
    end: meeting.end,
    at: p.now(),
  });
  return { kind: 'done' };
}

const repZone = (s: Settings) => (s.meetings.useWorkingHoursZone ? s.workingHours.timeZone : s.meetings.availability.timeZone);
const when = (at: number, timeZone: string, withDay: boolean) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(withDay ? { weekday: 'short', day: 'numeric', month: 'short' } : {}) })
    .format(at)
    .replace(',', '');

/** The suggestion "Send the recap", with why: which meeting, and when it ended. */
export const suggestRecap = defineAction({
  kind: 'meeting.suggestRecap',
  label: 'suggest sending the meeting recap',
  params: z.object({}),
  triggers: ['meeting.ended'],
  async run({ db, event, now, settings }) {
    if (event.type !== 'meeting.ended') return { result: 'skipped', detail: `no meeting in ${event.type}`, detailWords: words('audit_no_meeting_in', { event: kindWords(event.type) }) };
    const meeting = await db.meetings.get(event.meetingId);
    if (!meeting || meeting.status !== 'booked') return { result: 'skipped', detail: 'the meeting was cancelled: no recap', detailWords: words('audit_meeting_cancelled_no_recap'), threadId: event.threadId };
    const id = `sug:recap:${event.meetingId}`;
    if (await db.suggestions.get(id)) return { result: 'skipped', detail: 'recap already suggested', detailWords: words('audit_recap_exists'), threadId: event.threadId };
    const tz = repZone(settings);
    const who = event.contactName || event.contactEmail;
    const reason = `Your meeting with ${who} (${when(event.start, tz, true)}–${when(event.end, tz, false)}) ended ${when(event.end, tz, true)}.`;
    const recapWhy = words('recap_why', { who, start: { at: event.start, tz }, length: { ms: Math.max(0, event.end - event.start) } });
    const first = who.split(/\s+/)[0];
    const text = `Hi ${first},\n\nThank you for your time today. A short recap of what we discussed:\n\n- \n\nNext steps:\n- `;
    await db.suggestions.add({
      id,
      kind: 'recap',
      threadId: event.threadId,
      contactId: meeting.contactId,
      reason,
      reasonWords: recapWhy,
      // The title in the rep's language beside the English one; the recap's text is the rep's to write.
      payload: { title: 'Send the recap', titleWords: words('recap_title'), meetingId: meeting.id, text },
      status: 'open',
      createdAt: now,
    });
    return { result: 'ok', detail: `suggested the recap: ${reason}`, detailWords: words('audit_suggested_recap', { reason: recapWhy }), undo: [{ op: 'delete', table: 'suggestions', keys: [id] }], threadId: event.threadId, contactIds: meeting.contactId ? [meeting.contactId] : undefined };
  },
});
