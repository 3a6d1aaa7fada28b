import { z } from 'zod';
import { apiUrl, callJson, CrmError, DEFAULT_TIMEOUT_MS, notConnected, parseRetryAfter, READ_BACK_BUDGET_MS, type RateLimitWait } from './http';
import { ContactCardData, CRM_LABELS, CrmContact, CrmOwner, meetingMarker, type ConnectorContext, type ConnectorDefinition, type CrmConnector, type CrmDeal, type MeetingRecord } from './types';
import { words } from '../../words';

// Pipedrive, on API v2 wherever v2 has the operation (developers.pipedrive.com changelog and the v2 migration
// guide at pipedrive.readme.io, checked 2026-12-06): Pipedrive deprecated v1 persons, deals, activities, stages
// and search on 2025-04-14 and took them out of support on 2026-08-01; its SDKs dropped them.
// v2, as Followthrough uses it:
// - persons search: GET /api/v2/persons/search?term=…&fields=email&exact_match=true → {data:{items:[{item:{id,
//   name, emails[], owner:{id}, organization:{id,name}}}]}, additional_data:{next_cursor}}.
// - person: GET /api/v2/persons/{id} → plain ids (owner_id, org_id), emails:[{value, primary, label}];
//   add: POST /api/v2/persons {name, emails:[…]}.
// - deals: GET /api/v2/deals?person_id=…&status=open; stage names: GET /api/v2/stages.
// - activities: POST /api/v2/activities with booleans (done: true) and participants:[{person_id, primary}] —
//   `person_id` is read-only in v2 (set by the primary participant); GET /api/v2/activities?person_id=…
//   lists those whose primary participant is that person.
//   delete: DELETE /api/v2/activities/{id} → {data:{id}} (undo of a logged email; 404 once it is gone).
// - lists page by cursor: `cursor`/`limit` (≤ 500) in, `additional_data.next_cursor` out (null or absent at the end).
// v1 only where Pipedrive offers no v2 operation (checked 2026-12-06 against Pipedrive's published v2 OpenAPI
// document, which has no users or notes paths): GET /v1/users/me, GET /v1/users/{id}, GET/POST /v1/notes.
// Lead owners and meetings (checked 2026-12-06 against the vendored v2 and v1 OpenAPI documents in
// test/fixtures/crm-specs/pipedrive/ and pipedrive.readme.io's activities pages):
// - owner: PATCH /api/v2/persons/{id} {owner_id: <user id>} (OAuth scope contacts:full; token cost 5).
// - users to pick owners from: GET /v1/users (scope users:read) — v2 has no users API.
// - a meeting is an activity of type `meeting`: POST /api/v2/activities, PATCH /api/v2/activities/{id}
//   (subject, due_date, due_time in UTC, duration HH:MM, busy, done, note, participants; scope activities:full).
// - a cancel deletes the activity (DELETE /api/v2/activities/{id}: marked deleted, restorable for 30 days).
//   Pipedrive activities have no cancelled state: a kept activity marked done would count as a meeting held in
//   Pipedrive's activity reports, and one left undone would turn overdue on the rep's list once its time passed.
// The API token goes in the `x-api-token` header, never in the URL, so it cannot end up in a logged address.
// Pipedrive's OAuth needs a client secret an extension cannot keep: Followthrough connects with the rep's
// personal API token.

export const PIPEDRIVE_API = 'https://api.pipedrive.com';

const Envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data, additional_data: z.unknown().optional() });
/** v2 cursor paging. */
const CursorData = z.object({ next_cursor: z.string().nullish() }).passthrough().nullish();
/** v1 offset paging. */
const OffsetData = z.object({ pagination: z.object({ more_items_in_collection: z.boolean().optional(), next_start: z.number().int().optional() }).optional() }).passthrough().nullish();

const SearchItem = z.object({
  result_score: z.number().optional(),
  item: z.object({
    id: z.number().int(),
    type: z.literal('person').optional(),
    name: z.string().nullish(),
    emails: z.array(z.string()).nullish(),
    owner: z.object({ id: z.number().int() }).nullish(),
    organization: z.object({ id: z.number().int().nullish(), name: z.string().nullish() }).nullish(),
  }),
});
const Person = z.object({
  id: z.number().int(),
  name: z.string().nullish(),
  emails: z.array(z.object({ value: z.string(), primary: z.boolean().optional() })).nullish(),
  org_id: z.number().int().nullish(),
  owner_id: z.number().int().nullish(),
});
const Deal = z.object({
  id: z.number().int(),
  title: z.string(),
  stage_id: z.number().int(),
  status: z.string(),
  value: z.number().nullish(),
  currency: z.string().nullish(),
  expected_close_date: z.string().nullish(),
});
const Stage = z.object({ id: z.number().int(), name: z.string() });
const ActivityRow = z.object({ id: z.number().int(), subject: z.string().nullish(), note: z.string().nullish(), type: z.string().nullish() });
const NoteRow = z.object({ id: z.number().int(), content: z.string().nullish() });
const Created = Envelope(z.object({ id: z.number().int() }).passthrough());
const User = z.object({ id: z.number().int(), name: z.string().nullish() });
const ListedUser = User.extend({ email: z.string().nullish(), active_flag: z.boolean().nullish() });
const ActivityId = Envelope(z.object({ id: z.number().int() }).passthrough());

export const PipedriveActivityCreate = z
  .object({
    subject: z.string().min(1).max(255),
    type: z.enum(['email', 'task', 'call', 'meeting']),
    done: z.boolean(),
    due_date: z.iso.date(),
    due_time: z.string().regex(/^\d{2}:\d{2}$/),
    deal_id: z.number().int().optional(),
    participants: z.array(z.object({ person_id: z.number().int(), primary: z.boolean() })).min(1),
    note: z.string().max(100_000),
  })
  .strict()
  .refine((a) => a.participants.filter((p) => p.primary).length === 1, 'exactly one participant is primary');
export const PipedriveMeetingWrite = z
  .object({
    subject: z.string().min(1).max(255),
    type: z.literal('meeting'),
    done: z.literal(false),
    busy: z.literal(true),
    due_date: z.iso.date(),
    due_time: z.string().regex(/^\d{2}:\d{2}$/),
    duration: z.string().regex(/^\d{2}:\d{2}$/),
    participants: z.array(z.object({ person_id: z.number().int(), primary: z.boolean() })).length(1),
    note: z.string().max(100_000),
  })
  .strict();
export const PipedriveOwnerUpdate = z.object({ owner_id: z.number().int().positive() }).strict();
export const PipedriveNoteCreate = z.object({ content: z.string().min(1).max(100_000), person_id: z.number().int(), deal_id: z.number().int().optional() });
export const PipedrivePersonCreate = z
  .object({
    name: z.string().min(1).max(255),
    emails: z.array(z.object({ value: z.email(), primary: z.boolean(), label: z.string() })).min(1),
  })
  .strict();

const escapeHtml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const htmlText = (s: string) => escapeHtml(s).replaceAll('\n', '<br>');
/** The line that lets Followthrough recognise what it wrote: Pipedrive has no field of ours to search. */
export const pipedriveMarker = (key: string) => `[Followthrough ${key}]`;
const numericId = (id: string) => {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw new CrmError('pipedrive', 'invalid', `not a Pipedrive id: ${id.slice(0, 40)}`, { message: words('crm_pipedrive_bad_id', { id: id.slice(0, 40) }) });
  return n;
};
const utc = (at: number) => {
  const iso = new Date(at).toISOString();
  return { due_date: iso.slice(0, 10), due_time: iso.slice(11, 16) };
};
/** RFC 3339 without milliseconds, as v2 filters take it. */
const rfc3339 = (at: number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The next midnight UTC after `at`: Pipedrive counts its daily allowances in UTC days. */
export const nextUtcMidnight = (at: number) => {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

/**
 * Pipedrive's load refusals (pipedrive.readme.io "Rate limiting", checked 2026-12-06): a 429 within a 2-second
 * burst window (`x-ratelimit-reset` = seconds to the window's end), or — once the company's daily token budget
 * is spent — a 429 until the day resets. The daily budget shows as `x-daily-ratelimit-token-remaining: 0`
 * (the token-based limiter's header, as a public client recorded it against a live account in 2026) or as the
 * documented `x-daily-requests-left: 0` (the older POST/PUT daily allowance, api_token requests; UTC days).
 * A Retry-After, when sent, is the vendor's own word for the wait and wins.
 */
export function pipedriveRateLimit({ status, headers }: { status: number; headers: Headers }, now: number): RateLimitWait | undefined {
  if (status !== 429) return undefined;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  const dailyLeft = [headers.get('x-daily-ratelimit-token-remaining'), headers.get('x-daily-requests-left')].filter((v): v is string => v !== null && v.trim() !== '' && Number.isFinite(Number(v)));
  if (dailyLeft.some((v) => Number(v) <= 0)) {
    return { scope: 'budget', until: retryAfter !== undefined ? now + retryAfter : nextUtcMidnight(now), label: 'daily API budget' };
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  const windowMs = Number.isFinite(reset) && reset > 0 ? Math.ceil(reset * 1000) : 2_000;
  return { scope: 'burst', until: now + Math.max(retryAfter ?? 0, windowMs) };
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * Pipedrive's API as Followthrough calls it, below the CrmConnector interface: the authenticated call, both
 * paging styles, and the person search by email (usable on its own, e.g. to look many recipients up).
 */
export function createPipedriveApi(ctx: ConnectorContext) {
  const token = ctx.credentials?.accessToken;
  const base = ctx.baseUrl ?? PIPEDRIVE_API;
  const call = <S extends z.ZodType>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, response: S, body?: unknown, query?: Query) => {
    if (!token) throw notConnected('pipedrive', 'Pipedrive is not connected');
    return callJson({
      crm: 'pipedrive',
      method,
      url: apiUrl(base, path, query),
      headers: ctx.credentials?.method === 'oauth' ? { Authorization: `Bearer ${token}` } : { 'x-api-token': token },
      body,
      response,
      fetch: ctx.fetch,
      now: ctx.now,
      timeoutMs: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets: [token],
      rateLimit: pipedriveRateLimit,
    });
  };

  /** Every page of a v2 list, following `next_cursor` to its end (a guard stops a cursor that never ends). */
  async function cursorList<S extends z.ZodType>(path: string, row: S, query: Query, maxPages = 100): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = await call('GET', path, z.object({ success: z.literal(true), data: z.array(row).nullable(), additional_data: CursorData }), undefined, { ...query, limit: 500, cursor });
      out.push(...(res.data ?? []));
      cursor = res.additional_data?.next_cursor ?? undefined;
      if (!cursor) return out;
    }
    throw new CrmError('pipedrive', 'bad_response', `Pipedrive kept paging ${path} past ${maxPages} pages`, { message: words('crm_pipedrive_paging', { path, pages: maxPages }) });
  }

  /** Every page of a v1 list (start/limit). */
  async function offsetList<S extends z.ZodType>(path: string, row: S, query: Query, maxPages = 100): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    let start = 0;
    for (let page = 0; page < maxPages; page++) {
      const res = await call('GET', path, z.object({ success: z.literal(true), data: z.array(row).nullable(), additional_data: OffsetData }), undefined, { ...query, start, limit: 500 });
      out.push(...(res.data ?? []));
      const p = res.additional_data?.pagination;
      if (!p?.more_items_in_collection) return out;
      start = p.next_start ?? start + 500;
    }
    throw new CrmError('pipedrive', 'bad_response', `Pipedrive kept paging ${path} past ${maxPages} pages`, { message: words('crm_pipedrive_paging', { path, pages: maxPages }) });
  }

  /** The person with exactly this address (primary or not), or null: one v2 search, exact match on emails. */
  async function searchPersonByEmail(email: string): Promise<CrmContact | null> {
    const wanted = email.trim().toLowerCase();
    if (wanted.length < 1) return null;
    const res = await call('GET', '/api/v2/persons/search', Envelope(z.object({ items: z.array(SearchItem) })), undefined, { term: wanted, fields: 'email', exact_match: true, limit: 10 });
    const hit = res.data.items.find((i) => (i.item.emails ?? []).some((e) => e.toLowerCase() === wanted));
    if (!hit) return null;
    const emails = (hit.item.emails ?? []).map((e) => e.toLowerCase());
    return CrmContact.parse({
      id: String(hit.item.id),
      kind: 'person',
      name: hit.item.name || wanted,
      email: emails[0] ?? wanted,
      altEmails: emails.slice(1),
      company: hit.item.organization?.name ?? undefined,
      companyId: hit.item.organization?.id ? String(hit.item.organization.id) : undefined,
      ownerId: hit.item.owner ? String(hit.item.owner.id) : undefined,
    });
  }

  /**
   * The first row `match` accepts, paging to the end (v2 cursor, or v1 start/limit where v2 has no such list):
   * a read-back is bounded by time (READ_BACK_BUDGET_MS), not by a page or row count, and one cut short throws
   * a retryable timeout ("look again later") instead of answering "not found", which would write twice.
   */
  async function readBack<S extends z.ZodType>(paging: 'cursor' | 'offset', path: string, row: S, query: Query, match: (r: z.output<S>) => boolean): Promise<z.output<S> | null> {
    const deadline = ctx.now() + READ_BACK_BUDGET_MS;
    let cursor: string | undefined;
    let start = 0;
    for (;;) {
      let rows: z.output<S>[];
      let more: boolean;
      if (paging === 'cursor') {
        const res = await call('GET', path, z.object({ success: z.literal(true), data: z.array(row).nullable(), additional_data: CursorData }), undefined, { ...query, limit: 500, cursor });
        rows = res.data ?? [];
        cursor = res.additional_data?.next_cursor ?? undefined;
        more = !!cursor;
      } else {
        const res = await call('GET', path, z.object({ success: z.literal(true), data: z.array(row).nullable(), additional_data: OffsetData }), undefined, { ...query, start, limit: 500 });
        rows = res.data ?? [];
        const p = res.additional_data?.pagination;
        more = !!p?.more_items_in_collection;
        start = p?.next_start ?? start + 500;
      }
      const hit = rows.find(match);
      if (hit) return hit;
      if (!more) return null;
      if (ctx.now() > deadline) throw new CrmError('pipedrive', 'timeout', `Pipedrive could not be read back within ${READ_BACK_BUDGET_MS / 1000} s; looking again later`, { message: words('crm_read_back_slow', { crm: 'Pipedrive', seconds: READ_BACK_BUDGET_MS / 1000 }) });
    }
  }

  return { call, cursorList, offsetList, readBack, searchPersonByEmail };
}

/** The activity body for a meeting at one SEQUENCE: its times in UTC, its length, its marker. */
function meetingActivity(m: MeetingRecord) {
  const minutes = Math.max(1, Math.min(23 * 60 + 59, Math.round((m.end - m.start) / 60_000)));
  const pad = (n: number) => String(n).padStart(2, '0');
  return PipedriveMeetingWrite.parse({
    subject: m.title.slice(0, 255),
    type: 'meeting',
    done: false,
    busy: true,
    ...utc(m.start),
    duration: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`,
    participants: [{ person_id: numericId(m.contact.id), primary: true }],
    note: `${htmlText(m.body)}<br><br>${escapeHtml(meetingMarker(m.meetingId))}`,
  });
}

export function createPipedrive(ctx: ConnectorContext): CrmConnector {
  const { call, cursorList, readBack, searchPersonByEmail } = createPipedriveApi(ctx);
  const gone = (error: unknown) => error instanceof CrmError && error.status === 404;

  const connector: CrmConnector = {
    crm: 'pipedrive',
    // Pipedrive's activity and note lists read the database directly: no lag to wait out.
    searchLagMs: 0,

    async verify() {
      // v1: Pipedrive has no v2 users API (checked 2026-12-06).
      const me = await call('GET', '/v1/users/me', Envelope(z.object({ id: z.number().int(), name: z.string().nullish(), company_name: z.string().nullish() })));
      return { account: `Pipedrive ${me.data.company_name ?? ''} (${me.data.name ?? me.data.id})`.replace('  ', ' ') };
    },

    async findContact(emails) {
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
      for (const email of wanted) {
        const found = await searchPersonByEmail(email);
        if (found) return found;
      }
      return null;
    },

    async contactCard(contact) {
      const id = numericId(contact.id);
      const person = (await call('GET', `/api/v2/persons/${id}`, Envelope(Person))).data;
      const deals = await cursorList('/api/v2/deals', Deal, { person_id: id, status: 'open' });
      const stages = deals.length ? new Map((await cursorList('/api/v2/stages', Stage, {})).map((s) => [s.id, s.name])) : new Map<number, string>();
      const openDeals: CrmDeal[] = deals
        .filter((d) => d.status === 'open')
        .slice(0, 100)
        .map((d) => ({ id: String(d.id), name: d.title, stage: stages.get(d.stage_id) ?? `stage ${d.stage_id}`, amount: d.value ?? undefined, currency: d.currency ?? undefined, closeDate: d.expected_close_date ?? undefined }));
      // v2 answers plain ids for related objects: the owner's name is one more read (v1: no v2 users API,
      // checked 2026-12-06); the organization's name came with the search.
      let owner: { id: string; name: string } | undefined;
      if (person.owner_id) {
        const user = await call('GET', `/v1/users/${person.owner_id}`, Envelope(User)).catch((error: unknown) => {
          if (error instanceof CrmError && error.status === 404) return undefined;
          throw error;
        });
        owner = { id: String(person.owner_id), name: user?.data.name ?? contact.ownerName ?? String(person.owner_id) };
      }
      let company: { id?: string; name: string } | undefined;
      if (person.org_id) {
        const name = contact.companyId === String(person.org_id) ? contact.company : (await call('GET', `/api/v2/organizations/${person.org_id}`, Envelope(z.object({ id: z.number().int(), name: z.string() })))).data.name;
        if (name) company = { id: String(person.org_id), name };
      }
      const emails = (person.emails ?? []).map((e) => e.value.toLowerCase());
      return ContactCardData.parse({
        contact: { ...contact, ownerId: owner?.id ?? contact.ownerId, ownerName: owner?.name, company: company?.name ?? contact.company, companyId: company?.id ?? contact.companyId, altEmails: contact.altEmails.length ? contact.altEmails : emails.filter((e) => e !== contact.email) },
        company,
        owner,
        openDeals,
      });
    },

    async findLoggedEmail(log) {
      const marker = pipedriveMarker(log.key);
      // Bounded by time, not by a row count: what Followthrough logged for this email was written after the
      // email itself (5 minutes' slack for clocks), so only activities updated since then can be it; the pages
      // are read until the match or READ_BACK_BUDGET_MS.
      const hit = await readBack('cursor', '/api/v2/activities', ActivityRow, { person_id: numericId(log.contacts[0]!.id), done: true, updated_since: rfc3339(log.at - 5 * 60_000) }, (r) => !!r.note?.includes(escapeHtml(marker)));
      return hit ? String(hit.id) : null;
    },

    async logEmail(log) {
      const [primary, ...others] = log.contacts;
      const body = PipedriveActivityCreate.parse({
        subject: (log.direction === 'outbound' ? `Email: ${log.subject}` : `Email from ${log.from.name || log.from.email}: ${log.subject}`).slice(0, 255),
        type: 'email',
        done: true,
        ...utc(log.at),
        deal_id: log.dealId ? numericId(log.dealId) : undefined,
        participants: [primary!, ...others].map((c, i) => ({ person_id: numericId(c.id), primary: i === 0 })),
        note: `${htmlText(log.bodyText.slice(0, 90_000))}<br><br>${escapeHtml(pipedriveMarker(log.key))}`,
      });
      return { id: String((await call('POST', '/api/v2/activities', Created, body)).data.id) };
    },

    async findLoggedNote(note) {
      const marker = escapeHtml(pipedriveMarker(note.key));
      // v1: Pipedrive has no v2 notes API (checked 2026-12-06).
      const hit = await readBack('offset', '/v1/notes', NoteRow, { person_id: numericId(note.contact.id) }, (r) => !!r.content?.includes(marker));
      return hit ? String(hit.id) : null;
    },

    async logNote(note) {
      const body = PipedriveNoteCreate.parse({
        content: `${htmlText(note.body)}<br><br>${escapeHtml(pipedriveMarker(note.key))}`,
        person_id: numericId(note.contact.id),
        deal_id: note.dealId ? numericId(note.dealId) : undefined,
      });
      // v1: Pipedrive has no v2 notes API (checked 2026-12-06).
      return { id: String((await call('POST', '/v1/notes', Created, body)).data.id) };
    },

    async findTask(task) {
      if (!task.contact) return null;
      const marker = escapeHtml(pipedriveMarker(task.key));
      // v2 (GET /api/v2/activities: the person's open activities, cursor-paged; checked 2026-12-06). A task's
      // due date says nothing of when it was written, so no updated_since: the read is bounded by time instead.
      const hit = await readBack('cursor', '/api/v2/activities', ActivityRow, { person_id: numericId(task.contact.id), done: false }, (r) => !!r.note?.includes(marker));
      return hit ? String(hit.id) : null;
    },

    async createTask(task) {
      if (!task.contact) throw new CrmError('pipedrive', 'invalid', 'a Pipedrive task needs a person', { message: words('crm_pipedrive_task_person') });
      const body = PipedriveActivityCreate.parse({
        subject: task.subject,
        type: 'task',
        done: false,
        ...utc(task.dueAt),
        deal_id: task.dealId ? numericId(task.dealId) : undefined,
        participants: [{ person_id: numericId(task.contact.id), primary: true }],
        note: `${htmlText(task.body)}<br><br>${escapeHtml(pipedriveMarker(task.key))}`,
      });
      return { id: String((await call('POST', '/api/v2/activities', Created, body)).data.id) };
    },

    // Pipedrive 2026-12-06 (developers.pipedrive.com "Rate limiting", changelog "Announcing Search API rate
    // limit"): search endpoints allow 10 requests per 2 seconds per token, and cost 40 of the daily token budget
    // each. Search takes one term, so a batch is one address per request, paced 200 ms apart.
    lookupLimits: { batchSize: 1, minIntervalMs: 200 },

    async lookupContacts(emails) {
      // One v2 persons search per address (searchPersonByEmail above: exact match on emails, not case sensitive).
      const found = new Map<string, CrmContact>();
      for (const email of [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@')))]) {
        const hit = await searchPersonByEmail(email);
        if (hit) found.set(email, hit);
      }
      return found;
    },

    async deleteEmail(id) {
      // API v2 (2026-12-06): DELETE /api/v2/activities/{id} marks the activity deleted (restorable for 30 days)
      // and answers {success, data:{id}}; 404 when it is gone already.
      try {
        await call('DELETE', `/api/v2/activities/${numericId(id)}`, Envelope(z.object({ id: z.number().int() })));
      } catch (error) {
        if (error instanceof CrmError && error.status === 404) return;
        throw error;
      }
    },

    needs: { owner: 'contacts:full (a user allowed to edit the person and change its owner)', meeting: 'activities:full', owners: 'users:read' },

    async setOwner(contact, ownerId) {
      await call('PATCH', `/api/v2/persons/${numericId(contact.id)}`, Envelope(Person), PipedriveOwnerUpdate.parse({ owner_id: numericId(ownerId) }));
    },

    async listOwners() {
      // v1: Pipedrive has no v2 users API (checked 2026-12-06).
      const res = await call('GET', '/v1/users', Envelope(z.array(ListedUser).nullable()));
      return (res.data ?? []).filter((u) => u.active_flag !== false).map((u) => CrmOwner.parse({ id: String(u.id), name: u.name || u.email || String(u.id), email: u.email ?? undefined }));
    },

    async findMeeting(meeting) {
      const marker = escapeHtml(meetingMarker(meeting.meetingId));
      const hit = await readBack('cursor', '/api/v2/activities', ActivityRow, { person_id: numericId(meeting.contact.id) }, (r) => !!r.note?.includes(marker));
      return hit ? String(hit.id) : null;
    },

    async createMeeting(meeting) {
      return { id: String((await call('POST', '/api/v2/activities', Created, meetingActivity(meeting))).data.id) };
    },

    async updateMeeting(id, meeting) {
      try {
        if (meeting.cancelled) await call('DELETE', `/api/v2/activities/${numericId(id)}`, ActivityId);
        else await call('PATCH', `/api/v2/activities/${numericId(id)}`, ActivityId, meetingActivity(meeting));
        return 'updated';
      } catch (error) {
        if (gone(error)) return 'gone';
        throw error;
      }
    },

    async createContact(input) {
      const body = PipedrivePersonCreate.parse({ name: input.name || input.email, emails: [{ value: input.email.toLowerCase(), primary: true, label: 'work' }] });
      const created = await call('POST', '/api/v2/persons', Created, body);
      return CrmContact.parse({ id: String(created.data.id), kind: 'person', name: body.name, email: input.email.toLowerCase(), altEmails: [] });
    },
  };
  return connector;
}

export const pipedrive: ConnectorDefinition = {
  crm: 'pipedrive',
  label: CRM_LABELS.pipedrive,
  apiOrigins: [`${PIPEDRIVE_API}/*`],
  auth: ['token'],
  tokenHelp: 'Pipedrive → your name → Personal preferences → API: copy your personal API token.',
  create: createPipedrive,
};
