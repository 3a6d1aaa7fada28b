import { z } from 'zod';
import { apiUrl, callJson, CrmError, DEFAULT_TIMEOUT_MS, fixFor } from './http';
import { ContactCardData, CrmContact, type ConnectorContext, type ConnectorDefinition, type CrmConnector, type CrmDeal } from './types';

// Pipedrive API v1 (developers.pipedrive.com, read 2026-11):
// - persons search: GET /v1/persons/search?term=…&fields=email&exact_match=true (term ≥ 2 characters, or 1
//   with exact_match; limit ≤ 500) → {success, data:{items:[{result_score, item:{id, name, emails[],
//   owner:{id}, organization:{id,name}|null}}]}, additional_data:{pagination}}.
// - activities: POST /v1/activities {subject, type, done 0|1, due_date YYYY-MM-DD, due_time HH:MM (UTC),
//   person_id, deal_id, participants:[{person_id, primary_flag}], note (HTML)}.
// - notes: POST /v1/notes {content (HTML), person_id, deal_id}.
// - a person's open deals: GET /v1/persons/{id}/deals?status=open; stage names: GET /v1/stages.
// - the API token goes in the `x-api-token` header (Pipedrive docs 2025: "must be provided in the
//   x-api-token header"), never in the URL, so it cannot end up in a logged address.
// Pipedrive's OAuth needs a client secret an extension cannot keep: Followthrough connects with the rep's
// personal API token.

export const PIPEDRIVE_API = 'https://api.pipedrive.com';

const Envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data, additional_data: z.unknown().optional() });
const Pagination = z.object({ pagination: z.object({ more_items_in_collection: z.boolean().optional(), next_start: z.number().int().optional() }).optional() }).passthrough();

const SearchItem = z.object({
  result_score: z.number().optional(),
  item: z.object({
    id: z.number().int(),
    type: z.literal('person').optional(),
    name: z.string().nullish(),
    emails: z.array(z.string()).default([]),
    owner: z.object({ id: z.number().int() }).nullish(),
    organization: z.object({ id: z.number().int().nullish(), name: z.string().nullish() }).nullish(),
  }),
});
const PersonSearch = Envelope(z.object({ items: z.array(SearchItem) }));
/** API v2 persons search: the same items, paged by cursor (additional_data.next_cursor). */
const PersonSearchV2 = z.object({ success: z.literal(true), data: z.object({ items: z.array(SearchItem) }), additional_data: z.object({ next_cursor: z.string().nullish() }).nullish() });
const Person = z.object({
  id: z.number().int(),
  name: z.string().nullish(),
  email: z.array(z.object({ value: z.string(), primary: z.boolean().optional() })).default([]),
  org_id: z.object({ name: z.string().nullish(), value: z.number().int().nullish() }).nullish(),
  owner_id: z.object({ id: z.number().int(), name: z.string().nullish() }).nullish(),
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

export const PipedriveActivityCreate = z.object({
  subject: z.string().min(1).max(255),
  type: z.enum(['email', 'task', 'call', 'meeting']),
  done: z.union([z.literal(0), z.literal(1)]),
  due_date: z.iso.date(),
  due_time: z.string().regex(/^\d{2}:\d{2}$/),
  person_id: z.number().int(),
  deal_id: z.number().int().optional(),
  participants: z.array(z.object({ person_id: z.number().int(), primary_flag: z.boolean() })).optional(),
  note: z.string().max(100_000),
});
export const PipedriveNoteCreate = z.object({ content: z.string().min(1).max(100_000), person_id: z.number().int(), deal_id: z.number().int().optional() });
export const PipedrivePersonCreate = z.object({
  name: z.string().min(1).max(255),
  email: z.array(z.object({ value: z.email(), primary: z.boolean(), label: z.string() })).min(1),
});

const escapeHtml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const htmlText = (s: string) => escapeHtml(s).replaceAll('\n', '<br>');
/** The line that lets Followthrough recognise what it wrote: Pipedrive has no field of ours to search. */
export const pipedriveMarker = (key: string) => `[Followthrough ${key}]`;
const numericId = (id: string) => {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw new CrmError('pipedrive', 'invalid', `not a Pipedrive id: ${id.slice(0, 40)}`);
  return n;
};
const utc = (at: number) => {
  const iso = new Date(at).toISOString();
  return { due_date: iso.slice(0, 10), due_time: iso.slice(11, 16) };
};

export function createPipedrive(ctx: ConnectorContext): CrmConnector {
  const token = ctx.credentials?.accessToken;
  const base = ctx.baseUrl ?? PIPEDRIVE_API;
  const call = <S extends z.ZodType>(method: 'GET' | 'POST' | 'DELETE', path: string, response: S, body?: unknown, query?: Record<string, string | number | boolean>) => {
    if (!token) throw new CrmError('pipedrive', 'not_connected', 'Pipedrive is not connected', undefined, undefined, fixFor('pipedrive', 'not_connected'));
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
    });
  };

  /** Every page of a list endpoint, up to a bound: Pipedrive pages with start/limit. */
  async function list<S extends z.ZodType>(path: string, row: S, query: Record<string, string | number>, maxPages = 5): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    let start = 0;
    for (let page = 0; page < maxPages; page++) {
      const res = await call('GET', path, z.object({ success: z.literal(true), data: z.array(row).nullable(), additional_data: Pagination.optional() }), undefined, { ...query, start, limit: 100 });
      out.push(...(res.data ?? []));
      const p = res.additional_data?.pagination;
      if (!p?.more_items_in_collection) break;
      start = p.next_start ?? start + 100;
    }
    return out;
  }

  const connector: CrmConnector = {
    crm: 'pipedrive',
    // Pipedrive's person activities/notes lists read the database directly: no lag to wait out.
    searchLagMs: 0,

    async verify() {
      const me = await call('GET', '/v1/users/me', Envelope(z.object({ id: z.number().int(), name: z.string().nullish(), company_name: z.string().nullish() })));
      return { account: `Pipedrive ${me.data.company_name ?? ''} (${me.data.name ?? me.data.id})`.replace('  ', ' ') };
    },

    async findContact(emails) {
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.length >= 2))];
      for (const email of wanted) {
        const res = await call('GET', '/v1/persons/search', PersonSearch, undefined, { term: email, fields: 'email', exact_match: true, limit: 10 });
        const hit = res.data.items.find((i) => i.item.emails.some((e) => e.toLowerCase() === email));
        if (hit) {
          const emailsOf = hit.item.emails.map((e) => e.toLowerCase());
          return CrmContact.parse({
            id: String(hit.item.id),
            kind: 'person',
            name: hit.item.name || email,
            email: emailsOf[0] ?? email,
            altEmails: emailsOf.slice(1),
            company: hit.item.organization?.name ?? undefined,
            companyId: hit.item.organization?.id ? String(hit.item.organization.id) : undefined,
            ownerId: hit.item.owner ? String(hit.item.owner.id) : undefined,
          });
        }
      }
      return null;
    },

    async contactCard(contact) {
      const person = (await call('GET', `/v1/persons/${numericId(contact.id)}`, Envelope(Person))).data;
      const deals = await list(`/v1/persons/${numericId(contact.id)}/deals`, Deal, { status: 'open' }, 2);
      const stages = deals.length ? new Map((await list('/v1/stages', Stage, {}, 3)).map((s) => [s.id, s.name])) : new Map<number, string>();
      const openDeals: CrmDeal[] = deals
        .filter((d) => d.status === 'open')
        .map((d) => ({ id: String(d.id), name: d.title, stage: stages.get(d.stage_id) ?? `stage ${d.stage_id}`, amount: d.value ?? undefined, currency: d.currency ?? undefined, closeDate: d.expected_close_date ?? undefined }));
      const owner = person.owner_id ? { id: String(person.owner_id.id), name: person.owner_id.name ?? String(person.owner_id.id) } : undefined;
      const company = person.org_id?.name ? { id: person.org_id.value ? String(person.org_id.value) : undefined, name: person.org_id.name } : undefined;
      return ContactCardData.parse({ contact: { ...contact, ownerName: owner?.name, company: company?.name ?? contact.company }, company, owner, openDeals });
    },

    async findLoggedEmail(log) {
      const marker = pipedriveMarker(log.key);
      const rows = await list(`/v1/persons/${numericId(log.contacts[0]!.id)}/activities`, ActivityRow, { done: 1 });
      return rows.find((r) => r.note?.includes(marker)) ? String(rows.find((r) => r.note?.includes(marker))!.id) : null;
    },

    async logEmail(log) {
      const [primary, ...others] = log.contacts;
      const body = PipedriveActivityCreate.parse({
        subject: (log.direction === 'outbound' ? `Email: ${log.subject}` : `Email from ${log.from.name || log.from.email}: ${log.subject}`).slice(0, 255),
        type: 'email',
        done: 1,
        ...utc(log.at),
        person_id: numericId(primary!.id),
        deal_id: log.dealId ? numericId(log.dealId) : undefined,
        participants: [primary!, ...others].map((c, i) => ({ person_id: numericId(c.id), primary_flag: i === 0 })),
        note: `${htmlText(log.bodyText.slice(0, 90_000))}<br><br>${escapeHtml(pipedriveMarker(log.key))}`,
      });
      return { id: String((await call('POST', '/v1/activities', Created, body)).data.id) };
    },

    async findLoggedNote(note) {
      const marker = escapeHtml(pipedriveMarker(note.key));
      const rows = await list(`/v1/notes`, NoteRow, { person_id: numericId(note.contact.id) });
      const hit = rows.find((r) => r.content?.includes(marker));
      return hit ? String(hit.id) : null;
    },

    async logNote(note) {
      const body = PipedriveNoteCreate.parse({
        content: `${htmlText(note.body)}<br><br>${escapeHtml(pipedriveMarker(note.key))}`,
        person_id: numericId(note.contact.id),
        deal_id: note.dealId ? numericId(note.dealId) : undefined,
      });
      return { id: String((await call('POST', '/v1/notes', Created, body)).data.id) };
    },

    async createTask(task) {
      if (!task.contact) throw new CrmError('pipedrive', 'invalid', 'a Pipedrive task needs a person');
      const body = PipedriveActivityCreate.parse({
        subject: task.subject,
        type: 'task',
        done: 0,
        ...utc(task.dueAt),
        person_id: numericId(task.contact.id),
        deal_id: task.dealId ? numericId(task.dealId) : undefined,
        note: `${htmlText(task.body)}<br><br>${escapeHtml(pipedriveMarker(task.key))}`,
      });
      return { id: String((await call('POST', '/v1/activities', Created, body)).data.id) };
    },

    // Pipedrive 2026-12-06 (developers.pipedrive.com "Rate limiting", changelog "Announcing Search API rate
    // limit"): search endpoints allow 10 requests per 2 seconds per token, and cost 40 of the daily token budget
    // each. Search takes one term, so a batch is one address per request, paced 200 ms apart.
    lookupLimits: { batchSize: 1, minIntervalMs: 200 },

    async lookupContacts(emails) {
      const found = new Map<string, CrmContact>();
      for (const email of [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@')))]) {
        // API v2 (2026-12-06): GET /api/v2/persons/search — term, fields=email, exact_match (boolean, not case
        // sensitive); items[].item.emails is a list of strings, owner {id}, organization {id, name}.
        const res = await call('GET', '/api/v2/persons/search', PersonSearchV2, undefined, { term: email, fields: 'email', exact_match: true, limit: 10 });
        const hit = res.data.items.find((i) => i.item.emails.some((e) => e.toLowerCase() === email));
        if (!hit) continue;
        const emailsOf = hit.item.emails.map((e) => e.toLowerCase());
        found.set(
          email,
          CrmContact.parse({
            id: String(hit.item.id),
            kind: 'person',
            name: hit.item.name || email,
            email: emailsOf[0] ?? email,
            altEmails: emailsOf.slice(1),
            company: hit.item.organization?.name ?? undefined,
            companyId: hit.item.organization?.id ? String(hit.item.organization.id) : undefined,
            ownerId: hit.item.owner ? String(hit.item.owner.id) : undefined,
          }),
        );
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

    async createContact(input) {
      const body = PipedrivePersonCreate.parse({ name: input.name || input.email, email: [{ value: input.email.toLowerCase(), primary: true, label: 'work' }] });
      const created = await call('POST', '/v1/persons', Created, body);
      return CrmContact.parse({ id: String(created.data.id), kind: 'person', name: body.name, email: input.email.toLowerCase(), altEmails: [] });
    },
  };
  return connector;
}

export const pipedrive: ConnectorDefinition = {
  crm: 'pipedrive',
  label: 'Pipedrive',
  apiOrigins: [`${PIPEDRIVE_API}/*`],
  auth: ['token'],
  tokenHelp: 'Pipedrive → your name → Personal preferences → API: copy your personal API token.',
  create: createPipedrive,
};
