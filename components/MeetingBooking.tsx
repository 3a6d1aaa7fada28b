import { useCallback, useEffect, useState } from 'react';
import { request, type SendPort } from '@/lib/client';
import type { ResponseOf } from '@/lib/messages';
import { download } from './download';
import { formatDateWith, t } from '@/lib/i18n';
import { say } from '@/lib/say';
import { saySlot } from '@/lib/meetings/say-slot';
import { userMessage } from '@/lib/ui/errors';

type ForThread = ResponseOf<'meetings.forThread'>;
type Booked = ResponseOf<'meetings.book'>;
type Suggested = ResponseOf<'meetings.rescheduleSlots'>;

const when = (at: number) => formatDateWith(at, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const message = userMessage;

/**
 * The thread's meeting: the booking a reply asked for ("Book Thu 10 Dec 15:00 with Priya", with why), Accept
 * or Dismiss; once booked, the invitation to download, to open in Google Calendar, or to insert in the reply.
 */
export function MeetingBooking({ send, threadId, messageCount, activeTabId }: { send: SendPort; threadId: string; messageCount: number; activeTabId?: () => Promise<number | undefined> }) {
  const [data, setData] = useState<ForThread | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [moving, setMoving] = useState<{ meetingId: string; slots: Suggested['slots'] | null; zone?: string; why?: string } | null>(null);
  const [picked, setPicked] = useState(0);

  const load = useCallback(async () => {
    try {
      setData(await request(send, 'meetings.forThread', { threadId }));
    } catch (e) {
      setNote({ ok: false, text: t('meetingBooking_unavailable', { error: message(e) }) });
    }
  }, [send, threadId]);
  useEffect(() => {
    void load();
  }, [load, messageCount]);

  if (!data || (!data.proposal && data.meetings.length === 0 && !booked)) return null;
  const s = data.suggestion;
  const accept = async () => {
    if (!data.proposal || s?.slot === undefined) return;
    setBusy(true);
    try {
      const done = await request(send, 'meetings.book', { proposalId: data.proposal.id, slot: s.slot });
      setBooked(done);
      setNote({ ok: true, text: t('meetingBooking_booked_note', { when: when(done.meeting.start) }) });
      await load();
    } catch (e) {
      setNote({ ok: false, text: t('meetingBooking_not_booked', { error: message(e) }) });
    } finally {
      setBusy(false);
    }
  };
  const dismiss = async () => {
    if (!data.proposal) return;
    await request(send, 'meetings.dismiss', { proposalId: data.proposal.id });
    await load();
  };
  // The invitation (or the update, or the cancellation) into the thread's reply: invite.ics attached when Gmail
  // takes the dropped file; otherwise the reply says it in words (with the Google Calendar link) and the file
  // is downloaded for the rep to attach by hand, and the note says so.
  const attach = async (meetingId: string, done?: string) => {
    try {
      const tabId = await activeTabId?.();
      const r = await request(send, 'meetings.attachInvitation', { ...(tabId !== undefined ? { tabId } : {}), meetingId });
      setBooked(r);
      if (!r.attached) download(r.fileName, `text/calendar;method=${r.method}`, r.ics);
      setNote({ ok: true, text: `${done ? `${done} ` : ''}${say(r.noteWords, r.note)}` });
    } catch (e) {
      setNote({ ok: false, text: `${done ? `${done} ` : ''}${t('meetingBooking_not_in_reply', { error: message(e) })}` });
    }
  };
  const openMoves = async (meetingId: string) => {
    setMoving({ meetingId, slots: null });
    try {
      const r = await request(send, 'meetings.rescheduleSlots', { meetingId });
      setMoving({ meetingId, slots: r.slots, zone: r.recipientZone, why: r.slots.length ? undefined : r.reasons.map((why, i) => say(r.reasonWords?.[i], why)).join('; ') || t('meet_why_none_open') });
    } catch (e) {
      setMoving(null);
      setNote({ ok: false, text: t('meetingBooking_no_times_to_move', { error: message(e) }) });
    }
  };
  const move = async (meetingId: string, slot: { start: number; end: number }) => {
    setBusy(true);
    try {
      const done = await request(send, 'meetings.reschedule', { meetingId, slot: { start: slot.start, end: slot.end } });
      setBooked(done);
      setMoving(null);
      await load();
      await attach(meetingId, t('meetingBooking_moved_to', { when: when(done.meeting.start) }));
    } catch (e) {
      setNote({ ok: false, text: t('meetingBooking_not_moved', { error: message(e) }) });
    } finally {
      setBusy(false);
    }
  };
  const cancel = async (meetingId: string) => {
    setBusy(true);
    try {
      const done = await request(send, 'meetings.cancel', { meetingId });
      setBooked(done);
      await load();
      await attach(meetingId, t('meetingBooking_cancelled_note'));
    } catch (e) {
      setNote({ ok: false, text: t('meetingBooking_not_cancelled', { error: message(e) }) });
    } finally {
      setBusy(false);
    }
  };
  const shown = booked ?? null;
  return (
    <section aria-labelledby="meetings-title" data-testid="section-meetings">
      <h2 id="meetings-title">{t('meetingBooking_meeting')}</h2>
      {note && (
        <p role="status" className={note.ok ? 'muted' : 'error'} data-testid="meeting-note">
          {note.text}
        </p>
      )}
      {s && s.kind !== 'none' && data.proposal?.status === 'open' && (
        <div className="card" data-testid="meeting-suggestion" data-kind={s.kind}>
          <strong>{say(s.titleWords, s.title)}</strong>
          <p className="muted wrap" data-testid="meeting-suggestion-why">{say(s.words, s.reason)}</p>
          <div className="actions">
            {s.kind === 'pick' && (
              <button type="button" className="primary" disabled={busy} onClick={() => void accept()}>
                {t('meetingBooking_accept')}</button>
            )}
            <button type="button" disabled={busy} onClick={() => void dismiss()}>
              {t('meetingBooking_dismiss')}</button>
          </div>
        </div>
      )}
      {s?.kind === 'none' && data.proposal?.status === 'open' && (
        <p className="muted wrap" data-testid="meeting-none">
          {t('meetingBooking_the_reply_picks_none_of', { reason: say(s.words, s.reason) })}</p>
      )}
      {data.proposal?.status === 'open' && !s && (
        <p className="muted" data-testid="meeting-waiting">
          {t('meetingBooking_slots_times_proposed_to_contactemail', { slots: data.proposal.slots.length, contactEmail: data.proposal.contactName || data.proposal.contactEmail, expiresAt: when(data.proposal.expiresAt) })}</p>
      )}
      {data.meetings.map((m) => (
        <div key={m.id} className="card" data-testid="meeting-booked" data-uid={m.uid} data-status={m.status} data-sequence={m.sequence}>
          <strong>
            {m.status === 'booked' ? t('meetingBooking_booked') : t('meetingBooking_cancelled')}: {when(m.start)}
          </strong>
          <p className="muted wrap" data-testid="meeting-booked-why">{say(m.reasonWords, m.reason)}</p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void attach(m.id)}>
              {m.status === 'booked' ? t('meetingBooking_attach_invitation_to_reply') : t('meetingBooking_attach_cancellation_to_reply')}
            </button>
            {shown?.meeting.id === m.id && shown.meeting.sequence === m.sequence && (
              <button type="button" onClick={() => download(shown.fileName, `text/calendar;method=${m.status === 'booked' ? 'REQUEST' : 'CANCEL'}`, shown.ics)}>{t('meetingBooking_download_ics')}</button>
            )}
            {shown?.meeting.id === m.id && m.status === 'booked' && (
              <a href={shown.calendarLink} target="_blank" rel="noreferrer">{t('meetingBooking_add_to_google_calendar')}</a>
            )}
            {m.status === 'booked' && (
              <>
                <button type="button" disabled={busy} onClick={() => void openMoves(m.id)}>{t('meetingBooking_reschedule')}</button>
                <button type="button" disabled={busy} onClick={() => void cancel(m.id)}>{t('meetingBooking_cancel_meeting')}</button>
              </>
            )}
          </div>
          {moving?.meetingId === m.id && (
            <div data-testid="meeting-reschedule">
              {moving.slots === null && <p className="muted">{t('meetingBooking_reading_your_availability')}</p>}
              {moving.slots?.length === 0 && <p className="muted wrap">{t('meetingBooking_no_open_time_to_move', { why: moving.why ?? '' })}</p>}
              {moving.slots && moving.slots.length > 0 && (
                <fieldset>
                  <legend>{t('meetingBooking_move_to')}</legend>
                  {moving.slots.map((slot, i) => (
                    <label key={slot.start} className="slot">
                      <input type="radio" name={`move-${m.id}`} checked={picked === i} onChange={() => setPicked(i)} /> {saySlot(slot, moving.zone)}
                    </label>
                  ))}
                  <p className="muted wrap small">{t('meetingBooking_or_use_propose_times_in')}</p>
                  <div className="actions">
                    <button type="button" className="primary" disabled={busy} onClick={() => void move(m.id, moving.slots![Math.min(picked, moving.slots!.length - 1)]!)}>{t('meetingBooking_move_and_attach_the_update')}</button>
                    <button type="button" onClick={() => setMoving(null)}>{t('meetingBooking_keep_the_time')}</button>
                  </div>
                </fieldset>
              )}
            </div>
          )}
        </div>
      ))}
    </section>
  );
}
