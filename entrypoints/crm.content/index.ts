import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { watchRecordPage } from '@/lib/crm/record-page';

// CRM record pages (HubSpot, Salesforce Lightning, Pipedrive): report which record is open, with the name
// and email the page shows, so the side panel can show that contact's local timeline.
export default defineContentScript({
  matches: ['https://app.hubspot.com/*', 'https://*.lightning.force.com/*', 'https://*.pipedrive.com/*'],
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
