import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITES, startGmailServer, type GmailServer } from '../server/gmail-server';
import { EXTENSION_ORIGIN, findFirefox, launchFirefox, type FirefoxSession } from './firefox/firefox';
import { FirefoxCrmPage, FirefoxExtension, FirefoxGmailPage, FirefoxPanelPage, waitUntil } from './pages/firefox';

// The Firefox build in Debian's firefox-esr, for real: installed as an add-on, content scripts on the Gmail
// test page, Log to CRM, the sidebar's page, and the real toolbar popup (which the Chromium tests can only
// open as a tab).

let server: GmailServer;
let firefox: FirefoxSession;
let extension: FirefoxExtension;

beforeAll(async () => {
  if (!findFirefox()) throw new Error('firefox-esr is not installed: `apt-get install firefox-esr` (.ci/run does it).');
  server = await startGmailServer({});
  firefox = await launchFirefox({ serverPort: server.port, hosts: (h) => SITES.some((s) => s.host(h)) });
  extension = await FirefoxExtension.install(firefox.marionette);
}, 90_000);

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox', () => {
  it('does not open its sidebar by itself at install', async () => {
    // The sidebar would open a moment after install; give it that moment.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await extension.sidebar()).toEqual({ open: false, panel: '' });
  });

  it('logs a thread from the Gmail test page and shows it in the sidebar’s page', async () => {
    const gmail = await FirefoxGmailPage.open(firefox.marionette);
    await gmail.openThread('Rollout schedule for Q1');
    expect(await gmail.logToCrm()).toMatch(/^✓ Logged/);

    const panel = await FirefoxPanelPage.open(extension);
    await waitUntil(() => panel.text('thread-subject'), (t) => t.some((s) => s.includes('Rollout schedule for Q1')), 'the thread in the side panel');
    const entries = await waitUntil(() => panel.text('timeline-entry'), (t) => t.length > 0, 'the logged email on the timeline');
    expect(entries.join('\n')).toContain('Rollout schedule for Q1');
  });

  it('keeps no secret where a content script can read it', async () => {
    await extension.open('options.html');
    const key = 'sk-ff-e2e-abcdefghijklmnopqrstuvwxyz012345';
    // The rep saves a local model's endpoint with a key, allowing its origin when Firefox asks.
    await extension.grant(['http://localhost/*']);
    // Reading replies with it stays off (the default, said here): the network check below holds it to that.
    const saved = await extension.request('drafts.saveAiSettings', {
      ai: { provider: 'openai-compatible', endpoint: 'http://localhost:11434/v1', model: 'llama3.2', apiKey: key, readIntent: false },
      keepApiKey: false,
    });
    expect(saved).toMatchObject({ ok: true, data: { apiKeySet: true } });
    expect(await extension.request('drafts.getAiSettings', {})).toMatchObject({ ok: true, data: { apiKeySet: true, model: 'llama3.2' } });
    // storage.local is the area Firefox also hands to content scripts.
    expect(JSON.stringify(await extension.storageLocal())).not.toContain(key);
  });

  it('reads a CRM’s record pages only once the rep allows that CRM’s web app', async () => {
    const url = 'https://app.hubspot.com/contacts/24681357/record/0-1/51234567801';
    const before = await FirefoxCrmPage.open(firefox.marionette, url);
    // Give a content script ample time to have run, had it been allowed.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await before.detected()).toBe(false);

    await extension.grant(['https://app.hubspot.com/*']);
    // Registered at run time: the next load of the page gets the script.
    await FirefoxCrmPage.openUntilDetected(firefox.marionette, url);
  });

  it('turning on a CRM’s record pages in the options asks for that web app and starts reading its pages', async () => {
    const url = 'https://followthrough-demo.pipedrive.com/person/1042';
    expect(await (await FirefoxCrmPage.open(firefox.marionette, url)).detected()).toBe(false);
    await extension.switchRecordPages('Pipedrive');
    await waitUntil(() => extension.holds(['https://*.pipedrive.com/*']), Boolean, 'the Pipedrive web app permission');
    await FirefoxCrmPage.openUntilDetected(firefox.marionette, url);
  });

  it('opens the real toolbar popup at its full width', async () => {
    await extension.open('sidepanel.html');
    const size = await extension.openToolbarPopup();
    expect(size.width).toBeGreaterThanOrEqual(340);
    expect(size.width).toBeLessThanOrEqual(800);
  });

  it('logs no error in the background or any extension page (no CSP report for zod’s eval probe, no missing API)', async () => {
    const errors = (await firefox.consoleMessages()).filter((m) => /Content-Security-Policy|Content Security Policy|call to Function\(\) blocked|eval/i.test(m));
    expect(errors).toEqual([]);
    // Firefox's notice that a page was left while its message to the background was in flight (the tests move
    // on at once) is not an error of the extension's; Firefox words it "rejected" or "resolved" by how the answer
    // came back, and "after context unloaded" or "while context is inactive" by whether the page was closed or
    // kept in the back-forward cache (ExtensionCommon.sys.mjs `wrapPromise`, one branch each; read 2026-12-07).
    // The side panel's read 50 ms after a burst of notices (lib/ui/panel-store.ts) made the second come up.
    const unloaded = /Promise (rejected|resolved) (after context unloaded|while context is inactive)/;
    expect((await firefox.extensionErrors(EXTENSION_ORIGIN)).filter((e) => !unloaded.test(e))).toEqual([]);
    // Followthrough tried to reach no host at all, Firefox's own remote settings service aside: not even the AI
    // endpoint the rep set up above, since reading what replies are about with it is off until they opt in
    // (Options → AI), and no draft was asked for.
    expect(firefox.refused.filter((r) => !/\.mozilla\.(com|net|org):/.test(r))).toEqual([]);
  });
});
