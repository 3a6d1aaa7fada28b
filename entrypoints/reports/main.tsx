import '@/lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { ReportsPage } from '@/components/reports/ReportsPage';
import { createReportsStore } from '@/lib/ui/reports-store';
import { sendToBackground } from '@/lib/ui/extension';
import '@/components/theme.css';
import '@/components/reports/reports.css';

// The Reports page (an unlisted extension page, opened from the popup and the options page): the only page
// that loads the chart library.
const store = createReportsStore(sendToBackground);
void store.getState().load();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ReportsPage store={store} todayUrl={browser.runtime.getURL('/sidepanel.html')} />
  </StrictMode>,
);
