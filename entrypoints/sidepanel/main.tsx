import '@/lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { SidePanel } from '@/components/SidePanel';
import { createPanelStore, listenForPanelNotices, oncePerBurst, whenQuiet } from '@/lib/ui/panel-store';
import { createDraftsStore, listenForDraftProgress } from '@/lib/ui/drafts-store';
import { activeTabId, requestAccess, sendToBackground, tabInView } from '@/lib/ui/extension';
import { createCrmStore } from '@/lib/ui/crm-store';
import { createTodayStore } from '@/lib/ui/today-store';
import { SETTINGS_KEY } from '@/lib/settings';
import { createSequencesStore } from '@/lib/ui/sequences-store';
import '@/components/theme.css';

// The tab in view changes only when the rep switches tabs or windows (or one closes): asked once per change,
// not on every read, so a read is one round of messages to the background, not a tab query first.
let inView: ReturnType<typeof tabInView> | undefined;
const cachedTabInView = () =>
  (inView ??= tabInView().catch((error: unknown) => {
    inView = undefined;
    throw error;
  }));
const tabChanged = () => {
  inView = undefined;
};
browser.tabs.onActivated.addListener(tabChanged);
browser.tabs.onRemoved.addListener(tabChanged);
browser.tabs.onAttached.addListener(tabChanged);
browser.tabs.onDetached.addListener(tabChanged);
browser.windows?.onFocusChanged.addListener(tabChanged);

const store = createPanelStore({ send: sendToBackground, tabInView: cachedTabInView });
const drafts = createDraftsStore({ send: sendToBackground, activeTabId });
const crm = createCrmStore({ send: sendToBackground, requestAccess });
const sequences = createSequencesStore({ send: sendToBackground, tabInView });
const today = createTodayStore(sendToBackground);
// The thread's own read first, the other panes' reads once it is answered: side by side they competed with
// it for the background (Today's ranking alone takes tens of milliseconds) on every thread the rep opened.
const refreshOthers = () => {
  void crm.getState().load();
  void sequences.getState().refresh();
  void today.getState().refresh();
};
const readThen = (others: () => void) => () => void store.getState().refresh().finally(others);
const refresh = readThen(refreshOthers);
listenForDraftProgress(browser.runtime.onMessage, drafts);
// Notices come in bursts (a thread open: stored, then each change the engine makes): one read per burst. The
// panes that do not follow the thread in view are read again once the notices settle (lib/ui/panel-store.ts).
const refreshSoon = oncePerBurst(readThen(whenQuiet(refreshOthers, 300, 2_000)), 50);

// A thread just opened comes with what to show (drawn at once); anything else is read again.
listenForPanelNotices(browser.runtime.onMessage, { show: (view) => store.getState().show(view), refresh: refreshSoon, tabInView: cachedTabInView });
// Follow the tab in view: switching tabs, navigating within one, and settings changed in the popup.
browser.tabs.onActivated.addListener(refresh);
// Gmail's content script tells the background which thread or list a Gmail tab shows, and the background
// tells the panel once that is stored: a read on Gmail's own navigation (a hash change, which Chromium also
// reports as loading → complete) would come too early, and hold up the read that shows the thread (one read
// at a time, lib/ui/panel-store.ts).
const reportsItsView = (url: string | undefined) => url?.startsWith('https://mail.google.com/') ?? false;
browser.tabs.onUpdated.addListener((_id, change, tab) => {
  if (tab.active && (change.url || change.status === 'complete') && !reportsItsView(change.url ?? tab.url)) refresh();
});
browser.windows?.onFocusChanged.addListener(refresh);
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SETTINGS_KEY in changes) refresh();
});
refresh();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SidePanel store={store} drafts={drafts} crm={crm} sequences={sequences} today={today} meetings={{ send: sendToBackground, activeTabId }} />
  </StrictMode>,
);
