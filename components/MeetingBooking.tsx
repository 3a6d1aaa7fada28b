import { useCallback, useEffect, useState } from 'react';
import { request, type SendPort } from '@/lib/client';
import type { ResponseOf } from '@/lib/messages';
import { download } from './download';
import { formatDateWith, t } from '@/lib/i18n';

type ForThread = ResponseOf<'meetings.forThread'>;
type Booked = ResponseOf<'meetings.book'>;

const when = (at: number) => formatDateWith(at, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The thread's meeting: the booking a reply asked for ("Book Thu 10 Dec 15:00 with Priya", with why), Accept
 * or Dismiss; once booked, the invitation to download, to open in Google Calendar, or to insert in the reply.
 */
export function MeetingBooking({ send, threadId, messageCount, activeTabId }: { send: SendPort; threadId: string; messageCount: number; activeTabId?: () => Promise<number | undefined> }) {
  const [data, setData] = useState<ForThread | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await request(send, 'meetings.forThread', { threadId }));
    } catch (e) {
      setNote({ ok: false, text: `Meetings unavailable: ${message(e)}` });
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
      setNote({ ok: true, text: `Booked ${when(done.meeting.start)}. Send the invitation from Gmail.` });
      await load();
    } catch (e) {
      setNote({ ok: false, text: `Not booked: ${message(e)}` });
    } finally {
      setBusy(false);
    }
  };
  const dismiss = async () => {
    if (!data.proposal) return;
    await request(send, 'meetings.dismiss', { proposalId: data.proposal.id });
    await load();
  };
  const insertInvitation = async (b: Booked) => {
    const text = `I've booked ${when(b.meeting.start)} — the calendar invitation is attached. If it doesn't show, add it here: ${b.calendarLink}`;
    try {
      const tabId = await activeTabId?.();
      await request(send, 'drafts.insert', { ...(tabId !== undefined ? { tabId } : {}), threadId, text });
      download(b.fileName, 'text/calendar;method=REQUEST', b.ics);
      setNote({ ok: true, text: 'Inserted in your reply; the invitation file was downloaded — attach it, then send.' });
    } catch (e) {
      setNote({ ok: false, text: `Not inserted: ${message(e)}` });
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
          <strong>{s.title}</strong>
          <p className="muted wrap">{s.reason}</p>
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
          {t('meetingBooking_the_reply_picks_none_of', { reason: s.reason })}</p>
      )}
      {data.proposal?.status === 'open' && !s && (
        <p className="muted" data-testid="meeting-waiting">
          {t('meetingBooking_slots_times_proposed_to_contactemail', { slots: data.proposal.slots.length, contactEmail: data.proposal.contactName || data.proposal.contactEmail, expiresAt: when(data.proposal.expiresAt) })}</p>
      )}
      {data.meetings.map((m) => (
        <div key={m.id} className="card" data-testid="meeting-booked" data-uid={m.uid}>
          <strong>{m.status === 'booked' ? t('meetingBooking_booked') : t('meetingBooking_cancelled')}: {when(m.start)}</strong>
          <p className="muted wrap">{m.reason}</p>
          {shown?.meeting.id === m.id && (
            <div className="actions">
              <button type="button" onClick={() => void insertInvitation(shown)}>
                {t('meetingBooking_insert_invitation_in_reply')}</button>
              <button type="button" onClick={() => download(shown.fileName, 'text/calendar;method=REQUEST', shown.ics)}>
                {t('meetingBooking_download_ics')}</button>
              <a href={shown.calendarLink} target="_blank" rel="noreferrer">
                {t('meetingBooking_add_to_google_calendar')}</a>
            </div>
          )}
        </div>
      ))}
    </section>
  );
}
