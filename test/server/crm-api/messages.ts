// What a loopback CRM records of a request and answers with: shared by the server (common.ts) and the spec check
// (contract.ts), apart from both so that neither imports the other.

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** The server clock when it arrived (a test's fake clock, if given). */
  at: number;
}

export interface ApiAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
