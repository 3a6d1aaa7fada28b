import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { SidePanel } from '@/components/SidePanel';
import { createPanelStore } from '@/lib/ui/panel-store';
import { createDraftsStore, listenForDraftProgress } from '@/lib/ui/drafts-store';
import { activeTabId, sendToBackground } from '@/lib/ui/extension';
import '@/components/theme.css';

const store = createPanelStore({ send: sendToBackground, activeTabId });
const drafts = createDraftsStore({ send: sendToBackground, activeTabId });
const refresh = () => void store.getState().refresh();
listenForDraftProgress(browser.runtime.onMessage, drafts);

browser.runtime.onMessage.addListener((message) => {
  if ((message as { channel?: unknown } | null)?.channel === 'panel.contextChanged') refresh();
});
browser.tabs.onActivated.addListener(refresh);
refresh();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SidePanel store={store} drafts={drafts} />
  </StrictMode>,
);
