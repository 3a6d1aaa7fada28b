import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import { MeetingsService } from '../meetings/service';
import { fetchFeed, feedUrl, parseFeed, FeedError, type FetchPort } from '../meetings/ical-feed';

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
            if (ports.drafts && !(await ports.drafts.hasPermission(`https://${host}/*`))) throw new FeedError(`Followthrough has no access to ${host}: add the calendar feed again in Options → Meetings to grant it.`);
            return fetch(url, init);
          }
        : undefined,
      newId,
    });
    services.set(ports, service);
  }
  return service;
}

/** The background's answers to the meetings channels (lib/channels/meetings.ts). */
export function meetingsHandlers(ports: ServicePorts) {
  const meetings = meetingsService(ports);
  return {
    async 'meetings.suggest'({ recipientZone, count }) {
      return meetings.suggest({ recipientZone, count });
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
          ? {
              kind: r.kind,
              slot: r.slot,
              reason: r.reason,
              title: r.kind === 'pick' ? MeetingsService.bookTitle(proposal, r.slot!) : r.kind === 'again' ? `Propose new times to ${proposal.contactName || proposal.contactEmail}` : 'The reply picks none of the proposed times',
            }
          : undefined;
      return { proposal, suggestion, meetings: booked };
    },
    async 'meetings.book'({ proposalId, slot }) {
      const booked = await meetings.book(proposalId, slot);
      ports.notifyPanels();
      return booked;
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
        if (!fetch) return { ok: false as const, error: 'Reading a calendar feed is not available here.' };
        const rules = await meetings.rules();
        const host = feedUrl(url).host;
        if (!(await ports.drafts!.hasPermission(`https://${host}/*`))) return { ok: false as const, error: `Followthrough has no access to ${host} yet: allow it when asked.` };
        const now = ports.now();
        const parsed = parseFeed(await fetchFeed(url, fetch), { from: now, until: now + 30 * 86_400_000, repZone: rules.timeZone });
        return { ok: true as const, busy: parsed.busy.length, allDay: parsed.stats.allDay, free: parsed.stats.free, warnings: parsed.warnings.slice(0, 10) };
      } catch (e) {
        return { ok: false as const, error: e instanceof Error ? e.message : String(e) };
      }
    },
  } satisfies Partial<Handlers>;
}
