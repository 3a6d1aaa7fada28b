import { browser } from 'wxt/browser';
import type { SendPort } from '../client';
import type { KeyValuePort } from '../settings';
import type { TabInView } from './panel-store';

// The browser ports extension pages (side panel, popup, options) hand to the stores.
export const sendToBackground: SendPort = (message) => browser.runtime.sendMessage(message);

export const localStorageArea: KeyValuePort = {
  get: async (key) => (await browser.storage.local.get(key))[key],
  set: (key, value) => browser.storage.local.set({ [key]: value }),
};

export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Ask for optional permissions (CRM API hosts, identity); call it first in a click handler. */
export const requestAccess = (request: { origins: string[]; permissions?: string[] }): Promise<boolean> =>
  browser.permissions.request({ origins: request.origins, permissions: request.permissions as never });

/**
 * The tab the side panel is beside. When the panel page is itself that tab (opened as a page, or in a
 * test), there is nothing beside it: the background then follows the Gmail tab the rep touched last.
 */
export async function tabInView(): Promise<TabInView> {
  const [[tab], self] = await Promise.all([browser.tabs.query({ active: true, currentWindow: true }), browser.tabs.getCurrent()]);
  if (!tab || (self && self.id === tab.id)) return {};
  return { tabId: tab.id };
}
