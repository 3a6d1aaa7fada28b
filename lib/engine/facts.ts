import type { FollowthroughDb } from '../db';
import { findContacts } from '../crm/match';
import type { Contact, Deal, Person } from '../records';
import type { Settings } from '../settings';
import type { EngineEvent } from './events';

// What conditions may look at besides the event itself. Loaded from the database once per event, before
// any rule is evaluated, so evaluation is plain synchronous code (and 100 rules cost microseconds).

export type Need = 'contacts' | 'deals' | 'thread';

export interface ThreadFacts {
  /** Something on this thread is already on a timeline. */
  logged: boolean;
  /** Someone other than the rep has written on this thread. */
  hasReply: boolean;
  pendingReminders: number;
}

export interface Facts {
  now: number;
  settings: Settings;
  /** Contacts matched by the event's addresses, keyed by the lower-cased address as the event wrote it. */
  contacts: Map<string, Contact>;
  /** Deals of the matched contacts (by contact or by their company). */
  deals: Deal[];
  thread?: ThreadFacts;
}

/** Who an event is from and about. */
export function eventPeople(event: EngineEvent): { sender?: Person; recipients: Person[] } {
  switch (event.type) {
    case 'email.sent':
    case 'email.received':
      return { sender: event.email.from, recipients: [...event.email.to, ...event.email.cc, ...event.email.bcc] };
    case 'thread.opened':
      return { recipients: event.participants };
    case 'reply.overdue':
      return { recipients: event.waitingOn };
    case 'crm.record.viewed':
      return { recipients: event.email ? [{ name: event.name ?? '', email: event.email }] : [] };
    default:
      return { recipients: [] };
  }
}

export function eventThreadId(event: EngineEvent): string | undefined {
  switch (event.type) {
    case 'email.sent':
    case 'email.received':
      return event.email.threadId;
    case 'thread.opened':
    case 'reply.overdue':
      return event.threadId;
    case 'activity.logged':
    case 'suggestion.accepted':
    case 'meeting.ended':
      return event.threadId;
    default:
      return undefined;
  }
}

export async function loadFacts(db: FollowthroughDb, event: EngineEvent, needs: ReadonlySet<Need>, settings: Settings, now: number): Promise<Facts> {
  const facts: Facts = { now, settings, contacts: new Map(), deals: [] };
  if (needs.has('contacts') || needs.has('deals')) {
    const { sender, recipients } = eventPeople(event);
    const addresses = [...(sender ? [sender.email] : []), ...recipients.map((p) => p.email)];
    facts.contacts = await findContacts(db, addresses);
  }
  if (needs.has('deals') && facts.contacts.size > 0) {
    const contacts = [...facts.contacts.values()];
    const ids = new Set(contacts.map((c) => c.id));
    const companyIds = [...new Set(contacts.map((c) => c.companyId).filter((id): id is string => !!id))];
    const byCompany = companyIds.length ? await db.deals.where('companyId').anyOf(companyIds).toArray() : [];
    facts.deals = byCompany.filter((d) => d.contactIds.length === 0 || d.contactIds.some((id) => ids.has(id)));
  }
  const threadId = eventThreadId(event);
  if (needs.has('thread') && threadId) {
    const [logged, inbound, received, reminders] = await Promise.all([
      db.activities.where('threadId').equals(threadId).count(),
      db.messages.where('threadId').equals(threadId).filter((m) => m.direction === 'inbound').count(),
      db.activities.where('threadId').equals(threadId).filter((a) => a.kind === 'email.received').count(),
      db.reminders.where('threadId').equals(threadId).filter((r) => r.status === 'pending' || r.status === 'snoozed').count(),
    ]);
    facts.thread = { logged: logged > 0, hasReply: inbound + received > 0 || event.type === 'email.received', pendingReminders: reminders };
  }
  return facts;
}
