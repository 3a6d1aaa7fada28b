import { afterAll } from 'vitest';
import { startPipedriveServer, type PipedriveServer } from '../server/crm-api/pipedrive';
import { describeRealAccount } from './crm-real-account';
import { useExtensionBrowser } from './suite';

// Pipedrive sync in the real extension: Chromium reaches https://api.pipedrive.com, mapped to a loopback
// HTTPS server implementing Pipedrive's documented shapes (lookups and undo on API v2).

const TOKEN = '0123456789abcdef0123456789abcdef0e2e0e2e';
let pipedrive: PipedriveServer;

const e2e = useExtensionBrowser({
  server: { undoSeconds: 1 },
  async launch() {
    pipedrive = await startPipedriveServer({ token: TOKEN, tls: { hosts: ['api.pipedrive.com'] }, cors: true });
    return { extraHosts: [{ host: 'api.pipedrive.com', port: pipedrive.port }] };
  },
});
afterAll(async () => {
  await pipedrive?.close();
});

describeRealAccount(e2e, {
  crm: 'pipedrive',
  label: 'Pipedrive',
  server: () => pipedrive,
  credentials: () => ({ crm: 'pipedrive', method: 'token', accessToken: TOKEN, account: 'Pipedrive Rep Co (Sam Rep)' }),
  seed(s) {
    const person = s.addPerson({ name: 'Priya Raman', emails: ['priya.raman@acme-robotics.example'], orgId: 7, orgName: 'Acme Robotics' });
    return { contactId: String(person), dealId: String(s.addDeal({ title: 'Fleet tracking pilot', personId: person, stageId: 2, status: 'open', value: 13_920 })) };
  },
  logged: (s) =>
    [...s.activities.values()].filter((a) => a.type === 'email').map((a) => ({ id: String(a.id), subject: a.subject, contactIds: a.participants.map((p) => String(p.person_id)), dealId: a.deal_id === null ? undefined : String(a.deal_id) })),
  deleted: (s) => s.deleted.map(String),
});
