import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../server/crm-api/common';
import { BackgroundStore } from './pages/background-store';
import { CrmStatusSection } from './pages/crm-sync';
import { GmailPage } from './pages/gmail-page';
import { LogButton } from './pages/log-button';
import { SidePanelPage } from './pages/side-panel-page';
import type { ExtensionSuite } from './suite';

// A rep's first day with a real CRM account, for any of the three CRMs: no local demo data, the contact
// exists only in the (loopback) CRM. A send to them is logged on that CRM contact and its open deal; Log to
// CRM on a thread logs each message once; Undo takes the records out of the CRM again.

export interface RealAccount<S extends ApiServer> {
  crm: 'hubspot' | 'pipedrive' | 'salesforce';
  label: string;
  server: () => S;
  /** Store the credentials as the background does after a checked connect (the permission prompt cannot be clicked headless). */
  credentials: () => Record<string, unknown>;
  /** Priya, with an open deal, only in the CRM. */
  seed: (s: S) => { contactId: string; dealId: string };
  /** Emails logged in the CRM: id, subject, whom and which deal they are on. */
  logged: (s: S) => { id: string; subject: string; contactIds: string[]; dealId?: string }[];
  /** Records deleted (or archived) through the API. */
  deleted: (s: S) => string[];
}

export const PRIYA = 'priya.raman@acme-robotics.example';
const THREAD = 'Fleet tracking pilot for 40 vans';

export function describeRealAccount<S extends ApiServer>(e2e: ExtensionSuite, account: RealAccount<S>): void {
  let priya: { contactId: string; dealId: string };

  beforeAll(async () => {
    const { worker } = e2e.browser;
    priya = account.seed(account.server());
    const credentials = account.credentials();
    await worker!.evaluate(
      async ({ crm, credentials }) => {
        const storage = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } }).chrome.storage.local;
        const { settings } = await storage.get('settings');
        await storage.set({ settings: { ...(settings as object), crm }, crmCredentials: { [crm]: { ...credentials, connectedAt: Date.now() - 1_000 } } });
      },
      { crm: account.crm, credentials },
    );
    await new BackgroundStore(worker!).setSettings({ undoSendSeconds: 2, ownDomains: ['followthrough-demo.example'] });
  });

  describe(`${account.label}, a real account: no local demo data`, () => {
    it('a send to an address that exists only in the CRM becomes one email on that CRM contact and its open deal', async () => {
      const store = new BackgroundStore(e2e.browser.worker!);
      expect(await store.table('contacts')).toEqual([]);

      const page = await GmailPage.open(e2e.browser.context);
      const compose = await page.compose({ to: [`Priya Raman <${PRIYA}>`], subject: 'Annual pricing for 40 vans', body: 'Hi Priya, the annual plan is $29 per van per month.' });
      await compose.send();
      const [request] = await e2e.server.waitForSync((r) => r.messages.some((m) => m.kind === 'send'));
      const sent = request!.messages.find((m) => m.kind === 'send')!;

      const server = account.server();
      await expect.poll(() => account.logged(server).length, { timeout: 30_000 }).toBe(1);
      expect(account.logged(server)[0]).toMatchObject({ contactIds: expect.arrayContaining([priya.contactId]), dealId: priya.dealId });
      expect(account.logged(server)[0]!.subject).toContain('Annual pricing for 40 vans');
      await expect
        .poll(async () => (await store.table<{ id: string; status: string }>('outbox')).filter((r) => r.id === `crm:${account.crm}:${sent.messageId}`).map((r) => r.status))
        .toEqual(['done']);
      // The local mirror of the CRM contact: what the side panel shows.
      const contacts = await store.table<{ source: string; crmId?: string; email: string }>('contacts');
      expect(contacts).toEqual([expect.objectContaining({ source: account.crm, crmId: priya.contactId, email: PRIYA })]);
      await page.page.waitForTimeout(1_500);
      expect(account.logged(server)).toHaveLength(1);
      await page.page.close();
    });

    it('Log to CRM on a thread logs each message once on the CRM contact; the side panel shows them; Undo takes them out of the CRM', async () => {
      const server = account.server();
      const start = account.logged(server).length;
      // The side panel follows the Gmail tab opened after it.
      const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
      const page = await GmailPage.open(e2e.browser.context);
      await page.openThread(THREAD);
      const count = (await page.messageIds()).length;
      expect(count).toBeGreaterThanOrEqual(2);
      const button = new LogButton(page.page);
      await button.waitFor();
      await button.log();

      await expect.poll(() => account.logged(server).length - start, { timeout: 30_000 }).toBe(count);
      // Every message on Priya's CRM record (Salesforce relates an inbound sender in a second request).
      await expect.poll(() => account.logged(server).slice(start).every((e) => e.contactIds.includes(priya.contactId)), { timeout: 15_000 }).toBe(true);
      const mine = account.logged(server).slice(start);

      // Once: a second click logs nothing new.
      await button.log();
      await page.page.waitForTimeout(1_500);
      expect(account.logged(server)).toHaveLength(start + count);

      // The side panel shows the CRM contact beside the thread.
      await expect.poll(() => panel.contactCards.allInnerTexts().then((t) => t.join('\n')), { timeout: 15_000 }).toContain('Priya Raman');
      await panel.page.close();

      // Undo: the CRM records go, each once. (The second click may have logged a message to a contact the
      // first click created — cc'd colleagues — so Undo is pressed until nothing on the thread is logged.)
      for (let i = 0; i < 3 && (await button.undoButton.isVisible()); i++) await button.undo();
      await expect.poll(() => account.logged(server).length, { timeout: 30_000 }).toBe(start);
      expect(new Set(account.deleted(server)).size).toBe(account.deleted(server).length);
      expect(account.deleted(server)).toEqual(expect.arrayContaining(mine.map((e) => e.id)));
      expect(account.deleted(server)).toHaveLength(count);

      const status = await CrmStatusSection.openPopup(e2e.browser.context, e2e.browser.extensionId!);
      await expect.poll(() => status.counts(account.crm)).toMatchObject({ connection: 'Connected', queued: 0, failed: 0 });
      await status.page.close();
      await page.page.close();
    });
  });
}
