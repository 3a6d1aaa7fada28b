import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import addFormats from 'ajv-formats';
import { OpenAPIBackend, type Operation } from 'openapi-backend';
import { load } from 'js-yaml';
import type { ApiAnswer, RecordedRequest } from './messages';

// The loopback CRMs check every request they receive and every answer they give against the vendor's own
// published OpenAPI document (vendored, unmodified, under test/fixtures/crm-specs/ with its source and date).
// The checking is openapi-backend's (request matching + Ajv), not ours: a fake can then only drift from the
// vendor where the vendor's document is silent, and each such rule in a fake names the doc page it follows.

export interface ContractViolation {
  where: 'request' | 'response';
  spec: string;
  method: string;
  path: string;
  status?: number;
  errors: string[];
}

export interface SpecSource {
  /** A label for messages, e.g. "Pipedrive API v2". */
  name: string;
  /** The vendored document, relative to test/fixtures/crm-specs/. */
  file: string;
  /** Where the document's paths start on the wire (its `servers[0].url` path). */
  apiRoot: string;
  /**
   * The document covers only some of the vendor's operations (a transcription of the ones a feature calls, where
   * the vendor publishes no usable document): requests it has no operation for are served unchecked.
   */
  partial?: true;
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/crm-specs/', import.meta.url));
// Parsing a 1–2 MB YAML document takes about a second: once per test process, shared by every server.
const backends = new Map<string, Promise<OpenAPIBackend>>();

function backend(source: SpecSource): Promise<OpenAPIBackend> {
  let ready = backends.get(source.file);
  if (!ready) {
    ready = (async () => {
      const definition = load(readFileSync(FIXTURES + source.file, 'utf8')) as OpenAPIBackend['definition'];
      // quick: the vendor's document is taken as published (its own schema validity is not ours to judge).
      const api = new OpenAPIBackend({
        definition,
        apiRoot: source.apiRoot,
        quick: true,
        validate: true,
        ajvOpts: { strict: false, allErrors: true },
        // The formats the documents use (date, date-time, email, uuid…) are checked, not ignored.
        customizeAjv: (ajv) => {
          addFormats(ajv);
          return ajv;
        },
      });
      await api.init();
      return api;
    })();
    backends.set(source.file, ready);
  }
  return ready;
}

const describeErrors = (errors: readonly { instancePath?: string; message?: string; params?: unknown }[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}${e.params && typeof e.params === 'object' && 'allowedValues' in e.params ? ` ${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)}` : ''}`);

export interface Contract {
  /** The operation a request is, or a violation when no published operation matches or the request breaks it. */
  checkRequest(req: RecordedRequest): { operation: Operation; spec: SpecSource } | ContractViolation | undefined;
  /** A violation when the answer breaks what the operation documents (a status it documents, a body's schema). */
  checkResponse(req: RecordedRequest, match: { operation: Operation; spec: SpecSource }, answer: ApiAnswer): ContractViolation | undefined;
}

/** A contract over one or more vendor documents, tried by their API roots (Pipedrive's v1 and v2 live side by side). */
export async function loadContract(sources: readonly SpecSource[]): Promise<Contract> {
  const apis = await Promise.all(sources.map(async (spec) => ({ spec, api: await backend(spec) })));
  return {
    checkRequest(req) {
      const request = { method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body };
      const owner = apis.filter((a) => req.path === a.spec.apiRoot || req.path.startsWith(`${a.spec.apiRoot}/`)).sort((a, b) => b.spec.apiRoot.length - a.spec.apiRoot.length)[0];
      const operation = owner?.api.matchOperation(request);
      // A transcription covers its own operations only: anything else (under its root or not) goes unchecked.
      if ((owner ? owner.spec.partial : apis.every((a) => a.spec.partial)) && !operation) return undefined;
      if (!owner || !operation) {
        return { where: 'request', spec: owner?.spec.name ?? sources.map((s) => s.name).join(' / '), method: req.method, path: req.path, errors: ['no such operation in the published API'] };
      }
      const result = owner.api.validateRequest(request, operation);
      if (!result.valid) return { where: 'request', spec: owner.spec.name, method: req.method, path: req.path, errors: describeErrors(result.errors) };
      return { operation, spec: owner.spec };
    },
    checkResponse(req, match, answer) {
      const api = apis.find((a) => a.spec === match.spec)!.api;
      const documented = Object.keys(match.operation.responses ?? {});
      const status = String(answer.status);
      const fail = (errors: string[]): ContractViolation => ({ where: 'response', spec: match.spec.name, method: req.method, path: req.path, status: answer.status, errors });
      // A success the operation does not document (201 where the vendor answers 200) is drift; an error status
      // the vendor leaves undocumented is judged by the fake's own doc-cited rule.
      if (!documented.includes(status) && !documented.includes('default')) return answer.status < 300 ? fail([`status ${status} is not documented (${documented.join(', ')})`]) : undefined;
      // An answer with no body (Salesforce's 204) is what openapi-backend calls null.
      const result = api.validateResponse(answer.body === undefined ? null : answer.body, match.operation, answer.status);
      return result.valid ? undefined : fail(describeErrors(result.errors));
    },
  };
}

export const formatViolation = (v: ContractViolation) => `${v.spec}: ${v.where} ${v.method} ${v.path}${v.status ? ` → ${v.status}` : ''}: ${v.errors.join('; ')}`;
