import { bearer, json, startApiServer, type ApiAnswer, type ApiServer, type ApiServerOptions, type RecordedRequest } from './common';
import { loadContract } from './contract';

// A loopback HubSpot CRM v3 API with the documented shapes of the endpoints Followthrough uses
// (developers.hubspot.com, read 2026-11): objects create/search, owners, v4 associations, deals batch read,
// deal pipelines, account info. Like HubSpot, search reads an index that lags writes (`indexLagMs`).

type Props = Record<string, string>;
export interface HsObject {
  id: string;
  properties: Props;
  createdAt: number;
  associations: { to: { id: string }; types: { associationCategory: string; associationTypeId: number }[] }[];
}

// Default association type ids (HubSpot docs): which may be used from each object, to each object type.
const ALLOWED_ASSOCIATIONS: Record<string, Record<number, string>> = {
  emails: { 198: 'contacts', 210: 'deals', 186: 'companies' },
  tasks: { 204: 'contacts', 216: 'deals', 192: 'companies' },
  notes: { 202: 'contacts', 214: 'deals', 190: 'companies' },
  contacts: { 279: 'companies' },
  // Meeting → contact 200, → company 188, → deal 212 (HubSpot-defined defaults, read 2026-12-06).
  meetings: { 200: 'contacts', 188: 'companies', 212: 'deals' },
};
const REQUIRED: Record<string, string[]> = { emails: ['hs_timestamp'], tasks: ['hs_timestamp'], notes: ['hs_timestamp'], meetings: ['hs_timestamp'], contacts: [] };
/** hs_meeting_outcome's options (Meetings guide, read 2026-12-06). */
const MEETING_OUTCOMES = ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED'];
/** The scope each operation needs (HubSpot's Meetings v3, Contacts v3 and Owners v3 references, read 2026-12-06). */
const SCOPE_OF = (method: string, path: string): string | undefined => {
  if (path.startsWith('/crm/v3/owners')) return 'crm.objects.owners.read';
  if (/^\/crm\/v3\/objects\/(contacts|meetings)(\/[^/]+)?$/.test(path) && (method === 'POST' || method === 'PATCH')) return 'crm.objects.contacts.write';
  return undefined;
};
const DEFAULT_PROPS: Record<string, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  emails: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  meetings: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
};

export const HUBSPOT_PIPELINE = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  stages: [
    { id: 'appointmentscheduled', label: 'Appointment Scheduled', displayOrder: 0, metadata: { isClosed: 'false', probability: '0.2' } },
    { id: 'presentationscheduled', label: 'Presentation Scheduled', displayOrder: 1, metadata: { isClosed: 'false', probability: '0.6' } },
    { id: 'closedwon', label: 'Closed Won', displayOrder: 2, metadata: { isClosed: 'true', probability: '1.0' } },
    { id: 'closedlost', label: 'Closed Lost', displayOrder: 3, metadata: { isClosed: 'true', probability: '0.0' } },
  ],
};

const validation = (message: string): ApiAnswer => json(400, { status: 'error', message, correlationId: 'test-correlation', category: 'VALIDATION_ERROR' });

export interface HubSpotState {
  token: string;
  portalId: number;
  indexLagMs: number;
  objects: Record<'contacts' | 'deals' | 'emails' | 'tasks' | 'notes' | 'meetings', Map<string, HsObject>>;
  /** The scopes the token was granted; a request needing one it lacks answers 403 MISSING_SCOPES. */
  scopes: Set<string>;
  owners: Map<string, { id: string; firstName: string; lastName: string; email: string }>;
  /** contact id → deal ids */
  contactDeals: Map<string, string[]>;
  /** What DELETE archived, in order. */
  archived: { type: string; id: string }[];
}

export interface HubSpotServer extends ApiServer {
  state: HubSpotState;
  addContact(p: { email: string; firstname?: string; lastname?: string; company?: string; additionalEmails?: string[]; ownerId?: string }): string;
  addDeal(p: { name: string; stage: string; amount?: number; contactId: string }): string;
  addOwner(o: { id: string; firstName: string; lastName: string; email: string }): void;
  /** Created email engagements with the ids of what they are associated to. */
  emails(): { id: string; properties: Props; contactIds: string[]; dealIds: string[] }[];
  /** Meetings with the contacts they are associated to. */
  meetings(): { id: string; properties: Props; contactIds: string[] }[];
}

export async function startHubSpotServer(options: ApiServerOptions & { token?: string; indexLagMs?: number } = {}): Promise<HubSpotServer> {
  const now = options.now ?? Date.now;
  let seq = 1000;
  const state: HubSpotState = {
    token: options.token ?? 'pat-na1-11111111-2222-3333-4444-555555555555',
    portalId: 4242,
    indexLagMs: options.indexLagMs ?? 0,
    objects: { contacts: new Map(), deals: new Map(), emails: new Map(), tasks: new Map(), notes: new Map(), meetings: new Map() },
    scopes: new Set(['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.deals.read', 'crm.objects.owners.read', 'sales-email-read']),
    owners: new Map(),
    contactDeals: new Map(),
    archived: [],
  };

  const iso = (ms: number) => new Date(ms).toISOString();
  const out = (type: string, o: HsObject, props?: string[]) => {
    const all: Props = { ...o.properties, hs_object_id: o.id, createdate: iso(o.createdAt), hs_createdate: iso(o.createdAt), lastmodifieddate: iso(o.createdAt), hs_lastmodifieddate: iso(o.createdAt) };
    const wanted = props && props.length ? props : (DEFAULT_PROPS[type] ?? []);
    const properties: Record<string, string | null> = {};
    for (const p of new Set([...wanted, 'hs_object_id'])) properties[p] = all[p] ?? null;
    return { id: o.id, properties, createdAt: iso(o.createdAt), updatedAt: iso(o.createdAt), archived: false };
  };

  const create = (type: keyof HubSpotState['objects'], properties: Props, associations: HsObject['associations'] = []) => {
    const id = String(++seq);
    const o: HsObject = { id, properties, createdAt: now(), associations };
    state.objects[type].set(id, o);
    return o;
  };

  const timestampMs = (v: string | undefined) => (v === undefined ? NaN : /^\d+$/.test(v) ? Number(v) : Date.parse(v));

  const matches = (type: string, o: HsObject, f: { propertyName: string; operator: string; value?: string; values?: string[] }): boolean => {
    if (f.propertyName === 'associations.contact') {
      return f.operator === 'EQ' && o.associations.some((a) => a.to.id === f.value && ALLOWED_ASSOCIATIONS[type]?.[a.types[0]!.associationTypeId] === 'contacts');
    }
    const raw = o.properties[f.propertyName];
    switch (f.operator) {
      case 'EQ':
        if (f.propertyName === 'hs_timestamp') return timestampMs(raw) === timestampMs(f.value);
        return (raw ?? '').toLowerCase() === (f.value ?? '').toLowerCase();
      case 'IN':
        return (f.values ?? []).some((v) => v === (raw ?? '').toLowerCase());
      case 'CONTAINS_TOKEN':
        return (raw ?? '').toLowerCase().split(/[;\s]+/).includes((f.value ?? '').toLowerCase());
      case 'HAS_PROPERTY':
        return raw !== undefined && raw !== '';
      default:
        return false;
    }
  };

  const search = (type: keyof HubSpotState['objects'], body: unknown): ApiAnswer => {
    const b = body as { filterGroups?: { filters?: { propertyName: string; operator: string; value?: string; values?: string[] }[] }[]; properties?: string[]; limit?: number };
    const groups = b?.filterGroups ?? [];
    if (groups.length > 5) return validation('There was a problem with the request. filterGroups: size must be between 0 and 5');
    let total = 0;
    for (const g of groups) {
      const n = g.filters?.length ?? 0;
      if (n > 6) return validation('filters: size must be between 0 and 6');
      total += n;
    }
    if (total > 18) return validation('Too many filters: at most 18 in all');
    if ((b.limit ?? 10) > 200) return validation('limit: must be less than or equal to 200');
    for (const g of groups) {
      for (const f of g.filters ?? []) {
        // HubSpot 2026-11: IN takes lower-case values for string properties.
        if (f.operator === 'IN' && (!f.values || f.values.some((v) => v !== v.toLowerCase()))) return validation('IN filter values must be lowercase strings');
        // HubSpot 2026-12-06 (CRM search guide): an IN filter takes at most 100 values.
        if (f.operator === 'IN' && f.values!.length > 100) return validation('IN filter: at most 100 values');
      }
    }
    // The index lags writes: what was created less than indexLagMs ago is not found yet.
    const visible = [...state.objects[type].values()].filter((o) => o.createdAt + state.indexLagMs <= now());
    const hits = visible.filter((o) => groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(type, o, f))));
    const limit = b.limit ?? 10;
    // Paging (CRM search docs): `after` is the offset of the next page as a string; paging.next.after says there is one.
    const after = Number((b as { after?: string }).after ?? 0);
    const page = hits.slice(after, after + limit);
    const more = after + limit < hits.length;
    return json(200, { total: hits.length, results: page.map((o) => out(type, o, b.properties)), ...(more ? { paging: { next: { after: String(after + limit) } } } : {}) });
  };

  const propertyError = (type: string, props: Props): ApiAnswer | undefined => {
    if (type === 'meetings' && props.hs_meeting_outcome !== undefined && !MEETING_OUTCOMES.includes(props.hs_meeting_outcome)) {
      return validation(`Property values were not valid: hs_meeting_outcome=${props.hs_meeting_outcome}`);
    }
    // An owner id HubSpot does not know is refused like any invalid option.
    if (props.hubspot_owner_id !== undefined && props.hubspot_owner_id !== '' && !state.owners.has(props.hubspot_owner_id)) {
      return validation(`Property values were not valid: hubspot_owner_id=${props.hubspot_owner_id} is not a valid owner id`);
    }
    return undefined;
  };

  const stringProps = (raw: Record<string, unknown>): { props: Props } | { error: ApiAnswer } => {
    const props: Props = {};
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return { error: validation(`Property values must be strings: ${k}`) };
      if (String(v).length > 65_536) return { error: validation(`Property ${k} is longer than 65536 characters`) };
      props[k] = String(v);
    }
    return { props };
  };

  // PATCH /crm/v3/objects/{type}/{id}: the properties given replace those values; 200 with the object.
  const updateRoute = (type: 'contacts' | 'meetings', id: string, body: unknown): ApiAnswer => {
    const o = state.objects[type].get(id);
    if (!o) return json(404, { status: 'error', message: `Object not found.  objectId are usually numeric.`, category: 'OBJECT_NOT_FOUND' });
    const b = body as { properties?: Record<string, unknown> };
    if (!b || typeof b.properties !== 'object' || b.properties === null) return validation('properties is required');
    const read = stringProps(b.properties);
    if ('error' in read) return read.error;
    const bad = propertyError(type, read.props);
    if (bad) return bad;
    Object.assign(o.properties, read.props);
    return json(200, out(type, o, Object.keys(read.props)));
  };

  const createRoute = (type: 'contacts' | 'emails' | 'tasks' | 'notes' | 'meetings', body: unknown): ApiAnswer => {
    const b = body as { properties?: Record<string, unknown>; associations?: HsObject['associations'] };
    if (!b || typeof b.properties !== 'object' || b.properties === null) return validation('properties is required');
    const read = stringProps(b.properties);
    if ('error' in read) return read.error;
    const props = read.props;
    for (const r of REQUIRED[type] ?? []) if (!props[r]) return validation(`Property "${r}" is required`);
    const badProperty = propertyError(type, props);
    if (badProperty) return badProperty;
    if (type === 'emails' && props.hs_email_direction && !['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL'].includes(props.hs_email_direction)) {
      return validation(`Property values were not valid: hs_email_direction=${props.hs_email_direction}`);
    }
    if (props.hs_email_headers) {
      try {
        JSON.parse(props.hs_email_headers);
      } catch {
        return validation('hs_email_headers must be a JSON-escaped string');
      }
    }
    const associations = b.associations ?? [];
    for (const a of associations) {
      const typeId = a.types?.[0]?.associationTypeId;
      const target = typeId === undefined ? undefined : ALLOWED_ASSOCIATIONS[type]?.[typeId];
      if (!target || a.types[0]!.associationCategory !== 'HUBSPOT_DEFINED') return validation(`invalid association type ${typeId} from ${type}`);
      const targetStore = state.objects[target as 'contacts' | 'deals'];
      if (targetStore && !targetStore.has(String(a.to.id))) return json(404, { status: 'error', message: `${target} ${a.to.id} does not exist`, category: 'OBJECT_NOT_FOUND' });
    }
    if (type === 'contacts') {
      const email = (props.email ?? '').toLowerCase();
      const existing = [...state.objects.contacts.values()].find((c) => c.properties.email === email);
      if (existing) return json(409, { status: 'error', message: `Contact already exists. Existing ID: ${existing.id}`, category: 'CONFLICT' });
      props.email = email;
    }
    const o = create(type, props, associations);
    return json(201, out(type, o, Object.keys(props)));
  };

  const route = (req: RecordedRequest): ApiAnswer => {
    if (bearer(req) !== state.token) {
      return json(401, { status: 'error', message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.', correlationId: 'test', category: 'INVALID_AUTHENTICATION' });
    }
    const { method, path } = req;
    const scope = SCOPE_OF(method, path);
    if (scope && !state.scopes.has(scope)) {
      return json(403, {
        status: 'error',
        message: "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        correlationId: 'test',
        errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
        category: 'MISSING_SCOPES',
      });
    }
    let m: RegExpExecArray | null;
    if (method === 'PATCH' && (m = /^\/crm\/v3\/objects\/(contacts|meetings)\/([^/]+)$/.exec(path))) return updateRoute(m[1] as 'contacts', m[2]!, req.body);
    if (method === 'GET' && path === '/crm/v3/owners') {
      // Owners list (CRM Owners v3): `limit` ≤ 500, cursor `after`, paging.next.after while more remain.
      const limit = Math.min(Number(req.query.limit ?? 100), 500);
      const after = Number(req.query.after ?? 0);
      const all = [...state.owners.values()];
      const page = all.slice(after, after + limit);
      const more = after + limit < all.length;
      return json(200, { results: page.map((o) => ({ ...o, type: 'PERSON', userId: 1, createdAt: iso(0), updatedAt: iso(0), archived: false })), ...(more ? { paging: { next: { after: String(after + limit) } } } : {}) });
    }
    if (method === 'GET' && path === '/account-info/v3/details') {
      return json(200, { portalId: state.portalId, accountType: 'STANDARD', timeZone: 'US/Eastern', companyCurrency: 'USD', additionalCurrencies: [], utcOffset: '-05:00', utcOffsetMilliseconds: -18_000_000, uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' });
    }
    if (method === 'POST' && (m = /^\/crm\/v3\/objects\/(contacts|emails|tasks|notes|meetings)\/search$/.exec(path))) return search(m[1] as 'contacts', req.body);
    if (method === 'POST' && (m = /^\/crm\/v3\/objects\/(contacts|emails|tasks|notes|meetings)$/.exec(path))) return createRoute(m[1] as 'contacts', req.body);
    if (method === 'GET' && (m = /^\/crm\/v3\/owners\/([^/]+)$/.exec(path))) {
      const o = state.owners.get(m[1]!);
      return o ? json(200, { ...o, type: 'PERSON', userId: 1, createdAt: iso(0), updatedAt: iso(0), archived: false }) : json(404, { status: 'error', message: 'Owner not found', category: 'OBJECT_NOT_FOUND' });
    }
    if (method === 'GET' && (m = /^\/crm\/v4\/objects\/contacts\/([^/]+)\/associations\/deals$/.exec(path))) {
      const ids = state.contactDeals.get(m[1]!) ?? [];
      return json(200, { results: ids.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }] })) });
    }
    if (method === 'POST' && path === '/crm/v3/objects/deals/batch/read') {
      const b = req.body as { inputs?: { id: string }[]; properties?: string[] };
      if (!b?.inputs || b.inputs.length > 100) return validation('inputs: size must be between 1 and 100');
      const results = b.inputs.map((i) => state.objects.deals.get(i.id)).filter((d): d is HsObject => !!d).map((d) => out('deals', d, b.properties));
      return json(200, { status: 'COMPLETE', results, startedAt: iso(now()), completedAt: iso(now()) });
    }
    if (method === 'GET' && path === '/crm/v3/pipelines/deals') return json(200, { results: [HUBSPOT_PIPELINE] });
    // Archive (HubSpot's DELETE): 204 with no body; 404 for an id that is not there (or archived already).
    if (method === 'DELETE' && (m = /^\/crm\/v3\/objects\/(emails|tasks|notes)\/([^/]+)$/.exec(path))) {
      const type = m[1] as 'emails';
      if (!state.objects[type].delete(m[2]!)) return json(404, { status: 'error', message: `Object not found.  objectId are usually numeric.`, category: 'OBJECT_NOT_FOUND' });
      state.archived.push({ type, id: m[2]! });
      return { status: 204 };
    }
    return json(404, { status: 'error', message: `No route for ${method} ${path}`, category: 'OBJECT_NOT_FOUND' });
  };

  // Owners and meetings are checked against Followthrough's transcription of HubSpot's documented shapes
  // (test/fixtures/crm-specs/hubspot/, see its README); the other HubSpot calls are not checked yet.
  const check = await loadContract([{ name: 'HubSpot CRM v3 (owners, meetings)', file: 'hubspot/owners-meetings.yaml', apiRoot: '', partial: true }]);
  const server = await startApiServer(route, { ...options, contract: options.contract ?? { check, reject: (message) => ({ status: 'error', message, correlationId: 'test-contract', category: 'VALIDATION_ERROR' }) } });
  return {
    ...server,
    state,
    addContact(p) {
      const o = create('contacts', {
        email: p.email.toLowerCase(),
        firstname: p.firstname ?? '',
        lastname: p.lastname ?? '',
        ...(p.company ? { company: p.company } : {}),
        ...(p.additionalEmails ? { hs_additional_emails: p.additionalEmails.join(';') } : {}),
        ...(p.ownerId ? { hubspot_owner_id: p.ownerId } : {}),
      });
      o.createdAt = 0; // seeded records are long indexed
      return o.id;
    },
    addDeal(p) {
      const o = create('deals', { dealname: p.name, dealstage: p.stage, pipeline: 'default', ...(p.amount ? { amount: String(p.amount) } : {}) });
      o.createdAt = 0;
      state.contactDeals.set(p.contactId, [...(state.contactDeals.get(p.contactId) ?? []), o.id]);
      return o.id;
    },
    addOwner(o) {
      state.owners.set(o.id, o);
    },
    meetings() {
      return [...state.objects.meetings.values()].map((e) => ({ id: e.id, properties: e.properties, contactIds: e.associations.filter((a) => a.types[0]!.associationTypeId === 200).map((a) => String(a.to.id)) }));
    },
    emails() {
      return [...state.objects.emails.values()].map((e) => ({
        id: e.id,
        properties: e.properties,
        contactIds: e.associations.filter((a) => a.types[0]!.associationTypeId === 198).map((a) => String(a.to.id)),
        dealIds: e.associations.filter((a) => a.types[0]!.associationTypeId === 210).map((a) => String(a.to.id)),
      }));
    },
  };
}
