import Dexie, { type Table } from 'dexie';
import { canonicalEmail } from './email';
import type { z } from 'zod';
import {
  Activity,
  AiLogRow,
  AuditEntry,
  Company,
  Contact,
  CrmLookupRow,
  CrmWrite,
  Deal,
  EventRow,
  GmailHealthRow,
  GmailSendRow,
  LeadRow,
  Message,
  OutboxRow,
  Reminder,
  RoutingRow,
  RuleRow,
  Suggestion,
  TemplateRow,
  Thread,
  TodayMarkRow,
} from './records';
import { EnrolmentRow, SequenceMailRow, SequenceRow, SequenceTouchRow } from './sequences/rows';

import { ReportDay, ReportMail } from './reports/metrics';
import { ReportState } from './reports/state';
import { MeetingProposal, MeetingRow } from './meetings/records';

export const DB_NAME = 'followthrough';
/** The newest schema version; every version's `stores()` stays below. */
export const DB_VERSION = 13;

// Version 1: the first schema. Kept verbatim: Dexie needs every earlier version to upgrade old databases.
export const SCHEMA_V1 = {
  contacts: 'id, email, companyId, updatedAt',
  companies: 'id, &domain',
  deals: 'id, companyId, stage',
  threads: 'id, legacyId, updatedAt',
  messages: 'id, threadId, date',
  activities: 'id, contactId, threadId, messageId, at',
  suggestions: 'id, threadId, status, createdAt',
  reminders: 'id, threadId, dueAt, status',
  outbox: 'id, status, nextAttemptAt',
  rules: 'id',
  auditLog: '++seq, at, eventId',
} as const;

// Version 2: contacts are matched by any of their addresses (`*emails`, multi-entry), threads by last view.
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  contacts: 'id, *emails, companyId, updatedAt',
  threads: 'id, legacyId, updatedAt, lastViewedAt',
} as const;

// Version 3: not yet released — every area adds the tables and indexes it needs here until it ships.
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  outbox: 'id, status, nextAttemptAt, [status+nextAttemptAt], kind',
  events: 'id, type, status, at, [status+at]',
  // A contact's timeline, newest first, read a page at a time without loading the rest.
  activities: 'id, contactId, threadId, messageId, at, [contactId+at]',
  // The engine's audit log: found by the work's key (idempotency) and by thread (the Log to CRM button).
  auditLog: '++seq, at, eventId, key, threadId',
  templates: 'id, kind, updatedAt',
  aiLog: 'id, at, day',
  crmWrites: 'id, crm, status, at',
  // legacyId: a send seen here (`msg-a:`) is found again when a later read shows its `msg-f:` form.
  gmailSends: 'id, status, dueAt, legacyId',
  gmailHealth: 'id',
} as const;

// Version 4: hot paths read by index, never by scanning a table: the newest written CRM write of one CRM
// (the popup asks every 3 s); and the connected CRM's answers to "who is this address", kept until they
// expire (lib/crm/directory.ts).
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  crmWrites: 'id, crm, status, at, [crm+status+at]',
  crmLookups: 'id, expiresAt',
} as const;

// Version 5: sequences (issue 15). Every version of a sequence is a row (`[id+version]`); enrolments are read by
// sequence, by contact and company domain (mail arriving finds them) and by `[state+offerAt]` (Today's due steps,
// an indexed range); each enrolment's mail for decide(), and the rep's sends of the last days for the caps.
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  sequences: '[id+version], id, updatedAt',
  enrolments: 'id, sequenceId, contactEmail, contactDomain, threadId, [state+offerAt]',
  sequenceMail: 'id, enrolmentId, at',
  sequenceTouches: 'id, at',
} as const;

// Version 6 (reports, lib/reports/rollup.ts): what the Reports page reads instead of scanning mail — one slim row
// per email seen (`reportMail`, no text), the figures of each day per scope (`reportDays`), and where the rollup
// has read the engine's events up to (`reportState`). Upgrading adds empty tables: the first report builds them.
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  reportMail: 'id, at, threadId',
  reportDays: 'id, day, [scope+day]',
  reportState: 'id',
} as const;

// ---- Version 7: meetings (#16) ----
// Proposed times held until booked or expired (found by thread, and by status + expiry to release them), and
// the meetings booked from them (by thread, contact and start, for the timeline and busy time).
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  meetingProposals: 'id, threadId, contactEmail, [status+expiresAt]',
  meetings: 'id, threadId, contactId, start, status',
} as const;
// ---- end of version 7 ----

// Version 8 (Today and lead routing, issue 15): deals found by contact (`*contactIds`) for Today's ranking;
// leads routed from inbound mail and web forms; the rep's marks on Today items (done, snoozed, skipped); the
// round-robin owner cursor, which must survive the worker. 
export const SCHEMA_V8 = {
  ...SCHEMA_V7,
  deals: 'id, companyId, stage, *contactIds',
  leads: 'id, status, contactId, at',
  todayMarks: 'id, until',
  routing: 'id',
} as const;

// Version 11 (reports, issue 17): the Reports page reads sequences and meetings by time, not by scanning them —
// enrolments by when they were enrolled and, stopped or done, by when they ended (`[state+updatedAt]`);
// proposals and meetings by when they were made. New indexes only: Dexie builds them over the stored rows.
export const SCHEMA_V11 = {
  ...SCHEMA_V8,
  enrolments: `${SCHEMA_V8.enrolments}, enrolledAt, [state+updatedAt]`,
  meetingProposals: `${SCHEMA_V8.meetingProposals}, createdAt`,
  meetings: `${SCHEMA_V8.meetings}, createdAt`,
} as const;

// Version 13 (issue 11, "never forged"): sends read only from Gmail's page (a page script can draw one) are
// logged here but wait for the rep before any CRM write; `crm` finds the waiting ones without a scan. A new
// index only: rows stored before have no `crm` and are not in it.
export const SCHEMA_V13 = {
  ...SCHEMA_V11,
  gmailSends: `${SCHEMA_V11.gmailSends}, crm`,
} as const;

export const rowSchemas = {
  contacts: Contact,
  companies: Company,
  deals: Deal,
  threads: Thread,
  messages: Message,
  activities: Activity,
  suggestions: Suggestion,
  reminders: Reminder,
  outbox: OutboxRow,
  rules: RuleRow,
  auditLog: AuditEntry,
  events: EventRow,
  templates: TemplateRow,
  aiLog: AiLogRow,
  crmWrites: CrmWrite,
  gmailSends: GmailSendRow,
  gmailHealth: GmailHealthRow,
  crmLookups: CrmLookupRow,
  sequences: SequenceRow,
  enrolments: EnrolmentRow,
  sequenceMail: SequenceMailRow,
  sequenceTouches: SequenceTouchRow,
  leads: LeadRow,
  todayMarks: TodayMarkRow,
  routing: RoutingRow,
  reportMail: ReportMail,
  reportDays: ReportDay,
  reportState: ReportState,
  meetingProposals: MeetingProposal,
  meetings: MeetingRow,
} satisfies Record<keyof typeof SCHEMA_V13, z.ZodType>;

export type TableName = keyof typeof rowSchemas;
export const TABLE_NAMES = Object.keys(rowSchemas) as TableName[];

export class InvalidRowError extends Error {
  constructor(
    readonly table: string,
    readonly issues: string,
  ) {
    super(`Refused to store an invalid ${table} row: ${issues}`);
    this.name = 'InvalidRowError';
  }
}

/** A refused row's problems in one line: the field's path (or "(row)") and what is wrong, the first `limit` of them. */
export function describeRowIssues(issues: readonly { path: PropertyKey[]; message: string }[], limit = Infinity): string {
  return issues
    .slice(0, limit)
    .map((i) => `${i.path.map(String).join('.') || '(row)'}: ${i.message}`)
    .join('; ');
}

function validate<S extends z.ZodType>(table: string, schema: S, row: unknown): z.output<S> {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw new InvalidRowError(table, describeRowIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * Every address a contact answers to, normalised for the `*emails` index: lower-cased, plus the canonical
 * mailbox for Gmail addresses (no dots, no +tag) so any spelling of it finds the contact.
 */
export function contactEmails(row: { email: string; altEmails?: readonly string[] }): string[] {
  return [...new Set([row.email, ...(row.altEmails ?? [])].flatMap((e) => [e.trim().toLowerCase(), canonicalEmail(e)]))];
}

/** Tables whose writes are counted (`writeCount`): the ones the background keeps an in-memory view of. */
const COUNTED_WRITES = new Set<TableName>(['contacts', 'companies']);

export class FollowthroughDb extends Dexie {
  contacts!: Table<Contact, string>;
  companies!: Table<Company, string>;
  deals!: Table<Deal, string>;
  threads!: Table<Thread, string>;
  messages!: Table<Message, string>;
  activities!: Table<Activity, string>;
  suggestions!: Table<Suggestion, string>;
  reminders!: Table<Reminder, string>;
  outbox!: Table<OutboxRow, string>;
  rules!: Table<RuleRow, string>;
  auditLog!: Table<AuditEntry, number>;
  events!: Table<EventRow, string>;
  templates!: Table<TemplateRow, string>;
  aiLog!: Table<AiLogRow, string>;
  crmWrites!: Table<CrmWrite, string>;
  gmailSends!: Table<GmailSendRow, string>;
  gmailHealth!: Table<GmailHealthRow, string>;
  crmLookups!: Table<CrmLookupRow, string>;
  sequences!: Table<SequenceRow, [string, number]>;
  enrolments!: Table<EnrolmentRow, string>;
  sequenceMail!: Table<SequenceMailRow, string>;
  sequenceTouches!: Table<SequenceTouchRow, string>;
  leads!: Table<LeadRow, string>;
  todayMarks!: Table<TodayMarkRow, string>;
  routing!: Table<RoutingRow, string>;
  reportMail!: Table<ReportMail, string>;
  reportDays!: Table<ReportDay, string>;
  reportState!: Table<ReportState, string>;
  meetingProposals!: Table<MeetingProposal, string>;
  meetings!: Table<MeetingRow, string>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        await tx
          .table('contacts')
          .toCollection()
          .modify((row: { email: string; altEmails?: string[]; emails?: string[] }) => {
            row.altEmails ??= [];
            row.emails = contactEmails(row);
          });
        await tx
          .table('threads')
          .toCollection()
          .modify((row: { updatedAt: number; lastViewedAt?: number }) => {
            row.lastViewedAt ??= row.updatedAt;
          });
      });
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
    // New tables only: nothing stored before version 5 changes shape.
    this.version(5).stores(SCHEMA_V5);
    this.version(6).stores(SCHEMA_V6);
    this.version(7).stores(SCHEMA_V7);
    this.version(8).stores(SCHEMA_V8);
    this.version(11).stores(SCHEMA_V11);
    this.version(13).stores(SCHEMA_V13);
    this.installValidation();
  }

  private readonly writes = new Map<TableName, number>();


  /**
   * A number that changes whenever a row of `table` is created, updated or deleted through this connection
   * (counted when the write is made and again when its transaction commits, so a reader that saw the table
   * in between never keeps what it read). For in-memory views of a table (contact search); `clear()` fires no
   * hooks, so such a view also compares the table's row count.
   */
  writeCount(table: TableName): number {
    return this.writes.get(table) ?? 0;
  }

  // Validate on the way in: `creating` replaces the row with its parsed form, `updating` checks the
  // merged result. A hook that throws aborts the write (and its transaction) with that error.
  private installValidation() {
    for (const name of TABLE_NAMES) {
      const schema = rowSchemas[name];
      const table = this.table(name);
      const wrote = (transaction: { on(event: 'complete', fn: () => void): void }) => {
        if (!COUNTED_WRITES.has(name)) return;
        const bump = () => this.writes.set(name, this.writeCount(name) + 1);
        bump();
        transaction.on('complete', bump);
      };
      table.hook('creating', (_key, row, transaction) => {
        const valid = validate(name, schema, row) as Record<string, unknown>;
        for (const k of Object.keys(row as object)) delete (row as Record<string, unknown>)[k];
        Object.assign(row as object, valid);
        wrote(transaction);
      });
      table.hook('updating', (mods, _key, current, transaction) => {
        const merged = structuredClone(current) as Record<string, unknown>;
        for (const [path, value] of Object.entries(mods)) Dexie.setByKeyPath(merged, path, value);
        validate(name, schema, merged);
        wrote(transaction);
        return undefined;
      });
      // A deleting hook makes Dexie read each row before deleting it: only where writes are counted.
      if (COUNTED_WRITES.has(name)) table.hook('deleting', (_key, _row, transaction) => wrote(transaction));
    }
  }

  /** A snapshot of every table, for tests and exports. */
  async dump(): Promise<Record<TableName, unknown[]>> {
    const out = {} as Record<TableName, unknown[]>;
    for (const name of TABLE_NAMES) out[name] = await this.table(name).toArray();
    return out;
  }
}
