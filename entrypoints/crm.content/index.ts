import '@/lib/zod-config';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { watchRecordPage } from '@/lib/crm/record-page';

// CRM record pages (HubSpot, Salesforce Lightning, Pipedrive): report which record is open, with the name
// and email the page shows, so the side panel can show that contact's local timeline. Not in the manifest:
// the background registers it for the CRM web apps the rep allowed (lib/crm/web-access.ts), so no CRM page is
// read without that permission.
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    document.documentElement.dataset.followthrough = 'crm';
    const watcher = watchRecordPage({
      window,
      send: (message) => browser.runtime.sendMessage(message),
      signal: ctx.signal,
      log: (m) => console.debug(`[Followthrough] ${m}`),
    });
    // These CRMs are single-page apps: WXT reports their in-page navigations.
    ctx.addEventListener(window, 'wxt:locationchange', () => watcher.check());
  },
});
