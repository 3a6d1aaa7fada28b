import type { FollowthroughDb } from '../db';
import type { Contact, LeadRow, Message } from '../records';
import type { Settings } from '../settings';
import { classifyInbound } from '../engine/inbound';
import { neverLoggable } from '../crm/policy';
import { duration } from './rank';
import { actionWords, type TodayItem, type TodaySource } from './source';
import type { TodayMarks } from './marks';
import { contactsByAddress } from './context';
import { words } from '../words';

// Inbound mail waiting for the rep's answer: threads whose newest message is a person's mail from a contact
// (never the rep's own domains, the never-log list, automated senders, calendar notices, auto-replies,
// out-of-office notes, bounces or list mail: the sender policy and the inbound classifier decide, as for
// logging and reminders), with nothing from the rep since. And the leads lead routing made (lib/today/leads.ts),
// first while they are new.

/** How far back Today looks for mail still waiting: read by the messages' date index, newest first. */
export const WAITING_WINDOW_MS = 30 * 86_400_000;
/** The most messages one read takes from that window (a bound, not a page: it is read newest first). */
export const WAITING_READ_LIMIT = 5_000;

export interface InboundSourceDeps {
  db: FollowthroughDb;
  settings: () => Promise<Settings>;
  marks: TodayMarks;
  /** Open a thread in the rep's Gmail tab; answers a note for the rep. */
  openThread: (threadId: string, tabId?: number) => Promise<string>;
}

const ITEM_PREFIX = 'inbound:';
const LEAD_PREFIX = 'inbound:lead:';
const ACTIONS: TodayItem['actions'] = ['open', 'snooze', 'done', 'skip'];

const who = (m: { name: string; email: string }) => m.name.trim() || m.email;

/** Verdicts kept per message (a stored message never changes): the classifier reads each body once per worker. */
const VERDICT_CACHE = 20_000;

export function inboundSource(deps: InboundSourceDeps): TodaySource {
  const { db } = deps;
  const verdicts = new Map<string, boolean>();
  const isPersonsMail = (m: Message) => {
    let person = verdicts.get(m.id);
    if (person === undefined) {
      person = classifyInbound({ from: m.from, subject: m.subject, bodyText: m.bodyText }).kind === 'reply';
      if (verdicts.size >= VERDICT_CACHE) verdicts.delete(verdicts.keys().next().value!);
      verdicts.set(m.id, person);
    }
    return person;
  };

  async function waiting(now: number, settings: Settings): Promise<{ waiting: Map<string, Message>; contacts: Map<string, Contact> }> {
    const newest = new Map<string, Message>();
    const rows = await db.messages
      .where('date')
      .between(now - WAITING_WINDOW_MS, now, true, true)
      .reverse()
      .limit(WAITING_READ_LIMIT)
      .toArray();
    for (const m of rows) if (!newest.has(m.threadId)) newest.set(m.threadId, m);
    const candidates = [...newest].filter(([, m]) => m.direction === 'inbound' && !neverLoggable(m.from.email, m.subject, settings));
    // Only mail from contacts waits on Today: the contacts first (one indexed read), the classifier after.
    const contacts = await contactsByAddress(db, candidates.map(([, m]) => m.from.email));
    const out = new Map<string, Message>();
    for (const [threadId, m] of candidates) if (contacts.has(m.from.email.toLowerCase()) && isPersonsMail(m)) out.set(threadId, m);
    return { waiting: out, contacts };
  }

  async function answered(lead: LeadRow, newestOnThread: Message | undefined): Promise<boolean> {
    // The rep wrote on the lead's thread, or logged a send to the lead since it arrived.
    if (newestOnThread && newestOnThread.direction === 'outbound' && (newestOnThread.date ?? 0) >= lead.at) return true;
    const sent = await db.activities
      .where('[contactId+at]')
      .between([lead.contactId, lead.at], [lead.contactId, Infinity])
      .filter((a) => a.kind === 'email.sent')
      .first();
    return sent !== undefined;
  }

  return {
    kind: 'inbound',
    async items(now) {
      const settings = await deps.settings();
      const { waiting: byThread, contacts } = await waiting(now, settings);
      const leads = await db.leads.where('status').equals('new').toArray();
      const leadByThread = new Map(leads.filter((l) => l.source === 'inbound').map((l) => [l.threadId, l]));
      const items: TodayItem[] = [];
      for (const [threadId, m] of byThread) {
        const contact = contacts.get(m.from.email.toLowerCase());
        if (!contact) continue;
        const lead = leadByThread.get(threadId);
        const at = m.date ?? now;
        items.push({
          id: `${ITEM_PREFIX}${m.id}`,
          kind: 'inbound',
          title: `${lead ? 'New lead: reply to' : 'Reply to'} ${who(contact.name ? { name: contact.name, email: m.from.email } : m.from)} — ${m.subject || '(no subject)'}`,
          detail: `${m.from.email} wrote ${duration(Math.max(0, now - at))} ago; you have not answered since`,
          titleWords: words(lead ? 'today_lead_reply_to' : 'today_reply_to', {
            name: who(contact.name ? { name: contact.name, email: m.from.email } : m.from),
            subject: m.subject || words('today_no_subject'),
          }),
          detailWords: [words('today_inbound_detail', { email: m.from.email, time: { ago: Math.max(0, now - at) } })],
          contactEmail: m.from.email,
          threadId,
          dueAt: at,
          newLead: lead !== undefined,
          actions: ACTIONS,
        });
      }
      // Leads that came another way (a web form), or whose thread is no longer the newest waiting mail.
      const threadHeads = new Map<string, Message | undefined>();
      for (const lead of leads) {
        if (lead.source === 'inbound' && byThread.has(lead.threadId)) continue;
        if (!threadHeads.has(lead.threadId)) threadHeads.set(lead.threadId, await db.messages.where('threadId').equals(lead.threadId).reverse().sortBy('date').then((r) => r[0]));
        if (lead.source === 'inbound') continue; // answered, or hidden by the sender policy since
        if (await answered(lead, threadHeads.get(lead.threadId))) continue;
        items.push({
          id: `${LEAD_PREFIX}${lead.messageId}`,
          kind: 'inbound',
          title: `New lead from a web form: ${lead.name ? `${lead.name} <${lead.email}>` : lead.email}`,
          detail: `${lead.subject || 'Form notification'} · write to them first`,
          titleWords: words('today_form_lead_title', { who: lead.name ? `${lead.name} <${lead.email}>` : lead.email }),
          detailWords: [lead.subject ? words('text_as_written', { text: lead.subject }) : words('today_form_notification'), words('today_write_first')],
          contactEmail: lead.email,
          threadId: lead.threadId,
          dueAt: lead.at,
          newLead: true,
          actions: ACTIONS,
        });
      }
      return items;
    },

    async act(itemId, action, { now, until, tabId }) {
      if (!itemId.startsWith(ITEM_PREFIX)) return { ok: false, reason: 'not an inbound item', words: words('err_today_not_yours', { item: itemId }) };
      const messageId = itemId.startsWith(LEAD_PREFIX) ? itemId.slice(LEAD_PREFIX.length) : itemId.slice(ITEM_PREFIX.length);
      const message = await db.messages.get(messageId);
      const lead = await db.leads.get(`lead:${messageId}`);
      const threadId = message?.threadId ?? lead?.threadId;
      const settle = async () => {
        if (lead?.status === 'new') await db.leads.update(lead.id, { status: 'handled' });
      };
      switch (action) {
        case 'open': {
          if (!threadId) return { ok: false, reason: 'that message is no longer stored', words: words('err_message_gone') };
          return { ok: true, note: await deps.openThread(threadId, tabId) };
        }
        case 'done':
          await deps.marks.set(itemId, 'done', now);
          await settle();
          return { ok: true, note: 'Marked done.', words: words('today_note_marked_done') };
        case 'skip':
          await deps.marks.set(itemId, 'skipped', now);
          return { ok: true, note: 'Skipped for today.', words: words('today_note_skipped') };
        case 'snooze':
          await deps.marks.set(itemId, 'snoozed', now, until);
          return { ok: true, note: `Snoozed until ${new Date(until!).toLocaleString()}.`, words: words('today_note_snoozed', { at: { at: until! } }) };
        default:
          return { ok: false, reason: `an inbound message cannot be ${action}ed`, words: words('err_today_action_unknown', { action: actionWords(action) }) };
      }
    },
  };
}
