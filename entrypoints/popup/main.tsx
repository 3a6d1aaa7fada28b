import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { Popup } from '@/components/Popup';
import { SettingsStore } from '@/lib/settings';
import { createPopupStore } from '@/lib/ui/popup-store';
import { localStorageArea, sendToBackground } from '@/lib/ui/extension';
import '@/components/theme.css';

const store = createPopupStore(sendToBackground, new SettingsStore(localStorageArea));
void store.getState().load();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Popup store={store} openOptions={() => void browser.runtime.openOptionsPage()} />
  </StrictMode>,
);
