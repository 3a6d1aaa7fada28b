import { z } from 'zod';
import { Words } from '../words';

// What the popup and side panel show about each CRM. Apart from the sync so the pages' bundles stay small.

/** One failed or waiting write, as the popup and side panel list it (with Retry and Dismiss). */
export const CrmRowHealth = z.object({
  id: z.string(),
  status: z.enum(['failed', 'waiting']),
  what: z.enum(['email', 'note', 'task', 'undo', 'owner', 'meeting']),
  subject: z.string().optional(),
  /** Whom it is logged to: "Name <address>". */
  contact: z.string().optional(),
  /** What the CRM (or the network) said. */
  message: z.string(),
  /** What the rep should do about it. */
  fix: z.string(),
  /** `message` and `fix` in the rep's language (lib/say.ts); absent for rows stored before words, which show the English. */
  messageWords: Words.optional(),
  fixWords: Words.optional(),
  attempts: z.number().int().nonnegative(),
  at: z.number().int().optional(),
  nextAttemptAt: z.number().int().optional(),
});
export type CrmRowHealth = z.infer<typeof CrmRowHealth>;

export const CrmHealth = z.object({
  crm: z.enum(['hubspot', 'pipedrive', 'salesforce']),
  label: z.string(),
  active: z.boolean(),
  connected: z.boolean(),
  account: z.string().optional(),
  lastSyncAt: z.number().int().optional(),
  queued: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  failures: z.array(z.object({ id: z.string(), error: z.string(), words: Words.optional(), at: z.number().int().optional() })).max(20),
  /** Failed rows, then rows waiting to be tried again, one by one. */
  rows: z.array(CrmRowHealth).max(50).default([]),
});
export type CrmHealth = z.infer<typeof CrmHealth>;

export const CrmStatus = z.object({ active: z.enum(['local', 'hubspot', 'pipedrive', 'salesforce']), crms: z.array(CrmHealth) });
export type CrmStatus = z.infer<typeof CrmStatus>;
