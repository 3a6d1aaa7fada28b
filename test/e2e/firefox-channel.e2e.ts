import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_KEY, SETTINGS_VERSION } from '../../lib/settings';
import { SITES, startGmailServer, type GmailServer } from '../server/gmail-server';
import { findFirefox, launchFirefox, type FirefoxSession } from './firefox/firefox';
import { forgedSendPair } from './pages/gmail-page';
import { FirefoxExtension, FirefoxGmailPage, FirefoxStore, gmailThreads, runInPageWorld, waitUntil } from './pages/firefox';

// The sync hook's private channel in Debian's firefox-esr (the firefox-mv2 build): the MAIN-world hook and the
// isolated script meet over the MessageChannel handshake through Firefox's Xrays, Gmail's own thread fetch
// reaches the background, and what a page script forges does not. HubSpot is the connected CRM, so every
// logged send is a CRM outbox row: the row a forgery must never become.

const SAM = { name: 'Sam Carter', email: 'sam@followthrough-demo.example' };
const PRIYA = { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' };
const OTHER = 'Rollout schedule for Q1';
const THREAD = 'Fleet tracking pilot for 40 vans';

let server: GmailServer;
let firefox: FirefoxSession;
let store: FirefoxStore;

type Activity = { kind: string; messageId?: string; contactId?: string; at: number };
type Row = { id: string; status?: string };
type Health = { id: string; networkProblems: { problem: string }[] };

const activitiesOf = async (messageId: string) => (await store.table<Activity>('activities')).filter((a) => a.messageId === messageId);
const crmRows = async (messageId: string) => (await store.table<Row>('outbox')).filter((r) => r.id === `crm:hubspot:${messageId}`);
const sendRow = async (messageId: string) => (await store.table<Row>('gmailSends')).find((r) => r.id === messageId);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  if (!findFirefox()) throw new Error('firefox-esr is not installed: `apt-get install firefox-esr` (.ci/run does it).');
  server = await startGmailServer({ undoSeconds: 1 });
  firefox = await launchFirefox({ serverPort: server.port, hosts: (h) => SITES.some((s) => s.host(h)) });
  const extension = await FirefoxExtension.install(firefox.marionette);
  store = await FirefoxStore.open(extension);
  // Priya is a demo contact, so the sync-only send is logged on her timeline (as in the Chromium test).
  expect(await store.request('crm.loadDemoData', {})).toMatchObject({ ok: true });
  // HubSpot connected as the background stores it once the rep's token was checked (as in the Chromium tests); its
  // API host is not among the proxy's, so the queued writes only wait.
  await store.setStorage({ crmCredentials: { hubspot: { crm: 'hubspot', method: 'token', accessToken: 'pat-na1-e2e0e2e0-1111-2222-3333-444455556666', account: 'HubSpot portal 4242', connectedAt: Date.now() - 1_000 } } });
  await store.setSettings(SETTINGS_KEY, SETTINGS_VERSION, { crm: 'hubspot', undoSendSeconds: 1, sendConfirmSeconds: 3, ownDomains: ['followthrough-demo.example'] });
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: the sync hook’s private channel', () => {
  it('a message the rep sent elsewhere, only in Gmail’s thread fetch → one activity dated by the message, one CRM outbox row; fetched again → still one', async () => {
    const m = firefox.marionette;
    const gmail = await FirefoxGmailPage.open(m);
    const threadId = (await gmailThreads(m)).find((t) => t.subject === OTHER)!.id;
    const at = Date.now() - 86_400_000;
    const { messageId } = server.addSyncOnlyMessage({ threadId, subject: `Re: ${OTHER}`, from: SAM, to: [PRIYA], at });
    const fetched = server.threadFetches.length;
    await gmail.openThread(OTHER);
    await waitUntil(async () => server.threadFetches.slice(fetched).some((f) => f.threadIds.includes(threadId)), Boolean, 'Gmail’s thread fetch');
    // The page never draws it: only the channel can have brought it.
    expect(await m.execute<string[]>(`return [...document.querySelectorAll('div.adn[data-message-id]')].map((e) => e.getAttribute('data-message-id'));`)).not.toContain(`#${messageId}`);
    const [activity] = await waitUntil(() => activitiesOf(messageId), (a) => a.length === 1, 'the activity', 30_000).catch(async (error: unknown) => {
      // Say whether the channel never opened (the health record names it) or opened and brought nothing.
      throw new Error(`${String(error)}; health: ${JSON.stringify((await store.table<Health>('gmailHealth')).map((h) => h.networkProblems))}`);
    });
    expect(activity).toMatchObject({ kind: 'email.sent', contactId: 'demo-ct-priya', at });
    await waitUntil(() => crmRows(messageId), (r) => r.length === 1, 'the CRM outbox row', 20_000);

    await FirefoxGmailPage.open(m);
    const again = server.threadFetches.length;
    await gmail.openThread(OTHER);
    await waitUntil(async () => server.threadFetches.length > again, Boolean, 'the second thread fetch');
    await sleep(2_000);
    expect(await activitiesOf(messageId)).toHaveLength(1);
    expect(await crmRows(messageId)).toHaveLength(1);
  });

  it('a confirmation forged in the page world (fake handshake, replaced getters, XHR re-opened with another frame’s native open) → no send row, no activity, no CRM outbox row', async () => {
    const m = firefox.marionette;
    const gmail = await FirefoxGmailPage.open(m);
    await gmail.openThread(THREAD);
    const threadId = (await gmailThreads(m)).find((t) => t.subject === THREAD)!.id;
    const forged = { messageId: 'msg-a:r-7770001', threadId, subject: 'Planted in Firefox', from: SAM, to: [PRIYA] };
    // Attack payloads made from the real 2022-09 capture pair, not Gmail's output (gmail-page.ts says how).
    const { request, answer } = forgedSendPair(forged);
    // What Gmail really gets in the re-open attack: a real send of another message (Gmail stores it, and it is
    // held for the rep: nobody pressed Send).
    const real = forgedSendPair({ ...forged, messageId: 'msg-a:r-7770002', subject: 'Really sent by a page script' }).request;
    const outcome = await runInPageWorld(
      m,
      `const request = ${JSON.stringify(request)}, answer = ${JSON.stringify(answer)}, real = ${JSON.stringify(real)};
       const call = { v: 1, url: location.origin + '/sync/u/0/i/s?c=99', method: 'POST', status: 200, body: request, answer };
       const channel = new MessageChannel();
       window.postMessage({ tag: 'followthrough:gmail-sync-channel', v: 1, nonce: 'forged' }, location.origin, [channel.port2]);
       channel.port1.postMessage(call);
       window.postMessage(call, location.origin);
       // Another frame's native XHR methods, which the hook never patched.
       const frame = document.createElement('iframe');
       document.body.append(frame);
       const nativeOpen = frame.contentWindow.XMLHttpRequest.prototype.open;
       const nativeSend = frame.contentWindow.XMLHttpRequest.prototype.send;
       const xhr = new XMLHttpRequest();
       xhr.open('POST', '/sync/u/0/i/s?c=95');
       xhr.send(request);
       nativeOpen.call(xhr, 'POST', '/sync/u/0/i/s?c=94', true);
       const loaded = new Promise((r) => xhr.addEventListener('loadend', r));
       nativeSend.call(xhr, real);
       await loaded;
       frame.remove();
       Object.defineProperty(XMLHttpRequest.prototype, 'responseText', { get: () => answer, configurable: true });
       Response.prototype.text = async () => answer;
       await fetch('/sync/u/0/i/s?c=97', { method: 'POST', body: '[null,[[]]]' });`,
    );
    expect(outcome).toBe('done');
    // Gmail got the real body: it was the one sent.
    await waitUntil(async () => server.syncRequests.some((r) => r.raw.includes('msg-a:r-7770002')), Boolean, 'the re-opened request at Gmail');
    // The fake handshake was seen and said so.
    await waitUntil(
      async () => (await store.table<Health>('gmailHealth')).flatMap((h) => h.networkProblems.map((p) => p.problem)),
      (problems) => problems.some((p) => p.startsWith('sync hook channel contested')),
      'the contested channel in the health record',
    );
    await sleep(4_000); // past the undo window and the confirmation time
    expect(await sendRow(forged.messageId)).toBeUndefined();
    expect(await activitiesOf(forged.messageId)).toEqual([]);
    expect(await crmRows(forged.messageId)).toEqual([]);
    // The message Gmail really sent, with no Send press: never a CRM row on its own.
    expect(['held', undefined]).toContain((await sendRow('msg-a:r-7770002'))?.status);
    expect(await crmRows('msg-a:r-7770002')).toEqual([]);
  });
});
