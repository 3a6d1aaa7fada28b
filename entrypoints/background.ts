import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { FollowthroughDb } from '@/lib/db';
import { recordEvent } from '@/lib/engine/dispatch';
import { createRouter } from '@/lib/router';
import { detectPromptApi } from '@/lib/ai/providers';
import { createHandlers } from '@/lib/service';
import { SettingsStore, type KeyValuePort } from '@/lib/settings';
import { ViewTracker } from '@/lib/views';

const area = (storage: typeof browser.storage.local): KeyValuePort => ({
  get: async (key) => (await storage.get(key))[key],
  set: (key, value) => storage.set({ [key]: value }),
});

export default defineBackground(() => {
  const db = new FollowthroughDb();
  const views = new ViewTracker(area(browser.storage.session ?? browser.storage.local));
  const handlers = createHandlers({
    db,
    settings: new SettingsStore(area(browser.storage.local)),
    views,
    now: Date.now,
    dispatch: (event) => recordEvent(db, event, Date.now()),
    drafts: {
      sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message),
      broadcast: (message) => {
        browser.runtime.sendMessage(message).catch(() => {});
      },
      // Only to endpoints the rep configured and granted (lib/ai/permissions.ts); the gateway checks first.
      fetch: (url, init) => fetch(url, init),
      promptApi: () => detectPromptApi(globalThis),
      hasPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    },
    notifyPanels: (tabId) => {
      // No side panel open is the usual case, not an error.
      browser.runtime.sendMessage({ channel: 'panel.contextChanged', payload: { tabId } }).catch(() => {});
    },
  });
  const route = createRouter(handlers, { ownId: browser.runtime.id, extensionOrigin: new URL(browser.runtime.getURL('/')).origin });

  // Answer with sendResponse and `return true`: a returned Promise is ignored by some senders' polyfills.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    route(message, sender).then(sendResponse);
    return true;
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    views.remove(tabId).catch(() => {});
  });

  if (import.meta.env.CHROME) {
    browser.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: false }).catch(() => {});
  }
});
