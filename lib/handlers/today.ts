import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import type { TodaySource } from '../today/source';
import { createToday } from '../today/today';
import { dbRankContext } from '../today/context';
import { TodayMarks } from '../today/marks';
import { inboundSource } from '../today/inbound-source';
import { reminderSource } from '../today/reminder-source';
import { gmailThreadUrl } from '../gmail/links';
import { WordsError, words } from '../words';

/** What Today is given beyond the service ports: the reminder path the side panel uses, and the other areas' sources. */
export interface TodayWiring {
  /** The `ui.reminder.update` answer, called as the side panel calls it. */
  updateReminder: (id: string, action: 'done' | 'snooze', until?: number) => Promise<unknown>;
  /** Sources of other areas (sequences' due steps, meetings to confirm), each added at composition (lib/service.ts). */
  sources: readonly ((ports: ServicePorts) => TodaySource)[];
}

/** The background's answers to Today's channels (lib/channels/today.ts). */
export function todayHandlers(ports: ServicePorts, wiring: TodayWiring) {
  const { db, now } = ports;
  const marks = new TodayMarks(db);
  const settings = async () => (await ports.settings.load()).settings;

  // A thread opens in the Gmail tab the rep used last (same-page navigation to the thread's hash), or a new
  // tab when none is known; in the account the thread was read in.
  async function openThread(threadId: string): Promise<string> {
    if (!ports.openTab) throw new WordsError(words('err_no_gmail_here'), 'opening Gmail is not available here');
    const thread = await db.threads.get(threadId);
    const message = thread ? undefined : await db.messages.where('threadId').equals(threadId).first();
    const url = gmailThreadUrl({ legacyId: thread?.legacyId, subject: thread?.subject ?? message?.subject, account: thread?.account });
    const view = await ports.views.get();
    const gmailTab = view && !view.record ? view.tabId : undefined;
    await ports.openTab(url, gmailTab);
    return gmailTab === undefined ? 'Opened the thread in a new Gmail tab.' : 'Opened the thread in your Gmail tab.';
  }

  const sources: TodaySource[] = [
    inboundSource({ db, settings, marks, openThread }),
    reminderSource({ db, marks, update: wiring.updateReminder, openThread }),
    ...wiring.sources.map((make) => make(ports)),
  ];
  const today = createToday({ sources, context: dbRankContext(db), marks });

  return {
    async 'today.list'() {
      const at = now();
      const [list, loaded, contacts] = await Promise.all([today.list(at), settings(), db.contacts.count()]);
      return {
        ...list,
        setup: { contacts, ownDomains: loaded.ownDomains.length > 0, crm: loaded.crm, formSenders: loaded.leadRouting.formSenders.length },
        at,
      };
    },
    async 'today.act'({ id, action, until }) {
      const result = await today.act(id, action, { now: now(), until });
      if (result.ok) ports.notifyPanels();
      return result;
    },
  } satisfies Partial<Handlers>;
}
