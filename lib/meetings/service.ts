import type { FollowthroughDb } from '../db';
import type { EngineEvent } from '../engine/events';
import type { Settings } from '../settings';
import { findContacts } from '../crm/match';
import { AvailabilityRules, type BusyInterval } from './schema';
import { computeSlots, suggestSlots } from './availability';
import { FeedError, fetchFeed, parseFeed, type FetchPort } from './ical-feed';
import { readReply } from './reply';
import { googleCalendarLink, invitationIcs } from './invitation';
import { MeetingProposal, MeetingRow, type ReplyReading } from './records';
import type { TodayItem, TodaySource } from '../today/source';
import type { RemoteCrmName } from '../crm/connectors/types';
import { meetingLogRows } from './crm-log';
import { recapRow, recapRowId } from './recap';

/** Why closed times cannot be booked, by the proposal's status. */
const PROPOSAL_CLOSED = { booked: 'err_proposal_booked', expired: 'err_proposal_expired', withdrawn: 'err_proposal_withdrawn' } as const satisfies Record<string, WordsKey>;
import { WordsError, words, type Words, type WordsKey } from '../words';

// Meetings in the background: availability from the rules and busy time (booked meetings, held proposals, the
// rep's calendar feed), proposals held until booked or expired, the reply read into a booking suggestion, and the
// booking itself (the meeting, its timeline entry, the engine event, the invitation). Ports in, no browser.

const DAY = 86_400_000;
/** The invitation's file name in the reply and in the download. */
export const INVITE_FILE = 'invite.ics';
const FEED_TTL = 5 * 60_000;

export interface MeetingsPorts {
  db: FollowthroughDb;
  settings: () => Promise<Settings>;
  now: () => number;
  dispatch: (event: EngineEvent) => Promise<unknown>;
  /** The platform's fetch; reads only the feed's host, for which the rep granted access. */
  fetch?: FetchPort;
  hasPermission?: (pattern: string) => Promise<boolean>;
  newId: () => string;
  /** The remote CRMs connected now (HubSpot, Pipedrive, Salesforce): each gets the meeting through the outbox. */
  crms?: () => Promise<RemoteCrmName[]>;
  /** Outbox rows were queued or moved: the runner sets its alarm for the next one (the engine's kick). */
  wake?: () => void;
}

export interface Offered {
  start: number;
  end: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formats.set(key, f);
  }
  return f;
}
const dayLabel = (at: number, tz: string) => fmt(tz, { weekday: 'short', day: 'numeric', month: 'short' }).format(at).replace(',', '');
const timeLabel = (at: number, tz: string) => fmt(tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
const zoneName = (at: number, tz: string) => fmt(tz, { timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? tz;

const firstName = (p: MeetingProposal) => (p.contactName || p.contactEmail).split(/\s+/)[0] ?? p.contactEmail;

/** Why a booked time was chosen: the reply's reading when it picked this time, else the rep's choice. */
function whyBooked(proposal: MeetingProposal, slot: number): { reason: string; reasonWords?: Words } {
  const r = proposal.reading;
  if (r?.slot === slot) return { reason: r.reason, ...(r.words ? { reasonWords: r.words } : {}) };
  return { reason: 'chosen by the rep', reasonWords: words('meet_chosen_by_you') };
}

/** "Thu 10 Dec 15:00–15:30 EST": a slot in one zone. */
export function slotLabel(slot: Offered, tz: string): string {
  return `${dayLabel(slot.start, tz)} ${timeLabel(slot.start, tz)}–${timeLabel(slot.end, tz)} ${zoneName(slot.start, tz)}`;
}

/** The plain text inserted into the email: numbered times in the recipient's zone, the rep's beside them. */
export function proposalText(slots: readonly Offered[], recipientZone: string, repZone: string, bookingLink = ''): string {
  const lines = ['Would one of these times work for you?', ''];
  slots.forEach((s, i) => {
    const theirs = slotLabel(s, recipientZone);
    const mine = recipientZone === repZone ? '' : ` (${dayLabel(s.start, repZone) === dayLabel(s.start, recipientZone) ? '' : `${dayLabel(s.start, repZone)} `}${timeLabel(s.start, repZone)} ${zoneName(s.start, repZone)} for me)`;
    lines.push(`${i + 1}. ${theirs}${mine}`);
  });
  lines.push('', 'Just reply with the number that suits you.');
  if (bookingLink) lines.push(`Or pick any time that suits you here: ${bookingLink}`);
  return lines.join('\n');
}

export class MeetingsService implements TodaySource {
  readonly kind = 'meeting' as const;
  private feed?: { url: string; at: number; busy: BusyInterval[]; until: number; error?: string };

  constructor(private readonly p: MeetingsPorts) {}

  async rules(): Promise<AvailabilityRules> {
    const s = await this.p.settings();
    const m = s.meetings;
    return AvailabilityRules.parse({ ...m.availability, timeZone: m.useWorkingHoursZone ? s.workingHours.timeZone : m.availability.timeZone });
  }

  /** Proposals whose last slot has passed stop holding their times. */
  async expire(): Promise<number> {
    const now = this.p.now();
    return this.p.db.meetingProposals.where('[status+expiresAt]').between(['open', 0], ['open', now]).modify({ status: 'expired' });
  }

  /** Busy time between now and `until`: booked meetings, held times, and the calendar feed (its error, if any). */
  async busy(until: number, exceptProposal?: string, exceptMeeting?: string): Promise<{ busy: BusyInterval[]; feedError?: string; feedErrorWords?: Words }> {
    const { db, now } = this.p;
    const from = now() - DAY;
    const booked = await db.meetings.where('start').between(from, until).filter((m) => m.status === 'booked' && m.id !== exceptMeeting).toArray();
    const held = await db.meetingProposals.where('[status+expiresAt]').between(['open', now()], ['open', Infinity]).toArray();
    const busy: BusyInterval[] = [
      ...booked.map((m) => ({ start: m.start, end: m.end, source: 'crm' as const, title: m.title, allDay: false })),
      ...held
        .filter((p) => p.id !== exceptProposal)
        .flatMap((p) =>
          p.slots.map((s) => ({ start: s.start, end: s.end, source: 'hold' as const, title: `held for ${p.contactName || p.contactEmail}`, titleWords: words('meet_busy_held_for', { name: p.contactName || p.contactEmail }), allDay: false })),
        ),
    ];
    const feed = await this.feedBusy(until);
    return { busy: [...busy, ...feed.busy], feedError: feed.error, feedErrorWords: feed.errorWords };
  }

  private async feedBusy(until: number): Promise<{ busy: BusyInterval[]; error?: string; errorWords?: Words }> {
    const s = await this.p.settings();
    const url = s.meetings.calendarFeedUrl;
    if (!url || !this.p.fetch) return { busy: [] };
    const now = this.p.now();
    if (this.feed && this.feed.url === url && now - this.feed.at < FEED_TTL && this.feed.until >= until) return this.feed;
    try {
      const rules = await this.rules();
      const text = await fetchFeed(url, this.p.fetch);
      const parsed = parseFeed(text, { from: now - DAY, until, repZone: rules.timeZone });
      this.feed = { url, at: now, busy: parsed.busy, until };
      return this.feed;
    } catch (e) {
      // A FeedError says why in the rep's words; anything else is our own fault, whose text stays in the English line.
      if (e instanceof FeedError) return { busy: [], error: e.message, errorWords: e.words };
      return { busy: [], error: `The calendar feed could not be read: ${e instanceof Error ? e.message : String(e)}`, errorWords: words('feedErr_unreadable') };
    }
  }

  /** Times to propose to these people: 3–5 open slots in the recipient's daytime where their zone is known. */
  async suggest(input: { recipientZone?: string; count?: number; length?: number; exceptMeeting?: string }) {
    await this.expire();
    const rules = await this.rules();
    const s = await this.p.settings();
    const now = this.p.now();
    const horizonEnd = now + (rules.horizon.days * (rules.horizon.kind === 'working' ? 3 : 1) + 2) * DAY;
    const { busy, feedError, feedErrorWords } = await this.busy(horizonEnd, undefined, input.exceptMeeting);
    const result = computeSlots(rules, busy, { now, length: input.length });
    const recipientZone = input.recipientZone ?? rules.timeZone;
    const count = input.count ?? s.meetings.proposeCount;
    let picked = suggestSlots(result.slots, { count, repZone: rules.timeZone, recipientZone });
    if (picked.length === 0) picked = suggestSlots(result.slots, { count, repZone: rules.timeZone });
    // "No availability" always comes with why: the first reasons met, most common first, each in English (for the
    // log) and in the rep's words (lib/say.ts), grouped by the English line without a busy time's clock times.
    const why = new Map<string, { count: number; words?: Words }>();
    const tally = (reason: string, w: Words | undefined) => {
      const key = reason.replace(/ \d\d:\d\d–\d\d:\d\d$/, '');
      const seen = why.get(key);
      if (seen) seen.count++;
      else why.set(key, { count: 1, words: w });
    };
    for (const c of result.candidates) if (!c.offered && c.reason) tally(c.reason, c.words);
    for (const d of result.days) tally(d.reason, d.words);
    const top = [...why.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, 4);
    return {
      slots: picked.map((x) => ({ start: x.start, end: x.end, label: slotLabel(x, recipientZone), repLabel: slotLabel(x, rules.timeZone) })),
      open: result.slots.length,
      repZone: rules.timeZone,
      recipientZone,
      lengthMinutes: input.length ?? rules.lengths[0]!,
      reasons: picked.length === 0 ? top.map(([r]) => r) : [],
      reasonWords: picked.length === 0 ? top.map(([r, { words: w }]) => w ?? words('text_as_written', { text: r })) : [],
      feedError,
      feedErrorWords,
    };
  }

  /** Hold the chosen times for this person and give the text to insert. */
  async hold(input: {
    threadId?: string;
    composeId?: string;
    contactEmail: string;
    contactName?: string;
    slots: Array<{ start: number; end: number }>;
    recipientZone?: string;
    repEmail?: string;
  }) {
    const rules = await this.rules();
    const s = await this.p.settings();
    const now = this.p.now();
    const slots = [...input.slots].sort((a, b) => a.start - b.start);
    if (slots.some((x) => x.end <= now)) throw new WordsError(words('err_meeting_time_passed'), 'A proposed time has already passed.');
    const { busy } = await this.busy(Math.max(...slots.map((x) => x.end)) + DAY);
    const all = computeSlots(rules, busy, { now, length: Math.round((slots[0]!.end - slots[0]!.start) / 60_000) });
    const open = new Set(all.slots.map((x) => x.start));
    const recipientZone = input.recipientZone ?? rules.timeZone;
    // New times on a thread whose meeting with this person is still ahead: booking one moves that meeting.
    const contactEmail = input.contactEmail.toLowerCase();
    const upcoming = input.threadId
      ? (await this.p.db.meetings.where('threadId').equals(input.threadId).toArray()).find((m) => m.status === 'booked' && m.end > now && m.attendees.some((a) => a.email.toLowerCase() === contactEmail))
      : undefined;
    const proposal = MeetingProposal.parse({
      id: this.p.newId(),
      threadId: input.threadId,
      composeId: input.composeId,
      contactEmail: input.contactEmail.toLowerCase(),
      contactName: input.contactName ?? '',
      // The rep may insist on a time the rules would not offer: it is proposed, and marked.
      slots: slots.map((x) => ({ start: x.start, end: x.end, outsideRules: !open.has(x.start) })),
      lengthMinutes: Math.round((slots[0]!.end - slots[0]!.start) / 60_000),
      repZone: rules.timeZone,
      recipientZone,
      status: 'open',
      expiresAt: Math.max(...slots.map((x) => x.end)),
      createdAt: now,
      repEmail: input.repEmail,
      reschedules: upcoming?.id,
    });
    await this.p.db.meetingProposals.add(proposal);
    return { proposal, text: proposalText(proposal.slots, recipientZone, rules.timeZone, s.meetings.bookingLink) };
  }

  /** The thread's proposal and what the newest reply on it says, read once per reply. */
  async forThread(threadId: string, participants: readonly string[] = []) {
    const { db } = this.p;
    let proposals = await db.meetingProposals.where('threadId').equals(threadId).toArray();
    if (proposals.length === 0 && participants.length > 0) {
      // Proposed from a new message before Gmail gave it a thread: found by the person.
      proposals = (await db.meetingProposals.where('contactEmail').anyOf(participants.map((p) => p.toLowerCase())).toArray()).filter((p) => !p.threadId);
    }
    const proposal = proposals.sort((a, b) => b.createdAt - a.createdAt)[0];
    const meetings = await db.meetings.where('threadId').equals(threadId).toArray();
    if (!proposal) return { proposal: undefined, meetings };
    if (proposal.status === 'open') {
      const replies = (await db.messages.where('threadId').equals(threadId).toArray())
        .filter((m) => m.direction === 'inbound' && (m.date ?? 0) > proposal.createdAt - 60_000 && m.from.email.toLowerCase() === proposal.contactEmail)
        .sort((a, b) => (b.date ?? 0) - (a.date ?? 0));
      const reply = replies[0];
      if (reply && proposal.reading?.messageId !== reply.id) {
        const r = readReply({
          proposed: proposal.slots,
          text: reply.bodyText,
          now: reply.date ?? this.p.now(),
          timeZone: proposal.recipientZone,
          repTimeZone: proposal.repZone,
        });
        const reading: ReplyReading = { kind: r.kind, slot: r.kind === 'pick' ? r.slot : undefined, reason: r.reason, words: r.words, messageId: reply.id, at: this.p.now() };
        await db.meetingProposals.update(proposal.id, { reading, ...(proposal.threadId ? {} : { threadId }) });
        proposal.reading = reading;
      }
    }
    return { proposal, meetings };
  }

  /** "Book Thu 10 Dec 15:00 with Priya": the suggestion's words. */
  static bookTitle(proposal: MeetingProposal, slot: number): string {
    const s = proposal.slots[slot]!;
    return `${proposal.reschedules ? 'Move the meeting to' : 'Book'} ${dayLabel(s.start, proposal.repZone)} ${timeLabel(s.start, proposal.repZone)} with ${firstName(proposal)}`;
  }

  /** The same title for the rep's language, the time in their locale. */
  static bookTitleWords(proposal: MeetingProposal, slot: number): Words {
    const args = { at: { at: proposal.slots[slot]!.start, tz: proposal.repZone }, name: firstName(proposal) };
    return proposal.reschedules ? words('meet_title_move', args) : words('meet_title_book', args);
  }

  /** What the reading suggests, as a title: book a time, propose again, or nothing to book. */
  static suggestionTitle(proposal: MeetingProposal, reading: ReplyReading): { title: string; titleWords: Words } {
    const who = proposal.contactName || proposal.contactEmail;
    if (reading.kind === 'pick') return { title: MeetingsService.bookTitle(proposal, reading.slot!), titleWords: MeetingsService.bookTitleWords(proposal, reading.slot!) };
    if (reading.kind === 'again') return { title: `Propose new times to ${who}`, titleWords: words('meet_title_propose_again', { name: who }) };
    return { title: 'The reply picks none of the proposed times', titleWords: words('meet_title_none') };
  }

  /** Book one of the proposed times: the meeting, the contact's timeline, the other holds released, the event. */
  async book(proposalId: string, slot: number) {
    const { db } = this.p;
    const now = this.p.now();
    const s = await this.p.settings();
    const proposal = await db.meetingProposals.get(proposalId);
    if (!proposal) throw new WordsError(words('err_proposal_gone'), 'That proposal is gone.');
    if (proposal.status === 'booked' && proposal.bookedMeetingId) {
      const existing = await db.meetings.get(proposal.bookedMeetingId);
      if (existing) return this.withInvitation(existing);
    }
    if (proposal.status !== 'open') throw new WordsError(words(PROPOSAL_CLOSED[proposal.status]), `These times were ${proposal.status}; propose new ones.`);
    const chosen = proposal.slots[slot];
    if (!chosen) throw new WordsError(words('err_proposal_no_slot', { number: slot + 1 }), `There is no time ${slot + 1} in this proposal.`);
    const why = whyBooked(proposal, slot);
    if (proposal.reschedules) return this.reschedule(proposal.reschedules, chosen, { proposalId, ...why });
    const crms = await this.crms();
    const contact = (await findContacts(db, [proposal.contactEmail])).get(proposal.contactEmail);
    const repEmail = proposal.repEmail ?? `${(s.repName || 'rep').toLowerCase().replace(/[^a-z0-9]+/g, '.')}@${s.ownDomains[0] ?? 'followthrough.invalid'}`;
    const id = this.p.newId();
    const name = contact?.name || proposal.contactName;
    const meeting = MeetingRow.parse({
      id,
      uid: `${id}@followthrough.invalid`,
      sequence: 0,
      status: 'booked',
      title: `${name || proposal.contactEmail} / ${s.repName || 'Meeting'}`,
      start: chosen.start,
      end: chosen.end,
      threadId: proposal.threadId,
      contactId: contact?.id,
      proposalId,
      organizer: { email: repEmail, name: s.repName },
      attendees: [{ email: proposal.contactEmail, name }],
      ...why,
      createdAt: now,
      updatedAt: now,
    });
    await db.transaction('rw', [db.meetings, db.meetingProposals, db.activities, db.outbox], async () => {
      await db.meetings.add(meeting);
      await this.queue(meeting, crms, now);
      // Booking one time releases the others: the proposal stops holding anything.
      await db.meetingProposals.update(proposalId, {
        status: 'booked',
        bookedMeetingId: id,
        ...(proposal.reading ? { reading: { ...proposal.reading, handled: 'booked' as const } } : {}),
      });
      await db.activities.add({
        id: `meeting:${id}`,
        kind: 'meeting',
        contactId: contact?.id,
        threadId: proposal.threadId,
        summary: `Meeting booked: ${slotLabel(chosen, proposal.repZone)} with ${name || proposal.contactEmail}`,
        summaryWords: words('activity_meeting_booked', { start: { at: chosen.start, tz: proposal.repZone }, length: { ms: Math.max(0, chosen.end - chosen.start) }, who: name || proposal.contactEmail }),
        at: now,
      });
    });
    // Read by the sequences area to stop sequences for this contact (lib/engine/events.ts `meeting.booked`).
    await this.p.dispatch({ type: 'meeting.booked', meetingId: id, contactEmail: proposal.contactEmail, contactId: contact?.id, threadId: proposal.threadId, start: chosen.start, at: now });
    this.p.wake?.();
    return this.withInvitation(meeting);
  }

  private async crms(): Promise<RemoteCrmName[]> {
    return (await this.p.crms?.()) ?? [];
  }

  /** Inside the caller's transaction: the CRM rows for this SEQUENCE, and the recap row (due at the end, or gone). */
  private async queue(meeting: MeetingRow, crms: readonly RemoteCrmName[], now: number) {
    const { db } = this.p;
    for (const row of meetingLogRows(meeting, crms, now)) if (!(await db.outbox.get(row.id))) await db.outbox.add(row);
    const recap = await db.outbox.get(recapRowId(meeting.id));
    if (meeting.status === 'cancelled') {
      if (recap && recap.status !== 'running') await db.outbox.delete(recap.id);
    } else if (!recap) await db.outbox.add(recapRow(meeting.id, meeting.end, now));
    else if (recap.status === 'pending') await db.outbox.update(recap.id, { nextAttemptAt: meeting.end });
  }

  /**
   * Move a booked meeting to another time: the same UID with a higher SEQUENCE (RFC 5546 §2.1.4), so the
   * prospect's calendar updates the one event; its CRM record is updated, the recap moves with its end, and
   * the times proposed for it stop being held.
   */
  async reschedule(meetingId: string, to: { start: number; end: number }, via: { proposalId?: string; reason?: string; reasonWords?: Words } = {}) {
    const { db } = this.p;
    const now = this.p.now();
    const current = await db.meetings.get(meetingId);
    if (!current) throw new WordsError(words('err_meeting_gone'), 'That meeting is gone.');
    if (current.status !== 'booked') throw new WordsError(words('err_meeting_was_cancelled'), 'That meeting was cancelled; book a new one.');
    if (to.end <= to.start) throw new WordsError(words('err_meeting_end_before_start'), 'The new time must end after it starts.');
    if (to.start <= now) throw new WordsError(words('err_meeting_new_time_passed'), 'The new time has already passed.');
    if (to.start === current.start && to.end === current.end) throw new WordsError(words('err_meeting_same_time'), 'The meeting is already at that time.');
    const crms = await this.crms();
    const zone = (await this.rules()).timeZone;
    const meeting = MeetingRow.parse({
      ...current,
      start: to.start,
      end: to.end,
      sequence: current.sequence + 1,
      reason: via.reason ?? current.reason,
      // A move the rep made by hand keeps the booking's reason in both forms; a reply's pick replaces both.
      reasonWords: via.reason !== undefined ? via.reasonWords : current.reasonWords,
      updatedAt: now,
    });
    await db.transaction('rw', [db.meetings, db.meetingProposals, db.activities, db.outbox], async () => {
      await db.meetings.put(meeting);
      await this.queue(meeting, crms, now);
      await this.releaseHolds(meetingId, via.proposalId);
      await db.activities.add({
        id: `meeting:${meetingId}:${meeting.sequence}`,
        kind: 'meeting',
        contactId: meeting.contactId,
        threadId: meeting.threadId,
        summary: `Meeting moved: ${slotLabel(current, zone)} → ${slotLabel(meeting, zone)} with ${meeting.attendees[0]!.name || meeting.attendees[0]!.email}`,
        summaryWords: words('activity_meeting_moved', { from: { at: current.start, tz: zone }, to: { at: meeting.start, tz: zone }, who: meeting.attendees[0]!.name || meeting.attendees[0]!.email }),
        at: now,
      });
    });
    this.p.wake?.();
    return this.withInvitation(meeting);
  }

  /**
   * Cancel a booked meeting: METHOD:CANCEL with the same UID and a higher SEQUENCE, status CANCELLED. Its time is
   * free again, times proposed for moving it stop being held, the CRM record is updated, and no recap follows.
   * Sequences stopped by the booking stay stopped: the prospect who cancels is not mailed again by a rule;
   * the rep re-enrols them if that is right.
   */
  async cancel(meetingId: string) {
    const { db } = this.p;
    const now = this.p.now();
    const current = await db.meetings.get(meetingId);
    if (!current) throw new WordsError(words('err_meeting_gone'), 'That meeting is gone.');
    if (current.status === 'cancelled') return this.withInvitation(current);
    const crms = await this.crms();
    const zone = (await this.rules()).timeZone;
    const meeting = MeetingRow.parse({ ...current, status: 'cancelled', sequence: current.sequence + 1, updatedAt: now });
    await db.transaction('rw', [db.meetings, db.meetingProposals, db.activities, db.outbox], async () => {
      await db.meetings.put(meeting);
      await this.queue(meeting, crms, now);
      await this.releaseHolds(meetingId);
      await db.activities.add({
        id: `meeting:${meetingId}:${meeting.sequence}`,
        kind: 'meeting',
        contactId: meeting.contactId,
        threadId: meeting.threadId,
        summary: `Meeting cancelled: ${slotLabel(meeting, zone)} with ${meeting.attendees[0]!.name || meeting.attendees[0]!.email}`,
        summaryWords: words('activity_meeting_cancelled', { start: { at: meeting.start, tz: zone }, who: meeting.attendees[0]!.name || meeting.attendees[0]!.email }),
        at: now,
      });
    });
    this.p.wake?.();
    return this.withInvitation(meeting);
  }

  /** Open proposals made to move this meeting stop holding their times (the one booked is marked booked). */
  private async releaseHolds(meetingId: string, bookedProposalId?: string) {
    const { db } = this.p;
    const open = await db.meetingProposals.where('[status+expiresAt]').between(['open', 0], ['open', Infinity]).filter((p) => p.reschedules === meetingId).toArray();
    for (const p of open) {
      const booked = p.id === bookedProposalId;
      await db.meetingProposals.update(p.id, {
        status: booked ? 'booked' : 'withdrawn',
        ...(booked ? { bookedMeetingId: meetingId } : {}),
        ...(booked && p.reading ? { reading: { ...p.reading, handled: 'booked' as const } } : {}),
      });
    }
  }

  withInvitation(meeting: MeetingRow) {
    return { meeting, ics: invitationIcs(meeting), calendarLink: googleCalendarLink(meeting), fileName: INVITE_FILE };
  }

  async dismiss(proposalId: string) {
    const p = await this.p.db.meetingProposals.get(proposalId);
    if (!p?.reading) return;
    await this.p.db.meetingProposals.update(proposalId, { reading: { ...p.reading, handled: 'dismissed' } });
  }

  async withdraw(proposalId: string) {
    await this.p.db.meetingProposals.update(proposalId, { status: 'withdrawn' });
  }

  // ---- TodaySource: replies that pick a time, waiting for the rep to book ----
  async items(now: number): Promise<TodayItem[]> {
    const open = await this.p.db.meetingProposals.where('[status+expiresAt]').between(['open', now], ['open', Infinity]).toArray();
    return open
      .filter((p) => p.reading && !p.reading.handled && p.reading.kind !== 'none')
      .map((p) => ({
        id: `meeting:${p.id}`,
        kind: 'meeting' as const,
        ...MeetingsService.suggestionTitle(p, p.reading!),
        detail: p.reading!.reason.slice(0, 500),
        ...(p.reading!.words ? { detailWords: [p.reading!.words] } : {}),
        contactEmail: p.contactEmail,
        threadId: p.threadId,
        dueAt: p.reading!.at,
        newLead: false,
        actions: p.reading!.kind === 'pick' ? (['done', 'open', 'skip'] as const).slice() : (['open', 'skip'] as const).slice(),
      }));
  }

  async act(itemId: string, action: 'open' | 'insert' | 'done' | 'snooze' | 'skip') {
    const id = itemId.replace(/^meeting:/, '');
    const p = await this.p.db.meetingProposals.get(id);
    if (!p) return { ok: false as const, reason: 'That proposal is gone.', words: words('err_proposal_gone') };
    if (action === 'done') {
      if (p.reading?.kind !== 'pick' || p.reading.slot === undefined) return { ok: false as const, reason: 'The reply picked no time to book.', words: words('err_meeting_reply_picked_none') };
      const { meeting } = await this.book(id, p.reading.slot);
      return { ok: true as const, note: `Booked ${slotLabel(meeting, p.repZone)}`, words: words('meet_act_booked', { at: { at: meeting.start, tz: p.repZone } }) };
    }
    if (action === 'skip') {
      await this.dismiss(id);
      return { ok: true as const };
    }
    if (action === 'open') return { ok: true as const };
    return { ok: false as const, reason: `“${action}” does not apply to a meeting.`, words: words('err_meeting_action_not_applicable', { action }) };
  }
}
