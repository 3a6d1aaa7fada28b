import '@/lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { SidePanel } from '@/components/SidePanel';
import { createPanelStore } from '@/lib/ui/panel-store';
import { createDraftsStore, listenForDraftProgress } from '@/lib/ui/drafts-store';
import { activeTabId, requestAccess, sendToBackground, tabInView } from '@/lib/ui/extension';
import { createCrmStore } from '@/lib/ui/crm-store';
import { SETTINGS_KEY } from '@/lib/settings';
import '@/components/theme.css';

const store = createPanelStore({ send: sendToBackground, tabInView });
const drafts = createDraftsStore({ send: sendToBackground, activeTabId });
const crm = createCrmStore({ send: sendToBackground, requestAccess });
const refresh = () => {
  void store.getState().refresh();
  void crm.getState().load();
};
listenForDraftProgress(browser.runtime.onMessage, drafts);

browser.runtime.onMessage.addListener((message) => {
  if ((message as { channel?: unknown } | null)?.channel === 'panel.contextChanged') refresh();
});
// Follow the tab in view: switching tabs, navigating within one, and settings changed in the popup.
browser.tabs.onActivated.addListener(refresh);
browser.tabs.onUpdated.addListener((_id, change, tab) => {
  if (tab.active && (change.url || change.status === 'complete')) refresh();
});
browser.windows?.onFocusChanged.addListener(refresh);
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SETTINGS_KEY in changes) refresh();
});
refresh();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SidePanel store={store} drafts={drafts} crm={crm} meetings={{ send: sendToBackground, activeTabId }} />
  </StrictMode>,
);
