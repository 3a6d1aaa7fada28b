import { afterAll } from 'vitest';
import { startSalesforceServer, type SalesforceServer } from '../server/crm-api/salesforce';
import { describeRealAccount } from './crm-real-account';
import { useExtensionBrowser } from './suite';

// Salesforce sync in the real extension: Chromium reaches the org's API host
// (https://acme.my.salesforce.com), mapped to a loopback HTTPS server implementing the REST shapes used.

const HOST = 'acme.my.salesforce.com';
let salesforce: SalesforceServer;

const e2e = useExtensionBrowser({
  server: { undoSeconds: 1 },
  async launch() {
    salesforce = await startSalesforceServer({ tls: { hosts: [HOST] }, cors: true, enhancedEmail: true });
    return { extraHosts: [{ host: HOST, port: salesforce.port }] };
  },
});
afterAll(async () => {
  await salesforce?.close();
});

describeRealAccount(e2e, {
  crm: 'salesforce',
  label: 'Salesforce',
  server: () => salesforce,
  credentials: () => ({ crm: 'salesforce', method: 'token', accessToken: [...salesforce.tokens][0]!, instanceUrl: `https://${HOST}`, account: 'Salesforce sam@rep.example' }),
  seed(s) {
    const account = '001000000000001AAA';
    const contactId = s.addContact({ Name: 'Priya Raman', Email: 'priya.raman@acme-robotics.example', AccountId: account, AccountName: 'Acme Robotics' });
    return { contactId, dealId: s.addOpportunity({ Name: 'Fleet tracking pilot', StageName: 'Proposal/Price Quote', AccountId: account, Amount: 13_920 }) };
  },
  logged: (s) =>
    [...s.records.EmailMessage.values()].map((e) => ({ id: e.Id, subject: String(e.Subject), contactIds: [...((e.ToIds as string[] | undefined) ?? []), ...[...s.records.EmailMessageRelation.values()].filter((r) => r.EmailMessageId === e.Id).map((r) => String(r.RelationId))], dealId: e.RelatedToId as string | undefined })),
  deleted: (s) => s.deleted,
});
