import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import crmContentScript from '@/entrypoints/crm.content';
import { ALL_CRM_WEB_ORIGINS, CRM_CONTENT_SCRIPT_ID, syncCrmContentScript, type ContentScriptPort } from '@/lib/crm/web-access';
import { gmailThreadUrl } from '@/lib/gmail/links';
import { validPayloads } from '../support/samples';
import { senders, startTestBackground } from '../support/background';

type Manifest = { host_permissions?: string[]; optional_host_permissions?: string[]; optional_permissions?: string[]; permissions?: string[] };
const manifestFor = async (browser: string, manifestVersion: 2 | 3) => {
  const build = config.manifest as (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: string }) => Promise<Manifest> | Manifest;
  return build({ browser, manifestVersion, mode: 'production', command: 'build' });
};

describe('CRM web apps are optional hosts', () => {
  it('no CRM page is granted at install, in Chrome or Firefox; each is optional', async () => {
    const chrome = await manifestFor('chrome', 3);
    expect(chrome.host_permissions).toEqual(['https://mail.google.com/*']);
    expect(chrome.optional_host_permissions).toEqual(expect.arrayContaining(ALL_CRM_WEB_ORIGINS));
    const firefox = await manifestFor('firefox', 2);
    expect(firefox.permissions?.filter((p) => p.includes('://'))).toEqual([]);
    expect(firefox.host_permissions).toEqual(['https://mail.google.com/*']);
    expect(firefox.optional_permissions).toEqual(expect.arrayContaining(ALL_CRM_WEB_ORIGINS));
    // The record-page script is not in the manifest (which would grant its hosts): it is registered at run time.
    expect(crmContentScript.registration).toBe('runtime');
    expect(crmContentScript.matches ?? []).toEqual([]);
  });
});

function fakeScripting(granted: string[]) {
  let registered: { id: string; matches: string[]; js: string[] } | undefined;
  const calls: string[] = [];
  const port: ContentScriptPort = {
    granted: async (origins) => origins.filter((o) => granted.includes(o)),
    registered: async (id) => (registered?.id === id ? { matches: registered.matches } : undefined),
    register: async (s) => {
      calls.push(`register ${s.matches.join(' ')}`);
      registered = { id: s.id, matches: s.matches, js: s.js };
    },
    update: async (s) => {
      calls.push(`update ${s.matches.join(' ')}`);
      registered = { ...registered!, matches: s.matches };
    },
    unregister: async () => {
      calls.push('unregister');
      registered = undefined;
    },
  };
  return { port, calls, granted, get registered() {
    return registered;
  } };
}

describe('the record-page script follows the rep’s grants', () => {
  it('is not registered without a grant, registered for the granted host, widened, then removed', async () => {
    const s = fakeScripting([]);
    expect(await syncCrmContentScript(s.port)).toEqual([]);
    expect(s.calls).toEqual([]);

    s.granted.push('https://app.hubspot.com/*');
    await syncCrmContentScript(s.port);
    expect(s.registered).toEqual({ id: CRM_CONTENT_SCRIPT_ID, matches: ['https://app.hubspot.com/*'], js: ['content-scripts/crm.js'] });
    // Repeating (each worker start) changes nothing.
    await syncCrmContentScript(s.port);
    expect(s.calls).toEqual(['register https://app.hubspot.com/*']);

    s.granted.push('https://*.pipedrive.com/*');
    await syncCrmContentScript(s.port);
    expect(s.registered?.matches).toEqual(['https://app.hubspot.com/*', 'https://*.pipedrive.com/*']);

    s.granted.splice(0);
    await syncCrmContentScript(s.port);
    expect(s.registered).toBeUndefined();
    expect(s.calls.at(-1)).toBe('unregister');
  });
});

describe('reminder links', () => {
  it('open the thread in the account it was read in, not /u/0/', () => {
    expect(gmailThreadUrl({ legacyId: '18c6a1b2c3d4e5f6', account: 'sam@followthrough-demo.example' })).toBe(
      'https://mail.google.com/mail/u/?authuser=sam%40followthrough-demo.example#all/18c6a1b2c3d4e5f6',
    );
    expect(gmailThreadUrl({ subject: 'Pricing "Q3"', account: 'sam@x.example' })).toBe(`https://mail.google.com/mail/u/?authuser=sam%40x.example#search/${encodeURIComponent('subject:"Pricing "Q3""')}`);
    // A thread stored before accounts were recorded: the default account is all there is.
    // (Only such a thread still gets /u/0/.)
    expect(gmailThreadUrl({ legacyId: 'abc123' })).toBe('https://mail.google.com/mail/u/0/#all/abc123');
  });
});

describe('the thread remembers its account', () => {
  it('from the Gmail tab it was read in, kept when a later read does not say', async () => {
    const bg = await startTestBackground();
    try {
      const thread = validPayloads['gmail.threadSeen']!.thread;
      await bg.route({ channel: 'gmail.threadSeen', payload: { thread, opened: true, account: 'sam@followthrough-demo.example' } }, senders.gmail);
      await bg.route({ channel: 'gmail.threadSeen', payload: { thread, opened: true } }, senders.gmail);
      const stored = await bg.db.threads.get(thread.threadId);
      expect(stored?.account).toBe('sam@followthrough-demo.example');
      expect(gmailThreadUrl(stored!)).toMatch(/^https:\/\/mail\.google\.com\/mail\/u\/\?authuser=sam%40followthrough-demo\.example#/);
    } finally {
      await bg.close();
    }
  });
});
