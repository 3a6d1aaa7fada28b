import Dexie from 'dexie';
import { z } from 'zod';
import type { FollowthroughDb } from '../db';
import { Outbox, type OutboxHandler, type OutboxOutcome } from '../outbox';
import { GmailMessageId, GmailThreadId, Person, type Activity, type GmailSendRow, type OutboxRow } from '../records';
import type { KeyValuePort, SettingsStore } from '../settings';
import { EngineEvent, type EmailFacts } from '../engine/events';
import { emailDomain } from './match';
import { CrmHealth, CrmRowHealth, type CrmStatus } from './health';
import { refreshSalesforce, type CredentialStore } from './auth';
import { connectors } from './connectors';
import { CrmError, crmNameWords, notConnected, type RateLimitWait } from './connectors/http';
import { mapWordsText, words, wordsOf, Words } from '../words';
import { firstIssueWords } from '../issue-words';
import { createConnectionMemo, CrmContact, RemoteCrmName, type ConnectionMemo, type CrmConnector, type FetchPort, type TaskInput } from './connectors/types';
import { CrmDirectory } from './directory';
import { MEETING_LOG_KIND } from './meeting-log';
import { OWNER_KIND } from './owner';
import { runMeetingJob, runOwnerJob, type RemoteJobPorts } from './remote-jobs';

// Every CRM write is an outbox row whose id is its idempotency key (Gmail message id + CRM), so it is
// queued once, survives the worker, and is retried with backoff. The handler writes a local ledger row
// (crmWrites) before and after each request: a write whose answer was lost is looked for in the CRM —
// after the CRM's search has had time to catch up — before it is ever sent again.

export const CRM_KINDS = { email: 'crm.logEmail', note: 'crm.logNote', task: 'crm.createTask', deleteEmail: 'crm.deleteEmail', owner: OWNER_KIND, meeting: MEETING_LOG_KIND } as const;
const KIND_VALUES = Object.values(CRM_KINDS) as string[];

/** One person on the email, by every address we know them by (primary first). */
const PersonAddresses = z.object({
  name: z.string().max(300).default(''),
  emails: z.array(z.string().max(320)).min(1).max(51),
  /** The CRM record itself, when the contact is a mirror of one (no lookup needed before writing). */
  crmContact: CrmContact.optional(),
});

export const EmailJob = z.object({
  crm: RemoteCrmName,
  messageId: GmailMessageId,
  threadId: GmailThreadId.optional(),
  direction: z.enum(['inbound', 'outbound']),
  subject: z.string().max(1000),
  bodyText: z.string().max(200_000),
  at: z.number().int().nonnegative(),
  from: Person,
  to: z.array(Person).max(500),
  cc: z.array(Person).max(500).default([]),
  /** Whom to log it against, best first: the contact the activity names, then the other participants. */
  people: z.array(PersonAddresses).min(1).max(50),
});
export type EmailJob = z.infer<typeof EmailJob>;

export const NoteJob = z.object({ crm: RemoteCrmName, kind: z.enum(['note', 'task']), body: z.string().min(1).max(60_000), at: z.number().int().nonnegative(), people: z.array(PersonAddresses).min(1).max(50) });
export type NoteJob = z.infer<typeof NoteJob>;

export const emailJobId = (crm: string, messageId: string) => `crm:${crm}:${messageId}`;

/** Take back an email logged to a CRM after the rep undid the log: keyed by the CRM record, so once. */
export const DeleteEmailJob = z.object({ crm: RemoteCrmName, messageId: GmailMessageId, subject: z.string().max(1000).default('') });
export type DeleteEmailJob = z.infer<typeof DeleteEmailJob>;
export const deleteJobId = (crm: string, messageId: string) => `crm:${crm}:delete:${messageId}`;
/** How often a delete waits for the undo it follows to land before it concludes the log was kept. */
const UNDO_SETTLE_ATTEMPTS = 3;
/** A deletion queued before its undo runs waits this long unless told the undo landed (a worker stopped in between). */
const UNDO_GRACE_MS = 60_000;

/** Whether a logged activity's CRM write was queued; if not, why (English for logs, words for the rep). */
export interface CrmQueued {
  queued: boolean;
  id?: string;
  reason?: string;
  words?: Words;
}

export interface CrmSyncOptions {
  db: FollowthroughDb;
  settings: SettingsStore;
  credentials: CredentialStore;
  /** Small bookkeeping (the activities sweep cursor); storage.local in the extension. */
  state: KeyValuePort;
  fetch: FetchPort;
  now: () => number;
  random?: () => number;
  /** Tests point connectors at loopback servers here; production passes nothing. */
  baseUrls?: Partial<Record<RemoteCrmName, string>>;
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  /** Ask to be woken when the next row falls due (an alarm in the extension). */
  schedule?: (at: number | undefined) => void;
  /** Something the status shows changed (rows ran or were queued): tell open pages. */
  onChange?: () => void;
  /** Tests only: Salesforce's sign-in host for renewing a session (production uses settings.salesforceOAuth). */
  salesforceLoginUrl?: string;
}

const CACHE_MS = 5 * 60_000;
const MAX_ROWS_SHOWN = 50;

/**
 * The CRM's words and what the rep should do, from a row's stored error: a permanent failure is stored as
 * "<what to do> (<the CRM's message>)"; a waiting row retries by itself.
 */
export function splitError(text: string, failed: boolean, label: string): { message: string; fix: string } {
  if (!failed) return { message: text, fix: WAITING_FIX };
  const m = /^(.*?) \(((?:[A-Z][a-z]+|Salesforce|HubSpot|Pipedrive) refused .*)\)$/s.exec(text);
  if (m) return { message: m[2]!, fix: m[1]! };
  if (/^No .* contact has /.test(text)) return { message: text.replace(/ — .*$/, '').replace(/; add them.*$/, ''), fix: text.includes(' — ') ? text.slice(text.indexOf(' — ') + 3) : `Add them in ${label}, then retry.` };
  return { message: text, fix: `Check ${label}, then Retry — or Dismiss to drop this one.` };
}
const WAITING_FIX = 'Nothing yet: Followthrough tries again by itself. Retry sends it now; Dismiss drops it.';

/**
 * `splitError` for a row's stored words: a permanent failure is stored as `crm_failed_fix` (what to do, and
 * what the CRM said); a refusal for want of a contact as `crm_no_contact*`, whose fix is its own sentence.
 */
export function splitWords(said: Words | undefined, failed: boolean, crm: RemoteCrmName): { messageWords?: Words; fixWords?: Words } {
  const crmName = crmNameWords(crm);
  if (!failed) return { messageWords: said, fixWords: words('crm_fix_waiting') };
  if (!said) return {};
  const args = said.args ?? {};
  if (said.key === 'crm_failed_fix' && wordsOf(args.fix) && wordsOf(args.message)) return { messageWords: wordsOf(args.message), fixWords: wordsOf(args.fix) };
  if (said.key === 'crm_no_contact' && typeof args.email === 'string') return { messageWords: words('crm_no_contact_has', { crm: crmName, email: args.email }), fixWords: words('crm_fix_add_contact_or_allow', { crm: crmName }) };
  if (said.key === 'crm_no_contact_add' && typeof args.email === 'string') return { messageWords: words('crm_no_contact_has', { crm: crmName, email: args.email }), fixWords: words('crm_fix_add_contact', { crm: crmName }) };
  return { messageWords: said, fixWords: words('crm_fix_check', { crm: crmName }) };
}

const SWEEP_KEY = 'crmSyncSweptThrough';
/**
 * Per CRM, until when it asked to be left alone (a RateLimitWait: burst window or daily budget), in
 * storage.local so a restarted worker keeps waiting. The one pause record for every vendor.
 */
const PAUSE_KEY = 'crmPausedUntil';
const Pauses = z.record(z.string(), z.object({ until: z.number(), message: z.string().max(2000), words: Words.optional() }));
/** What a created contact is called in each CRM (for a contact known only from the write ledger). */
const CONTACT_KIND = { hubspot: 'contact', pipedrive: 'person', salesforce: 'contact' } as const;

/** Whether a logged Gmail send may be written to the remote CRM: not while it waits for the rep, nor once refused. */
export function crmWriteAllowed(send: Pick<GmailSendRow, 'crm'> | undefined): boolean {
  return send?.crm !== 'waiting' && send?.crm !== 'refused';
}

export class CrmSync {
  readonly outbox: Outbox;
  /** Who an address is in the connected CRM (lookups, cached, and mirror contacts). */
  readonly directory: CrmDirectory;
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly renewed = new Set<string>();
  private readonly contactCache = new Map<string, { contact: CrmContact | null; dealId?: string; at: number }>();
  /** One memo per connected account (crm + when it was connected + org), dropped on reconnect. */
  private readonly memos = new Map<string, ConnectionMemo>();
  /** What the owner and meeting jobs (remote-jobs.ts) borrow from the sync. */
  private get remotePorts(): RemoteJobPorts {
    return {
    db: this.o.db,
    now: () => this.o.now(),
    createCrmContacts: async () => (await this.o.settings.load()).settings.createCrmContacts,
    guarded: (crm, row, body, onRefused) => this.guarded(crm, row, body, onRefused),
    createdContact: (connector, person) => this.createdContact(connector, { ...person, crmContact: undefined }),
    createContactOnce: (connector, person) => this.createContactOnce(connector, { ...person, crmContact: undefined }),
    };
  }

  constructor(private readonly o: CrmSyncOptions) {
    const handlers: Record<string, OutboxHandler> = {
      [CRM_KINDS.email]: (row) => this.runEmail(row),
      [CRM_KINDS.note]: (row) => this.runNote(row),
      [CRM_KINDS.task]: (row) => this.runNote(row),
      [CRM_KINDS.deleteEmail]: (row) => this.runDelete(row),
      [CRM_KINDS.owner]: (row) => runOwnerJob(this.remotePorts, row),
      [CRM_KINDS.meeting]: (row) => runMeetingJob(this.remotePorts, row),
    };
    this.directory = new CrmDirectory({
      db: o.db,
      settings: o.settings,
      connector: (crm) => this.connector(crm),
      now: o.now,
      pauses: { until: (crm) => this.pausedUntil(crm), hold: (crm, limit, message, said) => this.pause(crm, limit, message, '', said) },
    });
    this.outbox = new Outbox(o.db, {
      now: o.now,
      handlers,
      random: o.random,
      baseDelayMs: o.baseDelayMs ?? 5_000,
      maxDelayMs: o.maxDelayMs ?? 60 * 60_000,
      maxAttempts: o.maxAttempts ?? 12,
      redact: (t) => o.credentials.redact(t),
      ownKindsOnly: true,
    });
  }

  /** After a worker start: interrupted rows are pending again, missed activities are queued, work runs. */
  async start(): Promise<void> {
    await this.o.credentials.secrets(); // know every token before any error text is written
    await this.outbox.resume();
    await this.sweep();
    await this.run();
  }

  /** Run what is due, then ask to be woken for the next. Safe to call often: drains are shared. */
  async run(): Promise<void> {
    try {
      const report = await this.outbox.drain();
      if (report.ran > 0) this.o.onChange?.();
    } finally {
      this.o.schedule?.(await this.outbox.nextDueAt().catch(() => undefined));
    }
  }

  /**
   * Queue the CRM write for a logged activity, for the active CRM. Idempotent: the same activity (or
   * another with the same Gmail message) is one row. Nothing is queued for the local CRM — the activity
   * already is its record.
   */
  async queueCrmSync(activity: Activity): Promise<CrmQueued> {
    const { settings } = await this.o.settings.load();
    const crm = settings.crm;
    if (crm === 'local') return { queued: false, reason: 'the local CRM is active', words: words('crmQueue_local') };
    if ((activity.kind === 'email.sent' || activity.kind === 'email.received') && activity.messageId) {
      // A send read only from Gmail's page (a page script can draw one) waits for the rep, a Send press or
      // Gmail's sync data before it is written anywhere but here (issue 11, "never forged").
      if (activity.kind === 'email.sent' && !crmWriteAllowed(await this.o.db.gmailSends.get(activity.messageId))) {
        return { queued: false, reason: 'seen only on Gmail’s page: waiting for the rep to confirm it', words: words('crmQueue_unconfirmed') };
      }
      const job = await this.emailJob(crm, activity, new Set(settings.ownDomains));
      if (!job) return { queued: false, reason: 'no one outside your domains to log it against', words: words('crmQueue_no_one_outside') };
      const id = emailJobId(crm, activity.messageId);
      const queued = await this.outbox.enqueue(id, CRM_KINDS.email, job);
      if (queued) this.o.onChange?.();
      return { queued, id };
    }
    if (activity.kind === 'note' || activity.kind === 'task') {
      const contact = activity.contactId ? await this.o.db.contacts.get(activity.contactId) : undefined;
      if (!contact) return { queued: false, reason: 'the activity names no contact', words: words('crmQueue_no_contact') };
      const job = NoteJob.parse({ crm, kind: activity.kind, body: activity.summary || activity.kind, at: activity.at, people: [{ name: contact.name, emails: contact.emails }] });
      const id = `crm:${crm}:${activity.kind}:${activity.id}`;
      return { queued: await this.outbox.enqueue(id, activity.kind === 'task' ? CRM_KINDS.task : CRM_KINDS.note, job), id };
    }
    return { queued: false, reason: `activities of kind ${activity.kind} are not synced`, words: words('crmQueue_kind_not_synced', { kind: activity.kind }) };
  }

  /** An activity.logged event (the engine's crm.sync action): queue its activity, then run. */
  async queueActivity(activityId: string): Promise<CrmQueued> {
    const activity = await this.o.db.activities.get(activityId);
    if (!activity) return { queued: false, reason: `activity ${activityId} is gone`, words: words('crmQueue_activity_gone', { id: activityId }) };
    const result = await this.queueCrmSync(activity);
    if (result.queued) void this.run().catch(() => {});
    return result;
  }

  /**
   * Queue every activity logged since the last sweep, however it was logged (an engine rule, Log to CRM, an
   * import), read from the engine's durable activity.logged events. The cursor moves only after the rows
   * are queued, so a stop mid-sweep loses nothing; queueing is idempotent, so overlap costs nothing.
   */
  async sweep(): Promise<number> {
    await this.directory.prune().catch(() => 0);
    const { settings } = await this.o.settings.load();
    if (settings.crm === 'local') return 0;
    const connected = await this.o.credentials.get(settings.crm);
    if (!connected) return 0;
    const stored = z.number().int().safeParse(await this.o.state.get(SWEEP_KEY));
    // Only what was logged since the CRM was connected: connecting does not upload the rep's history.
    const since = Math.max(stored.success ? stored.data : 0, connected.connectedAt);
    const events = await this.o.db.events.where('at').aboveOrEqual(since).filter((e) => e.type === 'activity.logged').toArray();
    let queued = 0;
    let through = since;
    for (const e of events.sort((x, y) => x.at - y.at)) {
      const activityId = (e.event as { activityId?: unknown } | null)?.activityId;
      const activity = typeof activityId === 'string' ? await this.o.db.activities.get(activityId) : undefined;
      if (activity && (await this.queueCrmSync(activity)).queued) queued++;
      through = Math.max(through, e.at);
    }
    await this.o.state.set(SWEEP_KEY, through);
    return queued;
  }

  /** Sweep and run soon, once for a burst of calls (every panel notification asks). */
  sweepSoon(delayMs = 300): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      this.sweep()
        .then(() => this.run())
        .catch(() => {});
    }, delayMs);
  }

  async retry(crm: RemoteCrmName, id?: string): Promise<number> {
    const rows = await this.crmRows(crm);
    let n = 0;
    for (const r of rows) if (r.status === 'failed' && (!id || r.id === id) && (await this.outbox.retry(r.id))) n++;
    // A waiting row (retrying after an error) runs now when the rep asks for it by id.
    if (id && n === 0) {
      const row = await this.o.db.outbox.get(id);
      if (row?.status === 'pending' && KIND_VALUES.includes(row.kind) && (row.payload as { crm?: string } | null)?.crm === crm) {
        await this.o.db.outbox.update(id, { nextAttemptAt: this.o.now() });
        n++;
      }
    }
    if (n) void this.run().catch(() => {});
    return n;
  }

  async health(): Promise<CrmStatus> {
    const { settings } = await this.o.settings.load();
    const connected = await this.o.credentials.summary();
    // Only unfinished rows are read (done rows pile up for ever); the last sync comes from the small ledger.
    const rows = await this.o.db.outbox
      .where('status')
      .anyOf(['pending', 'running', 'failed'])
      .filter((r) => KIND_VALUES.includes(r.kind))
      .toArray();
    const crms: CrmHealth[] = [];
    for (const crm of RemoteCrmName.options) {
      const mine = rows.filter((r) => (r.payload as { crm?: string } | null)?.crm === crm);
      const failed = mine.filter((r) => r.status === 'failed').sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
      // By index: a reverse scan of the whole ledger for a CRM never written to read every row, every 3 s.
      const last = await this.o.db.crmWrites
        .where('[crm+status+at]')
        .between([crm, 'written', Dexie.minKey], [crm, 'written', Dexie.maxKey])
        .last();
      crms.push(CrmHealth.parse({
        crm,
        label: connectors[crm].label,
        active: settings.crm === crm,
        connected: !!connected[crm],
        account: connected[crm]?.account,
        lastSyncAt: last?.at,
        queued: mine.filter((r) => r.status === 'pending' || r.status === 'running').length,
        failed: failed.length,
        failures: failed.slice(0, 20).map((r) => ({ id: r.id, error: this.o.credentials.redact(r.lastError ?? 'failed'), words: this.redactWords(wordsOf(r.lastErrorWords)), at: r.finishedAt })),
        rows: [...failed, ...mine.filter((r) => r.status === 'pending' && r.lastError).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)]
          .slice(0, MAX_ROWS_SHOWN)
          .map((r) => this.rowHealth(crm, r)),
      }));
    }
    return { active: settings.crm, crms };
  }

  /** One failed or waiting row as the rep reads it: which email, whom, which CRM, what it said, what to do. */
  private rowHealth(crm: RemoteCrmName, r: OutboxRow): CrmRowHealth {
    const redact = (t: string) => this.o.credentials.redact(t);
    const payload = (r.payload ?? {}) as { subject?: unknown; body?: unknown; people?: { name?: string; emails?: string[] }[] };
    const person = Array.isArray(payload.people) ? payload.people[0] : undefined;
    // Owner and meeting rows name their person and title in their own fields (lib/crm/owner.ts, meeting-log.ts).
    const job = (r.payload ?? {}) as { title?: unknown; email?: unknown; name?: unknown; contactEmail?: unknown; contactName?: unknown; ownerName?: unknown };
    const address = typeof job.email === 'string' ? job.email : typeof job.contactEmail === 'string' ? job.contactEmail : undefined;
    const addressName = typeof job.name === 'string' ? job.name : typeof job.contactName === 'string' ? job.contactName : '';
    const contact = person ? [person.name, person.emails?.[0] && `<${person.emails[0]}>`].filter(Boolean).join(' ') : address ? [addressName, `<${address}>`].filter(Boolean).join(' ') : undefined;
    const what = r.kind === CRM_KINDS.email ? 'email' : r.kind === CRM_KINDS.deleteEmail ? 'undo' : r.kind === CRM_KINDS.task ? 'task' : r.kind === CRM_KINDS.owner ? 'owner' : r.kind === CRM_KINDS.meeting ? 'meeting' : 'note';
    const subject = typeof payload.subject === 'string' ? payload.subject : typeof payload.body === 'string' ? payload.body.slice(0, 120) : typeof job.title === 'string' ? job.title : typeof job.ownerName === 'string' ? `Owner: ${job.ownerName}` : undefined;
    const { message, fix } = splitError(redact(r.lastError ?? ''), r.status === 'failed', connectors[crm].label);
    const { messageWords, fixWords } = splitWords(wordsOf(r.lastErrorWords), r.status === 'failed', crm);
    return CrmRowHealth.parse({
      id: r.id,
      status: r.status === 'failed' ? 'failed' : 'waiting',
      what,
      subject: subject?.slice(0, 300) || undefined,
      contact: contact?.slice(0, 400) || undefined,
      message: message.slice(0, 1000),
      fix: fix.slice(0, 500),
      ...(messageWords ? { messageWords: this.redactWords(messageWords) } : {}),
      ...(fixWords ? { fixWords } : {}),
      attempts: r.attempts,
      at: r.status === 'failed' ? r.finishedAt : undefined,
      nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt : undefined,
    });
  }

  private redactWords(said: Words | undefined): Words | undefined {
    return said && mapWordsText(said, (text) => this.o.credentials.redact(text));
  }

  /** The connector for a CRM with its stored credentials; production never sets a base URL. */
  async connector(crm: RemoteCrmName): Promise<CrmConnector> {
    const credentials = await this.o.credentials.get(crm);
    if (!credentials) throw notConnected(crm, `${connectors[crm].label} is not connected`);
    const memoKey = `${crm}:${credentials.connectedAt}:${credentials.instanceUrl ?? ''}`;
    let memo = this.memos.get(memoKey);
    if (!memo) {
      for (const key of this.memos.keys()) if (key.startsWith(`${crm}:`)) this.memos.delete(key);
      memo = createConnectionMemo();
      this.memos.set(memoKey, memo);
    }
    return connectors[crm].create({ credentials, fetch: this.o.fetch, now: this.o.now, db: this.o.db, baseUrl: this.o.baseUrls?.[crm], timeoutMs: this.o.timeoutMs, memo });
  }

  forgetCache(): void {
    this.contactCache.clear();
    this.memos.clear();
    void this.directory.forget().catch(() => {});
  }

  /** Until when a CRM's API budget is known to be spent (0 when it is not). */
  private async crmRows(crm: RemoteCrmName): Promise<OutboxRow[]> {
    return (await this.o.db.outbox.where('status').equals('failed').toArray()).filter((r) => KIND_VALUES.includes(r.kind) && (r.payload as { crm?: string } | null)?.crm === crm);
  }

  private async emailJob(crm: RemoteCrmName, activity: Activity, ownDomains: Set<string>): Promise<EmailJob | null> {
    const { db } = this.o;
    const stored = activity.messageId ? await db.messages.get(activity.messageId) : undefined;
    // A just-sent email may not be in a thread snapshot yet: the engine's email.sent/received event holds it.
    const facts = stored ? undefined : await this.emailFacts(activity);
    const message = stored ?? (facts ? { ...facts, date: facts.at, direction: activity.kind === 'email.sent' ? ('outbound' as const) : ('inbound' as const) } : undefined);
    const thread = activity.threadId ? await db.threads.get(activity.threadId) : undefined;
    const contact = activity.contactId ? await db.contacts.get(activity.contactId) : undefined;
    const outbound = activity.kind === 'email.sent';
    const participants = message ? [message.from, ...message.to, ...message.cc] : (thread?.participants ?? []);
    const others = participants.filter((p) => !ownDomains.has(emailDomain(p.email)));
    const people: z.input<typeof PersonAddresses>[] = [];
    const seen = new Set<string>();
    if (contact) {
      people.push({ name: contact.name, emails: contact.emails, crmContact: CrmDirectory.crmContactOf(contact, crm) });
      contact.emails.forEach((e) => seen.add(e));
    }
    for (const p of others) {
      const e = p.email.toLowerCase();
      if (!seen.has(e)) {
        seen.add(e);
        people.push({ name: p.name, emails: [e] });
      }
    }
    if (people.length === 0) return null;
    const fallbackFrom = outbound ? participants.find((p) => ownDomains.has(emailDomain(p.email))) : others[0];
    const from = message?.from ?? fallbackFrom ?? { name: '', email: people[0]!.emails[0]! };
    return EmailJob.parse({
      crm,
      messageId: activity.messageId,
      threadId: activity.threadId,
      direction: message?.direction ?? (outbound ? 'outbound' : 'inbound'),
      subject: message?.subject ?? thread?.subject ?? activity.summary,
      bodyText: message?.bodyText ?? activity.summary,
      at: message?.date ?? activity.at,
      from,
      to: message?.to ?? others.filter((p) => p.email !== from.email),
      cc: message?.cc ?? [],
      people: people.slice(0, 50),
    });
  }

  private async emailFacts(activity: Activity): Promise<EmailFacts | undefined> {
    if (!activity.messageId || (activity.kind !== 'email.sent' && activity.kind !== 'email.received')) return undefined;
    const row = await this.o.db.events.get(`${activity.kind}:${activity.messageId}`);
    const event = EngineEvent.safeParse(row?.event);
    return event.success && (event.data.type === 'email.sent' || event.data.type === 'email.received') ? event.data.email : undefined;
  }

  /** The CRM contact for a person (and their first open deal), cached briefly: a thread's many messages share one lookup. */
  private async resolve(connector: CrmConnector, person: z.infer<typeof PersonAddresses>, allowCreate: boolean): Promise<{ contact: CrmContact | null; dealId?: string }> {
    const key = `${connector.crm}:${person.crmContact?.id ?? ''}:${person.emails.join(',')}`;
    const cached = this.contactCache.get(key);
    if (cached && this.o.now() - cached.at < CACHE_MS && cached.contact) return cached;
    let contact = person.crmContact ?? (await connector.findContact(person.emails)) ?? (await this.createdContact(connector, person));
    if (!contact && allowCreate) contact = await this.createContactOnce(connector, person);
    let dealId: string | undefined;
    if (contact) dealId = (await connector.contactCard(contact)).openDeals[0]?.id;
    const entry = { contact, dealId, at: this.o.now() };
    this.contactCache.set(key, entry);
    return entry;
  }

  /** A contact Followthrough created for this address, from the ledger: the CRM's search may not show it yet. */
  private async createdContact(connector: CrmConnector, person: z.infer<typeof PersonAddresses>): Promise<CrmContact | null> {
    const crm = connector.crm as RemoteCrmName;
    for (const address of person.emails) {
      const email = address.toLowerCase();
      const ledger = await this.o.db.crmWrites.get(`crm:${crm}:contact:${email}`);
      if (ledger?.status === 'written' && ledger.remoteId) return CrmContact.parse({ id: ledger.remoteId, kind: CONTACT_KIND[crm], name: person.name || email, email });
    }
    return null;
  }

  /**
   * Create a CRM contact once per address, through the write ledger like every other write: a creation whose
   * answer was lost is looked for (the find in `resolve`, once the CRM's search has caught up) before it is
   * sent again, and one that was written is reused even while the CRM's search cannot see it yet.
   */
  private async createContactOnce(connector: CrmConnector, person: z.infer<typeof PersonAddresses>): Promise<CrmContact> {
    const { db, now } = this.o;
    const crm = connector.crm as RemoteCrmName;
    const email = person.emails[0]!.toLowerCase();
    const id = `crm:${crm}:contact:${email}`;
    const ledger = await db.crmWrites.get(id);
    if (ledger?.status === 'written' && ledger.remoteId) {
      return CrmContact.parse({ id: ledger.remoteId, kind: CONTACT_KIND[crm], name: person.name || email, email });
    }
    if (ledger?.status === 'sending') {
      const wait = ledger.at + connector.searchLagMs - now();
      if (wait > 0) throw new CrmError(crm, 'timeout', `an earlier attempt to create ${email} in ${connectors[crm].label} got no answer; checking for it once its search catches up`, { message: words('crm_wait_contact_lost', { email, crm: crmNameWords(crm) }) }, { retryAfterMs: wait });
      // The caller's find has just missed it, after the lag: it was never written.
    }
    await db.crmWrites.put({ id, crm, status: 'sending', at: now() });
    try {
      const created = await connector.createContact({ email, name: person.name });
      await db.crmWrites.put({ id, crm, status: 'written', remoteId: created.id, at: now() });
      return created;
    } catch (error) {
      if (error instanceof CrmError && error.status !== undefined && error.status < 500 && error.status !== 408) await db.crmWrites.delete(id);
      throw error;
    }
  }

  private async runEmail(row: OutboxRow): Promise<OutboxOutcome> {
    // Written already (the worker stopped before the row was marked done): done, whatever the payload holds.
    if ((await this.o.db.crmWrites.get(row.id))?.status === 'written') return { kind: 'done' };
    const parsed = EmailJob.safeParse(row.payload);
    if (!parsed.success) return { kind: 'failed', error: `unreadable queued email: ${parsed.error.issues[0]?.message ?? ''}`, words: words('crm_unreadable_email', { issue: firstIssueWords(parsed.error.issues) }) };
    const job = parsed.data;
    // The rep undid the log before it reached the CRM: nothing to send.
    if ((await this.o.db.activities.where('messageId').equals(job.messageId).count()) === 0 && !(await this.o.db.crmWrites.get(row.id))) {
      return { kind: 'done' };
    }
    return this.guarded(job.crm, row, async (connector) => {
      const { settings } = await this.o.settings.load();
      const contacts: CrmContact[] = [];
      let dealId: string | undefined;
      for (const [i, person] of job.people.entries()) {
        // Only the person the activity is about may be created (policy permitting), never everyone on the thread.
        const found = await this.resolve(connector, person, i === 0 && settings.createCrmContacts);
        if (found.contact && !contacts.some((c) => c.id === found.contact!.id)) {
          contacts.push(found.contact);
          dealId ??= found.dealId;
        }
      }
      if (contacts.length === 0) {
        const label = connectors[job.crm].label;
        return {
          kind: 'failed',
          error: `No ${label} contact has ${job.people[0]!.emails[0]} — add them in ${label} (or allow Followthrough to create contacts), then retry.`,
          words: words('crm_no_contact', { email: job.people[0]!.emails[0]! }),
        };
      }
      const log = { key: row.id, messageId: job.messageId, threadId: job.threadId, direction: job.direction, subject: job.subject, bodyText: job.bodyText, at: job.at, from: job.from, to: job.to, cc: job.cc, contacts, dealId };
      const outcome = await this.writeOnce(row, connector, () => connector.findLoggedEmail(log), () => connector.logEmail(log));
      // Written: the row keeps its key (for idempotency) but not the email's text, which the CRM now holds.
      if (outcome.kind === 'done') await this.o.db.outbox.update(row.id, { payload: { crm: job.crm, messageId: job.messageId, written: true } });
      return outcome;
    });
  }

  /**
   * The rep undid logs of these Gmail messages: queue the deletion of what each wrote to a CRM. Queued before
   * the undo runs (so a worker stopped in between loses nothing); a delete finds the activities still there
   * when the undo did not happen, and then deletes nothing.
   */
  async queueUndo(messages: readonly { messageId: string; subject?: string }[]): Promise<number> {
    let queued = 0;
    for (const { messageId, subject } of messages) {
      for (const crm of RemoteCrmName.options) {
        const ledger = await this.o.db.crmWrites.get(emailJobId(crm, messageId));
        const row = await this.o.db.outbox.get(emailJobId(crm, messageId));
        // Nothing reached (or is reaching) this CRM: the email row, if still queued, skips itself.
        if (!ledger && row?.status !== 'running') continue;
        const job = DeleteEmailJob.parse({ crm, messageId, subject: subject ?? '' });
        // A delete queued before (an earlier undo that left other logs of the message, or an earlier log and
        // undo of it) is queued afresh, to look again once this undo lands.
        const existing = await this.o.db.outbox.get(deleteJobId(crm, messageId));
        if (existing && existing.status !== 'running') await this.o.db.outbox.delete(existing.id);
        // Not due until the undo has had time to land; undoLanded() brings it forward once it has.
        if (await this.outbox.enqueue(deleteJobId(crm, messageId), CRM_KINDS.deleteEmail, job, this.o.now() + UNDO_GRACE_MS)) queued++;
      }
    }
    if (queued) this.o.onChange?.();
    return queued;
  }

  /** The undo these messages' deletions wait for has landed: run them now. */
  async undoLanded(messageIds: readonly string[]): Promise<void> {
    const ids = messageIds.flatMap((m) => RemoteCrmName.options.map((crm) => deleteJobId(crm, m)));
    await this.o.db.outbox
      .where('id')
      .anyOf(ids)
      .filter((r) => r.status === 'pending' && r.attempts === 0)
      .modify({ nextAttemptAt: this.o.now() });
    await this.run();
  }

  private async runDelete(row: OutboxRow): Promise<OutboxOutcome> {
    const parsed = DeleteEmailJob.safeParse(row.payload);
    if (!parsed.success) return { kind: 'failed', error: `unreadable queued undo: ${parsed.error.issues[0]?.message ?? ''}`, words: words('crm_unreadable_undo', { issue: firstIssueWords(parsed.error.issues) }) };
    const job = parsed.data;
    const { db } = this.o;
    if ((await db.activities.where('messageId').equals(job.messageId).count()) > 0) {
      // The undo has not landed yet (or did not happen): wait a little, then keep the CRM record.
      if (row.attempts < UNDO_SETTLE_ATTEMPTS) return { kind: 'retry', error: 'waiting for the undo to finish', retryAfterMs: 2_000, words: words('crm_wait_undo') };
      return { kind: 'done' };
    }
    const writeId = emailJobId(job.crm, job.messageId);
    const emailRow = await db.outbox.get(writeId);
    const ledger = await db.crmWrites.get(writeId);
    if (emailRow?.status === 'running' || (ledger?.status === 'sending' && emailRow && emailRow.status !== 'failed')) {
      // The write is under way or its answer was lost: let it settle (it finds or makes the record), then delete.
      return { kind: 'retry', error: `the email is still being written to ${connectors[job.crm].label}; it is deleted once that settles`, retryAfterMs: 5_000, words: words('crm_wait_email_written', { crm: crmNameWords(job.crm) }) };
    }
    if (!ledger || ledger.status !== 'written' || !ledger.remoteId) {
      // Never written: make sure a queued write does not go out later.
      await db.transaction('rw', db.outbox, db.crmWrites, async () => {
        if ((await db.outbox.get(writeId))?.status !== 'running') await db.outbox.delete(writeId);
        await db.crmWrites.delete(writeId);
      });
      return { kind: 'done' };
    }
    const remoteId = ledger.remoteId;
    return this.guarded(job.crm, row, async (connector) => {
      await connector.deleteEmail(remoteId);
      // Gone from the CRM: forget the write, so logging the message again writes it again.
      await db.transaction('rw', db.outbox, db.crmWrites, async () => {
        await db.crmWrites.delete(writeId);
        await db.outbox.delete(writeId);
      });
      return { kind: 'done' };
    });
  }

  /** The rep's Dismiss on one failed or waiting row: it is dropped from the queue (never while it runs). */
  async dismiss(crm: RemoteCrmName, id: string): Promise<boolean> {
    const { db } = this.o;
    const dropped = await db.transaction('rw', db.outbox, async () => {
      const row = await db.outbox.get(id);
      if (!row || !KIND_VALUES.includes(row.kind) || (row.payload as { crm?: string } | null)?.crm !== crm) return false;
      if (row.status !== 'failed' && row.status !== 'pending') return false;
      await db.outbox.delete(id);
      return true;
    });
    if (dropped) this.o.onChange?.();
    return dropped;
  }

  private async runNote(row: OutboxRow): Promise<OutboxOutcome> {
    if ((await this.o.db.crmWrites.get(row.id))?.status === 'written') return { kind: 'done' };
    const parsed = NoteJob.safeParse(row.payload);
    if (!parsed.success) return { kind: 'failed', error: `unreadable queued note: ${parsed.error.issues[0]?.message ?? ''}`, words: words('crm_unreadable_note', { issue: firstIssueWords(parsed.error.issues) }) };
    const job = parsed.data;
    return this.guarded(job.crm, row, async (connector) => {
      const found = await this.resolve(connector, job.people[0]!, false);
      if (!found.contact) {
        // The contact is being created (its creation's answer was lost): wait for it rather than fail.
        const creating = await this.o.db.crmWrites.get(`crm:${job.crm}:contact:${job.people[0]!.emails[0]!.toLowerCase()}`);
        if (creating?.status === 'sending') {
          return { kind: 'retry', error: `${job.people[0]!.emails[0]} is still being created in ${connectors[job.crm].label}`, retryAfterMs: Math.max(1_000, creating.at + connector.searchLagMs - this.o.now()), words: words('crm_wait_contact_created', { email: job.people[0]!.emails[0]!, crm: crmNameWords(job.crm) }) };
        }
        return { kind: 'failed', error: `No ${connectors[job.crm].label} contact has ${job.people[0]!.emails[0]}; add them, then retry.`, words: words('crm_no_contact_add', { email: job.people[0]!.emails[0]! }) };
      }
      const note = { key: row.id, body: job.body, at: job.at, contact: found.contact, dealId: found.dealId };
      if (job.kind === 'task') {
        const task: TaskInput = { key: row.id, subject: job.body.slice(0, 255), body: job.body, dueAt: job.at, contact: found.contact, dealId: found.dealId };
        return this.writeOnce(row, connector, () => connector.findTask(task), () => connector.createTask(task));
      }
      return this.writeOnce(row, connector, () => connector.findLoggedNote(note), () => connector.logNote(note));
    });
  }

  /**
   * Write once per key: a write already recorded is done; one whose answer was lost is searched for once
   * the CRM's search can be trusted; otherwise the ledger says `sending` before the request leaves.
   */
  private async writeOnce(row: OutboxRow, connector: CrmConnector, find: () => Promise<string | null>, write: () => Promise<{ id: string }>): Promise<OutboxOutcome> {
    const { db, now } = this.o;
    const ledger = await db.crmWrites.get(row.id);
    if (ledger?.status === 'written') return { kind: 'done' };
    if (ledger?.status === 'sending') {
      const wait = ledger.at + connector.searchLagMs - now();
      if (wait > 0) return { kind: 'retry', error: `an earlier attempt got no answer; checking ${connectors[connector.crm].label} for it once its search catches up`, retryAfterMs: wait, words: words('crm_wait_write_lost', { crm: crmNameWords(connector.crm) }) };
      const existing = await find();
      if (existing) {
        await db.crmWrites.put({ id: row.id, crm: connector.crm, status: 'written', remoteId: existing, at: now() });
        return { kind: 'done' };
      }
    }
    await db.crmWrites.put({ id: row.id, crm: connector.crm, status: 'sending', at: now() });
    try {
      const written = await write();
      await db.crmWrites.put({ id: row.id, crm: connector.crm, status: 'written', remoteId: written.id, at: now() });
      return { kind: 'done' };
    } catch (error) {
      // A refusal (4xx, 429) means nothing was written: the next attempt need not search first.
      if (error instanceof CrmError && error.status !== undefined && error.status < 500 && error.status !== 408) await db.crmWrites.delete(row.id);
      throw error;
    }
  }

  /**
   * A Salesforce session ends (401) long before its refresh token does: renew it once per access token and
   * store the new one. False when there is nothing to renew with or Salesforce refuses (the rep reconnects).
   */
  private async renewSession(crm: RemoteCrmName): Promise<boolean> {
    if (crm !== 'salesforce') return false;
    const credentials = await this.o.credentials.get(crm);
    if (!credentials || credentials.method !== 'oauth' || !credentials.refreshToken || this.renewed.has(credentials.accessToken)) return false;
    this.renewed.add(credentials.accessToken);
    const { settings } = await this.o.settings.load();
    try {
      const config = { ...settings.salesforceOAuth, loginUrl: this.o.salesforceLoginUrl ?? settings.salesforceOAuth.loginUrl };
      await this.o.credentials.set(await refreshSalesforce({ credentials, config, fetch: this.o.fetch, now: this.o.now }));
      this.contactCache.clear();
      return true;
    } catch {
      return false;
    }
  }

  /** Until when a CRM asked to be left alone (rate limit or spent budget), if it is now. */
  async pausedUntil(crm: RemoteCrmName): Promise<{ until: number; message: string; words?: Words } | undefined> {
    const pauses = Pauses.safeParse(await this.o.state.get(PAUSE_KEY));
    const pause = pauses.success ? pauses.data[crm] : undefined;
    return pause && pause.until > this.o.now() ? pause : undefined;
  }

  private async pause(crm: RemoteCrmName, limit: RateLimitWait, message: string, except: string, said?: Words): Promise<void> {
    const { until } = limit;
    const pauses = Pauses.safeParse(await this.o.state.get(PAUSE_KEY));
    const now = this.o.now();
    const kept = Object.fromEntries(Object.entries(pauses.success ? pauses.data : {}).filter(([, p]) => p.until > now));
    await this.o.state.set(PAUSE_KEY, { ...kept, [crm]: { until, message: message.slice(0, 2000), ...(said ? { words: said } : {}) } });
    // A burst window of seconds is answered by the gate in `guarded`, row by row as each comes due: no request
    // is sent, and rows keep their own error and backoff meanwhile. A long wait (a spent daily budget) moves
    // every due row of that CRM to the reset in one write instead, rather than a wake-up per row for hours.
    // Attempts are untouched either way; rows already due later keep their own time.
    if (limit.scope !== 'budget' && until - now <= 60_000) return;
    await this.o.db.outbox
      .where('[status+nextAttemptAt]')
      .between(['pending', -Infinity], ['pending', until], true, false)
      .filter((r) => r.id !== except && KIND_VALUES.includes(r.kind) && (r.payload as { crm?: string } | null)?.crm === crm)
      .modify({ nextAttemptAt: until, lastError: message.slice(0, 2000), lastErrorWords: said });
  }

  /** Runs a job with its CRM's connector and turns CRM errors into outbox outcomes. */
  private async guarded(crm: RemoteCrmName, row: OutboxRow, body: (c: CrmConnector) => Promise<OutboxOutcome>, onRefused?: (e: CrmError, c: CrmConnector | undefined) => OutboxOutcome | undefined): Promise<OutboxOutcome> {
    const redact = (t: string) => this.o.credentials.redact(t);
    // The CRM asked for a wait (a spent budget, a burst window): no request, and no attempt spent, until it ends.
    const paused = await this.pausedUntil(crm);
    if (paused) return { kind: 'wait', until: paused.until, error: redact(paused.message), words: paused.words };
    try {
      return await body(await this.connector(crm));
    } catch (error) {
      if (error instanceof CrmError) {
        if (error.code === 'auth' && (await this.renewSession(crm))) {
          return { kind: 'retry', error: `${connectors[crm].label} session renewed; trying again`, retryAfterMs: 0, words: words('crm_session_renewed', { crm: crmNameWords(crm) }) };
        }
        const refused = onRefused?.(error, undefined);
        if (refused) return refused.kind === 'done' ? refused : { ...refused, error: redact(refused.error) };
        const said = error.said?.message;
        if (error.permanent) {
          if (error.code === 'auth' || error.code === 'forbidden') this.contactCache.clear();
          const fixSaid = error.said?.fix;
          return { kind: 'failed', error: redact(error.fix ? `${error.fix} (${error.message})` : error.message), words: said && fixSaid ? words('crm_failed_fix', { fix: fixSaid, message: said }) : said };
        }
        // A wait the CRM named (its burst window, its daily budget) holds every row for that CRM until then, and
        // is nobody's fault: no row spends an attempt on it, and no row asks again before it ends.
        if (error.code === 'rate_limited' && error.limit) {
          const message = redact(error.message);
          await this.pause(crm, error.limit, message, row.id, said);
          return { kind: 'wait', until: error.limit.until, error: message, words: said };
        }
        return { kind: 'retry', error: redact(error.message), retryAfterMs: error.retryAfterMs, words: said };
      }
      const cause = error instanceof Error ? error.message : String(error);
      return { kind: 'retry', error: redact(`row ${row.id}: ${cause}`), words: words('crm_unexpected', { cause: redact(cause) }) };
    }
  }
}
