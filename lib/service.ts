import type { FollowthroughDb } from './db';
import type { Dispatched } from './engine/dispatch';
import type { Engine } from './engine/runner';
import type { EngineEvent } from './engine/events';
import type { ContactCard, PanelContext, ThreadSnapshot } from './messages';
import type { Handlers } from './router';
import type { Contact, Thread } from './records';
import { companyForDomain, contactTimeline, emailDomain, findContacts } from './crm/match';
import { loadDemoData } from './crm/demo';
import type { SettingsStore } from './settings';
import type { ReminderService } from './followup/reminders';
import type { ViewTracker } from './views';
import type { DraftsPorts } from './handlers/drafts';
import type { CrmSync } from './crm/sync';
import type { CrmAccounts } from './crm/accounts';
import type { Wiped } from './wipe';
import { gmailHandlers, storeThread as storeGmailThread } from './handlers/gmail';
import { engineHandlers } from './handlers/engine';
import { followupHandlers } from './handlers/followup';
import { draftsHandlers } from './handlers/drafts';
import { crmHandlers } from './handlers/crm';
import { uiHandlers } from './handlers/ui';
import { settingsHandlers } from './handlers/settings';

export interface ServicePorts {
  db: FollowthroughDb;
  settings: SettingsStore;
  views: ViewTracker;
  now: () => number;
  /** Tell open side panels to ask again; never fails the caller. */
  notifyPanels: (tabId?: number) => void;
  /** Hand an event to the engine: recorded once by id, then acted on (lib/engine). */
  dispatch: (event: EngineEvent) => Promise<Dispatched>;
  /** The trigger → action engine (rules, audit log, undo, the rep's Log to CRM). */
  engine: Engine;
  /** What the drafts area needs beyond the database (lib/handlers/drafts.ts); absent where drafts are not wired. */
  drafts?: DraftsPorts;
  /** Reminders with the browser's alarms and notifications (lib/followup/reminders.ts); absent in tests of other areas. */
  reminders?: ReminderService;
  /** CRM sync and accounts (lib/crm); absent where no CRM sync runs. */
  crm?: { sync: CrmSync; accounts: CrmAccounts };
  /** Delete all data beyond the database: secrets, extension storage, optional permissions (lib/wipe.ts). */
  wipe?: () => Promise<Wiped>;
}

const startOfLocalDay = (now: number) => {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/** The background's answers to every channel it owns. Pure of `browser.*`: ports come in. */
export function createHandlers(ports: ServicePorts): Handlers {
  // Each area answers its own channels (lib/handlers/*.ts): one line here per area.
  return {
    ...coreHandlers(ports),
    ...gmailHandlers(ports),
    ...engineHandlers(ports),
    ...followupHandlers(ports),
    ...draftsHandlers(ports),
    ...crmHandlers(ports),
    ...uiHandlers(ports),
    ...settingsHandlers(ports),
  } satisfies Handlers;
}

function coreHandlers(ports: ServicePorts) {
  const { db, now } = ports;

  // One way to store a thread read from Gmail, shared with the Gmail area's own channel.
  async function storeThread(snapshot: ThreadSnapshot, viewedAt: number) {
    const { settings } = await ports.settings.load();
    await storeGmailThread(ports, snapshot, new Set(settings.ownDomains), undefined, viewedAt);
  }

  async function cardOf(contact: Contact): Promise<ContactCard> {
    const company = contact.companyId ? await db.companies.get(contact.companyId) : await companyForDomain(db, emailDomain(contact.email));
    const deals = (await db.deals.where('companyId').equals(company?.id ?? '\u0000').toArray()).filter(
      (d) => d.contactIds.length === 0 || d.contactIds.includes(contact.id),
    );
    const [last] = await contactTimeline(db, contact.id, 1);
    return { contact, company, deals, lastTouch: last?.at };
  }

  async function cardsFor(thread: Thread, ownDomains: Set<string>): Promise<ContactCard[]> {
    const others = thread.participants.filter((p) => !ownDomains.has(emailDomain(p.email)));
    const matched = await findContacts(db, others.map((p) => p.email));
    const cards: ContactCard[] = [];
    const seen = new Set<string>();
    for (const contact of matched.values()) {
      if (seen.has(contact.id)) continue;
      seen.add(contact.id);
      cards.push(await cardOf(contact));
    }
    return cards;
  }

  /** The local contact a CRM record page is about: by the email it shows, else by a name only one contact has. */
  async function contactForRecord(record: { email?: string; name?: string }): Promise<Contact | undefined> {
    if (record.email) {
      const hit = (await findContacts(db, [record.email])).get(record.email.toLowerCase());
      if (hit) return hit;
    }
    const name = record.name?.trim().toLowerCase();
    if (!name) return undefined;
    const named = await db.contacts.filter((c) => c.name.trim().toLowerCase() === name).limit(2).toArray();
    return named.length === 1 ? named[0] : undefined;
  }

  return {
    async 'gmail.viewChanged'(payload, { tabId }) {
      if (tabId !== undefined) await ports.views.set({ tabId, view: payload.view, threadId: payload.threadId, at: now() });
      ports.notifyPanels(tabId);
      return { received: true };
    },

    async 'gmail.threadOpened'({ thread }, { tabId }) {
      const at = now();
      await storeThread(thread, at);
      if (tabId !== undefined) await ports.views.set({ tabId, view: 'thread', threadId: thread.threadId, at });
      ports.notifyPanels(tabId);
      return { received: true };
    },

    async 'panel.getContext'({ tabId }): Promise<PanelContext> {
      const view = await ports.views.get(tabId);
      if (view?.record) {
        const contact = await contactForRecord(view.record);
        const activities = contact ? await contactTimeline(db, contact.id) : [];
        return { kind: 'record', record: view.record, card: contact ? await cardOf(contact) : undefined, activities };
      }
      if (view?.view !== 'thread' || !view.threadId) return { kind: 'none' };
      const thread = await db.threads.get(view.threadId);
      if (!thread) return { kind: 'none' };
      const { settings } = await ports.settings.load();
      const cards = await cardsFor(thread, new Set(settings.ownDomains));
      const activities = await db.activities.where('threadId').equals(thread.id).reverse().sortBy('at');
      return { kind: 'thread', thread, cards, activities };
    },

    async 'popup.getStatus'() {
      const { warnings } = await ports.settings.load();
      const today = startOfLocalDay(now());
      return {
        contacts: await db.contacts.count(),
        threads: await db.threads.count(),
        activitiesToday: await db.activities.where('at').aboveOrEqual(today).count(),
        remindersDue: await db.reminders.where('dueAt').belowOrEqual(now()).filter((r) => r.status === 'pending' || r.status === 'snoozed').count(),
        settingsWarnings: warnings,
      };
    },

    async 'crm.loadDemoData'() {
      const counts = await loadDemoData(db, now());
      ports.notifyPanels();
      return counts;
    },
  } satisfies Partial<Handlers>;
}
