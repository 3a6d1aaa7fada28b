import { defineConfig } from 'wxt';

// Hosts Followthrough reads pages on. Everything else (CRM APIs, AI providers) is an optional
// permission requested when the rep turns that feature on.
const gmailHosts = ['https://mail.google.com/*'];
const crmHosts = ['https://app.hubspot.com/*', 'https://*.lightning.force.com/*', 'https://*.pipedrive.com/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Followthrough',
    description: 'A copilot for sales reps in Gmail and their CRM: logs email, suggests follow-ups, drafts replies — locally.',
    permissions: ['storage', 'alarms', 'tabs'],
    host_permissions: [...gmailHosts, ...crmHosts],
    optional_host_permissions: ['https://api.hubapi.com/*', 'https://api.pipedrive.com/*', 'https://*.my.salesforce.com/*'],
    action: { default_title: 'Followthrough' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'followthrough@followthrough.dev',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
