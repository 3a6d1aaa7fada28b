import { describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { CrmStatusSection } from './pages/crm-sync';
import { SecretsStore } from './pages/secrets-store';
import { inContentScriptWorld } from './pages/content-world';
import { realPopupSize } from './pages/toolbar-popup';
import { ALL_CRM_WEB_ORIGINS } from '../../lib/crm/web-access';

// Secrets out of content scripts' reach, and Delete all data leaving none behind; the real popup's size and
// the contact card at Firefox's default sidebar width, in Chromium.

const TOKEN = 'pat-na1-e2e00000-1111-2222-3333-444455556666';
const AI_KEY = 'sk-e2e-abcdefghijklmnopqrstuvwxyz0123456789';
// The rep connected HubSpot (its API and web app) and allowed a local model.
const GRANTED = ['https://api.hubapi.com/*', ...ALL_CRM_WEB_ORIGINS, 'http://localhost/*'];

const e2e = useExtensionBrowser({ launch: { grantedOrigins: GRANTED } });

describe('secrets', () => {
  it('what an earlier build left in storage.local moves out, and a Gmail content script reads no token or key', async () => {
    const store = new SecretsStore(e2e.browser.worker!);
    const { settings } = (await store.storageLocal()) as { settings?: Record<string, unknown> };
    await store.seedEarlierBuild({
      crmCredentials: { hubspot: { crm: 'hubspot', method: 'token', accessToken: TOKEN, account: 'HubSpot portal 4242', connectedAt: Date.now() - 1_000 } },
      settings: { ...settings, version: 2, crm: 'hubspot', ai: { provider: 'openai-compatible', endpoint: 'http://localhost:11434/v1', model: 'llama3.2', apiKey: AI_KEY } },
    });
    // The popup reads the CRM status and the settings through the background, which moves what it finds.
    const crm = await CrmStatusSection.openPopup(e2e.browser.context, e2e.browser.extensionId!);
    await expect.poll(async () => (await crm.counts('hubspot')).connection).toBe('Connected');
    await crm.page.close();
    await expect.poll(async () => JSON.stringify(await store.storageLocal())).not.toMatch(new RegExp(`${TOKEN}|${AI_KEY}`));
    expect(JSON.stringify(await store.secretRows())).toContain(TOKEN);
    expect(JSON.stringify(await store.secretRows())).toContain(AI_KEY);

    // From Followthrough's own content-script world in Gmail: storage.local is readable there — and holds
    // the settings, but no token and no key; the secrets database belongs to another origin.
    const gmail = await GmailPage.open(e2e.browser.context);
    const seen = await inContentScriptWorld<{ local: string; session: string; databases: string[] }>(
      gmail.page,
      e2e.browser.extensionId!,
      `(async () => ({
        local: JSON.stringify(await chrome.storage.local.get(null)),
        session: await chrome.storage.session.get(null).then((v) => JSON.stringify(v), (e) => 'refused: ' + e.message),
        databases: (await indexedDB.databases()).map((d) => d.name),
      }))()`,
    );
    expect(seen.local).toContain('"settings"');
    expect(seen.local).not.toContain(TOKEN);
    expect(seen.local).not.toContain(AI_KEY);
    expect(seen.session).not.toContain(TOKEN);
    expect(seen.databases).not.toContain('followthrough-secrets');
    await gmail.page.close();
  });

  it('Delete all data leaves no token, key, cursor or optional permission anywhere', async () => {
    const store = new SecretsStore(e2e.browser.worker!);
    expect((await store.permissions()).origins).toEqual(expect.arrayContaining(GRANTED));
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await options.deleteAll();
    await expect.poll(() => options.notice.innerText()).toMatch(/Deleted \d+ rows, \d+ saved sign-ins and keys, \d+ granted permissions/);
    const everywhere = JSON.stringify([await store.storageLocal(), await store.storageSession(), await store.secretRows()]);
    expect(everywhere).not.toContain(TOKEN);
    expect(everywhere).not.toContain(AI_KEY);
    expect(await store.secretRows()).toEqual([]);
    expect(Object.keys(await store.storageLocal())).toEqual(['settings']);
    expect((await store.permissions()).origins).toEqual(['https://mail.google.com/*']);
    await options.page.close();
  });
});

describe('layout in real sizes', () => {
  it('the real toolbar popup opens at its full width', async () => {
    const size = await realPopupSize(e2e.browser.context, e2e.browser.worker!);
    expect(size.width).toBeGreaterThanOrEqual(360);
    // Chrome caps popups at 800 × 600.
    expect(size.width).toBeLessThanOrEqual(800);
  });

  it('a contact card’s stage chip stays inside the card at Firefox’s default 252 px sidebar', async () => {
    const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await popup.loadDemoData();
    await popup.page.close();
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!, { width: 252, height: 900 });
    await panel.contactCards.first().waitFor();
    expect(await panel.chipsOutsideTheirCard()).toEqual([]);
    expect(await panel.chipsInCards()).toBeGreaterThan(0);
    await panel.page.close();
    await gmail.page.close();
  });
});
