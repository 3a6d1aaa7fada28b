import { beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { ALL_CRM_WEB_ORIGINS } from '../../lib/crm/web-access';
import { CrmRecordPage } from './pages/crm-record-page';
import { EngineBackground } from './pages/engine-background';
import { GmailPage } from './pages/gmail-page';
import { LogButton } from './pages/log-button';
import { PopupPage } from './pages/popup-page';
import { RecordPanel } from './pages/record-panel';
import { SidePanelPage } from './pages/side-panel-page';

// The engine and the local CRM in Chromium with the extension loaded: Log to CRM and Undo in Gmail, and
// CRM record pages on their real hosts showing the contact in the side panel.

let bg: EngineBackground;

// The rep turned on record-page detection for the three CRMs (optional host permissions).
const e2e = useExtensionBrowser({ launch: { grantedOrigins: ALL_CRM_WEB_ORIGINS } });
beforeAll(async () => {
  bg = new EngineBackground(e2e.browser.context, e2e.browser.worker!);
  await bg.setSettings({ ownDomains: ['followthrough-demo.example'] });
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.page.close();
});

describe('CRM record pages → the side panel shows that contact', () => {
  it.each([
    ['HubSpot', 'https://app.hubspot.com/contacts/24681357/record/0-1/51234567801', 'Priya Raman'],
    ['Salesforce', 'https://followthrough-demo.lightning.force.com/lightning/r/Contact/003Hs00002AbCdEIAV/view', 'Marcus Webb'],
    // Pipedrive shows an alternate address of the local contact.
    ['Pipedrive', 'https://followthrough-demo.pipedrive.com/person/1042', 'Elena Sorensen'],
  ])('%s record page', async (_crm, url, name) => {
    const crm = await CrmRecordPage.open(e2e.browser.context, url);
    const panel = new RecordPanel((await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!)).page);
    await expect.poll(() => panel.recordName.textContent(), { timeout: 10_000 }).toBe(name);
    expect(await panel.contactNames.allInnerTexts()).toEqual([name]);
    await panel.page.close();
    await crm.page.close();
  });
});

describe('Log to CRM in Gmail', () => {
  it('logs the open thread to its contacts, the side panel shows it, and Undo takes it back', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const button = new LogButton(gmail.page);
    await button.waitFor();
    expect(await button.label()).toBe('Log to CRM');
    expect(await button.inToolbar()).toBe(true);

    await button.log();
    await expect.poll(() => button.label()).toMatch(/^✓ Logged · /);
    expect(await button.label()).toContain('Priya Raman');
    const activities = await bg.table<{ contactId: string; threadId: string; kind: string }>('activities');
    expect(activities.length).toBeGreaterThanOrEqual(2);
    expect(new Set(activities.map((a) => a.threadId))).toEqual(new Set(['thread-f:1882028161105939945']));
    // Never the rep, never a colleague.
    expect(activities.every((a) => a.contactId.startsWith('demo-ct-'))).toBe(true);

    const panel = new RecordPanel((await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!)).page);
    await expect.poll(() => panel.timelineEntries.count(), { timeout: 10_000 }).toBe(activities.length);

    await button.undo();
    await expect.poll(() => button.label()).toBe('Log to CRM');
    expect(await button.status.innerText()).toBe('Undone');
    expect(await bg.table('activities')).toEqual([]);
    await panel.reload();
    await expect.poll(() => panel.timelineEntries.count()).toBe(0);
    await panel.page.close();
    await gmail.page.close();
  });
});
