import { defineConfig } from 'wxt';
import { ALL_CRM_WEB_ORIGINS } from './lib/crm/web-access';
import { lazyModules } from './scripts/vite-lazy-modules';

// The one host Followthrough reads pages on from install. Everything else is an optional permission requested
// when the rep turns that feature on: the CRM web apps (record pages, lib/crm/web-access.ts), CRM APIs, AI
// providers.
const gmailHosts = ['https://mail.google.com/*'];
const crmHosts = ALL_CRM_WEB_ORIGINS;

// Salesforce's sign-in hosts are needed only for the OAuth token exchange.
const crmApiHosts = [
  'https://api.hubapi.com/*',
  'https://api.pipedrive.com/*',
  'https://*.my.salesforce.com/*',
  'https://login.salesforce.com/*',
  'https://test.salesforce.com/*',
];
// AI endpoints the rep configures (Ollama, LM Studio, a hosted OpenAI-compatible API): requested for the exact
// origin when the rep saves it (lib/ai/permissions.ts), never granted up front. `https://*/*` also covers the
// rep's calendar feed, whose host is asked for when it is added in Options → Meetings (lib/meetings/feed-access.ts).
const aiHosts = ['http://localhost/*', 'http://127.0.0.1/*', 'https://*/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Packages the worker loads on first use (`lazy:` imports).
  // FT_UNMINIFIED=1 keeps names readable for test/bench/trace-gmail.ts and profile-gmail.ts (never shipped so).
  vite: () => ({ plugins: [lazyModules(import.meta.dirname)], ...(process.env.FT_UNMINIFIED ? { build: { minify: false } } : {}) }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Followthrough',
    // Text in the manifest comes from public/_locales too (lib/i18n.ts); "en" is what a browser in a language
    // we have no messages for shows.
    default_locale: 'en',
    description: '__MSG_extDescription__',
    // `scripting`: the CRM record-page script is registered only for the CRM web apps the rep allowed.
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    host_permissions: gmailHosts,
    // `identity` only for signing in to Salesforce (launchWebAuthFlow), asked for when the rep does.
    ...(manifestVersion === 3
      ? { optional_host_permissions: [...crmHosts, ...crmApiHosts, ...aiHosts], optional_permissions: ['identity'] }
      : // Firefox 2026-11: `identity` cannot be optional (web-ext MANIFEST_OPTIONAL_PERMISSIONS); there the rep
        // connects Salesforce with a pasted token.
        { optional_permissions: [...crmHosts, ...crmApiHosts, ...aiHosts] }),
    action: { default_title: 'Followthrough' },
    // Keyboard: the popup, and the side panel (Chrome opens it from the command in the background;
    // Firefox has a built-in command for its sidebar).
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+F' }, description: '__MSG_commandOpenPopup__' },
      ...(browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commandOpenSidePanel__' } }
        : { 'open-side-panel': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commandOpenSidePanel__' } }),
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'followthrough@followthrough.dev',
              // 142: the first version that reads data_collection_permissions.
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  hooks: {
    // The Gmail isolated script gets the browser's own `browser`/`chrome`, not webextension-polyfill (about
    // 3 KB gzipped of its 25 KB budget, test/bench/size.ts): it calls only synchronous APIs (runtime.connect
    // and its port, i18n.getMessage, runtime.id) and answers runtime.onMessage with sendResponse + `return
    // true`, which Chrome and Firefox both do natively; the firefox build already passes the native object
    // through. The other entrypoints keep the polyfill.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script' && e.name === 'gmail')) return;
      config.plugins = [
        ...(config.plugins ?? []),
        {
          name: 'followthrough:gmail-native-browser',
          enforce: 'pre',
          resolveId(id, importer) {
            return id === '@wxt-dev/webextension-polyfill/browser' ? this.resolve('@wxt-dev/browser', importer, { skipSelf: true }) : null;
          },
        },
      ];
    },
  },
});
