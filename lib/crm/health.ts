import { z } from 'zod';

// What the popup and side panel show about each CRM. Apart from the sync so the pages' bundles stay small.

export const CrmHealth = z.object({
  crm: z.enum(['hubspot', 'pipedrive', 'salesforce']),
  label: z.string(),
  active: z.boolean(),
  connected: z.boolean(),
  account: z.string().optional(),
  lastSyncAt: z.number().int().optional(),
  queued: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  failures: z.array(z.object({ id: z.string(), error: z.string(), at: z.number().int().optional() })).max(20),
});
export type CrmHealth = z.infer<typeof CrmHealth>;

export const CrmStatus = z.object({ active: z.enum(['local', 'hubspot', 'pipedrive', 'salesforce']), crms: z.array(CrmHealth) });
export type CrmStatus = z.infer<typeof CrmStatus>;
