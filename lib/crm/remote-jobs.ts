import type { FollowthroughDb } from '../db';
import type { OutboxOutcome } from '../outbox';
import type { OutboxRow } from '../records';
import { connectors } from './connectors';
import { CrmError } from './connectors/http';
import { words } from '../words';
import { firstIssueWords } from '../issue-words';
import { CRM_LABELS, MeetingRecord, type CrmConnector, type CrmContact, type RemoteCrmName, type WriteNeeds } from './connectors/types';
import { MeetingLogJob } from './meeting-log';
import { OWNER_FIELD, OwnerJob } from './owner';

// The CRM side of two outbox row kinds other areas queue: a routed lead's owner (crm.assignOwner, from lead
// routing) and a meeting (crm.logMeeting, from the meetings area). Both run inside the CRM sync's outbox and
// its guard (pauses, 429s, session renewal), and both are idempotent by the write ledger (crmWrites) and by
// reading the CRM before writing.

/** What the CRM sync lends these jobs (its guard, its contact finding and creating, its clock). */
export interface RemoteJobPorts {
  db: FollowthroughDb;
  now: () => number;
  createCrmContacts: () => Promise<boolean>;
  guarded(crm: RemoteCrmName, row: OutboxRow, body: (c: CrmConnector) => Promise<OutboxOutcome>, onRefused?: (e: CrmError, c: CrmConnector | undefined) => OutboxOutcome | undefined): Promise<OutboxOutcome>;
  createdContact(connector: CrmConnector, person: { name: string; emails: string[] }): Promise<CrmContact | null>;
  createContactOnce(connector: CrmConnector, person: { name: string; emails: string[] }): Promise<CrmContact>;
}

/** How long a row refused for a missing scope or permission waits before it asks again (Retry asks at once). */
export const PERMISSION_WAIT_MS = 60 * 60_000;

/**
 * A refusal for a missing scope or permission: the row waits (no attempt spent) and the rep reads which scope,
 * instead of the row failing quietly. Salesforce answers a missing permission 400 INSUFFICIENT_ACCESS_OR_READONLY
 * rather than 403, so that is read here too.
 */
export function permissionWait(what: keyof WriteNeeds, now: number) {
  return (error: CrmError, connector: CrmConnector | undefined): OutboxOutcome | undefined => {
    const denied = error.code === 'forbidden' || /INSUFFICIENT_ACCESS/.test(error.message);
    if (!denied || error.crm === 'local') return undefined;
    const label = CRM_LABELS[error.crm];
    const need = connector?.needs?.[what] ?? 'the scope for this write';
    return {
      kind: 'wait',
      until: now + PERMISSION_WAIT_MS,
      error: `${label} needs ${need} for this: give the connected token or user ${need}, then Retry (Followthrough asks again in an hour by itself). (${error.message})`,
      words: words('crm_needs_permission', { crm: label, need, message: error.said?.message ?? error.message }),
    };
  };
}

const isCrmError = (e: unknown): e is CrmError => e instanceof CrmError;

/**
 * A routed lead's owner, written to the CRM. The record is found by the lead's address, or created (lead routing
 * with owners on is the rep asking for the lead to be in the CRM). Then:
 * - already owned by this teammate: nothing to write (a second run, or a retry after a lost answer);
 * - owned by someone else: left as it is — a person's assignment in the CRM is never overwritten by the
 *   round-robin — and the reason is kept on the row and the lead. Records Followthrough created itself are the
 *   exception: Pipedrive and Salesforce give every new record an owner (the connected user), which is no one's choice;
 * - no owner (HubSpot leaves hubspot_owner_id empty): set.
 */
export async function runOwnerJob(ports: RemoteJobPorts, row: OutboxRow): Promise<OutboxOutcome> {
  const { db, now } = ports;
  if ((await db.crmWrites.get(row.id))?.status === 'written') return { kind: 'done' };
  const parsed = OwnerJob.safeParse(row.payload);
  if (!parsed.success) return { kind: 'failed', error: `unreadable queued owner: ${parsed.error.issues[0]?.message ?? ''}`, words: words('crm_unreadable_owner', { issue: firstIssueWords(parsed.error.issues) }) };
  const job = parsed.data;
  let used: CrmConnector | undefined;
  return ports.guarded(
    job.crm,
    row,
    async (connector) => {
      used = connector;
      const label = connectors[job.crm].label;
      if (!connector.setOwner) return { kind: 'failed', error: `${label} owners cannot be written by this version of Followthrough`, words: words('crm_owners_unsupported', { crm: label }) };
      const person = { name: job.name, emails: [job.email.toLowerCase()] };
      let contact = (await connector.findContact(person.emails)) ?? (await ports.createdContact(connector, person));
      contact ??= await ports.createContactOnce(connector, person);
      const ours = (await db.crmWrites.get(`crm:${job.crm}:contact:${person.emails[0]}`))?.remoteId === contact.id;
      const current = contact.ownerId;
      if (current === job.ownerId) {
        await db.crmWrites.put({ id: row.id, crm: job.crm, status: 'written', remoteId: contact.id, at: now() });
        return { kind: 'done' };
      }
      if (current && !ours) {
        const who = contact.ownerName ? `${contact.ownerName} (${current})` : current;
        const reason = `left as it is: ${who} already owns ${job.email} in ${label} (${OWNER_FIELD[job.crm]}); the round-robin never overwrites an owner someone set`;
        await db.transaction('rw', db.outbox, db.leads, db.crmWrites, async () => {
          await db.outbox.update(row.id, { payload: { ...job, kept: { ownerId: current, ownerName: contact.ownerName ?? '', reason } } });
          const lead = await db.leads.get(`lead:${job.messageId}`);
          if (lead) await db.leads.update(lead.id, { owner: { name: contact.ownerName || `${label} owner ${current}`, crmOwnerId: current } });
          await db.crmWrites.put({ id: row.id, crm: job.crm, status: 'written', remoteId: contact.id, at: now() });
        });
        return { kind: 'done' };
      }
      await connector.setOwner(contact, job.ownerId);
      await db.crmWrites.put({ id: row.id, crm: job.crm, status: 'written', remoteId: contact.id, at: now() });
      return { kind: 'done' };
    },
    (error, connector) => permissionWait('owner', now())(error, connector ?? used),
  );
}

/** The sequence a meeting row's ledger id carries (`crm:<crm>:meeting:<meetingId>:<sequence>`). */
const sequenceOf = (id: string) => Number(id.slice(id.lastIndexOf(':') + 1));

/**
 * A meeting written to the CRM, one row per invitation SEQUENCE. The first writes the record; a later one finds
 * it again by the remote id an earlier row stored (or, after a lost answer, by the marker in the record) and
 * brings it to its own times and state; a row older than one already written changes nothing.
 */
export async function runMeetingJob(ports: RemoteJobPorts, row: OutboxRow): Promise<OutboxOutcome> {
  const { db, now } = ports;
  if ((await db.crmWrites.get(row.id))?.status === 'written') return { kind: 'done' };
  const parsed = MeetingLogJob.safeParse(row.payload);
  if (!parsed.success) return { kind: 'failed', error: `unreadable queued meeting: ${parsed.error.issues[0]?.message ?? ''}`, words: words('crm_unreadable_meeting', { issue: firstIssueWords(parsed.error.issues) }) };
  const job = parsed.data;
  const prefix = `crm:${job.crm}:meeting:${job.meetingId}:`;
  const siblings = (await db.crmWrites.where('id').startsWith(prefix).toArray()).filter((w) => Number.isInteger(sequenceOf(w.id)));
  // A later SEQUENCE is in the CRM already: this older change must not undo it.
  if (siblings.some((w) => w.status === 'written' && sequenceOf(w.id) > job.sequence)) {
    await db.crmWrites.put({ id: row.id, crm: job.crm, status: 'written', at: now() });
    return { kind: 'done' };
  }
  let used: CrmConnector | undefined;
  return ports.guarded(
    job.crm,
    row,
    async (connector) => {
      used = connector;
      const label = connectors[job.crm].label;
      if (!connector.createMeeting || !connector.updateMeeting || !connector.findMeeting) return { kind: 'failed', error: `${label} meetings cannot be written by this version of Followthrough`, words: words('crm_meetings_unsupported', { crm: label }) };
      const person = { name: job.contactName, emails: [job.contactEmail.toLowerCase()] };
      let contact = (await connector.findContact(person.emails)) ?? (await ports.createdContact(connector, person));
      if (!contact && (await ports.createCrmContacts())) contact = await ports.createContactOnce(connector, person);
      if (!contact) return { kind: 'failed', error: `No ${label} contact has ${job.contactEmail} — add them in ${label} (or allow Followthrough to create contacts), then retry.`, words: words('crm_no_contact', { email: job.contactEmail }) };
      const record = MeetingRecord.parse({ meetingId: job.meetingId, sequence: job.sequence, cancelled: job.status === 'cancelled', title: job.title, start: job.start, end: job.end, body: meetingBody(job), contact });

      // The record an earlier row wrote: the newest remote id on the ledger.
      const known = siblings.filter((w) => w.status === 'written' && w.remoteId).sort((a, b) => sequenceOf(b.id) - sequenceOf(a.id))[0]?.remoteId;
      let remoteId = known;
      const lost = siblings.filter((w) => w.status === 'sending').sort((a, b) => b.at - a.at)[0];
      if (!remoteId && lost) {
        // A create whose answer was lost: look for it once the CRM's search can be trusted, never write twice.
        const wait = lost.at + connector.searchLagMs - now();
        if (wait > 0) return { kind: 'retry', error: `an earlier write of this meeting got no answer; checking ${label} for it once its search catches up`, retryAfterMs: wait, words: words('crm_wait_meeting_lost', { crm: label }) };
        remoteId = (await connector.findMeeting(record)) ?? undefined;
        if (!remoteId) await db.crmWrites.delete(lost.id);
      }
      if (remoteId) {
        const result = await connector.updateMeeting(remoteId, record);
        if (result === 'updated' || record.cancelled) {
          // A cancel of a record already gone (deleted in the CRM) leaves nothing to cancel.
          await db.crmWrites.put({ id: row.id, crm: job.crm, status: 'written', remoteId, at: now() });
          return { kind: 'done' };
        }
      } else if (record.cancelled) {
        // Cancelled before anything reached the CRM: nothing to write.
        await db.crmWrites.put({ id: row.id, crm: job.crm, status: 'written', at: now() });
        return { kind: 'done' };
      }
      await db.crmWrites.put({ id: row.id, crm: job.crm, status: 'sending', at: now() });
      try {
        const written = await connector.createMeeting(record);
        await db.crmWrites.put({ id: row.id, crm: job.crm, status: 'written', remoteId: written.id, at: now() });
        return { kind: 'done' };
      } catch (error) {
        // A refusal means nothing was written: the next attempt need not search first.
        if (isCrmError(error) && error.status !== undefined && error.status < 500 && error.status !== 408) await db.crmWrites.delete(row.id);
        throw error;
      }
    },
    (error, connector) => permissionWait('meeting', now())(error, connector ?? used),
  );
}

/** The meeting's notes as the CRM shows them: who, and why it was booked. */
function meetingBody(job: MeetingLogJob): string {
  const people = job.attendees.map((a) => (a.name ? `${a.name} <${a.email}>` : a.email)).join(', ');
  return [job.status === 'cancelled' ? 'Cancelled.' : '', `Attendees: ${people}`, `Organizer: ${job.organizerEmail}`, job.note].filter(Boolean).join('\n').slice(0, 4000);
}
