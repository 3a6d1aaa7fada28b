import type { PanelContext } from '../messages';
import type { Handlers } from '../router';
import type { Contact } from '../records';
import { contactCard, contactCards, contactTimeline, findContacts } from '../crm/match';
import { loadDemoData } from '../crm/demo';
import type { ServicePorts } from './ports';

const startOfLocalDay = (now: number) => {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/** The side panel's context, the popup's status and the demo data: what the surfaces ask of the background as a whole. */
export function panelHandlers(ports: ServicePorts) {
  const { db, now } = ports;

  const cardOf = (contact: Contact) => contactCard(db, contact, { lastTouch: true });

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
      const cards = await contactCards(db, thread.participants, new Set(settings.ownDomains), { lastTouch: true });
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
