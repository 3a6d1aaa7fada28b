import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import { EmailFacts } from '../engine/events';
import { emailDomain } from '../crm/match';
import { threadLogState } from '../crm/log-thread';
import type { GmailHealthRow, GmailSendRow, Message, Thread } from '../records';
import type { GmailThreadSnapshot } from '../gmail/snapshot';
import { SELECTOR_LABELS } from '../gmail/selectors';
import { words } from '../words';
import { say } from '../say';
import { releaseCrmWrites, resolveSend, sendChecks, takeOwnMessages } from './own-sends';
import { OwnMessage } from '../channels/gmail';
import { readThreadFetch } from '../gmail/sync-channel';
import { panelView, withThreadRow } from './panel';
import type { PanelView } from '../messages';

// The background's half of Gmail understanding. Sends: every sighting (DOM intent, network confirmation,
// Undo) lands in the durable `gmailSends` table keyed by Gmail's message id, and a send becomes one
// `email.sent` event only when its undo window has passed without Undo — decided by `settleSends`, which is
// safe to run any number of times from any trigger (a tab's timer, a later message, the worker's start):
// the row's status changes in one transaction and `dispatch` is idempotent on the message id.

/** How long after its window a send waits for Gmail's network confirmation by default (setting `sendConfirmSeconds`). */
export const CONFIRMATION_GRACE_MS = 60_000;
const MAX_CHECKS = 500;
/** How long a view read on a row press waits for its thread open (`gmail.threadClicked`). */
const AHEAD_MS = 3_000;

async function undoWindowMs(ports: ServicePorts): Promise<number> {
  const { settings } = await ports.settings.load();
  return settings.undoSendSeconds * 1000;
}

/** Emit every send whose window has closed. Returns how many were emitted and when the next falls due. */
export async function settleSends(ports: ServicePorts): Promise<{ emitted: number; nextDueAt?: number }> {
  const { db } = ports;
  const now = ports.now();
  const { settings } = await ports.settings.load();
  const grace = settings.sendConfirmSeconds * 1000;
  const due = (await db.gmailSends.where('status').equals('pending').toArray()).filter((r) => r.dueAt <= now);
  let emitted = 0;
  const givenUp: GmailSendRow[] = [];
  for (const candidate of due) {
    const decided = await db.transaction('rw', db.gmailSends, async () => {
      const row = await db.gmailSends.get(candidate.id);
      if (!row || row.status !== 'pending' || row.dueAt > now) return undefined;
      const email = row.email === undefined ? undefined : EmailFacts.safeParse(row.email);
      if (email?.success) {
        await db.gmailSends.update(row.id, { status: 'emitted', settledAt: now });
        return email.data;
      }
      if (now - row.dueAt >= grace) {
        await db.gmailSends.update(row.id, { status: 'unconfirmed', settledAt: now });
        givenUp.push(row);
      }
      return undefined;
    });
    if (decided) {
      // Outside the transaction: dispatch has its own, and is idempotent on the message id.
      const result = await ports.dispatch({ type: 'email.sent', email: decided });
      if (!result.duplicate) emitted++;
    }
  }
  if (givenUp.length > 0) {
    // Never silent: the health record says so, and the side panel and popup list them with a one-click log.
    await addHealthProblems(
      ports,
      givenUp.map((r) => `a Send was pressed and Gmail never confirmed it${r.intent?.subject ? ` (“${r.intent.subject.slice(0, 200)}”)` : ''}`),
    );
    ports.notifyPanels();
  }
  // A confirmed row falls due when its window closes; one still waiting for Gmail, when it is given up.
  const next = (await db.gmailSends.where('status').equals('pending').toArray()).reduce<number | undefined>((min, r) => {
    const at = r.email === undefined ? r.dueAt + grace : r.dueAt;
    return min === undefined || at < min ? at : min;
  }, undefined);
  return { emitted, nextDueAt: next };
}

async function addHealthProblems(ports: ServicePorts, problems: string[]) {
  const { db } = ports;
  const at = ports.now();
  await db.transaction('rw', db.gmailHealth, async () => {
    const current = await db.gmailHealth.get('gmail');
    await db.gmailHealth.put({
      id: 'gmail',
      checks: current?.checks ?? [],
      networkProblems: [...(current?.networkProblems ?? []), ...problems.map((problem) => ({ problem: problem.slice(0, 500), at }))].slice(-50),
      updatedAt: at,
    });
  });
}

const isOwn = (email: string, ownDomains: Set<string>, account?: string) => email === account || ownDomains.has(emailDomain(email));

/** The thread's row once this read of it is stored over `existing`. */
export function threadRow(snapshot: GmailThreadSnapshot, existing: Thread | undefined, account: string | undefined, at: number): Thread {
  return {
    id: snapshot.threadId,
    legacyId: snapshot.legacyThreadId ?? existing?.legacyId,
    subject: snapshot.subject,
    participants: snapshot.participants,
    messageIds: [...new Set([...(existing?.messageIds ?? []), ...snapshot.messages.map((m) => m.messageId)])].slice(-1000),
    lastViewedAt: at,
    updatedAt: at,
    ...((account ?? existing?.account) ? { account: account ?? existing?.account } : {}),
    flag: existing?.flag,
  };
}

/** Store a thread read from Gmail: its messages added to what was known, each marked inbound or outbound. */
export async function storeThread(ports: ServicePorts, snapshot: GmailThreadSnapshot, ownDomains: Set<string>, account: string | undefined, at: number) {
  const { db } = ports;
  await db.transaction('rw', db.threads, db.messages, async () => {
    const thread = threadRow(snapshot, await db.threads.get(snapshot.threadId), account, at);
    const messages: Message[] = snapshot.messages.map((m) => ({
      id: m.messageId,
      legacyId: m.legacyMessageId,
      threadId: snapshot.threadId,
      from: m.from,
      to: m.to,
      cc: m.cc,
      bcc: [],
      subject: snapshot.subject,
      date: m.date,
      bodyText: m.bodyText,
      direction: isOwn(m.from.email, ownDomains, account) ? 'outbound' : 'inbound',
    }));
    await db.threads.put(thread);
    await db.messages.bulkPut(messages);
  });
}

/**
 * One thread, one row: Gmail names a thread `thread-a:r…` (its perm id, as sync data does) or `thread-f:…` (from
 * its legacy id, when the perm id is missing or "undefined", Gmail 2025-11). A snapshot joins the stored thread
 * that has its id, one of its aliases, or its legacy id.
 */
export async function joinedThreadId(db: ServicePorts['db'], snapshot: GmailThreadSnapshot): Promise<string> {
  return (await joinedThread(db, snapshot)).id;
}

/** `joinedThreadId`, with the stored row it joins (none for a thread new here). */
export async function joinedThread(db: ServicePorts['db'], snapshot: Pick<GmailThreadSnapshot, 'threadId' | 'aliases' | 'legacyThreadId'>): Promise<{ id: string; existing?: Thread }> {
  // The thread's own id and its aliases in one read (a thread new here would otherwise cost one round trip each
  // before the side panel is told), the first stored one winning in that order.
  const rows = await db.threads.bulkGet([snapshot.threadId, ...(snapshot.aliases ?? [])]);
  const row = rows.find((r) => r !== undefined);
  if (row) return { id: row.id, existing: row };
  if (snapshot.legacyThreadId) {
    const byLegacy = await db.threads.where('legacyId').equals(snapshot.legacyThreadId).first();
    if (byLegacy) return { id: byLegacy.id, existing: byLegacy };
  }
  return { id: snapshot.threadId };
}

/** The background's answers to the gmail area's channels (lib/channels/gmail.ts). */
export function gmailHandlers(ports: ServicePorts) {
  const { db, now } = ports;

  async function afterChange(): Promise<void> {
    await settleSends(ports);
  }
  const inForeground = <T>(work: () => Promise<T>): Promise<T> => (ports.foreground ? ports.foreground.run(work) : work());

  // The side panel's view of a stored thread, read when the rep pressed its row (per tab, the last press): the
  // thread open that follows within `AHEAD_MS` hands it over instead of reading it after Gmail has drawn the
  // thread, waiting for it if it is still being read. Only for the same thread with the same people (the contact
  // cards follow them); kept in memory, so a worker started since reads as before.
  const aheadByTab = new Map<number, { threadId: string; at: number; read: Promise<{ existing: Thread; shown: PanelView } | undefined> }>();
  const takeAhead = async (tabId: number | undefined, seen: GmailThreadSnapshot, at: number) => {
    if (tabId === undefined) return undefined;
    const ahead = aheadByTab.get(tabId);
    aheadByTab.delete(tabId);
    if (!ahead || at - ahead.at > AHEAD_MS || at < ahead.at) return undefined;
    if (ahead.threadId !== seen.threadId && !seen.aliases?.includes(ahead.threadId)) return undefined;
    const read = await ahead.read;
    if (read?.existing.id !== seen.threadId) return undefined;
    const people = (list: readonly { email: string }[]) => [...new Set(list.map((p) => p.email))].sort().join(' ');
    return people(read.existing.participants) === people(seen.participants) ? read : undefined;
  };

  return {
    async 'gmail.sendIntent'(intent, { tabId }) {
      const at = now();
      const window = await undoWindowMs(ports);
      const id = intent.messageId ?? intent.key;
      const row = await db.transaction('rw', db.gmailSends, async () => {
        const existing = (await db.gmailSends.get(id)) ?? (intent.messageId ? await db.gmailSends.get(intent.key) : undefined);
        // Undo reopens the draft with the same message id: a new press after the undo sends it again.
        const pressedAgain =
          existing?.status === 'undone' && (existing.undoneKey ? existing.undoneKey !== intent.key : (existing.undoneAt ?? 0) < intent.at);
        const base = pressedAgain || existing?.status === 'unconfirmed' ? undefined : existing;
        const next: GmailSendRow = {
          ...base,
          id,
          status: base?.status ?? 'pending',
          firstSeenAt: base?.firstSeenAt ?? at,
          // The window runs from the click, as the rep saw it.
          dueAt: Math.min(base?.dueAt ?? Infinity, Math.min(intent.at, at) + window),
          tabId: base?.tabId ?? tabId,
          intent: { at: intent.at, inline: intent.inline, subject: intent.subject, to: intent.to, threadId: intent.threadId, from: intent.from },
          source: base?.source ?? 'here',
        };
        if (existing && existing.id !== id) await db.gmailSends.delete(existing.id);
        await db.gmailSends.put(next);
        return next;
      });
      await afterChange();
      const current = (await db.gmailSends.get(row.id)) ?? row;
      return { status: current.status, dueAt: current.dueAt };
    },

    async 'gmail.sendConfirmed'({ intentKey, email, legacyMessageId }, { tabId }) {
      const at = now();
      const window = await undoWindowMs(ports);
      const row = await db.transaction('rw', db.gmailSends, async () => {
        const byId = await db.gmailSends.get(email.messageId);
        const byKey = intentKey && intentKey !== email.messageId ? await db.gmailSends.get(intentKey) : undefined;
        // The press this confirmation belongs to decides; an older undone press of the same draft does not.
        const existing =
          byKey && (!byId || byId.status === 'undone' || byId.status === 'unconfirmed' || byId.status === 'held') ? byKey : (byId ?? byKey);
        const legacyId = legacyMessageId ?? existing?.legacyId;
        if (existing && (existing.status === 'undone' || existing.status === 'emitted' || existing.status === 'dismissed')) {
          // Final. A press that led here (the message was read from the thread first) is accounted for.
          if (byKey && byKey !== existing && !byKey.email && byKey.status === 'pending') await db.gmailSends.delete(byKey.id);
          if (legacyId !== existing.legacyId) await db.gmailSends.update(existing.id, { legacyId });
          return existing;
        }
        // Any page script can dispatch what the MAIN-world hook dispatches. A confirmation is acted on when the
        // rep pressed Send in this tab, or their own message (thread, sync data) or their click vouched for it;
        // otherwise it is held for the rep (the side panel asks), never a CRM write on its own.
        const pressed = existing?.intent !== undefined && (existing.tabId === undefined || tabId === undefined || existing.tabId === tabId);
        const vouched = pressed || existing?.source === 'thread' || existing?.source === 'sync' || existing?.source === 'rep';
        const next: GmailSendRow = {
          ...existing,
          id: email.messageId,
          status: vouched ? 'pending' : 'held',
          legacyId,
          firstSeenAt: existing?.firstSeenAt ?? at,
          // A send Gmail confirms after it was given up is sent after all: decide it now.
          dueAt: existing?.status === 'unconfirmed' ? at : (existing?.dueAt ?? at + window),
          tabId: existing?.tabId ?? tabId,
          email,
          confirmedAt: existing?.confirmedAt ?? at,
          settledAt: undefined,
        };
        if (existing && existing.id !== email.messageId) await db.gmailSends.delete(existing.id);
        await db.gmailSends.put(next);
        return next;
      });
      await afterChange();
      const current = (await db.gmailSends.get(row.id)) ?? row;
      return { status: current.status, dueAt: current.dueAt };
    },

    async 'gmail.sendUndone'({ key, messageId, at }, { tabId }) {
      await db.transaction('rw', db.gmailSends, async () => {
        let row = messageId ? await db.gmailSends.get(messageId) : undefined;
        row ??= key ? await db.gmailSends.get(key) : undefined;
        if (!row && !key && !messageId) {
          // No id on the notice: the newest pending send from this tab is the one the rep undid.
          row = (await db.gmailSends.where('status').equals('pending').toArray())
            .filter((r) => tabId === undefined || r.tabId === tabId)
            .sort((a, b) => b.firstSeenAt - a.firstSeenAt)[0];
        }
        if (row?.status === 'pending') await db.gmailSends.update(row.id, { status: 'undone', undoneAt: at, undoneKey: key, settledAt: now() });
        else if (!row && (messageId ?? key)) {
          // Undo seen before anything else about this send: remember it, so a late intent or confirmation
          // finds it final.
          await db.gmailSends.put({ id: (messageId ?? key)!, status: 'undone', firstSeenAt: now(), dueAt: now(), tabId, undoneAt: at, undoneKey: key, settledAt: now() });
        }
      });
      return { received: true as const };
    },

    async 'gmail.settleSends'() {
      return settleSends(ports);
    },

    async 'gmail.threadClicked'({ threadId, legacyThreadId }, { tabId }) {
      if (tabId === undefined) return { received: true as const };
      const at = now();
      // The rep is waiting from the press on: the engine starts nothing new meanwhile.
      const read = inForeground(async () => {
        const { existing } = await joinedThread(db, { threadId, legacyThreadId });
        if (!existing) return undefined;
        const shown = await panelView(ports, tabId, { view: { tabId, view: 'thread', threadId: existing.id, at }, thread: existing });
        return { existing, shown };
      }).catch(() => undefined);
      aheadByTab.set(tabId, { threadId, at, read });
      await read;
      return { received: true as const };
    },

    async 'gmail.threadSeen'({ thread: seen, opened, account }, { tabId }) {
      const at = now();
      // Up to the panel being told, the rep is waiting: the engine starts nothing new meanwhile (lib/foreground.ts).
      const { thread, own, stored } = await inForeground(async () => {
        // The side panel's view of the tab follows the open thread, so one message per open is enough.
        const viewOf = (threadId: string) => (tabId !== undefined ? ({ tabId, view: 'thread', threadId, at } as const) : undefined);
        // The panel can show the thread (subject, people, its suggestions so far) before the engine's work for this
        // open, and is handed it rather than asked to read it (bench gmail-panel); it is told again once the
        // engine is done.
        // - Read ahead when the rep pressed this thread's row (`gmail.threadClicked`), with the same people: handed
        //   over now, before the lookup, with the tab's view set first (the panel's next read asks for it).
        // - Otherwise read beside the lookup of the stored row, under the id read from Gmail, and beside the write
        //   below: the rows it needs (the tab's view, the thread's) are handed in, so it touches no table the write
        //   holds. It takes only the row's own fields (flag, message ids) from the stored row, filled in once that
        //   is read; a thread joined under another id (an alias, its legacy id) is read again under that id.
        const ahead = opened ? await takeAhead(tabId, seen, at) : undefined;
        const told = ahead !== undefined;
        const aheadView = ahead ? viewOf(seen.threadId) : undefined;
        const viewSetAhead = aheadView ? ports.views.set(aheadView) : undefined;
        viewSetAhead?.catch(() => {});
        if (ahead) ports.notifyPanels(tabId, withThreadRow(ahead.shown, threadRow(seen, ahead.existing, account, at)));
        const early = opened && !told ? panelView(ports, tabId, { view: viewOf(seen.threadId), thread: threadRow(seen, undefined, account, at) }) : undefined;
        early?.catch(() => {});
        const [{ id: joined, existing }, { settings }] = await Promise.all([joinedThread(db, seen), ports.settings.load()]);
        const thread = joined === seen.threadId ? seen : { ...seen, threadId: joined };
        const own = new Set(settings.ownDomains);
        const view = viewOf(thread.threadId);
        // The tab's view is set once per open, before the panel is told: after it, the rep may have gone back to
        // the list already (viewChanged), and setting the thread again would put it back in the panel. Set above
        // when read ahead; messages new to an open thread (not `opened`) leave the view as the open set it.
        const setView = told ? viewSetAhead : opened && view ? ports.views.set(view) : undefined;
        const stored = Promise.all([storeThread(ports, thread, own, account, at), setView]);
        // Its failure is the handler's (awaited below); not an unhandled rejection meanwhile.
        stored.catch(() => {});
        if (opened && !told) {
          const row = threadRow(thread, existing, account, at);
          const read = early && joined === seen.threadId ? early.then((shown) => withThreadRow(shown, row)) : panelView(ports, tabId, { view, thread: row });
          ports.notifyPanels(tabId, await read.catch(() => undefined));
        }
        return { thread, own, stored };
      });
      await stored;
      if (opened) await ports.dispatch({ type: 'thread.opened', threadId: thread.threadId, subject: thread.subject, participants: thread.participants, at });
      // The rep's own messages (from the signed-in account; colleagues are not the rep): sends from elsewhere,
      // logged once each. One without a readable date is not dated by today instead: it waits for a later read.
      const mine = account ? thread.messages.filter((m) => m.from.email === account && m.date !== undefined) : [];
      if (mine.length > 0) {
        const taken = await takeOwnMessages(
          ports,
          mine.map((m) => ({ messageId: m.messageId, threadId: thread.threadId, legacyMessageId: m.legacyMessageId, from: m.from, to: m.to, cc: m.cc, subject: thread.subject, bodyText: m.bodyText, date: m.date!, labels: [], source: 'thread' as const })),
        );
        if (taken.changed) await settleSends(ports);
      }
      for (const m of thread.messages) {
        if (isOwn(m.from.email, own, account)) continue;
        await ports.dispatch({
          type: 'email.received',
          email: { messageId: m.messageId, threadId: thread.threadId, from: m.from, to: m.to, cc: m.cc, bcc: [], subject: thread.subject, bodyText: m.bodyText, at: m.date ?? at },
        });
      }
      ports.notifyPanels(tabId);
      // Read after the thread is stored, so the count of messages includes this read.
      if (!opened) return { received: true as const };
      return { received: true as const, logState: await threadLogState(db, thread.threadId) };
    },

    async 'gmail.selectorHealth'({ checks, networkProblems }) {
      const at = now();
      await db.transaction('rw', db.gmailHealth, async () => {
        const current = await db.gmailHealth.get('gmail');
        const byKey = new Map((current?.checks ?? []).map((c) => [`${c.key}@${c.view}`, c]));
        for (const c of checks) byKey.set(`${c.key}@${c.view}`, { ...c, at });
        const next: GmailHealthRow = {
          id: 'gmail',
          checks: [...byKey.values()].sort((a, b) => b.at - a.at).slice(0, MAX_CHECKS),
          networkProblems: [...(current?.networkProblems ?? []), ...networkProblems.map((problem) => ({ problem, at }))].slice(-50),
          updatedAt: at,
        };
        await db.gmailHealth.put(next);
      });
      if (checks.some((c) => !c.found)) ports.notifyPanels();
      return { received: true as const };
    },

    async 'gmail.getHealth'() {
      const record = (await db.gmailHealth.get('gmail')) ?? null;
      const lost = (record?.checks ?? []).filter((c) => !c.found);
      const missing = lost.map((c) => `${c.key}@${c.view}`);
      const labels = new Map(Object.entries(SELECTOR_LABELS));
      const noticeWords = [...new Set(lost.map((c) => c.key))].map((key) => {
        const label = labels.get(key);
        return words('gmail_changed_not_detected', { what: label ? { key: label } : key });
      });
      // The line as the browser's language words it, for older surfaces and the log; surfaces say the words.
      return { record, missing, notices: noticeWords.map((w) => say(w)), noticeWords, sends: await sendChecks(ports) };
    },

    async 'gmail.ownMessages'({ messages }) {
      return takeOwn(messages);
    },

    async 'gmail.threadFetched'({ answer, account }) {
      // Read here, not in Gmail's tab (lib/gmail/sync-channel.ts): the same parsers, and each message the
      // answer yields is validated like a `gmail.ownMessages` payload before it counts.
      const read = readThreadFetch(answer, account, now());
      const problems = read.problems.slice(0, 5);
      const messages: OwnMessage[] = [];
      for (const m of read.own.slice(0, 100)) {
        const valid = OwnMessage.safeParse(m);
        if (valid.success) messages.push(valid.data);
        else problems.push(`sync thread fetch (/i/fd) answer: sent message ${m.messageId} did not validate (${valid.error.issues[0]?.path.join('.') ?? '?'})`);
      }
      if (problems.length > 0) await addHealthProblems(ports, problems);
      return messages.length > 0 ? takeOwn(messages) : { emitted: 0 };
    },

    async 'gmail.resolveSend'({ id, action }) {
      const row = await resolveSend(ports, id, action);
      if (action === 'log') await settleSends(ports);
      // A send logged here whose CRM write waited for the rep: written now (once; the outbox is keyed by message).
      if (row.crm === 'released' && row.source === 'rep') await releaseCrmWrites(ports, [EmailFacts.safeParse(row.email).data?.messageId ?? row.id]);
      ports.notifyPanels();
      const current = (await db.gmailSends.get(row.id)) ?? row;
      const email = EmailFacts.safeParse(current.email);
      const subject = (email.success ? email.data.subject : current.intent?.subject) || '(no subject)';
      const said = { subject: (email.success ? email.data.subject : current.intent?.subject)?.slice(0, 1000) || words('activity_no_subject') };
      if (current.crm === 'released' || current.crm === 'refused') {
        return current.crm === 'released'
          ? { status: current.status, detail: `Sent “${subject}”: written to the CRM.`, detailWords: words('send_resolved_written_to_crm', said) }
          : { status: current.status, detail: `“${subject}” stays logged here only, never written to the CRM.`, detailWords: words('send_resolved_kept_here', said) };
      }
      return action === 'log'
        ? { status: current.status, detail: `Sent “${subject}”: logged.`, detailWords: words('send_resolved_logged', said) }
        : { status: current.status, detail: `“${subject}” will not be logged.`, detailWords: words('send_resolved_not_logged', said) };
    },
  } satisfies Partial<Handlers>;

  async function takeOwn(messages: OwnMessage[]) {
    const taken = await takeOwnMessages(ports, messages);
    await releaseCrmWrites(ports, taken.released);
    if (!taken.changed) {
      if (taken.released.length > 0) ports.notifyPanels();
      return { emitted: 0 };
    }
    const { emitted } = await settleSends(ports);
    ports.notifyPanels();
    return { emitted };
  }
}
