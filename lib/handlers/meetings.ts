import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import { INVITE_FILE, MeetingsService, slotLabel } from '../meetings/service';
import { invitationReplyText } from '../meetings/invitation';
import { fetchFeed, feedUrl, parseFeed, FeedError, type FetchPort } from '../meetings/ical-feed';
import { say } from '../say';
import { WordsError, wordsOfError, words as said } from '../words';

const services = new WeakMap<ServicePorts, MeetingsService>();
const newId = () => `mt${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** The background's one meetings service (also the `TodaySource` for meetings to confirm). */
export function meetingsService(ports: ServicePorts): MeetingsService {
  let service = services.get(ports);
  if (!service) {
    const fetch = ports.drafts?.fetch as FetchPort | undefined;
    service = new MeetingsService({
      db: ports.db,
      settings: async () => (await ports.settings.load()).settings,
      now: ports.now,
      // A booked meeting stops the contact's sequences (issue 15's stop conditions) once the event is recorded.
      dispatch: async (event) => {
        const dispatched = await ports.dispatch(event);
        if (event.type === 'meeting.booked' && event.contactEmail && ports.sequences) await ports.sequences.service.meetingBooked(event.contactEmail, event.at);
        return dispatched;
      },
      // The feed is read only with the host permission the rep granted when adding it.
      fetch: fetch
        ? async (url, init) => {
            const host = new URL(url).host;
            if (ports.drafts && !(await ports.drafts.hasPermission(`https://${host}/*`))) throw new FeedError(said('feedErr_no_access', { host }), `Followthrough has no access to ${host}: add the calendar feed again in Options → Meetings to grant it.`);
            return fetch(url, init);
          }
        : undefined,
      newId,
      // The remote CRMs with stored credentials each get the meeting (lib/crm/meeting-log.ts).
      crms: async () => ((await ports.crm?.sync.health())?.crms ?? []).filter((c) => c.connected).map((c) => c.crm),
      // The engine's outbox runs the recap row; its idle report sets the alarm for the row's time.
      wake: () => ports.engine.kick(),
    });
    services.set(ports, service);
  }
  return service;
}

const GMAIL_SILENT = 'the Gmail tab did not answer (reload Gmail and try again)';

/** The Gmail tab's answer to `gmail.attachInvitation`, read defensively (a content script of an older build may answer). */
function attachAnswer(reply: unknown): { inserted: boolean; attached: boolean; openedReplyBox: boolean; error?: string; why?: string } {
  const r = reply as { inserted?: unknown; attached?: unknown; openedReplyBox?: unknown; error?: unknown; why?: unknown } | null | undefined;
  if (!r || typeof r.inserted !== 'boolean') return { inserted: false, attached: false, openedReplyBox: false, error: typeof r?.error === 'string' ? r.error.slice(0, 300) : GMAIL_SILENT };
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 300) : undefined);
  return { inserted: r.inserted, attached: r.attached === true, openedReplyBox: r.openedReplyBox === true, error: text(r.error), why: text(r.why) };
}

/** The background's answers to the meetings channels (lib/channels/meetings.ts). */
export function meetingsHandlers(ports: ServicePorts) {
  const meetings = meetingsService(ports);
  return {
    async 'meetings.suggest'({ recipientZone, count }) {
      // Asked by the Gmail tab, whose scripts carry no zod (and so no lib/say.ts: the 25 KB budget): the reasons
      // come said here, in the browser's UI language, which is the rep's there too.
      const r = await meetings.suggest({ recipientZone, count });
      return { ...r, reasons: r.reasons.map((why, i) => say(r.reasonWords?.[i], why)), ...(r.feedError ? { feedError: say(r.feedErrorWords, r.feedError) } : {}) };
    },
    async 'meetings.hold'(request) {
      const { proposal, text } = await meetings.hold(request);
      return { proposalId: proposal.id, text };
    },
    async 'meetings.forThread'({ threadId }) {
      const thread = await ports.db.threads.get(threadId);
      const { proposal, meetings: booked } = await meetings.forThread(threadId, thread?.participants.map((p) => p.email) ?? []);
      const r = proposal?.status === 'open' ? proposal.reading : undefined;
      const suggestion =
        proposal && r && !r.handled
          ? { kind: r.kind, slot: r.slot, reason: r.reason, ...(r.words ? { words: r.words } : {}), ...MeetingsService.suggestionTitle(proposal, r) }
          : undefined;
      return { proposal, suggestion, meetings: booked };
    },
    async 'meetings.book'({ proposalId, slot }) {
      const booked = await meetings.book(proposalId, slot);
      ports.notifyPanels();
      return booked;
    },
    async 'meetings.rescheduleSlots'({ meetingId }) {
      const meeting = await ports.db.meetings.get(meetingId);
      if (!meeting || meeting.status !== 'booked') throw new WordsError(said('err_meeting_not_booked'), 'That meeting is not booked.');
      const proposal = meeting.proposalId ? await ports.db.meetingProposals.get(meeting.proposalId) : undefined;
      return meetings.suggest({ recipientZone: proposal?.recipientZone, count: 5, length: Math.round((meeting.end - meeting.start) / 60_000), exceptMeeting: meetingId });
    },
    async 'meetings.reschedule'({ meetingId, slot }) {
      const moved = await meetings.reschedule(meetingId, slot);
      ports.notifyPanels();
      return moved;
    },
    async 'meetings.cancel'({ meetingId }) {
      const cancelled = await meetings.cancel(meetingId);
      ports.notifyPanels();
      return cancelled;
    },
    async 'meetings.attachInvitation'({ tabId, meetingId }) {
      const meeting = await ports.db.meetings.get(meetingId);
      if (!meeting) throw new WordsError(said('err_meeting_gone'), 'That meeting is gone.');
      if (!meeting.threadId) throw new WordsError(said('err_meeting_no_thread'), 'This meeting has no Gmail thread to reply on.');
      const view = await ports.views.get(tabId);
      if (!view || view.threadId !== meeting.threadId) throw new WordsError(said('err_meeting_thread_not_open'), 'The meeting’s thread is not open in Gmail; open it and try again.');
      if (!ports.drafts) throw new WordsError(said('err_gmail_unreachable'), 'Gmail cannot be reached from here.');
      const invitation = meetings.withInvitation(meeting);
      // The times in the prospect's zone when it is known (from the proposal), else the rep's.
      const proposal = meeting.proposalId ? await ports.db.meetingProposals.get(meeting.proposalId) : undefined;
      const when = slotLabel(meeting, proposal?.recipientZone ?? (await meetings.rules()).timeZone);
      const words = invitationReplyText(meeting, when, invitation.calendarLink);
      const answer = attachAnswer(
        await ports.drafts
          .sendToTab(view.tabId, { channel: 'gmail.attachInvitation', payload: { threadId: meeting.threadId, text: words.text, fallbackText: words.fallbackText, ics: invitation.ics, fileName: INVITE_FILE, method: words.method } })
          .catch((e: unknown) => ({ error: String(e) })),
      );
      if (!answer.inserted) {
        if (answer.error === GMAIL_SILENT) throw new WordsError(said('err_gmail_silent'), GMAIL_SILENT);
        throw answer.error ? new Error(answer.error) : new WordsError(said('err_invitation_not_inserted'), 'the invitation could not be put into Gmail’s reply box');
      }
      const note = answer.attached
        ? `${INVITE_FILE} is attached to your reply in Gmail; read it over, then send.`
        : `Gmail did not take the file (${answer.why ?? 'no attachment appeared'}): the reply has ${words.method === 'CANCEL' ? 'the cancellation in words' : 'a Google Calendar link'} instead, and ${INVITE_FILE} was downloaded for you to attach.`;
      // Gmail's tab says its why in the rep's language already (lib/gmail/features/attach-invitation.ts).
      const noteWords = answer.attached
        ? said('meet_invitation_attached', { file: INVITE_FILE })
        : said(words.method === 'CANCEL' ? 'meet_cancellation_not_attached' : 'meet_invitation_not_attached', { file: INVITE_FILE, why: answer.why ?? said('meet_no_attachment_appeared') });
      return { ...invitation, inserted: true, attached: answer.attached, openedReplyBox: answer.openedReplyBox, method: words.method, note, noteWords };
    },
    async 'meetings.dismiss'({ proposalId }) {
      await meetings.dismiss(proposalId);
      ports.notifyPanels();
      return { received: true as const };
    },
    async 'meetings.checkFeed'({ url }) {
      try {
        feedUrl(url);
        const fetch = ports.drafts?.fetch as FetchPort | undefined;
        if (!fetch) return { ok: false as const, error: 'Reading a calendar feed is not available here.', words: said('err_feed_unavailable') };
        const rules = await meetings.rules();
        const host = feedUrl(url).host;
        if (!(await ports.drafts!.hasPermission(`https://${host}/*`))) return { ok: false as const, error: `Followthrough has no access to ${host} yet: allow it when asked.`, words: said('err_feed_no_access', { host }) };
        const now = ports.now();
        const parsed = parseFeed(await fetchFeed(url, fetch), { from: now, until: now + 30 * 86_400_000, repZone: rules.timeZone });
        return { ok: true as const, busy: parsed.busy.length, allDay: parsed.stats.allDay, free: parsed.stats.free, warnings: parsed.warnings.slice(0, 10), warningWords: parsed.warningWords.slice(0, 10) };
      } catch (e) {
        const words = wordsOfError(e);
        return { ok: false as const, error: e instanceof Error ? e.message : String(e), ...(words ? { words } : {}) };
      }
    },
  } satisfies Partial<Handlers>;
}
