import { z } from 'zod';
import { GmailMessageId } from '../records';
import { RemoteCrmName } from './connectors/types';

// A lead's owner, set in the team's CRM by lead routing's round-robin (lib/today/leads.ts): an outbox row
// keyed by the Gmail message the lead came from, so the same lead is assigned once whatever happens to the
// worker. The owner field per CRM (checked against each vendor's API reference on 2026-12-06):
// HubSpot contact property `hubspot_owner_id` (PATCH /crm/v3/objects/contacts/{id}, the owner's numeric id
// from /crm/v3/owners); Pipedrive person `owner_id` (PATCH /api/v2/persons/{id}, a user id); Salesforce
// `OwnerId` on Contact or Lead (PATCH /services/data/vXX.X/sobjects/{Contact|Lead}/{id}, a User id 005…).

export const OWNER_KIND = 'crm.assignOwner';

export const OwnerJob = z.object({
  crm: RemoteCrmName,
  messageId: GmailMessageId,
  email: z.email(),
  name: z.string().max(300).default(''),
  ownerId: z.string().min(1).max(100),
  ownerName: z.string().max(200),
});
export type OwnerJob = z.infer<typeof OwnerJob>;

export const ownerJobId = (crm: string, messageId: string) => `crm:${crm}:owner:${messageId}`;

/** The owner field each CRM's contact (person, lead) record holds. */
export const OWNER_FIELD = { hubspot: 'hubspot_owner_id', pipedrive: 'owner_id', salesforce: 'OwnerId' } as const;
