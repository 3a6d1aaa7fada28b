import { describe, expect, it } from 'vitest';
import { SETTINGS_KEY, SettingsStore, defaultSettings, type KeyValuePort, type Settings, type SettingsPort } from '@/lib/settings';
import { createPopupStore } from '@/lib/ui/popup-store';
import type { SendPort } from '@/lib/client';

// Settings have one writer, field by field: concurrent changes from the popup, a CRM connecting and an import
// never undo one another; the popup's Undo puts back only its own field; its switches move at once and move
// back when the save fails.

/** Extension storage as it behaves: each get and set is a separate trip that takes a while. */
function slowStorage(delayMs = 5): KeyValuePort & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const later = () => new Promise((r) => setTimeout(r, delayMs));
  return {
    data,
    get: async (key) => {
      await later();
      return structuredClone(data.get(key));
    },
    set: async (key, value) => {
      await later();
      data.set(key, structuredClone(value));
    },
  };
}

describe('settings writes', () => {
  it('two changes made at once both stay', async () => {
    const storage = slowStorage();
    const store = new SettingsStore(storage);
    await Promise.all([store.update({ autoLog: false }), store.update({ ownDomains: ['acme.example'] }), store.update({ logPersonalMail: true })]);
    const stored = storage.data.get(SETTINGS_KEY) as Settings;
    expect(stored).toMatchObject({ autoLog: false, ownDomains: ['acme.example'], logPersonalMail: true });
  });

  it('a failed change stops nothing after it', async () => {
    const store = new SettingsStore(slowStorage());
    const bad = store.update({ ownDomains: ['not a domain'] });
    const good = store.update({ autoLog: false });
    await expect(bad).rejects.toThrow(/ownDomains/);
    expect((await good).autoLog).toBe(false);
  });
});

const noSend: SendPort = async () => {
  throw new Error('not used');
};

describe('the popup’s settings', () => {
  it('Undo puts back only its own field: a change made meanwhile elsewhere stays', async () => {
    const background = new SettingsStore(slowStorage(1));
    const popup = createPopupStore({ send: noSend, settings: background, allowEndpoint: async () => true });
    popup.setState({ settings: (await background.load()).settings });
    expect(await popup.getState().change('autoLog', false, 'auto-logging turned off')).toBe(true);
    // Meanwhile the background connects a CRM and the rep adds a domain in the options page.
    await background.update({ ownDomains: ['acme.example'] });
    await popup.getState().undo();
    const stored = (await background.load()).settings;
    expect(stored).toMatchObject({ autoLog: true, ownDomains: ['acme.example'] });
    expect(popup.getState().settings?.autoLog).toBe(true);
  });

  it('a switch flips at once, and flips back with the reason when the save fails', async () => {
    let fail: (e: Error) => void = () => {};
    let succeed: (s: Settings) => void = () => {};
    const port: SettingsPort = {
      load: async () => ({ settings: defaultSettings(), warnings: [], changed: false }),
      update: () =>
        new Promise<Settings>((resolve, reject) => {
          succeed = resolve;
          fail = reject;
        }),
    };
    const popup = createPopupStore({ send: noSend, settings: port, allowEndpoint: async () => true });
    popup.setState({ settings: defaultSettings() });
    const first = popup.getState().change('autoLog', false, 'auto-logging turned off');
    expect(popup.getState().settings?.autoLog).toBe(false); // before any answer
    fail(new Error('storage is full'));
    expect(await first).toBe(false);
    expect(popup.getState().settings?.autoLog).toBe(true);
    expect(popup.getState().errors.autoLog).toMatch(/storage is full/);

    const second = popup.getState().change('autoLog', false, 'auto-logging turned off');
    expect(popup.getState().settings?.autoLog).toBe(false);
    succeed({ ...defaultSettings(), autoLog: false });
    expect(await second).toBe(true);
    expect(popup.getState().settings?.autoLog).toBe(false);
    expect(popup.getState().errors.autoLog).toBeUndefined();
  });
});
