import type { PanelContext, PanelView } from '../messages';
import type { Handlers } from '../router';
import type { Contact, Thread } from '../records';
import type { TabView } from '../views';
import { contactCard, contactCards, contactTimeline, findContacts } from '../crm/match';
import { loadDemoData } from '../crm/demo';
import type { PanelExtras } from '../channels/ui';
import type { ServicePorts } from './ports';

const startOfLocalDay = (now: number) => {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

const endOfLocalDay = (now: number) => {
  const d = new Date(now);
  d.setHours(23, 59, 59, 999);
  return d.getTime();
};

/** How many rows a panel list holds before it says "and N more" (the timeline virtualises instead). */
const LIST_LIMIT = 50;

/** The local contact a CRM record page is about: by the email it shows, else by a name only one contact has. */
async function contactForRecord(db: ServicePorts['db'], record: { email?: string; name?: string }): Promise<Contact | undefined> {
  if (record.email) {
    const hit = (await findContacts(db, [record.email])).get(record.email.toLowerCase());
    if (hit) return hit;
  }
  const name = record.name?.trim().toLowerCase();
  if (!name) return undefined;
  const named = await db.contacts.filter((c) => c.name.trim().toLowerCase() === name).limit(2).toArray();
  return named.length === 1 ? named[0] : undefined;
}

async function subjectsOf(db: ServicePorts['db'], threadIds: (string | undefined)[]): Promise<Record<string, string>> {
  const ids = [...new Set(threadIds.filter((t): t is string => !!t))];
  const threads = await db.threads.bulkGet(ids);
  return Object.fromEntries(threads.filter((t) => t !== undefined).map((t) => [t.id, t.subject]));
}

/**
 * What a caller already holds, so the panel's view is read without it: the tab's view it just set, the thread's
 * row it is storing (the thread-open handler reads the panel's view beside its write, not after it).
 */
export interface KnownView {
  view?: TabView;
  thread?: Thread;
}

/** The thread or record in view (`panel.getContext`). */
export async function panelContext(ports: ServicePorts, tabId: number | undefined, known: KnownView = {}): Promise<PanelContext> {
  const { db } = ports;
  const view = known.view ?? (await ports.views.get(tabId));
  if (view?.record) {
    const contact = await contactForRecord(db, view.record);
    const activities = contact ? await contactTimeline(db, contact.id) : [];
    return { kind: 'record', record: view.record, card: contact ? await contactCard(db, contact, { lastTouch: true }) : undefined, activities };
  }
  if (view?.view !== 'thread' || !view.threadId) return { kind: 'none' };
  const thread = known.thread?.id === view.threadId ? known.thread : await db.threads.get(view.threadId);
  if (!thread) return { kind: 'none' };
  // Side by side: each read is its own short transaction, and none needs another's answer.
  const [cards, activities] = await Promise.all([
    ports.settings.load().then(({ settings }) => contactCards(db, thread.participants, new Set(settings.ownDomains), { lastTouch: true })),
    db.activities.where('threadId').equals(thread.id).reverse().sortBy('at'),
  ]);
  return { kind: 'thread', thread, cards, activities };
}

/** What the thread's own row gives the panel's lists: its subject and its flag. */
function threadFields(thread: Thread | undefined): Pick<PanelExtras, 'subjects' | 'flag'> {
  const flag = thread?.flag;
  return { subjects: thread ? { [thread.id]: thread.subject } : {}, ...(flag ? { flag: { kind: flag.kind, reason: flag.reason, words: flag.words, at: flag.at } } : {}) };
}

/**
 * A view read with a provisional row of the thread in view (before its stored row was read), completed with the
 * row as stored: the row's own fields (flag, message ids, legacy id, account) are all the view takes from it; the
 * people, lists and timeline follow the thread's id and the participants read from Gmail.
 */
export function withThreadRow(shown: PanelView, thread: Thread): PanelView {
  const { context, extras } = shown;
  if (context.kind !== 'thread' || context.thread.id !== thread.id || extras.mode !== 'thread' || extras.threadId !== thread.id) return shown;
  const { flag: _old, ...rest } = extras;
  return { context: { ...context, thread }, extras: { ...rest, ...threadFields(thread) } };
}

/** The suggestions, reminders and flags beside it (`ui.panel`). */
export async function panelExtras(ports: ServicePorts, tabId: number | undefined, known: KnownView = {}): Promise<PanelExtras> {
  const { db, now } = ports;
  const [{ settings }, view] = await Promise.all([ports.settings.load(), known.view ?? ports.views.get(tabId)]);
  // A named tab Followthrough knows nothing about shows the day's overview; no tab (the panel opened
  // as a page of its own) follows the Gmail or CRM tab touched last.
  const inView = tabId !== undefined && view?.tabId !== tabId ? undefined : view;
  const base = { autoLog: settings.autoLog };

  if (inView?.view === 'thread' && inView.threadId) {
    const threadId = inView.threadId;
    const [allSuggestions, allReminders, thread] = await Promise.all([
      db.suggestions.where('threadId').equals(threadId).toArray(),
      db.reminders.where('threadId').equals(threadId).toArray(),
      known.thread?.id === threadId ? known.thread : db.threads.get(threadId),
    ]);
    const suggestions = allSuggestions.filter((s) => s.status === 'open').sort((a, b) => b.createdAt - a.createdAt);
    const reminders = allReminders.filter((r) => r.status === 'pending' || r.status === 'snoozed').sort((a, b) => a.dueAt - b.dueAt);
    return { ...base, mode: 'thread', threadId, suggestions, reminders, ...threadFields(thread) };
  }

  const suggestions = await db.suggestions.where('status').equals('open').reverse().sortBy('createdAt');
  const reminders = (await db.reminders.where('dueAt').belowOrEqual(endOfLocalDay(now())).toArray())
    .filter((r) => r.status === 'pending' || r.status === 'snoozed')
    .sort((a, b) => a.dueAt - b.dueAt);
  const shown = { suggestions: suggestions.slice(0, LIST_LIMIT), reminders: reminders.slice(0, LIST_LIMIT) };
  return {
    ...base,
    mode: inView?.record ? 'record' : 'home',
    ...shown,
    subjects: await subjectsOf(db, [...shown.suggestions, ...shown.reminders].map((r) => r.threadId)),
  };
}

/** Both, as `panel.contextChanged` carries them after a thread open. */
export async function panelView(ports: ServicePorts, tabId: number | undefined, known: KnownView = {}): Promise<PanelView> {
  const [context, extras] = await Promise.all([panelContext(ports, tabId, known), panelExtras(ports, tabId, known)]);
  return { context, extras };
}

/**
 * The side panel's context and lists (the thread or record in view, its suggestions and reminders, or the day's),
 * the popup's status and the demo data: what the surfaces ask of the background as a whole.
 */
export function panelHandlers(ports: ServicePorts) {
  const { db, now } = ports;

  return {
    async 'gmail.viewChanged'(payload, { tabId }) {
      if (tabId !== undefined) await ports.views.set({ tabId, view: payload.view, threadId: payload.threadId, at: now() });
      ports.notifyPanels(tabId);
      return { received: true };
    },

    'panel.getContext': ({ tabId }) => panelContext(ports, tabId),

    'ui.panel': ({ tabId }) => panelExtras(ports, tabId),

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
