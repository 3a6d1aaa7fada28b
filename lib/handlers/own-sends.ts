import { EmailFacts } from '../engine/events';
import type { OwnMessage, SendCheck, SendChecks } from '../channels/gmail';
import type { GmailSendRow, Person } from '../records';
import type { ServicePorts } from './ports';
import { WordsError, words } from '../words';

// Sends from elsewhere, and sends that need the rep. The rep's own messages read from an opened thread or
// found in Gmail's sync data (sent from the phone, another computer, or a scheduled send that fired while
// the browser was closed) join the same durable `gmailSends` rows as sends seen here, so one message is one
// `email.sent` under one key however often and in whichever id form (`msg-a:` here, `msg-f:` after a
// reload) it is read again. They are dated by the message. A row is found by its id, by Gmail's stored hex
// id (`legacyId`, learnt from Gmail's answer to the send or from the thread), and, for a press whose
// message id never reached us, by what the press showed (subject, recipients, time).

/** Older messages are history, not sends from elsewhere: they are logged by hand (Log to CRM), never on their own. */
export const OWN_MESSAGE_HORIZON_MS = 7 * 86_400_000;
/** How far apart a press and the message it sent (or two reads of one message) may be dated. */
const SAME_SEND_MS = 10 * 60_000;

const MESSAGE_ID = /^msg-[af]:r?-?\d{1,25}$/;

/** Gmail's hex id of a `msg-f:` id (its decimal form), when it fits the 16 hex digits Gmail uses. */
export function legacyOf(messageId: string): string | undefined {
  const m = /^msg-f:(\d{1,20})$/.exec(messageId);
  if (!m) return undefined;
  const hex = BigInt(m[1]!).toString(16);
  return hex.length <= 16 ? hex : undefined;
}

const permanentId = (legacy: string) => `msg-f:${BigInt(`0x${legacy}`).toString()}`;
const form = (id: string) => id.slice(0, 5); // 'msg-a' or 'msg-f'

/** "Re: Re: Pricing" and "pricing" are one conversation's subject (the press may show either). */
const subjectKey = (s: string) =>
  s
    .trim()
    .replace(/^((re|fwd?|aw|wg|sv|vs|tr|rv|antw)\s*:\s*)+/i, '')
    .toLowerCase();

const emailOf = (row: GmailSendRow) => {
  if (row.email === undefined) return undefined;
  const parsed = EmailFacts.safeParse(row.email);
  return parsed.success ? parsed.data : undefined;
};

/** Whether a stored send and a message read later are the same message, when their ids cannot say. */
function sameSend(row: GmailSendRow, m: OwnMessage, legacy: string | undefined): boolean {
  if (row.legacyId && legacy && row.legacyId !== legacy) return false;
  const recipients = new Set([...m.to, ...m.cc].map((p) => p.email));
  const email = emailOf(row);
  if (email) {
    // Two ids of the same form that differ are two messages.
    if (form(email.messageId) === form(m.messageId) && email.messageId !== m.messageId) return false;
    return (
      email.from.email === m.from.email &&
      subjectKey(email.subject) === subjectKey(m.subject) &&
      email.to.every((p) => recipients.has(p.email)) &&
      Math.abs(email.at - m.date) <= SAME_SEND_MS
    );
  }
  const intent = row.intent;
  if (!intent) return false;
  if (MESSAGE_ID.test(row.id) && form(row.id) === form(m.messageId) && row.id !== m.messageId) return false;
  return (
    (!intent.from || intent.from === m.from.email) &&
    (!intent.subject || subjectKey(intent.subject) === subjectKey(m.subject)) &&
    (intent.to.length > 0 ? intent.to.every((e) => recipients.has(e)) : intent.threadId === m.threadId) &&
    Math.abs(intent.at - m.date) <= SAME_SEND_MS
  );
}

async function findSend(ports: ServicePorts, m: OwnMessage, legacy: string | undefined): Promise<GmailSendRow | undefined> {
  const { db } = ports;
  const byId = await db.gmailSends.get(m.messageId);
  if (byId) return byId;
  if (legacy) {
    const byLegacy = await db.gmailSends.where('legacyId').equals(legacy).first();
    if (byLegacy) return byLegacy;
    const permanent = permanentId(legacy);
    if (permanent !== m.messageId) {
      const byPermanent = await db.gmailSends.get(permanent);
      if (byPermanent) return byPermanent;
    }
  }
  // A row's dueAt is its press (or confirmation) plus an undo window of at most 30 s.
  const near = await db.gmailSends
    .where('dueAt')
    .between(m.date - SAME_SEND_MS, m.date + SAME_SEND_MS + 30_000, true, true)
    .toArray();
  // Of the sends it could be, the one pressed (or confirmed) nearest its date: a reply read from the thread
  // before its confirmation belongs to the press a moment ago, never to an earlier press to the same people
  // that Gmail never confirmed (which stays listed for the rep).
  let best: GmailSendRow | undefined;
  let bestGap = Infinity;
  for (const r of near) {
    if (r.status === 'undone' || r.status === 'dismissed' || !sameSend(r, m, legacy)) continue;
    const gap = Math.abs(m.date - (emailOf(r)?.at ?? r.intent?.at ?? r.dueAt));
    if (gap < bestGap) [best, bestGap] = [r, gap];
  }
  return best;
}

const factsOf = (m: OwnMessage): EmailFacts => ({
  messageId: m.messageId,
  threadId: m.threadId,
  from: m.from,
  to: m.to,
  cc: m.cc,
  bcc: [],
  subject: m.subject,
  bodyText: m.bodyText,
  at: m.date,
});

/**
 * Take the rep's own messages into the send rows: a message never seen sent here becomes a send due now
 * (dated by the message); one seen here is recognised and changes nothing but what is known of its ids; one
 * held for want of a Send press is vouched for and released; a press never confirmed is confirmed by it.
 *
 * A message read only from the thread's DOM is logged here, but its CRM write waits (`crm: 'waiting'`): any
 * script in Gmail's page world can draw the rep's message. Gmail's sync data over the private channel (or a
 * Send press, or the rep's click) releases it. Returns whether anything may now be emitted (the caller
 * settles) and the message ids whose CRM write was released (`releaseCrmWrites`).
 */
export async function takeOwnMessages(ports: ServicePorts, messages: OwnMessage[]): Promise<{ changed: boolean; released: string[] }> {
  const { db } = ports;
  let changed = false;
  const released: string[] = [];
  for (const m of messages) {
    // A draft, or a scheduled send that has not gone out: not sent (yet). When it goes out, it is read again.
    if (m.labels.some((l) => l === '^r' || l === '^scheduled')) continue;
    const now = ports.now();
    // Nothing this old can be new, nor a send seen here (those are matched within minutes): no lookups.
    if (m.date < now - OWN_MESSAGE_HORIZON_MS - SAME_SEND_MS) continue;
    const legacy = m.legacyMessageId ?? legacyOf(m.messageId);
    const did = await db.transaction('rw', db.gmailSends, async () => {
      const row = await findSend(ports, m, legacy);
      if (!row) {
        if (m.date < now - OWN_MESSAGE_HORIZON_MS || m.date > now + SAME_SEND_MS) return false;
        await db.gmailSends.put({
          id: m.messageId,
          status: 'pending',
          firstSeenAt: now,
          dueAt: now,
          email: factsOf(m),
          confirmedAt: now,
          legacyId: legacy,
          source: m.source,
          ...(m.source === 'thread' ? { crm: 'waiting' as const } : {}),
        });
        return true;
      }
      const legacyId = row.legacyId ?? legacy;
      if (row.crm === 'waiting' && m.source === 'sync') {
        // Gmail's own sync data holds the message the page showed: it is the rep's, and may reach the CRM.
        await db.gmailSends.update(row.id, { crm: 'released', source: 'sync', legacyId });
        if (row.status === 'emitted') released.push(emailOf(row)?.messageId ?? row.id);
        return false;
      }
      switch (row.status) {
        case 'emitted':
        case 'undone':
        case 'dismissed':
          if (legacyId !== row.legacyId) await db.gmailSends.update(row.id, { legacyId });
          return false;
        case 'held':
          // The rep's own message vouches for a confirmation no press was seen for: it is theirs.
          // Read only from the thread (no press, no sync data of its own), its CRM write still waits for the rep.
          await db.gmailSends.update(row.id, { status: 'pending', dueAt: Math.min(row.dueAt, now), legacyId, source: m.source, ...(m.source === 'thread' ? { crm: 'waiting' as const } : {}) });
          return true;
        case 'pending':
        case 'unconfirmed': {
          if (row.status === 'pending' && emailOf(row)) {
            if (legacyId !== row.legacyId) await db.gmailSends.update(row.id, { legacyId });
            return false;
          }
          // A press whose confirmation is missing (not yet, or never): the message read is what it sent.
          const next: GmailSendRow = {
            ...row,
            id: MESSAGE_ID.test(row.id) ? row.id : m.messageId,
            status: 'pending',
            dueAt: row.status === 'unconfirmed' ? now : row.dueAt,
            email: { ...factsOf(m), messageId: MESSAGE_ID.test(row.id) ? row.id : m.messageId },
            confirmedAt: now,
            settledAt: undefined,
            legacyId,
            source: row.source ?? 'here',
          };
          if (next.id !== row.id) await db.gmailSends.delete(row.id);
          await db.gmailSends.put(next);
          return true;
        }
      }
    });
    changed ||= did;
  }
  return { changed, released };
}

/** Queue the CRM writes of sends whose write was waiting and is released (their activities are logged already). */
export async function releaseCrmWrites(ports: ServicePorts, messageIds: string[]): Promise<void> {
  const sync = ports.crm?.sync;
  if (!sync || messageIds.length === 0) return;
  for (const messageId of messageIds) {
    const activities = await ports.db.activities.where('messageId').equals(messageId).toArray();
    for (const a of activities) if (a.kind === 'email.sent') await sync.queueActivity(a.id);
  }
}

const people = (emails: string[]): Person[] => emails.map((email) => ({ name: '', email }));

function checkOf(row: GmailSendRow): SendCheck | undefined {
  const waiting = row.crm === 'waiting' && (row.status === 'emitted' || row.status === 'pending');
  if (row.status !== 'unconfirmed' && row.status !== 'held' && !waiting) return undefined;
  const email = emailOf(row);
  const threadId = email?.threadId ?? row.intent?.threadId;
  return {
    id: row.id,
    status: waiting ? 'crm' : (row.status as 'unconfirmed' | 'held'),
    subject: email?.subject ?? row.intent?.subject ?? '',
    to: email ? [...email.to, ...email.cc].map((p) => p.email) : (row.intent?.to ?? []),
    threadId,
    at: email?.at ?? row.intent?.at ?? row.firstSeenAt,
    canLog: email !== undefined || (MESSAGE_ID.test(row.id) && threadId !== undefined && row.intent?.from !== undefined),
  };
}

/**
 * What the side panel and popup show: sends never confirmed, confirmations waiting for the rep, and sends
 * read only from Gmail's page whose CRM write waits for the rep (listed only while a remote CRM is chosen).
 */
export async function sendChecks(ports: ServicePorts, limit = 20): Promise<SendChecks> {
  const { settings } = await ports.settings.load();
  const [rows, waiting] = await Promise.all([
    ports.db.gmailSends.where('status').anyOf('unconfirmed', 'held').toArray(),
    settings.crm === 'local' ? [] : ports.db.gmailSends.where('crm').equals('waiting').toArray(),
  ]);
  const checks = [...rows, ...waiting]
    .map(checkOf)
    .filter((c): c is SendCheck => c !== undefined)
    .sort((a, b) => b.at - a.at);
  const of = (status: SendCheck['status']) => checks.filter((c) => c.status === status).slice(0, limit);
  return { unconfirmed: of('unconfirmed'), held: of('held'), crm: of('crm') };
}

/**
 * The rep's answer to a send that needs them. `log`: it was theirs and sent — emitted now (for a press
 * never confirmed, from what the press showed: its recipients, subject and time, without a body).
 * `dismiss`: never logged. The caller settles.
 */
export async function resolveSend(ports: ServicePorts, id: string, action: 'log' | 'dismiss'): Promise<GmailSendRow> {
  const { db } = ports;
  const now = ports.now();
  return db.transaction('rw', db.gmailSends, async () => {
    const row = await db.gmailSends.get(id);
    if (row?.crm === 'waiting') {
      // Logged here already; the rep decides whether it reaches the CRM (the caller queues the write).
      const next: GmailSendRow = { ...row, crm: action === 'log' ? 'released' : 'refused', ...(action === 'log' ? { source: 'rep' as const } : {}) };
      await db.gmailSends.put(next);
      return next;
    }
    if (!row || (row.status !== 'unconfirmed' && row.status !== 'held')) throw new WordsError(words('err_send_not_waiting'), 'That send is no longer waiting: it was logged or dismissed already.');
    if (action === 'dismiss') {
      await db.gmailSends.update(id, { status: 'dismissed', settledAt: now });
      return { ...row, status: 'dismissed' as const };
    }
    let email = emailOf(row);
    if (!email) {
      const intent = row.intent;
      if (!intent?.threadId || !intent.from || !MESSAGE_ID.test(row.id)) {
        throw new WordsError(words('err_send_no_id'), 'Gmail gave this send no id, so it cannot be logged from here: open it in Sent and use Log to CRM.');
      }
      email = { messageId: row.id, threadId: intent.threadId, from: { name: '', email: intent.from }, to: people(intent.to), cc: [], bcc: [], subject: intent.subject, bodyText: '', at: intent.at };
    }
    const next: GmailSendRow = { ...row, status: 'pending', dueAt: now, email, source: 'rep', settledAt: undefined };
    await db.gmailSends.put(next);
    return next;
  });
}
