import { describe, expect, it } from 'vitest';
import { defaultSettings, readSettings, SETTINGS_KEY, SETTINGS_VERSION, SettingsStore, type KeyValuePort } from '@/lib/settings';

const memory = (initial?: unknown): KeyValuePort & { value: unknown; writes: number } => {
  const port = {
    value: initial,
    writes: 0,
    get: async (key: string) => (key === SETTINGS_KEY ? port.value : undefined),
    set: async (_key: string, value: unknown) => {
      port.value = structuredClone(value);
      port.writes++;
    },
  };
  return port;
};

describe('settings', () => {
  it('gives every default when nothing is stored', () => {
    const { settings, warnings } = readSettings(undefined);
    expect(warnings).toEqual([]);
    expect(settings).toEqual(defaultSettings());
    expect(settings).toMatchObject({ autoLog: true, undoSendSeconds: 10, ownDomains: [], ai: { provider: 'none' }, crm: 'local' });
  });

  it('migrates version-1 settings (one own domain, one follow-up delay) to the current version', async () => {
    const storage = memory({ ownDomain: 'Acme.example', followUpDays: 2, autoLog: false, neverLog: ['ceo@acme.example'] });
    const loaded = await new SettingsStore(storage).load();
    expect(loaded.warnings).toEqual([]);
    expect(loaded.settings).toMatchObject({
      version: SETTINGS_VERSION,
      ownDomains: ['acme.example'],
      followUp: { cadenceDays: [2, 4, 8] },
      autoLog: false,
      neverLog: ['ceo@acme.example'],
    });
    expect(loaded.settings).not.toHaveProperty('ownDomain');
    // Written back once, so the migration does not run again.
    expect(storage.writes).toBe(1);
    expect(storage.value).toMatchObject({ version: SETTINGS_VERSION, ownDomains: ['acme.example'] });
    await new SettingsStore(storage).load();
    expect(storage.writes).toBe(1);
  });

  it('a repair written back never overwrites settings stored after they were read', async () => {
    const storage = memory({ ownDomain: 'acme.example', ai: { provider: 'chrome' } });
    const get = storage.get;
    let reads = 0;
    // Another context stores the rep's change between this load's read and its write-back.
    storage.get = async (key: string) => {
      const value = await get(key);
      if (++reads === 1) storage.value = { version: SETTINGS_VERSION, ownDomains: ['acme.example'], ai: { provider: 'openai-compatible', endpoint: 'https://llm.acme.example/v1', model: 'm' } };
      return value;
    };
    const loaded = await new SettingsStore(storage).load();
    expect(loaded.settings.ai.provider).toBe('chrome'); // what this load read
    expect(storage.writes).toBe(0);
    expect(storage.value).toMatchObject({ ai: { provider: 'openai-compatible' } });
  });

  it.each([
    [true, { createLocalContacts: true, createCrmContacts: true }],
    [false, { createLocalContacts: false, createCrmContacts: false }],
    [undefined, { createLocalContacts: false, createCrmContacts: false }],
  ])('migrates v2 "createContacts: %s" into the two v3 switches, and logs to CRM contacts by default', (old, expected) => {
    const { settings, warnings, changed } = readSettings({ version: 2, ...(old === undefined ? {} : { createContacts: old }), ownDomains: ['acme.example'] });
    expect(settings).toMatchObject({ ...expected, logToCrmContacts: true, version: 3, ownDomains: ['acme.example'] });
    expect(settings).not.toHaveProperty('createContacts');
    expect(warnings).toEqual([]);
    expect(changed).toBe(true);
  });

  it('resets only the invalid fields, with a visible warning for each, and never throws', () => {
    const { settings, warnings } = readSettings({
      version: 2,
      autoLog: 'yes',
      ownDomains: ['acme.example'],
      undoSendSeconds: 999,
      workingHours: { days: [1, 2], start: '18:00', end: '09:00', timeZone: 'Mars/Olympus' },
    });
    expect(settings.ownDomains).toEqual(['acme.example']);
    expect(settings.autoLog).toBe(true);
    expect(settings.undoSendSeconds).toBe(10);
    expect(settings.workingHours).toEqual(defaultSettings().workingHours);
    expect(warnings).toHaveLength(3);
    expect(warnings.join('\n')).toMatch(/"autoLog" was invalid/);
    expect(warnings.join('\n')).toMatch(/"undoSendSeconds"/);
    expect(warnings.join('\n')).toMatch(/"workingHours"/);
  });

  it.each([[42], ['text'], [[1, 2]], [true]])('turns an unreadable stored value (%j) into defaults with a warning', (stored) => {
    const { settings, warnings } = readSettings(stored);
    expect(settings).toEqual(defaultSettings());
    expect(warnings).toHaveLength(1);
  });

  it('refuses an invalid update with the reason and keeps what was stored', async () => {
    const storage = memory();
    const store = new SettingsStore(storage);
    await store.update({ ownDomains: ['acme.example'] });
    await expect(store.update({ ownDomains: ['not a domain'] })).rejects.toThrow(/ownDomains\.0: not a domain name/);
    expect((await store.load()).settings.ownDomains).toEqual(['acme.example']);
  });
});

describe('settings kept in memory between changes (the background)', () => {
  const counted = (initial?: unknown) => {
    const port = memory(initial);
    let reads = 0;
    let changed: (() => void) | undefined;
    return {
      port: { ...port, get: async (key: string) => (reads++, port.get(key)), set: port.set } as KeyValuePort,
      reads: () => reads,
      raw: port,
      watch: (listener: () => void) => void (changed = listener),
      change: () => changed?.(),
    };
  };

  it('reads storage once until a change is heard, and hands out copies', async () => {
    const s = counted({ version: SETTINGS_VERSION, repName: 'Sam' });
    const store = new SettingsStore(s.port, { watch: s.watch });
    const [a, b] = await Promise.all([store.load(), store.load()]);
    await store.load();
    expect(s.reads()).toBe(1);
    expect(a.settings.repName).toBe('Sam');
    a.settings.repName = 'changed by a caller';
    a.settings.ownDomains.push('mutated.example');
    expect((await store.load()).settings).toMatchObject({ repName: 'Sam', ownDomains: [] });
    expect(b.settings.repName).toBe('Sam');

    // Another writer (a restore, a wipe): storage.onChanged says so, and the next load reads again.
    s.raw.value = { version: SETTINGS_VERSION, repName: 'Alex' };
    expect((await store.load()).settings.repName).toBe('Sam');
    s.change();
    expect((await store.load()).settings.repName).toBe('Alex');
    expect(s.reads()).toBe(2);
  });

  it('reads again after its own update, and after forget()', async () => {
    const s = counted({ version: SETTINGS_VERSION, repName: 'Sam' });
    const store = new SettingsStore(s.port, { watch: s.watch });
    await store.load();
    await store.update({ repName: 'Robin' });
    expect((await store.load()).settings.repName).toBe('Robin');
    s.raw.value = undefined;
    store.forget();
    expect((await store.load()).settings.repName).toBe(defaultSettings().repName);
  });

  it('does not keep a failed read, and without a watch reads every time', async () => {
    const s = counted({ version: SETTINGS_VERSION });
    let fail = true;
    const flaky: KeyValuePort = { get: async (k) => (fail ? Promise.reject(new Error('storage gone')) : s.port.get(k)), set: s.port.set };
    const store = new SettingsStore(flaky, { watch: s.watch });
    await expect(store.load()).rejects.toThrow('storage gone');
    fail = false;
    await expect(store.load()).resolves.toMatchObject({ settings: { version: SETTINGS_VERSION } });

    const plain = new SettingsStore(s.port);
    const before = s.reads();
    await plain.load();
    await plain.load();
    expect(s.reads() - before).toBe(2);
  });
});
