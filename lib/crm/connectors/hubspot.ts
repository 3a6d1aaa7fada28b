import { z } from 'zod';
import { HUBSPOT_STEPS } from '../connect-help';
import { apiUrl, callJson, CrmError, DAILY_PROBE_MS, DEFAULT_TIMEOUT_MS, notConnected, parseRetryAfter, READ_BACK_BUDGET_MS, type RateLimitReader } from './http';
import {
  CRM_LABELS,
  ContactCardData,
  CrmContact,
  type ConnectorContext,
  type ConnectorDefinition,
  type CrmConnector,
  type CrmDeal,
  CrmOwner,
  meetingMarker,
  type EmailLog,
  type MeetingRecord,
  type NoteLog,
  type TaskInput,
} from './types';
import { words } from '../../words';

// HubSpot CRM v3 (developers.hubspot.com, read 2026-11):
// - contacts search: POST /crm/v3/objects/contacts/search; up to 5 filterGroups (OR), 6 filters per group
//   (AND), 18 filters in all, `limit` ≤ 200; 5 search requests/s per account. Search reads an index that
//   lags writes by a few seconds, so a record just created may not be found yet.
// - `hs_additional_emails` holds a contact's other addresses, `;`-separated: matched with CONTAINS_TOKEN.
// - email engagements: POST /crm/v3/objects/emails with `properties` (hs_timestamp required;
//   hs_email_direction EMAIL | INCOMING_EMAIL | FORWARDED_EMAIL; hs_email_status; hs_email_subject;
//   hs_email_text; hs_email_headers as a JSON-escaped string of from/to/cc/bcc) and `associations`
//   [{to:{id}, types:[{associationCategory:'HUBSPOT_DEFINED', associationTypeId}]}].
// - default association type ids: email→contact 198, email→deal 210, task→contact 204, task→deal 216,
//   note→contact 202, note→deal 214.
// - tasks: POST /crm/v3/objects/tasks (hs_timestamp = due date, hs_task_subject, hs_task_body,
//   hs_task_status NOT_STARTED | COMPLETED, hs_task_priority LOW | MEDIUM | HIGH, hs_task_type EMAIL | CALL | TODO).
// - string property values hold at most 65,536 characters.
//
// Authentication — checked against developers.hubspot.com and its Developer Changelog on 2026-12-06:
// - Legacy private apps can no longer be created: new accounts since 2026-09-28, every account since
//   2026-10-26 ("Legacy Private App Creation Being Disabled"). Existing legacy private-app tokens keep working
//   until legacy apps go unsupported in September 2027.
// - HubSpot's replacement for account-level API access is the Service key (public beta; Development → Keys →
//   Service keys; super admins or users with Developer tools access). It is sent as `Authorization: Bearer`,
//   carries the scopes picked when it is created, and can be rotated. A project app's static access token
//   works the same way. HubSpot's OAuth (project apps) still needs the app's client secret at the token
//   exchange, which an extension cannot keep, so Followthrough takes a Service key (or an existing private-app
//   token) and never a sign-in window.
// - Scopes Followthrough needs (HubSpot's scope names): crm.objects.contacts.read, crm.objects.contacts.write
//   (contacts, and the emails, notes and tasks logged on them), crm.objects.deals.read (deals and their
//   pipelines), crm.objects.owners.read (the owner on the contact card) and sales-email-read (without it
//   HubSpot redacts logged emails, and the check for an email already logged could not see its subject).
//   There is no scope called "emails".
// Paths announced to lose support (Changelog "Legacy APIs and Apps: What's Going Unsupported and When", and
// "Deprecating support for HubSpot v4 APIs"; read 2026-12-06):
// - /crm/v4/… (the contact's deal associations): unsupported from 2027-03-30.
// - /crm/v3/…, /account-info/v3/… (everything else here): unsupported from September 2027.
// - The replacement for both is date-based versioning: /crm/objects/2026-09/{type}, …/search, …/batch/read,
//   and the associations, owners, pipelines and account-info APIs under their /2026-09/ paths. HubSpot asks
//   to move straight there (not v3→v4 first). The 2026-09 version also enforces the portal's property
//   validation rules on every create. The paths live in PATHS below so the move is one place.

export const HUBSPOT_API = 'https://api.hubapi.com';

/** Every HubSpot path Followthrough calls (see the support dates above). */
export const PATHS = {
  accountInfo: '/account-info/v3/details',
  object: (type: string) => `/crm/v3/objects/${type}`,
  search: (type: string) => `/crm/v3/objects/${type}/search`,
  owner: (id: string) => `/crm/v3/owners/${encodeURIComponent(id)}`,
  contactDeals: (contactId: string) => `/crm/v4/objects/contacts/${encodeURIComponent(contactId)}/associations/deals`,
  dealsBatchRead: '/crm/v3/objects/deals/batch/read',
  dealPipelines: '/crm/v3/pipelines/deals',
  owners: '/crm/v3/owners',
  record: (type: string, id: string) => `/crm/v3/objects/${type}/${encodeURIComponent(id)}`,
} as const;

// Lead owners and meetings — checked 2026-12-06 against developers.hubspot.com (Meetings guide
// /docs/api-reference/crm-meetings-v3/guide, Owners and Contacts v3 reference) and HubSpot's published Meetings
// v3, Contacts v3 and CRM Owners v3 OpenAPI documents (github.com/HubSpot/HubSpot-public-api-spec-collection,
// commit 9989379):
// - meetings are CRM objects on /crm/v3/objects/meetings (POST create 201, PATCH /{meetingId} 200, POST /search;
//   scopes crm.objects.contacts.write to write, crm.objects.contacts.read to search). The v1 engagements API
//   is not used: HubSpot retired it in favour of these objects.
// - properties: hs_timestamp (required), hs_meeting_title, hs_meeting_body, hs_internal_meeting_notes (the
//   team's own notes, not sent to attendees: where Followthrough's marker lives), hs_meeting_start_time,
//   hs_meeting_end_time, hs_meeting_outcome SCHEDULED | COMPLETED | RESCHEDULED | NO_SHOW | CANCELED — a cancel
//   is CANCELED on the same record, as HubSpot's own meetings tool marks one.
// - association meeting → contact: HUBSPOT_DEFINED type 200.
// - owner: contact property hubspot_owner_id (PATCH /crm/v3/objects/contacts/{id}, scope
//   crm.objects.contacts.write); owners list GET /crm/v3/owners?limit≤500&after=… (scope crm.objects.owners.read),
//   paged by paging.next.after; `id` is the owner id the property holds (not `userId`).

/**
 * HubSpot's 429 names the budget it spent in the body's `policyName` (API usage guidelines, read
 * 2026-12-06): DAILY — the account's daily allowance, reset at midnight in the account's time zone, so the
 * row waits (looked at again hourly) without spending attempts; SECONDLY / TEN_SECONDLY_ROLLING — a burst
 * window of a second or ten. Another 429 is left to the generic handling (Retry-After, counted).
 */
export const hubspotRateLimit: RateLimitReader = ({ status, body, headers }, now) => {
  if (status !== 429 || !body || typeof body !== 'object') return undefined;
  const policy = (body as Record<string, unknown>).policyName;
  if (typeof policy !== 'string') return undefined;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (policy === 'DAILY') return retryAfter !== undefined ? { scope: 'budget', until: now + retryAfter, label: policy } : { scope: 'budget', until: now + DAILY_PROBE_MS, label: policy, estimated: true };
  if (policy === 'SECONDLY') return { scope: 'burst', until: now + (retryAfter ?? 1_000), label: policy };
  if (policy === 'TEN_SECONDLY_ROLLING') return { scope: 'burst', until: now + (retryAfter ?? 10_000), label: policy };
  return undefined;
};
const MAX_TEXT = 65_000;
const MAX_TEXT_SHORT = 5_000;

export const ASSOCIATION = { emailToContact: 198, emailToDeal: 210, taskToContact: 204, taskToDeal: 216, noteToContact: 202, noteToDeal: 214, meetingToContact: 200 } as const;

const Properties = z.record(z.string(), z.string().nullable().optional());
const SimpleObject = z.object({ id: z.string().min(1), properties: Properties.default({}), createdAt: z.string().optional(), updatedAt: z.string().optional(), archived: z.boolean().optional() });
const SearchResponse = z.object({ total: z.number().int(), results: z.array(SimpleObject), paging: z.object({ next: z.object({ after: z.string() }).optional() }).passthrough().optional() });

const Filter = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(['EQ', 'NEQ', 'IN', 'CONTAINS_TOKEN', 'GTE', 'LTE', 'HAS_PROPERTY']),
  value: z.string().optional(),
  values: z.array(z.string()).max(100).optional(),
});
export const HubSpotSearchRequest = z
  .object({
    filterGroups: z.array(z.object({ filters: z.array(Filter).min(1).max(6) })).min(1).max(5),
    properties: z.array(z.string()).max(100),
    sorts: z.array(z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']) })).max(1).optional(),
    limit: z.number().int().min(1).max(200),
    after: z.string().optional(),
  })
  .refine((r) => r.filterGroups.reduce((n, g) => n + g.filters.length, 0) <= 18, 'at most 18 filters in all');

const Association = z.object({
  to: z.object({ id: z.string().min(1) }),
  types: z.array(z.object({ associationCategory: z.literal('HUBSPOT_DEFINED'), associationTypeId: z.number().int() })).min(1),
});
export const HubSpotEmailCreate = z.object({
  properties: z.object({
    hs_timestamp: z.iso.datetime(),
    hs_email_direction: z.enum(['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']),
    hs_email_status: z.enum(['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT']),
    hs_email_subject: z.string().max(MAX_TEXT),
    hs_email_text: z.string().max(MAX_TEXT),
    hs_email_headers: z.string().max(MAX_TEXT),
  }),
  associations: z.array(Association).min(1),
});
export const HubSpotTaskCreate = z.object({
  properties: z.object({
    hs_timestamp: z.iso.datetime(),
    hs_task_subject: z.string().min(1).max(MAX_TEXT),
    hs_task_body: z.string().max(MAX_TEXT),
    hs_task_status: z.enum(['NOT_STARTED', 'COMPLETED']),
    hs_task_priority: z.enum(['LOW', 'MEDIUM', 'HIGH']),
    hs_task_type: z.enum(['EMAIL', 'CALL', 'TODO']),
  }),
  associations: z.array(Association),
});
export const HubSpotNoteCreate = z.object({
  properties: z.object({ hs_timestamp: z.iso.datetime(), hs_note_body: z.string().min(1).max(MAX_TEXT) }),
  associations: z.array(Association).min(1),
});
export const HubSpotContactCreate = z.object({
  properties: z.object({ email: z.email(), firstname: z.string().max(300), lastname: z.string().max(300), company: z.string().max(300).optional() }),
});
const Owner = z.object({ id: z.string(), firstName: z.string().nullish(), lastName: z.string().nullish(), email: z.string().nullish() });
const OwnersPage = z.object({ results: z.array(Owner.extend({ archived: z.boolean().optional() })), paging: z.object({ next: z.object({ after: z.string() }).optional() }).passthrough().optional() });

const MEETING_OUTCOME = { booked: 'SCHEDULED', cancelled: 'CANCELED' } as const;
export const HubSpotMeetingProperties = z.object({
  hs_timestamp: z.iso.datetime(),
  hs_meeting_title: z.string().min(1).max(MAX_TEXT_SHORT),
  hs_meeting_body: z.string().max(MAX_TEXT_SHORT),
  hs_internal_meeting_notes: z.string().max(MAX_TEXT_SHORT),
  hs_meeting_start_time: z.iso.datetime(),
  hs_meeting_end_time: z.iso.datetime(),
  hs_meeting_outcome: z.enum(['SCHEDULED', 'CANCELED']),
});
export const HubSpotOwnerUpdate = z.object({ properties: z.object({ hubspot_owner_id: z.string().regex(/^\d+$/, 'a HubSpot owner id is numeric') }).strict() }).strict();
const AssociationList = z.object({ results: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]) })) });
const Pipelines = z.object({
  results: z.array(z.object({ id: z.string(), label: z.string(), stages: z.array(z.object({ id: z.string(), label: z.string(), metadata: z.record(z.string(), z.unknown()).default({}) })) })),
});
const AccountInfo = z.object({ portalId: z.number().int(), uiDomain: z.string().optional() });

const CONTACT_PROPERTIES = ['email', 'firstname', 'lastname', 'company', 'hs_additional_emails', 'hubspot_owner_id', 'associatedcompanyid'];

const splitName = (name: string) => {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return { firstName: parts.slice(0, -1).join(' ') || (parts[0] ?? ''), lastName: parts.length > 1 ? parts.at(-1)! : '' };
};

const headersOf = (log: EmailLog) => {
  const person = (p: { name: string; email: string }) => ({ email: p.email, ...splitName(p.name) });
  return JSON.stringify({ from: person(log.from), to: log.to.map(person), cc: log.cc.map(person), bcc: [] });
};

function meetingProperties(m: MeetingRecord) {
  return HubSpotMeetingProperties.parse({
    hs_timestamp: new Date(m.start).toISOString(),
    hs_meeting_title: m.title.slice(0, MAX_TEXT_SHORT),
    hs_meeting_body: m.body.slice(0, MAX_TEXT_SHORT),
    hs_internal_meeting_notes: meetingMarker(m.meetingId),
    hs_meeting_start_time: new Date(m.start).toISOString(),
    hs_meeting_end_time: new Date(m.end).toISOString(),
    hs_meeting_outcome: MEETING_OUTCOME[m.cancelled ? 'cancelled' : 'booked'],
  });
}

export function createHubSpot(ctx: ConnectorContext): CrmConnector {
  const token = ctx.credentials?.accessToken;
  const base = ctx.baseUrl ?? HUBSPOT_API;
  const call = <S extends z.ZodType>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, response: S, body?: unknown, query?: Record<string, string | number>) => {
    if (!token) throw notConnected('hubspot', 'HubSpot is not connected');
    return callJson({
      crm: 'hubspot',
      method,
      url: apiUrl(base, path, query),
      headers: { Authorization: `Bearer ${token}` },
      body,
      response,
      fetch: ctx.fetch,
      now: ctx.now,
      timeoutMs: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets: [token],
      rateLimit: hubspotRateLimit,
    });
  };
  const search = (object: string, request: z.input<typeof HubSpotSearchRequest>) => call('POST', PATHS.search(object), SearchResponse, HubSpotSearchRequest.parse(request));

  /**
   * The first search hit `match` accepts, reading every page (bounded by time, not by a row count). A read
   * that runs out of time throws — "not found" is only said after the last page, since a write is re-sent on it.
   */
  async function findFirst(object: string, request: z.input<typeof HubSpotSearchRequest>, match: (o: z.infer<typeof SimpleObject>) => boolean): Promise<string | null> {
    const deadline = ctx.now() + READ_BACK_BUDGET_MS;
    let after: string | undefined;
    for (;;) {
      const page = await search(object, { ...request, after });
      const hit = page.results.find(match);
      if (hit) return hit.id;
      after = page.paging?.next?.after;
      if (!after) return null;
      if (ctx.now() > deadline) throw new CrmError('hubspot', 'timeout', `HubSpot's ${object} could not all be read back within ${READ_BACK_BUDGET_MS / 1000} s; looking again later`, { message: words('crm_read_back_slow', { crm: 'HubSpot', seconds: READ_BACK_BUDGET_MS / 1000 }) });
    }
  }

  const toContact = (o: z.infer<typeof SimpleObject>): CrmContact => {
    const p = o.properties;
    const name = [p.firstname, p.lastname].filter(Boolean).join(' ');
    return CrmContact.parse({
      id: o.id,
      kind: 'contact',
      name: name || (p.email ?? ''),
      email: (p.email ?? '').toLowerCase(),
      altEmails: (p.hs_additional_emails ?? '').split(';').map((e) => e.trim().toLowerCase()).filter(Boolean),
      company: p.company || undefined,
      companyId: p.associatedcompanyid || undefined,
      ownerId: p.hubspot_owner_id || undefined,
    });
  };

  const assoc = (id: string, typeId: number) => ({ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: typeId }] });

  const connector: CrmConnector = {
    crm: 'hubspot',
    // HubSpot 2026-11: the search index usually catches up within seconds; a minute is a safe margin.
    searchLagMs: 60_000,

    async verify() {
      const info = await call('GET', PATHS.accountInfo, AccountInfo);
      return { account: `HubSpot portal ${info.portalId}` };
    },

    async findContact(emails) {
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
      // One group matches any primary address (IN); the others match alternate addresses, one each.
      for (let i = 0; i < wanted.length; i += 4) {
        const chunk = wanted.slice(i, i + 4);
        const found = await search('contacts', {
          filterGroups: [
            { filters: [{ propertyName: 'email', operator: 'IN', values: chunk }] },
            ...chunk.map((e) => ({ filters: [{ propertyName: 'hs_additional_emails', operator: 'CONTAINS_TOKEN' as const, value: e }] })),
          ],
          properties: CONTACT_PROPERTIES,
          limit: 10,
        });
        const contacts = found.results.map(toContact);
        for (const e of chunk) {
          const hit = contacts.find((c) => c.email === e) ?? contacts.find((c) => c.altEmails.includes(e));
          if (hit) return hit;
        }
      }
      return null;
    },

    async contactCard(contact) {
      const owner = contact.ownerId
        ? await call('GET', PATHS.owner(contact.ownerId), Owner).then(
            (o) => ({ id: o.id, name: [o.firstName, o.lastName].filter(Boolean).join(' ') || o.email || o.id }),
            () => undefined, // an owner we may not read leaves the card without one
          )
        : undefined;
      const links = await call('GET', PATHS.contactDeals(contact.id), AssociationList, undefined, { limit: 100 });
      const openDeals: CrmDeal[] = [];
      if (links.results.length > 0) {
        const deals = await call('POST', PATHS.dealsBatchRead, z.object({ results: z.array(SimpleObject) }), {
          properties: ['dealname', 'dealstage', 'amount', 'closedate', 'pipeline', 'deal_currency_code'],
          inputs: links.results.slice(0, 100).map((l) => ({ id: String(l.toObjectId) })),
        });
        const pipelines = await call('GET', PATHS.dealPipelines, Pipelines);
        const stages = new Map(pipelines.results.flatMap((p) => p.stages.map((s) => [s.id, s] as const)));
        for (const d of deals.results) {
          const stage = stages.get(d.properties.dealstage ?? '');
          if (stage && String(stage.metadata.isClosed) === 'true') continue;
          openDeals.push({
            id: d.id,
            name: d.properties.dealname ?? d.id,
            stage: stage?.label ?? d.properties.dealstage ?? 'unknown',
            amount: d.properties.amount ? Number(d.properties.amount) : undefined,
            currency: d.properties.deal_currency_code ?? undefined,
            closeDate: d.properties.closedate ?? undefined,
          });
        }
      }
      return ContactCardData.parse({ contact: { ...contact, ownerName: owner?.name }, company: contact.company ? { id: contact.companyId, name: contact.company } : undefined, owner, openDeals });
    },

    async findLoggedEmail(log) {
      // The email has no searchable key of ours, but time (to the millisecond) + contact + subject is the
      // email's identity. Callers wait `searchLagMs` after an unanswered write before trusting a miss.
      const contact = log.contacts[0]!;
      const subject = log.subject.slice(0, MAX_TEXT);
      return findFirst(
        'emails',
        {
          filterGroups: [
            {
              filters: [
                { propertyName: 'hs_timestamp', operator: 'EQ', value: String(log.at) },
                { propertyName: 'associations.contact', operator: 'EQ', value: contact.id },
              ],
            },
          ],
          properties: ['hs_email_subject', 'hs_timestamp'],
          limit: 100,
        },
        (r) => (r.properties.hs_email_subject ?? '') === subject,
      );
    },

    async logEmail(log) {
      const body = HubSpotEmailCreate.parse({
        properties: {
          hs_timestamp: new Date(log.at).toISOString(),
          hs_email_direction: log.direction === 'outbound' ? 'EMAIL' : 'INCOMING_EMAIL',
          hs_email_status: 'SENT',
          hs_email_subject: log.subject.slice(0, MAX_TEXT),
          hs_email_text: log.bodyText.slice(0, MAX_TEXT),
          hs_email_headers: headersOf(log),
        },
        associations: [...log.contacts.map((c) => assoc(c.id, ASSOCIATION.emailToContact)), ...(log.dealId ? [assoc(log.dealId, ASSOCIATION.emailToDeal)] : [])],
      });
      const created = await call('POST', PATHS.object('emails'), SimpleObject, body);
      return { id: created.id };
    },

    async findLoggedNote(note: NoteLog) {
      return findFirst(
        'notes',
        {
          filterGroups: [
            {
              filters: [
                { propertyName: 'hs_timestamp', operator: 'EQ', value: String(note.at) },
                { propertyName: 'associations.contact', operator: 'EQ', value: note.contact.id },
              ],
            },
          ],
          properties: ['hs_note_body'],
          limit: 100,
        },
        (r) => (r.properties.hs_note_body ?? '') === note.body.slice(0, MAX_TEXT),
      );
    },

    async logNote(note) {
      const body = HubSpotNoteCreate.parse({
        properties: { hs_timestamp: new Date(note.at).toISOString(), hs_note_body: note.body.slice(0, MAX_TEXT) },
        associations: [assoc(note.contact.id, ASSOCIATION.noteToContact), ...(note.dealId ? [assoc(note.dealId, ASSOCIATION.noteToDeal)] : [])],
      });
      return { id: (await call('POST', PATHS.object('notes'), SimpleObject, body)).id };
    },

    async findTask(task: TaskInput) {
      // A task's identity: its due time (to the millisecond), contact, subject and body.
      return findFirst(
        'tasks',
        {
          filterGroups: [
            {
              filters: [
                { propertyName: 'hs_timestamp', operator: 'EQ', value: String(task.dueAt) },
                ...(task.contact ? [{ propertyName: 'associations.contact', operator: 'EQ' as const, value: task.contact.id }] : []),
              ],
            },
          ],
          properties: ['hs_task_subject', 'hs_task_body'],
          limit: 100,
        },
        (r) => (r.properties.hs_task_subject ?? '') === task.subject && (r.properties.hs_task_body ?? '') === task.body.slice(0, MAX_TEXT),
      );
    },

    async createTask(task) {
      const body = HubSpotTaskCreate.parse({
        properties: {
          hs_timestamp: new Date(task.dueAt).toISOString(),
          hs_task_subject: task.subject,
          hs_task_body: task.body.slice(0, MAX_TEXT),
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: 'MEDIUM',
          hs_task_type: 'EMAIL',
        },
        associations: [...(task.contact ? [assoc(task.contact.id, ASSOCIATION.taskToContact)] : []), ...(task.dealId ? [assoc(task.dealId, ASSOCIATION.taskToDeal)] : [])],
      });
      return { id: (await call('POST', PATHS.object('tasks'), SimpleObject, body)).id };
    },

    // HubSpot 2026-12-06 (developers.hubspot.com, CRM search guide and changelog "CRM Search API rate limit
    // increase"): search allows 4 requests per second per token (the guide's 5 is not relied on); an IN filter
    // takes up to 100 values; a group may hold one CONTAINS_TOKEN on hs_additional_emails.
    lookupLimits: { batchSize: 100, minIntervalMs: 250 },

    async lookupContacts(emails) {
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))].slice(0, 100);
      const found = new Map<string, CrmContact>();
      if (wanted.length === 0) return found;
      // One request for every primary address; alternates are matched in the same request for up to four
      // addresses (HubSpot allows five filter groups), which covers a send's usual recipients.
      const alternates = wanted.slice(0, 4);
      const res = await search('contacts', {
        filterGroups: [
          { filters: [{ propertyName: 'email', operator: 'IN', values: wanted }] },
          ...alternates.map((e) => ({ filters: [{ propertyName: 'hs_additional_emails', operator: 'CONTAINS_TOKEN' as const, value: e }] })),
        ],
        properties: CONTACT_PROPERTIES,
        limit: 200,
      });
      const contacts = res.results.map(toContact);
      for (const e of wanted) {
        const hit = contacts.find((c) => c.email === e) ?? contacts.find((c) => c.altEmails.includes(e));
        if (hit) found.set(e, hit);
      }
      return found;
    },

    async deleteEmail(id) {
      // DELETE /crm/v3/objects/emails/{emailId} archives the engagement (HubSpot's recycle bin, 90 days):
      // 204 when archived, 404 when it is gone already.
      try {
        await call('DELETE', `/crm/v3/objects/emails/${encodeURIComponent(id)}`, z.unknown());
      } catch (error) {
        if (error instanceof CrmError && error.status === 404) return;
        throw error;
      }
    },

    needs: { owner: 'crm.objects.contacts.write', meeting: 'crm.objects.contacts.write', owners: 'crm.objects.owners.read' },

    async setOwner(contact, ownerId) {
      await call('PATCH', PATHS.record('contacts', contact.id), SimpleObject, HubSpotOwnerUpdate.parse({ properties: { hubspot_owner_id: ownerId } }));
    },

    async listOwners() {
      const out: CrmOwner[] = [];
      let after: string | undefined;
      for (let page = 0; page < 20; page++) {
        const res = await call('GET', PATHS.owners, OwnersPage, undefined, { limit: 500, archived: 'false', ...(after ? { after } : {}) });
        for (const o of res.results) if (!o.archived) out.push(CrmOwner.parse({ id: o.id, name: [o.firstName, o.lastName].filter(Boolean).join(' ') || o.email || o.id, email: o.email ?? undefined }));
        after = res.paging?.next?.after;
        if (!after) return out;
      }
      return out;
    },

    async findMeeting(meeting) {
      const marker = meetingMarker(meeting.meetingId);
      return findFirst(
        'meetings',
        { filterGroups: [{ filters: [{ propertyName: 'associations.contact', operator: 'EQ', value: meeting.contact.id }] }], properties: ['hs_internal_meeting_notes'], limit: 100 },
        (r) => (r.properties.hs_internal_meeting_notes ?? '').includes(marker),
      );
    },

    async createMeeting(meeting) {
      const body = { properties: meetingProperties(meeting), associations: [assoc(meeting.contact.id, ASSOCIATION.meetingToContact)] };
      return { id: (await call('POST', PATHS.object('meetings'), SimpleObject, body)).id };
    },

    async updateMeeting(id, meeting) {
      try {
        await call('PATCH', PATHS.record('meetings', id), SimpleObject, { properties: meetingProperties(meeting) });
        return 'updated';
      } catch (error) {
        if (error instanceof CrmError && error.status === 404) return 'gone';
        throw error;
      }
    },

    async createContact(input) {
      const { firstName, lastName } = splitName(input.name);
      const body = HubSpotContactCreate.parse({ properties: { email: input.email.toLowerCase(), firstname: firstName, lastname: lastName, company: input.company } });
      try {
        return toContact(await call('POST', PATHS.object('contacts'), SimpleObject, body));
      } catch (error) {
        // 409: the address already belongs to a contact (created since we looked): use that one.
        if (error instanceof CrmError && error.status === 409) {
          const existing = await connector.findContact([input.email]);
          if (existing) return existing;
        }
        throw error;
      }
    },
  };
  return connector;
}

export const HUBSPOT_TOKEN_HELP = HUBSPOT_STEPS.join(' ');

export const hubspot: ConnectorDefinition = {
  crm: 'hubspot',
  label: CRM_LABELS.hubspot,
  apiOrigins: [`${HUBSPOT_API}/*`],
  auth: ['token'],
  tokenHelp: HUBSPOT_TOKEN_HELP,
  create: createHubSpot,
};
