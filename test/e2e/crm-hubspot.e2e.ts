import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { CrmStatusSection, PanelLogToCrm } from './pages/crm-sync';
import { describeRealAccount } from './crm-real-account';

// HubSpot sync in the real extension: Chromium reaches https://api.hubapi.com, mapped to a loopback HTTPS
// server that implements HubSpot's documented shapes (self-signed certificate, --host-resolver-rules).

const TOKEN = 'pat-na1-e2e0e2e0-1111-2222-3333-444455556666';
let hubspot: HubSpotServer;
const consoleLines: string[] = [];

// The page's own undo window is 1 s; Followthrough's 2 s (a send is final only after it).
const e2e = useExtensionBrowser({
  server: { undoSeconds: 1 },
  async launch() {
    // The extension's worker calls the API cross-origin; the host permission prompt cannot be clicked in a
    // headless browser, so the loopback API answers CORS as a granted host would be reachable.
    hubspot = await startHubSpotServer({ token: TOKEN, tls: { hosts: ['api.hubapi.com'] }, cors: true });
    return { extraHosts: [{ host: 'api.hubapi.com', port: hubspot.port }] };
  },
});
beforeAll(() => {
  const { browser } = e2e;
  browser.worker?.on('console', (m) => consoleLines.push(m.text()));
  browser.context.on('page', (p) => p.on('console', (m) => consoleLines.push(m.text())));
});
afterAll(async () => {
  await hubspot?.close();
});

// No local demo data: Priya and Elena exist only in HubSpot (loading demo contacts first would hide whether
// contacts are found in the CRM at all).
describeRealAccount(e2e, {
  crm: 'hubspot',
  label: 'HubSpot',
  server: () => hubspot,
  credentials: () => ({ crm: 'hubspot', method: 'token', accessToken: TOKEN, account: 'HubSpot portal 4242' }),
  seed(s) {
    const contactId = s.addContact({ email: 'priya.raman@acme-robotics.example', firstname: 'Priya', lastname: 'Raman', company: 'Acme Robotics' });
    return { contactId, dealId: s.addDeal({ name: 'Fleet tracking pilot', stage: 'presentationscheduled', amount: 13_920, contactId }) };
  },
  logged: (s) => s.emails().map((e) => ({ id: e.id, subject: e.properties.hs_email_subject ?? '', contactIds: e.contactIds, dealId: e.dealIds[0] })),
  deleted: (s) => s.state.archived.filter((a) => a.type === 'emails').map((a) => a.id),
});

describe('HubSpot sync end to end: failures', () => {
  it('a revoked token stops each row and lists it — email, contact, CRM, HubSpot\'s words, what to do — with Retry and Dismiss per row; the token is shown nowhere', async () => {
    hubspot.addContact({ email: 'elena@northwind.example', firstname: 'Elena', lastname: 'Sorensen' });
    hubspot.state.token = 'pat-na1-rotated0-0000-0000-0000-000000000000';
    const button = await PanelLogToCrm.open(e2e.browser.context, e2e.browser.extensionId!);
    const page = await GmailPage.open(e2e.browser.context);
    await page.openThread('Northwind security questionnaire');
    const count = (await page.messageIds()).length;
    expect(count).toBeGreaterThanOrEqual(2);
    await button.waitForThread('Northwind security questionnaire');
    await button.click();

    const status = await CrmStatusSection.openPopup(e2e.browser.context, e2e.browser.extensionId!);
    await expect.poll(() => status.counts('hubspot').then((c) => c.failed), { timeout: 20_000 }).toBe(count);
    await expect(status.failures('hubspot').first().innerText()).resolves.toMatch(/Reconnect HubSpot.*401/);
    const rows = await status.rows('hubspot');
    expect(rows).toHaveLength(count);
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'failed', subject: 'Northwind security questionnaire' });
      expect(r.who).toMatch(/^Email to .*<elena@northwind\.example> · HubSpot$/);
      // The write's contact search is the first request refused.
      expect(r.message).toMatch(/^HubSpot refused POST \/crm\/v3\/objects\/\w+(\/search)? \(401\)/);
      expect(r.fix).toMatch(/^Reconnect HubSpot/);
    }
    const shot = await status.page.screenshot(process.env.FT_SHOT ? { path: process.env.FT_SHOT } : {});
    expect(shot.byteLength).toBeGreaterThan(1000);
    const before = hubspot.emails().length;

    // Dismiss drops one row; Retry on another sends that one alone; Retry all sends the rest.
    await status.dismissRow('hubspot', 'Northwind security questionnaire');
    await expect.poll(() => status.counts('hubspot').then((c) => c.failed)).toBe(count - 1);
    hubspot.state.token = TOKEN;
    await status.retryRow('hubspot', 'Northwind security questionnaire');
    await expect.poll(() => hubspot.emails().length - before, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => status.counts('hubspot').then((c) => c.failed)).toBe(count - 2);
    if (count > 2) await status.retry('hubspot');
    await expect.poll(() => hubspot.emails().length - before, { timeout: 20_000 }).toBe(count - 1);
    await expect.poll(() => status.counts('hubspot').then((c) => c.failed)).toBe(0);
    await page.page.waitForTimeout(1_000);
    expect(hubspot.emails().length - before).toBe(count - 1);

    const shown = await status.visibleText();
    const panel = await CrmStatusSection.openSidePanel(e2e.browser.context, e2e.browser.extensionId!);
    const everything = [shown, await panel.visibleText(), ...consoleLines, ...e2e.browser.extensionErrors].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('e2e0e2e0');
  });
});
