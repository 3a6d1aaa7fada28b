// Which CRM record a URL shows. Pure one-liners over a URL, each with example URLs (CONTRIBUTING.md habit 3); one
// test crosses every example with every detector. No zod here: the CRM content script imports this.
//
// URL shapes (public help-centre articles and API docs, 2026-11):
// - HubSpot: `app.hubspot.com/contacts/<portal>/record/<objectTypeId>/<id>` with 0-1 contact, 0-2 company,
//   0-3 deal; older links `…/contacts/<portal>/contact|company|deal/<id>` still redirect and are accepted.
// - Salesforce Lightning: `<org>.lightning.force.com/lightning/r/<Object>/<15|18-char id>/view`; ids start
//   with the object's key prefix: 003 Contact, 00Q Lead, 001 Account, 006 Opportunity.
// - Pipedrive: `<company>.pipedrive.com/person/<id>`, `/organization/<id>`, `/deal/<id>`.

export type CrmName = 'hubspot' | 'salesforce' | 'pipedrive';
export type RecordType = 'contact' | 'lead' | 'company' | 'account' | 'deal' | 'opportunity' | 'person' | 'organization';
export interface CrmRecordRef {
  crm: CrmName;
  recordType: RecordType;
  recordId: string;
}
type Detector = (url: URL) => boolean;

const HUBSPOT = /^\/contacts\/(\d{1,12})\/(?:record\/(0-[123])|(contact|company|deal))\/(\d{1,20})(?:\/|$)/;
const HUBSPOT_TYPES: Record<string, RecordType> = { '0-1': 'contact', '0-2': 'company', '0-3': 'deal', contact: 'contact', company: 'company', deal: 'deal' };
const SALESFORCE = /^\/lightning\/r\/(Contact|Lead|Account|Opportunity)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view\/?$/;
const SALESFORCE_PREFIX: Record<string, string> = { Contact: '003', Lead: '00Q', Account: '001', Opportunity: '006' };
const PIPEDRIVE = /^\/(person|organization|deal)\/(\d{1,15})(?:\/|$)/;

const isHubSpotHost = (url: URL) => url.protocol === 'https:' && url.hostname === 'app.hubspot.com';
const isSalesforceHost = (url: URL) => url.protocol === 'https:' && url.hostname.endsWith('.lightning.force.com');
const isPipedriveHost = (url: URL) => url.protocol === 'https:' && url.hostname.endsWith('.pipedrive.com') && !/^(api|oauth|developers|www)\./.test(url.hostname);

function hubspot(url: URL): CrmRecordRef | undefined {
  const m = isHubSpotHost(url) ? HUBSPOT.exec(url.pathname) : null;
  return m ? { crm: 'hubspot', recordType: HUBSPOT_TYPES[m[2] ?? m[3]!]!, recordId: m[4]! } : undefined;
}
function salesforce(url: URL): CrmRecordRef | undefined {
  const m = isSalesforceHost(url) ? SALESFORCE.exec(url.pathname) : null;
  if (!m || !m[2]!.startsWith(SALESFORCE_PREFIX[m[1]!]!)) return undefined;
  return { crm: 'salesforce', recordType: m[1]!.toLowerCase() as RecordType, recordId: m[2]! };
}
function pipedrive(url: URL): CrmRecordRef | undefined {
  const m = isPipedriveHost(url) ? PIPEDRIVE.exec(url.pathname) : null;
  return m ? { crm: 'pipedrive', recordType: m[1] as RecordType, recordId: m[2]! } : undefined;
}

/** The record a URL shows, or undefined. */
export const recordOf = (url: URL): CrmRecordRef | undefined => hubspot(url) ?? salesforce(url) ?? pipedrive(url);

const is = (crm: CrmName, type: RecordType): Detector => (url) => {
  const r = recordOf(url);
  return r?.crm === crm && r.recordType === type;
};

export const isHubSpotContact = is('hubspot', 'contact');
export const isHubSpotCompany = is('hubspot', 'company');
export const isHubSpotDeal = is('hubspot', 'deal');
export const isSalesforceContact = is('salesforce', 'contact');
export const isSalesforceLead = is('salesforce', 'lead');
export const isSalesforceAccount = is('salesforce', 'account');
export const isSalesforceOpportunity = is('salesforce', 'opportunity');
export const isPipedrivePerson = is('pipedrive', 'person');
export const isPipedriveOrganization = is('pipedrive', 'organization');
export const isPipedriveDeal = is('pipedrive', 'deal');

/** Each detector with URLs it must accept; every other detector must refuse them. */
export const DETECTORS: { name: string; detect: Detector; examples: string[] }[] = [
  { name: 'isHubSpotContact', detect: isHubSpotContact, examples: ['https://app.hubspot.com/contacts/24681357/record/0-1/51234567801', 'https://app.hubspot.com/contacts/24681357/contact/51234567801/', 'https://app.hubspot.com/contacts/24681357/record/0-1/51234567801/view/1?tab=activity'] },
  { name: 'isHubSpotCompany', detect: isHubSpotCompany, examples: ['https://app.hubspot.com/contacts/24681357/record/0-2/18765432109', 'https://app.hubspot.com/contacts/24681357/company/18765432109'] },
  { name: 'isHubSpotDeal', detect: isHubSpotDeal, examples: ['https://app.hubspot.com/contacts/24681357/record/0-3/9876543210', 'https://app.hubspot.com/contacts/24681357/deal/9876543210/'] },
  { name: 'isSalesforceContact', detect: isSalesforceContact, examples: ['https://acme.lightning.force.com/lightning/r/Contact/003Hs00002AbCdEIAV/view', 'https://acme--sandbox.sandbox.lightning.force.com/lightning/r/Contact/003Hs00002AbCdE/view'] },
  { name: 'isSalesforceLead', detect: isSalesforceLead, examples: ['https://acme.lightning.force.com/lightning/r/Lead/00QHs00001XyZwVMAV/view'] },
  { name: 'isSalesforceAccount', detect: isSalesforceAccount, examples: ['https://acme.lightning.force.com/lightning/r/Account/001Hs00003QrStUIAV/view'] },
  { name: 'isSalesforceOpportunity', detect: isSalesforceOpportunity, examples: ['https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001MnOpQIAV/view'] },
  { name: 'isPipedrivePerson', detect: isPipedrivePerson, examples: ['https://acme.pipedrive.com/person/1042', 'https://acme-sales.pipedrive.com/person/7/'] },
  { name: 'isPipedriveOrganization', detect: isPipedriveOrganization, examples: ['https://acme.pipedrive.com/organization/311'] },
  { name: 'isPipedriveDeal', detect: isPipedriveDeal, examples: ['https://acme.pipedrive.com/deal/58'] },
];

/** URLs on the same hosts that show no single record: every detector must refuse them. */
export const NOT_RECORDS = [
  'https://app.hubspot.com/contacts/24681357/objects/0-1/views/all/list',
  'https://app.hubspot.com/reports-dashboard/24681357/view/123',
  'https://app.hubspot.com/contacts/24681357/record/0-5/123',
  'https://acme.lightning.force.com/lightning/o/Contact/list',
  'https://acme.lightning.force.com/lightning/r/Contact/001Hs00003QrStUIAV/view',
  'https://acme.lightning.force.com/lightning/r/Contact/003Hs00002AbCdEIAV/edit',
  'https://acme.lightning.force.com/lightning/page/home',
  'https://acme.pipedrive.com/pipeline/1',
  'https://acme.pipedrive.com/persons/list',
  'https://api.pipedrive.com/person/1042',
  'http://acme.pipedrive.com/person/1042',
  'https://app.hubspot.com.evil.example/contacts/1/record/0-1/2',
  'https://mail.google.com/mail/u/0/#inbox',
];
