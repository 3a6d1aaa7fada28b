import { hubspot } from './hubspot';
import { local } from './local';
import { pipedrive } from './pipedrive';
import { salesforce } from './salesforce';
import type { ConnectorDefinition, CrmName } from './types';

// Every CRM Followthrough can log to. Adding one = its file in this folder + one line here.
export const connectors = {
  local,
  hubspot,
  pipedrive,
  salesforce,
} as const satisfies Record<CrmName, ConnectorDefinition>;

export const connectorFor = (crm: CrmName): ConnectorDefinition => connectors[crm];

export * from './types';
