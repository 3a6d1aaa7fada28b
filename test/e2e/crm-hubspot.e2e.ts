import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackgroundStore } from './pages/background-store';
import { startHubSpotServer, type HubSpotServer } from '../server/crm-api/hubspot';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { PopupPage } from './pages/popup-page';
import { CrmStatusSection, PanelLogToCrm } from './pages/crm-sync';

// HubSpot sync in the real extension: Chromium reaches https://api.hubapi.com, mapped to a loopback HTTPS
// server that implements HubSpot's documented shapes (self-signed certificate, --host-resolver-rules).

const TOKEN = 'pat-na1-e2e0e2e0-1111-2222-3333-444455556666';
let hubspot: HubSpotServer;
let priya: string;
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
beforeAll(async () => {
  const { browser } = e2e;
  browser.worker?.on('console', (m) => consoleLines.push(m.text()));
  browser.context.on('page', (p) => p.on('console', (m) => consoleLines.push(m.text())));
  priya = hubspot.addContact({ email: 'priya.raman@acme-robotics.example', firstname: 'Priya', lastname: 'Raman', company: 'Acme Robotics' });
  const popup = await PopupPage.open(browser.context, browser.extensionId!);
  await popup.loadDemoData();
  await popup.page.close();
  await connectHubSpot();
  await new BackgroundStore(browser.worker!).setSettings({ undoSendSeconds: 2, ownDomains: ['followthrough-demo.example'] });
});
afterAll(async () => {
  await hubspot?.close();
});

/** Connect HubSpot as the background would after the rep's token was checked (the prompt cannot be clicked here). */
async function connectHubSpot() {
  await e2e.browser.worker!.evaluate(async ({ token }) => {
    const storage = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } }).chrome.storage.local;
    const { settings } = await storage.get('settings');
    await storage.set({
      settings: { ...(settings as object), crm: 'hubspot' },
      crmCredentials: { hubspot: { crm: 'hubspot', method: 'token', accessToken: token, account: 'HubSpot portal 4242', connectedAt: Date.now() - 1_000 } },
    });
  }, { token: TOKEN });
}

describe('HubSpot sync end to end', () => {
  it('a send on the Gmail test page becomes one email engagement associated with the HubSpot contact', async () => {
    const page = await GmailPage.open(e2e.browser.context);
    const compose = await page.compose({ to: ['Priya Raman <priya.raman@acme-robotics.example>'], subject: 'Annual pricing for 40 vans', body: 'Hi Priya, the annual plan is $29 per van per month.' });
    await compose.send();
    const [request] = await e2e.server.waitForSync((r) => r.messages.some((m) => m.kind === 'send'));
    const sent = request!.messages.find((m) => m.kind === 'send')!;

    await expect.poll(() => hubspot.emails().length, { timeout: 20_000 }).toBe(1);
    const [engagement] = hubspot.emails();
    expect(engagement).toMatchObject({
      contactIds: [priya],
      properties: { hs_email_subject: 'Annual pricing for 40 vans', hs_email_text: 'Hi Priya, the annual plan is $29 per van per month.', hs_email_direction: 'EMAIL', hs_email_status: 'SENT' },
    });
    expect(JSON.parse(engagement!.properties.hs_email_headers!)).toMatchObject({ from: { email: 'sam@followthrough-demo.example' }, to: [{ email: 'priya.raman@acme-robotics.example' }] });
    // Keyed by Gmail's message id: the outbox row is that id + HubSpot, and it stays one engagement.
    // The row is marked done once HubSpot's answer is read, a moment after the server recorded the engagement.
    const store = new BackgroundStore(e2e.browser.worker!);
    await expect
      .poll(async () => (await store.table<{ id: string; status: string }>('outbox')).filter((r) => r.id === `crm:hubspot:${sent.messageId}`).map((r) => r.status))
      .toEqual(['done']);
    await page.page.waitForTimeout(1_500);
    expect(hubspot.emails()).toHaveLength(1);
    await page.page.close();
  });

  it('Log to CRM on a thread logs each of its messages once as an email engagement on the HubSpot contact', async () => {
    const start = hubspot.emails().length;

    const button = await PanelLogToCrm.open(e2e.browser.context, e2e.browser.extensionId!);
    const page = await GmailPage.open(e2e.browser.context);
    await page.openThread('Fleet tracking pilot for 40 vans');
    const messageCount = (await page.messageIds()).length;
    expect(messageCount).toBeGreaterThanOrEqual(2);
    await button.waitForThread('Fleet tracking pilot for 40 vans');
    await button.click();

    await expect.poll(() => hubspot.emails().length - start, { timeout: 20_000 }).toBe(messageCount);
    const emails = hubspot.emails().slice(start);
    expect(new Set(emails.map((e) => e.properties.hs_timestamp)).size).toBe(messageCount);
    for (const e of emails) {
      expect(e.contactIds).toEqual([priya]);
      expect(e.properties.hs_email_subject).toBe('Fleet tracking pilot for 40 vans');
    }
    expect(emails.map((e) => e.properties.hs_email_direction).sort()).toContain('INCOMING_EMAIL');
    const post = hubspot.requests.find((r) => r.method === 'POST' && r.path === '/crm/v3/objects/emails')!;
    expect(post.headers.authorization).toBe(`Bearer ${TOKEN}`);

    // Clicking again logs nothing new: still one engagement per message.
    await button.click();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(hubspot.emails()).toHaveLength(start + messageCount);

    // The popup and the side panel show the sync's health.
    const status = await CrmStatusSection.openPopup(e2e.browser.context, e2e.browser.extensionId!);
    await expect.poll(() => status.counts('hubspot')).toMatchObject({ connection: 'Connected', queued: 0, failed: 0 });
    expect((await status.counts('hubspot')).lastSync).not.toBe('never');
    const panel = await CrmStatusSection.openSidePanel(e2e.browser.context, e2e.browser.extensionId!);
    await expect.poll(() => panel.counts('hubspot')).toMatchObject({ connection: 'Connected', failed: 0 });
  });

  it('a revoked token stops the row and says what to fix; Retry after reconnecting logs it once — and the token is shown nowhere', async () => {
    hubspot.addContact({ email: 'elena@northwind.example', firstname: 'Elena', lastname: 'Sorensen' });
    hubspot.state.token = 'pat-na1-rotated0-0000-0000-0000-000000000000';
    const button = await PanelLogToCrm.open(e2e.browser.context, e2e.browser.extensionId!);
    const page = await GmailPage.open(e2e.browser.context);
    await page.openThread('Northwind security questionnaire');
    const count = (await page.messageIds()).length;
    await button.waitForThread('Northwind security questionnaire');
    await button.click();

    const status = await CrmStatusSection.openPopup(e2e.browser.context, e2e.browser.extensionId!);
    await expect.poll(() => status.counts('hubspot').then((c) => c.failed), { timeout: 20_000 }).toBe(count);
    await expect(status.failures('hubspot').first().innerText()).resolves.toMatch(/Reconnect HubSpot.*401/);
    const shot = await status.page.screenshot(process.env.FT_SHOT ? { path: process.env.FT_SHOT } : {});
    expect(shot.byteLength).toBeGreaterThan(1000);
    const before = hubspot.emails().length;

    hubspot.state.token = TOKEN;
    await status.retry('hubspot');
    await expect.poll(() => hubspot.emails().length - before, { timeout: 20_000 }).toBe(count);
    await expect.poll(() => status.counts('hubspot').then((c) => c.failed)).toBe(0);

    const shown = await status.visibleText();
    const panel = await CrmStatusSection.openSidePanel(e2e.browser.context, e2e.browser.extensionId!);
    const everything = [shown, await panel.visibleText(), ...consoleLines, ...e2e.browser.extensionErrors].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('e2e0e2e0');
  });
});
