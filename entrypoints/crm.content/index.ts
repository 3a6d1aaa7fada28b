import { defineContentScript } from 'wxt/utils/define-content-script';

// CRM record pages (HubSpot, Salesforce Lightning, Pipedrive). Record detection arrives with the CRM work;
// until then the script only marks that Followthrough is present, so its injection is tested.
export default defineContentScript({
  matches: ['https://app.hubspot.com/*', 'https://*.lightning.force.com/*', 'https://*.pipedrive.com/*'],
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.followthrough = 'crm';
  },
});
