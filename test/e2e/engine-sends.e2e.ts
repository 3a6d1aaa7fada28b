import { beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { ALL_CRM_WEB_ORIGINS } from '../../lib/crm/web-access';
import { CrmRecordPage } from './pages/crm-record-page';
import { ExtensionStore } from './pages/extension-store';
import { GmailPage } from './pages/gmail-page';
import { LogButton } from './pages/log-button';
import { PopupPage } from './pages/popup-page';
import { RecordPanel } from './pages/record-panel';
import { SidePanelPage } from './pages/side-panel-page';
import { EngineBackground } from './pages/engine-background';

// Real sends on the Gmail test page, confirmed by Gmail's own sync request and final after the undo window,
// logged by the built-in rule — or not, for a colleague and a no-reply address.

let store: ExtensionStore;

// The rep turned on record-page detection for the three CRMs (optional host permissions).
const e2e = useExtensionBrowser({ server: { undoSeconds: 1 }, launch: { grantedOrigins: ALL_CRM_WEB_ORIGINS } });
beforeAll(async () => {
  await new EngineBackground(e2e.browser.context, e2e.browser.worker!).setSettings({ ownDomains: ['followthrough-demo.example'], undoSendSeconds: 1 });
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.page.close();
  store = await ExtensionStore.open(e2e.browser.context, e2e.browser.extensionId!);
});

type Activity = { summary: string; contactId: string };
type Audit = { action: string; result: string; detail: string };
const sentEvents = async () => (await store.all<{ type: string; status: string; event: { email: { subject: string } } }>('events')).filter((e) => e.type === 'email.sent');

describe('sends are logged by the built-in rule', () => {
  it('a send to an existing contact lands on their timeline, shown in the side panel', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: ['Priya Raman <priya.raman@acme-robotics.example>'], subject: 'Annual pricing for 40 vans', body: 'Hi Priya, the annual plan is attached.' });
    await compose.send();
    await expect
      .poll(async () => (await store.all<Activity>('activities')).filter((a) => a.summary === 'Sent: Annual pricing for 40 vans').map((a) => a.contactId), { timeout: 20_000 })
      .toEqual(['demo-ct-priya']);

    const crm = await CrmRecordPage.open(e2e.browser.context, 'https://app.hubspot.com/contacts/24681357/record/0-1/51234567801');
    const panel = new RecordPanel((await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!)).page);
    await expect.poll(() => panel.recordName.textContent(), { timeout: 10_000 }).toBe('Priya Raman');
    await expect.poll(() => panel.timeline(), { timeout: 10_000 }).toContain('Sent: Annual pricing for 40 vans');
    await Promise.all([panel.page.close(), crm.page.close(), gmail.page.close()]);
  });

  it('a send whose worker is stopped during the undo window is logged once, after the worker restarts', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await (await gmail.compose({ to: ['elena@northwind.example'], subject: 'Rollout dates', body: 'Here are the dates.' })).send();
    await store.stopWorker();
    await gmail.page.waitForTimeout(2500);
    await store.wakeWorker();
    const logged = async () => (await store.all<Activity>('activities')).filter((a) => a.summary === 'Sent: Rollout dates');
    await expect.poll(async () => (await logged()).map((a) => a.contactId), { timeout: 20_000 }).toEqual(['demo-ct-elena']);
    await gmail.page.waitForTimeout(1500);
    expect(await logged()).toHaveLength(1);
    await gmail.page.close();
  });

  it('the worker stopped between two thread opens: the Gmail tab reconnects its port, and the second open is stored once', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    const opened = async (subject: string) =>
      (await store.all<{ type: string; event: { subject?: string } }>('events')).filter((e) => e.type === 'thread.opened' && e.event.subject === subject);
    await gmail.openThread('Rollout schedule for Q1');
    await expect.poll(async () => (await opened('Rollout schedule for Q1')).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const before = (await opened('Northwind security questionnaire')).length;
    // Nothing but the content script's own port wakes the worker again (the store reads IndexedDB itself).
    await store.stopWorker();
    await gmail.backToInbox();
    await gmail.openThread('Northwind security questionnaire');
    await expect.poll(async () => (await opened('Northwind security questionnaire')).length, { timeout: 20_000 }).toBe(before + 1);
    await gmail.page.waitForTimeout(1500);
    expect((await opened('Northwind security questionnaire')).length).toBe(before + 1);
    await gmail.page.close();
  });

  it('a send to an own-domain colleague or a no-reply address logs nothing', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await (await gmail.compose({ to: ['dana@followthrough-demo.example'], subject: 'Internal: pricing sheet', body: 'See the sheet.' })).send();
    await gmail.page.waitForTimeout(300);
    await (await gmail.compose({ to: ['no-reply@acme-robotics.example'], subject: 'Re: Your ticket', body: 'Thanks.' })).send();
    // Both became email.sent events and the engine acted on them…
    await expect
      .poll(async () => (await sentEvents()).filter((e) => ['Internal: pricing sheet', 'Re: Your ticket'].includes(e.event.email.subject) && e.status === 'done').length, { timeout: 20_000 })
      .toBe(2);
    await expect
      .poll(async () => (await store.all<Audit>('auditLog')).filter((a) => a.action === 'activity.log' && a.result === 'skipped').map((a) => a.detail), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['nothing logged; left out 1 your own domain', 'nothing logged; left out 1 an automated sender']));
    // …and logged nothing.
    const activities = await store.all<Activity>('activities');
    expect(activities.filter((a) => a.summary.includes('Internal: pricing sheet') || a.summary.includes('Re: Your ticket'))).toEqual([]);
    await gmail.page.close();
  });
});

describe('replies', () => {
  it('a reply in a logged thread is logged, and the thread’s follow-up reminder is cancelled', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Rollout schedule for Q1');
    const threadId = await gmail.threadId();
    await store.add('reminders', [{ id: 'rem-e2e', threadId, dueAt: Date.now() + 86_400_000, reason: 'Chase the rollout dates', status: 'pending', createdAt: Date.now() }]);
    const button = new LogButton(gmail.page);
    await button.waitFor();
    await button.log();
    await expect.poll(() => button.label()).toMatch(/^✓ Logged/);
    const before = (await store.all<Activity & { kind: string; threadId: string }>('activities')).filter((a) => a.threadId === threadId && a.kind === 'email.received').length;

    await gmail.receiveReply({ threadId, from: { name: 'Elena Sorensen', email: 'elena@northwind.example' }, body: 'Dates confirmed on our side.' });
    await expect
      .poll(async () => (await store.all<Activity & { kind: string; threadId: string }>('activities')).filter((a) => a.threadId === threadId && a.kind === 'email.received').length, { timeout: 20_000 })
      .toBe(before + 1);
    await expect.poll(async () => (await store.all<{ id: string; status: string }>('reminders')).find((r) => r.id === 'rem-e2e')?.status, { timeout: 10_000 }).toBe('cancelled');
    await gmail.page.close();
  });
});
