import { z } from 'zod';
import { channel } from '../channel';
import { CrmStatus } from '../crm/health';
import { CrmOwner } from '../crm/connectors/types';

// Channels of the crm area. Each is declared once here and spread into lib/messages.ts.

const RemoteCrm = z.enum(['hubspot', 'pipedrive', 'salesforce']);
const Connected = z.object({ account: z.string() });


export const crmChannels = {
  'crm.owners': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: "The connected CRM's users who may own records (HubSpot owners, Pipedrive users, Salesforce Users), for picking lead routing's teammates by their owner id.",
    request: z.strictObject({ crm: RemoteCrm }),
    response: z.object({ owners: z.array(CrmOwner).max(2000) }),
  }),
  'crm.status': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Per-CRM health: connected, last sync, queued and failed writes with their reasons.',
    request: z.strictObject({}),
    response: CrmStatus,
  }),
  'crm.retry': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Queue failed CRM writes again (one by id, or all of a CRM) and run them.',
    request: z.strictObject({ crm: RemoteCrm, id: z.string().min(1).max(300).optional() }),
    response: z.object({ retried: z.number().int().nonnegative() }),
  }),
  'crm.connect': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Connect a CRM with a pasted token (checked against the CRM before it is stored); it becomes the active CRM.',
    request: z.strictObject({
      crm: RemoteCrm,
      token: z.string().trim().min(8).max(4000),
      instanceUrl: z.url().max(300).optional(),
    }),
    response: Connected,
  }),
  'crm.signIn': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Connect a CRM through its own sign-in window (OAuth), where the CRM supports it.',
    request: z.strictObject({ crm: RemoteCrm }),
    response: Connected,
  }),
  'crm.disconnect': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Forget a CRM’s token; the local CRM becomes active if it was.',
    request: z.strictObject({ crm: RemoteCrm }),
    response: z.object({ disconnected: z.literal(true) }),
  }),

  // ---- Failed and waiting rows one by one (issue 12) ----
  'crm.dismiss': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Drop one failed or waiting CRM write from the queue (the rep’s Dismiss).',
    request: z.strictObject({ crm: RemoteCrm, id: z.string().min(1).max(300) }),
    response: z.object({ dismissed: z.boolean() }),
  }),
} as const;
