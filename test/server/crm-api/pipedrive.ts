import { json, startApiServer, type ApiAnswer, type ApiServer, type ApiServerOptions, type Fault, type RecordedRequest } from './common';
import { loadContract } from './contract';

// A loopback Pipedrive: API v2 for persons (search, get, add), deals, stages and activities; API v1 only for
// what has no v2 operation (users, notes). Every request and answer is checked against Pipedrive's published
// OpenAPI documents (test/fixtures/crm-specs/pipedrive/). What those documents leave out, and the API does,
// is written here with the page it comes from:
// - v2 activities: `person_id` is read-only; the person is set by a primary participant
//   (pipedrive.readme.io "Pipedrive API v2 migration guide", read 2026-12-06; the API answers 400
//   "'person_id' is a read-only field. Add a primary participant to set 'person_id' instead.").
// - v2 persons search: `term` is at least 2 characters, or 1 with exact_match (same as v1).
// - v2 lists page by cursor: `additional_data.next_cursor`, absent on the last page.
// - every answer carries the burst headers x-ratelimit-limit/-remaining/-reset
//   (pipedrive.readme.io "Rate limiting", read 2026-12-06).

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
  done: boolean;
  due_date: string;
  due_time: string;
  person_id: number;
  deal_id: number | null;
  participants: { person_id: number; primary: boolean }[];
  note: string;
  duration?: string;
  busy?: boolean;
  /** Server clock when written (add_time = update_time: Followthrough never edits). */
  writtenAt: number;
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
  /** A user of the company (who may own persons). */
  addUser(u: { name: string; email: string }): number;
}

const STAGES = [
  { id: 1, order_nr: 1, name: 'Qualified', pipeline_id: 1, deal_probability: 100, is_deal_rot_enabled: false, days_to_rotten: null, add_time: '2026-01-05T10:00:00Z', update_time: '2026-01-05T10:00:00Z', is_deleted: false },
  { id: 2, order_nr: 2, name: 'Contact Made', pipeline_id: 1, deal_probability: 100, is_deal_rot_enabled: false, days_to_rotten: null, add_time: '2026-01-05T10:00:00Z', update_time: '2026-01-05T10:00:00Z', is_deleted: false },
  { id: 3, order_nr: 3, name: 'Proposal Made', pipeline_id: 1, deal_probability: 100, is_deal_rot_enabled: false, days_to_rotten: null, add_time: '2026-01-05T10:00:00Z', update_time: '2026-01-05T10:00:00Z', is_deleted: false },
];
const ACTIVITY_TYPES = new Set(['call', 'meeting', 'task', 'deadline', 'email', 'lunch']);

const RATE_HEADERS = { 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '39', 'x-ratelimit-reset': '2' };
const ok = (data: unknown, additional?: unknown): ApiAnswer => json(200, { success: true, data, ...(additional ? { additional_data: additional } : {}) }, RATE_HEADERS);
const bad = (status: number, error: string): ApiAnswer => json(status, { success: false, error, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.', data: null, additional_data: null }, RATE_HEADERS);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Pipedrive's answer once the company's daily token budget is spent, until `resetAt` (the next midnight UTC).
 * Header names: `x-daily-requests-left` is in Pipedrive's rate-limiting page; `x-daily-ratelimit-token-remaining`
 * is what the token-based limiter sends, as recorded by a public client tested against a live sandbox (2026).
 */
export const dailyBudgetSpent = (now: number, resetAt: number): Fault => ({
  kind: 'status',
  status: 429,
  headers: { ...RATE_HEADERS, 'x-daily-ratelimit-token-remaining': '0', 'x-daily-requests-left': '0', 'retry-after': String(Math.ceil((resetAt - now) / 1000)) },
  body: { success: false, error: 'Daily API token budget exhausted', errorCode: 429, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.', data: null, additional_data: null },
});

/** The next midnight UTC after `at`: Pipedrive's daily budget resets then. */
export const nextUtcMidnight = (at: number) => {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

export async function startPipedriveServer(options: ApiServerOptions & { token?: string } = {}): Promise<PipedriveServer> {
  const token = options.token ?? '0123456789abcdef0123456789abcdef01234567';
  const now = options.now ?? Date.now;
  let seq = 100;
  const persons = new Map<number, PdPerson>();
  const deals = new Map<number, PdDeal>();
  const activities = new Map<number, PdActivity>();
  const notes = new Map<number, PdNote>();
  const users = new Map([[9, { id: 9, name: 'Sam Rep', email: 'sam@rep.example' }]]);
  const deleted: number[] = [];

  /** v2 cursor paging: the cursor is opaque to clients (here, the offset in base64url). */
  const cursorPage = <T>(rows: T[], q: Record<string, string>, wrap: (page: T[]) => unknown = (p) => p) => {
    const start = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString('utf8')) : 0;
    if (!Number.isSafeInteger(start) || start < 0) return bad(400, 'Invalid cursor');
    const limit = Math.min(Number(q.limit ?? 100), 500);
    const more = start + limit < rows.length;
    return ok(wrap(rows.slice(start, start + limit)), more ? { next_cursor: Buffer.from(String(start + limit)).toString('base64url') } : {});
  };
  /** v1 offset paging (notes). */
  const offsetPage = <T>(rows: T[], q: Record<string, string>) => {
    const start = Number(q.start ?? 0);
    const limit = Math.min(Number(q.limit ?? 100), 500);
    const more = start + limit < rows.length;
    return ok(rows.slice(start, start + limit), { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } });
  };
  const personOut = (p: PdPerson) => ({
    id: p.id,
    name: p.name,
    owner_id: p.ownerId,
    ...(p.orgId ? { org_id: p.orgId } : {}),
    add_time: '2026-01-05T10:00:00Z',
    update_time: '2026-01-05T10:00:00Z',
    emails: p.emails.map((value, i) => ({ label: 'work', value, primary: i === 0 })),
    phones: [],
    is_deleted: false,
    visible_to: 3,
    label_ids: [],
  });
  const dealOut = (d: PdDeal) => ({ id: d.id, title: d.title, person_id: d.personId, stage_id: d.stageId, pipeline_id: 1, status: d.status, value: d.value, currency: d.currency, owner_id: 9, is_deleted: false, add_time: '2026-01-05T10:00:00Z', update_time: '2026-01-05T10:00:00Z' });
  const activityOut = ({ writtenAt, ...a }: PdActivity) => ({ ...a, deal_id: a.deal_id ?? undefined, owner_id: 9, creator_user_id: 9, is_deleted: false, busy: a.busy ?? false, add_time: iso(writtenAt), update_time: iso(writtenAt) });
  const noteOut = (n: PdNote) => ({ id: n.id, content: n.content, person_id: n.person_id, ...(n.deal_id === null ? {} : { deal_id: n.deal_id }), active_flag: true, add_time: iso(now()).replace('T', ' ').replace('Z', ''), user_id: 9 });

  const route = (req: RecordedRequest): ApiAnswer => {
    if (req.headers['x-api-token'] !== token) return bad(401, 'unauthorized access');
    if ('api_token' in req.query) return bad(400, 'the API token belongs in the x-api-token header in this test server');
    const { method, path, query } = req;
    const body = (req.body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    // API v1, where v2 has no operation.
    if (method === 'GET' && path === '/v1/users/me') return ok({ id: 9, name: 'Sam Rep', email: 'sam@rep.example', company_id: 5, company_name: 'Rep Co', company_domain: 'repco' });
    if (method === 'GET' && path === '/v1/users') return ok([...users.values()].map((u) => ({ ...u, active_flag: true, is_admin: 0, role_id: 1, timezone_name: 'Europe/Tallinn', lang: 1, locale: 'en_US', has_created_company: false, is_you: u.id === 9 })));
    if (method === 'GET' && (m = /^\/v1\/users\/(\d+)$/.exec(path))) {
      const u = users.get(Number(m[1]));
      return u ? ok({ ...u, active_flag: true }) : bad(404, 'User not found');
    }
    if (method === 'GET' && path === '/v1/notes') return offsetPage([...notes.values()].filter((n) => !query.person_id || n.person_id === Number(query.person_id)).map(noteOut), query);
    if (method === 'POST' && path === '/v1/notes') {
      if (!body.content) return bad(400, 'Content is required');
      if (!persons.has(Number(body.person_id)) && body.deal_id === undefined) return bad(400, 'Note must be attached to a person, deal or organization');
      const n: PdNote = { id: ++seq, content: String(body.content), person_id: Number(body.person_id), deal_id: body.deal_id === undefined ? null : Number(body.deal_id) };
      notes.set(n.id, n);
      return ok(noteOut(n));
    }
    // API v2.
    if (method === 'GET' && path === '/api/v2/persons/search') {
      const term = (query.term ?? '').toLowerCase();
      const exact = query.exact_match === 'true';
      if (term.length < (exact ? 1 : 2)) return bad(400, 'term must be at least 2 characters long');
      const fields = (query.fields ?? 'custom_fields,email,notes,phone,name').split(',');
      const hits = [...persons.values()].filter((p) => fields.includes('email') && p.emails.some((e) => (exact ? e === term : e.includes(term))));
      return cursorPage(hits, query, (page) => ({
        items: page.map((p) => ({
          result_score: 1,
          item: { id: p.id, type: 'person', name: p.name, phones: [], emails: p.emails, visible_to: 3, owner: { id: p.ownerId }, ...(p.orgId ? { organization: { id: p.orgId, name: p.orgName } } : {}), custom_fields: [], notes: [] },
        })),
      }));
    }
    // DELETE /api/v2/activities/{id}: marks the activity deleted (restorable for 30 days), answers {data:{id}}.
    if (method === 'DELETE' && (m = /^\/api\/v2\/activities\/(\d+)$/.exec(path))) {
      const id = Number(m[1]);
      if (!activities.delete(id)) return bad(404, 'Activity not found');
      deleted.push(id);
      return ok({ id });
    }
    if (method === 'GET' && (m = /^\/api\/v2\/persons\/(\d+)$/.exec(path))) {
      const p = persons.get(Number(m[1]));
      return p ? ok(personOut(p)) : bad(404, 'Person not found');
    }
    if (method === 'GET' && (m = /^\/api\/v2\/organizations\/(\d+)$/.exec(path))) {
      const p = [...persons.values()].find((x) => x.orgId === Number(m![1]));
      return p ? ok({ id: p.orgId, name: p.orgName, owner_id: 9, is_deleted: false, add_time: '2026-01-05T10:00:00Z', update_time: '2026-01-05T10:00:00Z', visible_to: 3, label_ids: [] }) : bad(404, 'Organization not found');
    }
    // PATCH /api/v2/persons/{id}: the fields given change; an owner must be a user of the company.
    if (method === 'PATCH' && (m = /^\/api\/v2\/persons\/(\d+)$/.exec(path))) {
      const p = persons.get(Number(m[1]));
      if (!p) return bad(404, 'Person not found');
      if (body.owner_id !== undefined) {
        const u = users.get(Number(body.owner_id));
        if (!u) return bad(400, 'owner_id: User not found');
        p.ownerId = u.id;
        p.ownerName = u.name;
      }
      return ok(personOut(p));
    }
    // PATCH /api/v2/activities/{id}: the fields given change (person_id stays read-only, as on create).
    if (method === 'PATCH' && (m = /^\/api\/v2\/activities\/(\d+)$/.exec(path))) {
      const a = activities.get(Number(m[1]));
      if (!a) return bad(404, 'Activity not found');
      if (body.person_id !== undefined) return bad(400, "'person_id' is a read-only field. Add a primary participant to set 'person_id' instead.");
      if (body.type !== undefined && !ACTIVITY_TYPES.has(String(body.type))) return bad(400, 'Activity type is not valid');
      if (body.due_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.due_date))) return bad(400, 'due_date must be YYYY-MM-DD');
      if (body.due_time !== undefined && !/^\d{2}:\d{2}$/.test(String(body.due_time))) return bad(400, 'due_time must be HH:MM');
      if (body.duration !== undefined && !/^\d{2}:\d{2}$/.test(String(body.duration))) return bad(400, 'duration must be HH:MM');
      for (const k of ['subject', 'type', 'due_date', 'due_time', 'duration', 'note'] as const) if (body[k] !== undefined) (a as unknown as Record<string, unknown>)[k] = String(body[k]);
      for (const k of ['done', 'busy'] as const) if (body[k] !== undefined) a[k] = body[k] === true;
      a.writtenAt = now();
      return ok(activityOut(a));
    }
    if (method === 'POST' && path === '/api/v2/persons') {
      if (typeof body.name !== 'string' || !body.name) return bad(400, 'Name must be given');
      const emails = ((body.emails as { value: string }[] | undefined) ?? []).map((e) => e.value.toLowerCase());
      const p: PdPerson = { id: ++seq, name: body.name, emails, ownerId: 9, ownerName: 'Sam Rep' };
      persons.set(p.id, p);
      return ok(personOut(p));
    }
    if (method === 'GET' && path === '/api/v2/deals') {
      const rows = [...deals.values()].filter((d) => (!query.person_id || d.personId === Number(query.person_id)) && (!query.status || query.status.split(',').includes(d.status)));
      return cursorPage(rows.map(dealOut), query);
    }
    if (method === 'GET' && path === '/api/v2/stages') return cursorPage(STAGES, query);
    if (method === 'GET' && path === '/api/v2/activities') {
      // "only activities whose primary participant is the given person are returned"
      const since = query.updated_since ? Date.parse(query.updated_since) : undefined;
      if (Number.isNaN(since)) return bad(400, 'updated_since must be RFC 3339');
      const rows = [...activities.values()].filter(
        (a) => (!query.person_id || a.person_id === Number(query.person_id)) && (query.done === undefined || String(a.done) === query.done) && (since === undefined || a.writtenAt >= since),
      );
      return cursorPage(rows.map(activityOut), query);
    }
    if (method === 'POST' && path === '/api/v2/activities') {
      if (body.person_id !== undefined) return bad(400, "'person_id' is a read-only field. Add a primary participant to set 'person_id' instead.");
      if (typeof body.subject !== 'string' || !body.subject) return bad(400, 'Subject is required');
      if (typeof body.type !== 'string' || !ACTIVITY_TYPES.has(body.type)) return bad(400, 'Activity type is not valid');
      if (body.due_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.due_date))) return bad(400, 'due_date must be YYYY-MM-DD');
      if (body.due_time !== undefined && !/^\d{2}:\d{2}$/.test(String(body.due_time))) return bad(400, 'due_time must be HH:MM');
      if (body.deal_id !== undefined && !deals.has(Number(body.deal_id))) return bad(400, 'Deal not found');
      const participants = (body.participants as PdActivity['participants'] | undefined) ?? [];
      if (participants.some((p) => !persons.has(p.person_id))) return bad(400, 'Participant not found');
      if (participants.length && participants.filter((p) => p.primary).length !== 1) return bad(400, 'Exactly one participant must be primary');
      const primary = participants.find((p) => p.primary);
      if (body.duration !== undefined && !/^\d{2}:\d{2}$/.test(String(body.duration))) return bad(400, 'duration must be HH:MM');
      const a: PdActivity = { id: ++seq, subject: body.subject, type: body.type, done: body.done === true, ...(body.duration !== undefined ? { duration: String(body.duration) } : {}), ...(body.busy !== undefined ? { busy: body.busy === true } : {}), due_date: String(body.due_date ?? ''), due_time: String(body.due_time ?? ''), person_id: primary?.person_id ?? 0, deal_id: body.deal_id === undefined ? null : Number(body.deal_id), participants, note: String(body.note ?? ''), writtenAt: now() };
      activities.set(a.id, a);
      return ok(activityOut(a));
    }
    return bad(404, `Unknown method ${method} ${path}`);
  };

  const check = await loadContract([
    { name: 'Pipedrive API v1', file: 'pipedrive/openapi-v1.yaml', apiRoot: '/v1' },
    { name: 'Pipedrive API v2', file: 'pipedrive/openapi-v2.yaml', apiRoot: '/api/v2' },
  ]);
  const server = await startApiServer(route, { ...options, contract: options.contract ?? { check, reject: (message) => ({ success: false, error: message, code: 'ERR_SCHEMA_VALIDATION_FAILED' }) } });
  return {
    ...server,
    persons,
    deals,
    activities,
    notes,
    deleted,
    addPerson(p) {
      let ownerId = 9;
      if (p.ownerName && p.ownerName !== 'Sam Rep') {
        ownerId = [...users.values()].find((u) => u.name === p.ownerName)?.id ?? ++seq;
        users.set(ownerId, { id: ownerId, name: p.ownerName, email: `user${ownerId}@rep.example` });
      }
      const id = ++seq;
      persons.set(id, { ...p, id, emails: p.emails.map((e) => e.toLowerCase()), ownerId, ownerName: p.ownerName ?? 'Sam Rep' });
      return id;
    },
    addUser(u) {
      const id = ++seq;
      users.set(id, { id, ...u });
      return id;
    },
    addDeal(d) {
      const id = ++seq;
      deals.set(id, { ...d, id, currency: d.currency ?? 'EUR' });
      return id;
    },
  };
}
