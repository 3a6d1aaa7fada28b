import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { generate } from 'selfsigned';
import { formatViolation, type Contract, type ContractViolation } from './contract';

// A loopback HTTP server for a CRM API: real sockets on 127.0.0.1, real JSON, every request recorded.
// Each CRM's file (hubspot.ts, pipedrive.ts, salesforce.ts) supplies the routes that implement the documented
// shapes. Tests inject faults per request: a status with headers, a hang, or a socket destroyed before or
// after the CRM applied the request.

export type { ApiAnswer, RecordedRequest } from './messages';
import type { ApiAnswer, RecordedRequest } from './messages';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Never answer (the client's timeout fires). */
  | { kind: 'hang' }
  /** Destroy the socket without applying the request. */
  | { kind: 'drop' }
  /** Apply the request (the CRM wrote it), then destroy the socket before answering. */
  | { kind: 'drop-after-apply' }
  /** Apply the request, then never answer (the worker may stop meanwhile). */
  | { kind: 'hang-after-apply'; onApplied?: () => void };

export type FaultRule = (req: RecordedRequest, index: number) => Fault | undefined;

export type Route = (req: RecordedRequest) => ApiAnswer;

export interface ApiServerOptions {
  now?: () => number;
  tls?: { hosts: string[] };
  /** Answer CORS preflights (the extension's worker calls the API cross-origin in e2e). */
  cors?: boolean;
  /**
   * The vendor's published API: every request is checked before it is served (one the spec rejects is answered
   * 400 with `reject(message)`), every answer before it is sent (one that breaks the spec becomes a 500), and
   * each break is kept in `violations`; `close()` throws while any is left, so no test passes over one.
   */
  contract?: { check: Contract; reject: (message: string) => unknown };
}

export interface ApiServer {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** Consulted in order for each request; the first that returns a fault wins. */
  faults: FaultRule[];
  /** Requests and answers the vendor's published spec rejects (see ApiServerOptions.contract). */
  violations: ContractViolation[];
  close(): Promise<void>;
}

const flatHeaders = (req: IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
};

export async function startApiServer(route: Route, options: ApiServerOptions = {}): Promise<ApiServer> {
  const now = options.now ?? Date.now;
  const requests: RecordedRequest[] = [];
  const faults: FaultRule[] = [];
  const violations: ContractViolation[] = [];
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, answer: ApiAnswer) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=utf-8', ...(answer.headers ?? {}) };
    if (options.cors) Object.assign(headers, { 'Access-Control-Allow-Origin': '*' });
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (options.cors && req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
          'Access-Control-Allow-Headers': 'authorization, content-type, accept, x-api-token',
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://loopback');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: flatHeaders(req),
        body,
        at: now(),
      };
      requests.push(recorded);
      const index = requests.length - 1;
      const contract = options.contract;
      const match = contract?.check.checkRequest(recorded);
      if (contract && match && 'errors' in match) {
        violations.push(match);
        send(res, { status: 400, body: contract.reject(formatViolation(match)) });
        return;
      }
      let fault: Fault | undefined;
      for (const rule of faults) {
        fault = rule(recorded, index);
        if (fault) break;
      }
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        send(res, { status: fault.status, headers: fault.headers, body: fault.body });
        return;
      }
      let answer: ApiAnswer;
      try {
        answer = route(recorded);
      } catch (error) {
        answer = { status: 500, body: { message: `test server: ${error instanceof Error ? error.message : String(error)}` } };
      }
      if (contract && match && !('errors' in match)) {
        const broken = contract.check.checkResponse(recorded, match, answer);
        if (broken) {
          violations.push(broken);
          answer = { status: 500, body: contract.reject(`test server: ${formatViolation(broken)}`) };
        }
      }
      if (fault?.kind === 'drop-after-apply') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'hang-after-apply') {
        fault.onApplied?.();
        return;
      }
      send(res, answer);
    });
  };

  let server;
  if (options.tls) {
    const pems = await generate([{ name: 'commonName', value: options.tls.hosts[0] ?? 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [...options.tls.hosts.map((h) => ({ type: 2 as const, value: h })), { type: 7 as const, ip: '127.0.0.1' }] }],
    });
    server = createHttpsServer({ key: pems.private, cert: pems.cert }, handler);
  } else {
    server = createHttpServer(handler);
  }
  server.keepAliveTimeout = 1_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    faults,
    violations,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (violations.length) throw new Error(`the loopback API saw ${violations.length} break(s) of the vendor's published spec:\n${violations.slice(0, 10).map(formatViolation).join('\n')}`);
    },
  };
}

/** Bearer token check shared by HubSpot and Salesforce fakes. */
export const bearer = (req: RecordedRequest): string | undefined => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

export const json = (status: number, body: unknown, headers?: Record<string, string>): ApiAnswer => ({ status, body, headers });
