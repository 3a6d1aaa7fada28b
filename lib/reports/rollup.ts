import type { FollowthroughDb } from '../db';
import { classifyInbound } from '../engine/inbound';
import { EngineEvent, type EmailFacts } from '../engine/events';
import { findContacts } from '../crm/match';
import { fromLegacy } from '../gmail/ids';
import type { EventRow, Message } from '../records';
import { addDays, dayFigures, dayKey, dayStart, type ReportDay, type ReportMail } from './metrics';
import type { ReportState } from './state';

// The reports' daily rollup, kept by the background: each engine event about an email, a logged activity or
// an inserted template updates the rows of the days it touches (a day's figures are recomputed from that
// day's slim mail rows and activities, read by index). `rebuild()` recomputes everything from the stored
// messages, the events still kept and the activities: on demand, on first use and when the rep's zone changes.

export interface RollupOptions {
  db: FollowthroughDb;
  now: () => number;
  /** The rep's working-hours time zone (settings): a report's day is the rep's day. */
  timeZone: () => Promise<string>;
}

const STATE_ID = 'rollup';
const BATCH = 500;
const EMAIL_EVENTS = new Set(['email.sent', 'email.received']);

/** `draft:<thread>:<message>:<template>` — a draft inserted from a template (lib/handlers/drafts.ts). */
function insertedTemplate(suggestionId: string): { threadId: string; templateId: string } | undefined {
  const m = /^draft:(thread-[af]:r?-?\d+):[^:]*(?::[^:]*)?:([a-z0-9][a-z0-9-]{0,79})$/.exec(suggestionId);
  if (!m || m[2] === 'ai' || m[2] === 'custom') return undefined;
  return { threadId: m[1]!, templateId: m[2]! };
}

/** Mail rows grouped by thread, each thread oldest first. */
function byThread(mail: readonly ReportMail[]): Map<string, ReportMail[]> {
  const threads = new Map<string, ReportMail[]>();
  for (const m of mail) {
    const list = threads.get(m.threadId) ?? [];
    list.push(m);
    threads.set(m.threadId, list);
  }
  for (const list of threads.values()) list.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  return threads;
}

export class ReportRollup {
  private running: Promise<unknown> | null = null;

  constructor(private readonly options: RollupOptions) {}

  /** Read the engine events since the last catch-up into the day rows; builds everything the first time. One at a time. */
  catchUp(): Promise<{ rebuilt: boolean; events: number }> {
    return this.serial(() => this.catchUpNow());
  }

  /** Recompute every day from what is stored. */
  rebuild(): Promise<{ days: number; mail: number }> {
    return this.serial(() => this.rebuildNow());
  }

  private async serial<T>(work: () => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => {});
    const p = work();
    this.running = p;
    try {
      return await p;
    } finally {
      if (this.running === p) this.running = null;
    }
  }

  private async catchUpNow(): Promise<{ rebuilt: boolean; events: number }> {
    const { db } = this.options;
    const timeZone = await this.options.timeZone();
    let state: ReportState | undefined = await db.reportState.get(STATE_ID);
    if (!state || state.timeZone !== timeZone) {
      await this.rebuildNow();
      return { rebuilt: true, events: 0 };
    }
    let read = 0;
    for (;;) {
      const cursor: ReportState = state;
      const seen = new Set<string>(cursor.cursorIds);
      const rows: EventRow[] = await db.events
        .where('at')
        .aboveOrEqual(cursor.cursorAt)
        .filter((e) => !(e.at === cursor.cursorAt && seen.has(e.id)))
        .limit(BATCH)
        .toArray();
      if (rows.length === 0) break;
      rows.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
      const days = new Set<string>();
      const pending: ReportState['pendingTemplates'] = [...cursor.pendingTemplates];
      for (const row of rows) {
        const parsed = EngineEvent.safeParse(row.event);
        if (!parsed.success) continue; // compacted by retention, or not an event the reports read
        const event = parsed.data;
        if (event.type === 'email.sent' || event.type === 'email.received') {
          const used = event.type === 'email.sent' ? pending.findIndex((p) => p.threadId === event.email.threadId) : -1;
          const templateId = used >= 0 ? pending.splice(used, 1)[0]!.templateId : undefined;
          const [mail] = await this.mailRows([{ email: event.email, sent: event.type === 'email.sent', templateId }]);
          await db.reportMail.put(mail!);
          for (const d of await this.threadDays(mail!, timeZone)) days.add(d);
        } else if (event.type === 'activity.logged') {
          const activity = await db.activities.get(event.activityId);
          days.add(dayKey(activity?.at ?? event.at, timeZone));
        } else if (event.type === 'suggestion.accepted' && event.kind === 'draft') {
          const used = insertedTemplate(event.suggestionId);
          if (used) pending.push({ ...used, at: event.at });
        }
      }
      for (const day of days) await this.recomputeDay(day, timeZone);
      const last = rows[rows.length - 1]!.at;
      const atLast = rows.filter((r) => r.at === last).map((r) => r.id);
      state = {
        ...state,
        cursorIds: last === state.cursorAt ? [...state.cursorIds, ...atLast].slice(-500) : atLast,
        cursorAt: last,
        pendingTemplates: pending.slice(-200),
      };
      await db.reportState.put(state);
      read += rows.length;
      if (rows.length < BATCH) break;
    }
    return { rebuilt: false, events: read };
  }

  /** The days whose figures an email changes: its own and those of the earlier mail on its thread (their replies and answers). */
  private async threadDays(mail: ReportMail, timeZone: string): Promise<string[]> {
    const thread = await this.options.db.reportMail.where('threadId').equals(mail.threadId).toArray();
    return [...new Set(thread.filter((m) => m.at <= mail.at).map((m) => dayKey(m.at, timeZone)))];
  }

  /**
   * One message, one row: Gmail names a message `msg-a:r…` in the session that sent it and `msg-f:…` once stored
   * (the decimal form of its hex legacy id; lib/gmail/ids.ts). A row is keyed by the `-f` form whenever the legacy
   * id is known — given, or from the stored message or the send's row (lib/handlers/own-sends.ts learns it) — so
   * the same send read from the messages table and from its `email.sent` event is counted once. Threads likewise,
   * by the stored thread's legacy id, so a reply and the send it answers meet on one thread.
   */
  private async canonicalIds(items: readonly { id: string; threadId: string; legacyId?: string | null }[]): Promise<{ id: string; threadId: string }[]> {
    const { db } = this.options;
    const messages = [...new Set(items.filter((i) => i.id.startsWith('msg-a:') && !i.legacyId).map((i) => i.id))];
    // `null`: read from the messages table already, which knows no legacy id for it; only the send's row may.
    const unread = [...new Set(items.filter((i) => i.id.startsWith('msg-a:') && i.legacyId === undefined).map((i) => i.id))];
    const threads = [...new Set(items.filter((i) => i.threadId.startsWith('thread-a:')).map((i) => i.threadId))];
    const [stored, sends, storedThreads] = await Promise.all([
      unread.length ? db.messages.bulkGet(unread) : [],
      messages.length ? db.gmailSends.bulkGet(messages) : [],
      threads.length ? db.threads.bulkGet(threads) : [],
    ]);
    const storedLegacy = new Map(unread.map((id, k) => [id, stored[k]?.legacyId]));
    const messageLegacy = new Map(messages.map((id, k) => [id, storedLegacy.get(id) ?? sends[k]?.legacyId]));
    const threadLegacy = new Map(threads.map((id, k) => [id, storedThreads[k]?.legacyId]));
    return items.map((i) => ({
      id: i.id.startsWith('msg-a:') ? (fromLegacy('msg-f', i.legacyId ?? messageLegacy.get(i.id)) ?? i.id) : i.id,
      threadId: i.threadId.startsWith('thread-a:') ? (fromLegacy('thread-f', threadLegacy.get(i.threadId)) ?? i.threadId) : i.threadId,
    }));
  }

  /** Slim rows for emails: their kind (the engine's inbound classifier) and the contacts and companies they were with. */
  private async mailRows(
    items: { email: Pick<EmailFacts, 'messageId' | 'threadId' | 'from' | 'to' | 'cc' | 'bcc' | 'subject' | 'bodyText' | 'at' | 'headers'>; legacyId?: string | null; sent: boolean; templateId?: string }[],
  ): Promise<ReportMail[]> {
    const { db } = this.options;
    const counterpart = (i: (typeof items)[number]) => (i.sent ? [...i.email.to, ...i.email.cc, ...i.email.bcc].map((p) => p.email) : [i.email.from.email]);
    const [contacts, ids] = await Promise.all([
      findContacts(db, items.flatMap(counterpart)),
      this.canonicalIds(items.map((i) => ({ id: i.email.messageId, threadId: i.email.threadId, legacyId: i.legacyId }))),
    ]);
    return items.map((i, k) => {
      const found = counterpart(i)
        .map((a) => contacts.get(a.trim().toLowerCase()))
        .filter((c) => c !== undefined);
      return {
        id: ids[k]!.id,
        threadId: ids[k]!.threadId,
        at: i.email.at,
        kind: i.sent ? 'sent' : classifyInbound(i.email).kind,
        contactIds: [...new Set(found.map((c) => c.id))].slice(0, 100),
        companyIds: [...new Set(found.map((c) => c.companyId).filter((c) => c !== undefined))].slice(0, 100),
        ...(i.templateId ? { templateId: i.templateId } : {}),
      };
    });
  }

  /**
   * Recompute one day's rows for every scope that has something on it. A rebuild passes the day's mail and
   * every thread (read once for all days) and says the day has no rows yet; a catch-up reads them by index.
   */
  async recomputeDay(day: string, timeZone: string, known?: { mail: ReportMail[]; threads: ReadonlyMap<string, ReportMail[]> }): Promise<ReportDay[]> {
    const { db } = this.options;
    const start = dayStart(day, timeZone);
    const end = dayStart(addDays(day, 1), timeZone);
    const mail = known ? known.mail : await db.reportMail.where('at').between(start, end, true, false).toArray();
    let threads = known?.threads;
    if (!threads) {
      const threadIds = [...new Set(mail.map((m) => m.threadId))];
      // One bulk read per thread: anyOf() would walk the threadId index with a cursor step per row.
      const read = await Promise.all(threadIds.map((t) => db.reportMail.where('threadId').equals(t).toArray()));
      threads = byThread(read.flat());
    }
    const thread = (id: string) => threads.get(id) ?? [];
    // One bulk read of the day's activities, kept to the logged emails here: a Dexie filter() would walk the
    // index with a cursor step per activity.
    const activities = (await db.activities.where('at').between(start, end, true, false).toArray()).filter((a) => a.kind === 'email.sent' || a.kind === 'email.received');
    const templateOf = new Map(mail.filter((m) => m.templateId).map((m) => [m.id, m.templateId!]));

    const scopes = new Map<string, { mail: ReportMail[]; logged: number }>([['all', { mail, logged: activities.length }]]);
    const add = (scope: string, m?: ReportMail, logged = 0) => {
      const entry = scopes.get(scope) ?? { mail: [], logged: 0 };
      if (m) entry.mail.push(m);
      entry.logged += logged;
      scopes.set(scope, entry);
    };
    for (const m of mail) {
      for (const c of m.contactIds) add(`contact:${c}`, m);
      for (const c of m.companyIds) add(`company:${c}`, m);
      if (m.templateId) add(`template:${m.templateId}`, m);
    }
    // Logged per contact and company is read by the report from the activities' [contactId+at] index: a
    // row per contact per day only for that would multiply the rollup's rows.
    for (const a of activities) {
      const template = a.messageId ? templateOf.get(a.messageId) : undefined;
      if (template) add(`template:${template}`, undefined, 1);
    }
    const rows = [...scopes].map(([scope, s]) => dayFigures(scope, day, s.mail, thread, s.logged));
    if (known) await db.reportDays.bulkPut(rows);
    else
      await db.transaction('rw', db.reportDays, async () => {
        await db.reportDays.where('day').equals(day).delete();
        await db.reportDays.bulkPut(rows);
      });
    return rows;
  }

  private async rebuildNow(): Promise<{ days: number; mail: number }> {
    const { db } = this.options;
    const timeZone = await this.options.timeZone();
    // Stored messages first (what Followthrough read in threads), then the engine's email events still kept
    // (they carry headers, so they classify best); rows written by earlier catch-ups stay (retention may
    // have pruned their events), keeping the template they were sent with.
    let mailCount = 0;
    const upsert = async (items: Parameters<ReportRollup['mailRows']>[0]) => {
      if (items.length === 0) return;
      const rows = await this.mailRows(items);
      const existing = await db.reportMail.bulkGet(rows.map((r) => r.id));
      await db.reportMail.bulkPut(rows.map((r, i) => (existing[i]?.templateId ? { ...r, templateId: existing[i]!.templateId } : r)));
      mailCount += rows.length;
    };
    let after: number | undefined;
    let afterIds = new Set<string>();
    for (;;) {
      // A page is one bulk read of the next BATCH rows plus the ones already read at `after` (dropped here):
      // a Dexie filter() before limit() would walk the date index with a cursor step per message.
      const base = after === undefined ? db.messages.orderBy('date') : db.messages.where('date').aboveOrEqual(after);
      const want = BATCH + afterIds.size;
      const fetched: Message[] = await base.limit(want).toArray();
      const page = fetched.filter((m) => !afterIds.has(m.id));
      const dated = page.filter((m) => m.date !== undefined);
      await upsert(dated.map((m) => ({ email: { messageId: m.id, threadId: m.threadId, from: m.from, to: m.to, cc: m.cc, bcc: m.bcc, subject: m.subject, bodyText: m.bodyText, at: m.date! }, legacyId: m.legacyId ?? null, sent: m.direction === 'outbound' })));
      if (fetched.length < want || page.length === 0) break;
      const last = page[page.length - 1]!.date!;
      afterIds = new Set([...(last === after ? afterIds : []), ...page.filter((m) => m.date === last).map((m) => m.id)]);
      after = last;
    }
    let cursorAt = 0;
    let cursorIds: string[] = [];
    const events = await db.events.where('type').anyOf([...EMAIL_EVENTS]).toArray();
    const facts = events.flatMap((row) => {
      const parsed = EngineEvent.safeParse(row.event);
      return parsed.success && (parsed.data.type === 'email.sent' || parsed.data.type === 'email.received') ? [{ email: parsed.data.email, sent: parsed.data.type === 'email.sent' }] : [];
    });
    for (let i = 0; i < facts.length; i += BATCH) await upsert(facts.slice(i, i + BATCH));
    const newest = await db.events.orderBy('at').last();
    if (newest) {
      cursorAt = newest.at;
      cursorIds = (await db.events.where('at').equals(newest.at).primaryKeys()).slice(-500);
    }

    const days = new Set<string>();
    for (const at of (await db.reportMail.orderBy('at').keys()) as number[]) days.add(dayKey(at, timeZone));
    let previous = '';
    for (const at of (await db.activities.orderBy('at').keys()) as number[]) {
      const day = dayKey(at, timeZone);
      if (day !== previous) days.add((previous = day));
    }
    // Every slim mail row once (no text: a few hundred bytes each), by day and by thread, for all the days.
    const allMail = await this.rekeyed(await db.reportMail.toArray());
    const threads = byThread(allMail);
    const mailByDay = new Map<string, ReportMail[]>();
    for (const m of allMail) {
      const day = dayKey(m.at, timeZone);
      const list = mailByDay.get(day) ?? [];
      list.push(m);
      mailByDay.set(day, list);
    }
    await db.reportDays.clear();
    for (const day of [...days].sort()) await this.recomputeDay(day, timeZone, { mail: mailByDay.get(day) ?? [], threads });
    const old = await db.reportState.get(STATE_ID);
    await db.reportState.put({ id: STATE_ID, cursorAt, cursorIds, timeZone, builtAt: this.options.now(), pendingTemplates: old?.pendingTemplates ?? [] });
    return { days: days.size, mail: mailCount };
  }

  /**
   * Rows an earlier catch-up wrote under a session id (`msg-a:`, `thread-a:`) whose stored form is known now move
   * to it, joining the row read from the stored message (one row, the template it was sent with kept).
   */
  private async rekeyed(rows: ReportMail[]): Promise<ReportMail[]> {
    const { db } = this.options;
    const session = rows.filter((r) => r.id.startsWith('msg-a:') || r.threadId.startsWith('thread-a:'));
    if (session.length === 0) return rows;
    const ids = await this.canonicalIds(session);
    const moved = new Map<string, ReportMail>();
    const byId = new Map(rows.map((r) => [r.id, r]));
    session.forEach((r, k) => {
      const to = ids[k]!;
      if (to.id === r.id && to.threadId === r.threadId) return;
      const into = byId.get(to.id) ?? moved.get(to.id);
      const other = into && into !== r ? into : undefined;
      // The stored message's thread wins when this row's own thread is still in its session form.
      const threadId = other && to.threadId.startsWith('thread-a:') ? other.threadId : to.threadId;
      const templateId = other?.templateId ?? r.templateId;
      moved.set(r.id, { ...(other ?? r), id: to.id, threadId, ...(templateId ? { templateId } : {}) });
    });
    if (moved.size === 0) return rows;
    const rewritten = [...moved.values()];
    await db.transaction('rw', db.reportMail, async () => {
      await db.reportMail.bulkDelete([...moved.keys()]);
      await db.reportMail.bulkPut(rewritten);
    });
    const out = new Map(rows.filter((r) => !moved.has(r.id)).map((r) => [r.id, r]));
    for (const r of rewritten) out.set(r.id, r);
    return [...out.values()];
  }

  /** A scope's day rows over a range of days, by index. */
  async days(scope: string, from: string, to: string): Promise<ReportDay[]> {
    return this.options.db.reportDays.where('[scope+day]').between([scope, from], [scope, to], true, true).toArray();
  }

  async state(): Promise<ReportState | undefined> {
    return this.options.db.reportState.get(STATE_ID);
  }
}
