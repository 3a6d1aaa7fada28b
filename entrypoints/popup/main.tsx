import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { Popup } from '@/components/Popup';
import { SettingsStore } from '@/lib/settings';
import { createPopupStore } from '@/lib/ui/popup-store';
import { requestEndpointPermission } from '@/lib/ai/permissions';
import { localStorageArea, sendToBackground } from '@/lib/ui/extension';
import '@/components/theme.css';

const store = createPopupStore({
  send: sendToBackground,
  settings: new SettingsStore(localStorageArea),
  allowEndpoint: (endpoint) =>
    requestEndpointPermission({ contains: (origins) => browser.permissions.contains({ origins }), request: (origins) => browser.permissions.request({ origins }) }, endpoint),
});
void store.getState().load();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Popup store={store} openOptions={() => void browser.runtime.openOptionsPage()} />
  </StrictMode>,
);
