import '@/lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { Popup } from '@/components/Popup';
import { backgroundSettings, createPopupStore } from '@/lib/ui/popup-store';
import { requestEndpointPermission } from '@/lib/ai/permissions';
import { requestAccess, sendToBackground } from '@/lib/ui/extension';
import { createCrmStore } from '@/lib/ui/crm-store';
import '@/components/theme.css';

const store = createPopupStore({
  send: sendToBackground,
  settings: backgroundSettings(sendToBackground),
  allowEndpoint: (endpoint) =>
    requestEndpointPermission({ contains: (origins) => browser.permissions.contains({ origins }), request: (origins) => browser.permissions.request({ origins }) }, endpoint),
});
void store.getState().load();
const crm = createCrmStore({ send: sendToBackground, requestAccess });
void crm.getState().load();
// The popup is open for seconds at a time: a light poll keeps queued/failed counts current.
setInterval(() => void crm.getState().load(), 3_000);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Popup store={store} crm={crm} openOptions={() => void browser.runtime.openOptionsPage()} openCrmSignIn={() => void browser.tabs.create({ url: browser.runtime.getURL('/options.html#crm') })} />
  </StrictMode>,
);
