import type { FollowthroughDb } from '../db';
import type { ActionResult } from '../engine/actions';
import type { Undo } from '../engine/undo';
import type { Settings } from '../settings';
import { logEmail } from './log';
import { canonicalEmail, emailDomain } from './match';
import { describeSkips, describeSkipsWords, type SkipReason } from './policy';
import { words, type Words } from '../words';
import { withCreated } from '../engine/kind-words';

// The rep's Log to CRM: every message of the thread not yet logged goes on its contacts' timelines.

export interface ThreadLogState {
  threadId: string;
  /** Something on this thread is on a timeline. */
  logged: boolean;
  activities: number;
  /** Messages Followthrough has read on this thread. */
  messages: number;
  contacts: string[];
  /** The audit entry the rep can undo from the button, if any. */
  undoSeq?: number;
}

export class ThreadNotRead extends Error {
  constructor(threadId: string) {
    super(`Followthrough has not read ${threadId} yet: open the thread and try again`);
    this.name = 'ThreadNotRead';
  }
}

export async function logThread(db: FollowthroughDb, threadId: string, opts: { settings: Settings; now: number; accountEmail?: string }): Promise<ActionResult> {
  const messages = await db.messages.where('threadId').equals(threadId).sortBy('date');
  if (messages.length === 0) throw new ThreadNotRead(threadId);
  const account = opts.accountEmail ? canonicalEmail(opts.accountEmail) : undefined;
  const own = new Set(opts.settings.ownDomains);
  const activityIds: string[] = [];
  const createdContacts = new Set<string>();
  const createdCompanies = new Set<string>();
  const contactIds = new Set<string>();
  const skips = new Map<string, SkipReason>();
  let already = 0;
  const emitted: NonNullable<ActionResult['emit']> = [];
  for (const m of messages) {
    const fromRep = account ? canonicalEmail(m.from.email) === account : own.has(emailDomain(m.from.email)) || m.direction === 'outbound';
    const out = await logEmail(db, {
      email: { messageId: m.id, threadId, from: m.from, to: m.to, cc: m.cc, bcc: m.bcc, subject: m.subject, bodyText: '', at: m.date ?? opts.now },
      direction: fromRep ? 'outbound' : 'inbound',
      settings: opts.settings,
      now: opts.now,
      manual: true,
      selfAddresses: opts.accountEmail ? [opts.accountEmail] : [],
    });
    activityIds.push(...out.activityIds);
    out.createdContactIds.forEach((id) => createdContacts.add(id));
    out.createdCompanyIds.forEach((id) => createdCompanies.add(id));
    out.contactIds.forEach((id) => contactIds.add(id));
    for (const s of out.skips) skips.set(canonicalEmail(s.email), s.reason);
    already += out.alreadyLogged.length;
    emitted.push(...out.emitted);
  }
  const left = skips.size ? `; left out ${describeSkips([...skips.values()])}` : '';
  const leftOut = (what: Words) => (skips.size ? words('audit_left_out', { what, who: describeSkipsWords([...skips.values()]) }) : what);
  if (activityIds.length === 0) {
    const what = words(already ? 'audit_already_logged' : 'audit_nothing_to_log');
    return { result: 'skipped', detail: already ? `already logged${left}` : `nothing to log${left}`, detailWords: leftOut(what), threadId };
  }
  const undo: Undo = [];
  if (createdCompanies.size) undo.push({ op: 'delete', table: 'companies', keys: [...createdCompanies] });
  if (createdContacts.size) undo.push({ op: 'delete', table: 'contacts', keys: [...createdContacts] });
  undo.push({ op: 'delete', table: 'activities', keys: activityIds });
  const made = createdContacts.size ? `, created ${createdContacts.size} contact(s)` : '';
  return {
    result: 'ok',
    detail: `logged ${activityIds.length} email(s) on ${contactIds.size} timeline(s)${made}${left}`,
    detailWords: leftOut(withCreated(words('audit_logged_thread', { emails: words('audit_n_emails', { count: activityIds.length }), timelines: words('audit_n_timelines', { count: contactIds.size }) }), createdContacts.size)),
    undo,
    emit: emitted,
    threadId,
    contactIds: [...contactIds],
  };
}

const UNDOABLE = new Set(['activity.log', 'crm.logThread']);

export async function threadLogState(db: FollowthroughDb, threadId: string): Promise<ThreadLogState> {
  const [activities, messages, entries] = await Promise.all([
    db.activities.where('threadId').equals(threadId).toArray(),
    db.messages.where('threadId').equals(threadId).count(),
    db.auditLog.where('threadId').equals(threadId).toArray(),
  ]);
  const ids = [...new Set(activities.map((a) => a.contactId).filter((id): id is string => !!id))];
  const contacts = (await db.contacts.bulkGet(ids)).filter((c) => !!c).map((c) => c.name);
  // The newest log on this thread whose activities are still there.
  const present = new Set(activities.map((a) => a.id));
  const undoable = entries
    .filter((e) => UNDOABLE.has(e.action) && e.result === 'ok' && !e.undoneAt && Array.isArray(e.undo))
    .filter((e) => (e.undo as { table?: string; keys?: string[] }[]).some((s) => s.table === 'activities' && s.keys?.some((k) => present.has(k))))
    .at(-1);
  return { threadId, logged: activities.length > 0, activities: activities.length, messages, contacts, undoSeq: undoable?.seq };
}
