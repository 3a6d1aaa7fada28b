import { json, startApiServer, type ApiAnswer, type ApiServer, type ApiServerOptions, type RecordedRequest } from './common';

// A loopback Pipedrive API v1 with the documented shapes of the endpoints Followthrough uses
// (developers.pipedrive.com, read 2026-11): persons search/get/create, a person's deals and activities,
// stages, activities and notes create/list, users/me. The token is read from the x-api-token header.

export interface PdPerson {
  id: number;
  name: string;
  emails: string[];
  orgId?: number;
  orgName?: string;
  ownerId: number;
  ownerName: string;
}
export interface PdDeal {
  id: number;
  title: string;
  personId: number;
  stageId: number;
  status: 'open' | 'won' | 'lost';
  value: number;
  currency: string;
}
export interface PdActivity {
  id: number;
  subject: string;
  type: string;
  done: 0 | 1;
  due_date: string;
  due_time: string;
  person_id: number;
  deal_id: number | null;
  participants: { person_id: number; primary_flag: boolean }[];
  note: string;
}
export interface PdNote {
  id: number;
  content: string;
  person_id: number;
  deal_id: number | null;
}

export interface PipedriveServer extends ApiServer {
  persons: Map<number, PdPerson>;
  deals: Map<number, PdDeal>;
  activities: Map<number, PdActivity>;
  notes: Map<number, PdNote>;
  /** Activity ids removed through DELETE /api/v2/activities/{id}, in order. */
  deleted: number[];
  addPerson(p: Omit<PdPerson, 'id' | 'ownerId' | 'ownerName'> & { ownerName?: string }): number;
  addDeal(d: Omit<PdDeal, 'id' | 'currency'> & { currency?: string }): number;
}

const STAGES = [
  { id: 1, order_nr: 1, name: 'Qualified', pipeline_id: 1, active_flag: true, deal_probability: 100 },
  { id: 2, order_nr: 2, name: 'Contact Made', pipeline_id: 1, active_flag: true, deal_probability: 100 },
  { id: 3, order_nr: 3, name: 'Proposal Made', pipeline_id: 1, active_flag: true, deal_probability: 100 },
];
const ACTIVITY_TYPES = new Set(['call', 'meeting', 'task', 'deadline', 'email', 'lunch']);

const ok = (data: unknown, additional?: unknown): ApiAnswer => json(200, { success: true, data, ...(additional ? { additional_data: additional } : {}) });
const created = (data: unknown): ApiAnswer => json(201, { success: true, data });
const bad = (status: number, error: string): ApiAnswer => json(status, { success: false, error, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.', data: null, additional_data: null });

export async function startPipedriveServer(options: ApiServerOptions & { token?: string } = {}): Promise<PipedriveServer> {
  const token = options.token ?? '0123456789abcdef0123456789abcdef01234567';
  let seq = 100;
  const persons = new Map<number, PdPerson>();
  const deals = new Map<number, PdDeal>();
  const activities = new Map<number, PdActivity>();
  const notes = new Map<number, PdNote>();
  const deleted: number[] = [];

  const page = <T>(rows: T[], q: Record<string, string>) => {
    const start = Number(q.start ?? 0);
    const limit = Math.min(Number(q.limit ?? 100), 500);
    const slice = rows.slice(start, start + limit);
    const more = start + limit < rows.length;
    return ok(slice.length ? slice : null, { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } });
  };
  const personOut = (p: PdPerson) => ({
    id: p.id,
    name: p.name,
    email: p.emails.map((value, i) => ({ label: 'work', value, primary: i === 0 })),
    phone: [],
    org_id: p.orgId ? { name: p.orgName, value: p.orgId, people_count: 1, owner_id: p.ownerId } : null,
    owner_id: { id: p.ownerId, name: p.ownerName, email: 'owner@example.com', has_pic: 0, active_flag: true, value: p.ownerId },
    active_flag: true,
  });

  const route = (req: RecordedRequest): ApiAnswer => {
    if (req.headers['x-api-token'] !== token) return bad(401, 'unauthorized access');
    if ('api_token' in req.query) return bad(400, 'the API token belongs in the x-api-token header in this test server');
    const { method, path, query } = req;
    const body = (req.body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/v1/users/me') return ok({ id: 9, name: 'Sam Rep', email: 'sam@rep.example', company_id: 5, company_name: 'Rep Co', company_domain: 'repco' });
    if (method === 'GET' && path === '/v1/persons/search') {
      const term = (query.term ?? '').toLowerCase();
      const exact = query.exact_match === 'true' || query.exact_match === '1';
      if (term.length < (exact ? 1 : 2)) return bad(400, 'term must be at least 2 characters long');
      const fields = (query.fields ?? 'name,email,phone,notes,custom_fields').split(',');
      const hits = [...persons.values()].filter((p) =>
        fields.includes('email') ? p.emails.some((e) => (exact ? e.toLowerCase() === term : e.toLowerCase().includes(term))) : false,
      );
      return ok(
        {
          items: hits.slice(0, Number(query.limit ?? 100)).map((p) => ({
            result_score: 1,
            item: { id: p.id, type: 'person', name: p.name, phones: [], emails: p.emails, visible_to: 3, owner: { id: p.ownerId }, organization: p.orgId ? { id: p.orgId, name: p.orgName, address: null } : null, custom_fields: [], notes: [] },
          })),
        },
        { pagination: { start: 0, limit: Number(query.limit ?? 100), more_items_in_collection: false } },
      );
    }
    // ---- API v2 (developers.pipedrive.com, read 2026-12-06): the endpoints Followthrough's lookups and undo use ----
    if (method === 'GET' && path === '/api/v2/persons/search') {
      const term = (query.term ?? '').toLowerCase();
      if (query.exact_match !== undefined && !['true', 'false'].includes(query.exact_match)) return bad(400, 'exact_match must be a boolean');
      const exact = query.exact_match === 'true';
      if (term.length < (exact ? 1 : 2)) return bad(400, 'term must be at least 2 characters long');
      const limit = Number(query.limit ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) return bad(400, 'limit must be between 1 and 500');
      const fields = (query.fields ?? 'name,email,phone,notes,custom_fields').split(',');
      const hits = [...persons.values()].filter((p) => fields.includes('email') && p.emails.some((e) => (exact ? e.toLowerCase() === term : e.toLowerCase().includes(term))));
      return json(200, {
        success: true,
        data: {
          items: hits.slice(0, limit).map((p) => ({
            result_score: 1,
            item: { id: p.id, type: 'person', name: p.name, phones: [], emails: p.emails, visible_to: 3, owner: { id: p.ownerId }, organization: p.orgId ? { id: p.orgId, name: p.orgName, address: null } : null, custom_fields: [], notes: [], update_time: '2026-12-01T09:00:00Z' },
          })),
        },
        additional_data: { next_cursor: null },
      });
    }
    if (method === 'DELETE' && (m = /^\/api\/v2\/activities\/(\d+)$/.exec(path))) {
      const id = Number(m[1]);
      if (!activities.delete(id)) return bad(404, 'Activity not found');
      deleted.push(id);
      return json(200, { success: true, data: { id } });
    }
    if (method === 'GET' && (m = /^\/v1\/persons\/(\d+)$/.exec(path))) {
      const p = persons.get(Number(m[1]));
      return p ? ok(personOut(p)) : bad(404, 'Person not found');
    }
    if (method === 'GET' && (m = /^\/v1\/persons\/(\d+)\/deals$/.exec(path))) {
      const status = query.status ?? 'all_not_deleted';
      const rows = [...deals.values()].filter((d) => d.personId === Number(m![1]) && (status === 'all_not_deleted' || d.status === status));
      return page(rows.map((d) => ({ id: d.id, title: d.title, stage_id: d.stageId, status: d.status, value: d.value, currency: d.currency, person_id: { value: d.personId }, expected_close_date: null })), query);
    }
    if (method === 'GET' && (m = /^\/v1\/persons\/(\d+)\/activities$/.exec(path))) {
      const rows = [...activities.values()].filter((a) => a.person_id === Number(m![1]) && (query.done === undefined || String(a.done) === query.done));
      return page(rows, query);
    }
    if (method === 'GET' && path === '/v1/stages') return page(STAGES, query);
    if (method === 'GET' && path === '/v1/notes') {
      const rows = [...notes.values()].filter((n) => !query.person_id || n.person_id === Number(query.person_id));
      return page(rows, query);
    }
    if (method === 'POST' && path === '/v1/activities') {
      if (typeof body.subject !== 'string' || !body.subject) return bad(400, 'Subject is required');
      if (typeof body.type !== 'string' || !ACTIVITY_TYPES.has(body.type)) return bad(400, 'Activity type is not valid');
      if (body.due_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.due_date))) return bad(400, 'due_date must be YYYY-MM-DD');
      if (body.due_time !== undefined && !/^\d{2}:\d{2}$/.test(String(body.due_time))) return bad(400, 'due_time must be HH:MM');
      if (!persons.has(Number(body.person_id))) return bad(400, 'Person not found');
      if (body.deal_id !== undefined && !deals.has(Number(body.deal_id))) return bad(400, 'Deal not found');
      const participants = (body.participants as PdActivity['participants'] | undefined) ?? [{ person_id: Number(body.person_id), primary_flag: true }];
      if (participants.some((p) => !persons.has(p.person_id))) return bad(400, 'Participant not found');
      const a: PdActivity = { id: ++seq, subject: body.subject, type: body.type, done: body.done === 1 || body.done === true ? 1 : 0, due_date: String(body.due_date ?? ''), due_time: String(body.due_time ?? ''), person_id: Number(body.person_id), deal_id: body.deal_id === undefined ? null : Number(body.deal_id), participants, note: String(body.note ?? '') };
      activities.set(a.id, a);
      return created({ ...a, add_time: new Date().toISOString().slice(0, 19).replace('T', ' '), active_flag: true });
    }
    if (method === 'POST' && path === '/v1/notes') {
      if (typeof body.content !== 'string' || !body.content) return bad(400, 'Content is required');
      if (!persons.has(Number(body.person_id)) && body.deal_id === undefined) return bad(400, 'Note must be attached to a person, deal or organization');
      const n: PdNote = { id: ++seq, content: body.content, person_id: Number(body.person_id), deal_id: body.deal_id === undefined ? null : Number(body.deal_id) };
      notes.set(n.id, n);
      return created({ ...n, active_flag: true });
    }
    if (method === 'POST' && path === '/v1/persons') {
      if (typeof body.name !== 'string' || !body.name) return bad(400, 'Name must be given');
      const emails = ((body.email as { value: string }[] | undefined) ?? []).map((e) => e.value.toLowerCase());
      const p: PdPerson = { id: ++seq, name: body.name, emails, ownerId: 9, ownerName: 'Sam Rep' };
      persons.set(p.id, p);
      return created(personOut(p));
    }
    return bad(404, `Unknown method ${method} ${path}`);
  };

  const server = await startApiServer(route, options);
  return {
    ...server,
    persons,
    deals,
    activities,
    notes,
    deleted,
    addPerson(p) {
      const id = ++seq;
      persons.set(id, { ...p, id, emails: p.emails.map((e) => e.toLowerCase()), ownerId: 9, ownerName: p.ownerName ?? 'Sam Rep' });
      return id;
    },
    addDeal(d) {
      const id = ++seq;
      deals.set(id, { ...d, id, currency: d.currency ?? 'EUR' });
      return id;
    },
  };
}
