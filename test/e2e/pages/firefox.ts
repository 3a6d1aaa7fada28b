import type { Marionette } from '../firefox/marionette';
import { setAndHear } from './storage-heard';
import { ADDON_ID, ADDON_UUID, EXTENSION_ORIGIN, FIREFOX_EXTENSION_DIR } from '../firefox/firefox';

// Followthrough in a real Firefox, driven over Marionette: the add-on, the Gmail test page, the sidebar page
// and the real toolbar popup. Selectors live here, as in the Chromium page objects.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
type ElementRef = Record<typeof ELEMENT, string>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `read` until `ok` holds (or fail with the last value after `timeoutMs`). */
export async function waitUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  while (Date.now() < until) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (e) {
      error = e;
    }
    await sleep(200);
  }
  throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}${error ? `; error: ${String(error)}` : ''}`);
}

async function inChrome<T>(m: Marionette, work: () => Promise<T>): Promise<T> {
  await m.setContext('chrome');
  try {
    return await work();
  } finally {
    await m.setContext('content');
  }
}

export class FirefoxExtension {
  constructor(readonly m: Marionette) {}

  /** Install the Firefox build as a temporary add-on, as `about:debugging` does. */
  static async install(m: Marionette): Promise<FirefoxExtension> {
    await inChrome(m, () => m.send('Addon:Install', { path: FIREFOX_EXTENSION_DIR, temporary: true }));
    return new FirefoxExtension(m);
  }

  get uuid(): string {
    return ADDON_UUID;
  }

  /** Whether Firefox's sidebar is open (and on which panel). */
  sidebar(): Promise<{ open: boolean; panel: string }> {
    return inChrome(this.m, () =>
      this.m.execute<{ open: boolean; panel: string }>(
        `const w = Services.wm.getMostRecentWindow('navigator:browser');
         const s = w.SidebarController ?? w.SidebarUI;
         return { open: !!s?.isOpen, panel: String(s?.currentID ?? '') };`,
      ),
    );
  }

  /**
   * Grant optional host permissions as the rep's "Allow" in Firefox's prompt does (the prompt cannot be clicked
   * from Marionette): through Firefox's own permission store, which fires permissions.onAdded in the add-on.
   */
  grant(origins: string[]): Promise<unknown> {
    return inChrome(this.m, () =>
      this.m.executeAsync(
        `const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
         const policy = WebExtensionPolicy.getByID(args[0]);
         await ExtensionPermissions.add(args[0], { permissions: [], origins: args[1] }, policy.extension);
         return true;`,
        [ADDON_ID, origins],
      ),
    );
  }

  /** Options › About & privacy › CRM record pages: click the CRM's switch, as the rep does. */
  async switchRecordPages(crm: 'HubSpot' | 'Pipedrive' | 'Salesforce'): Promise<void> {
    await this.m.send('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/options.html#privacy` });
    const box = await waitUntil(
      () =>
        this.m.execute<ElementRef | null>(
          `return [...document.querySelectorAll('[data-testid="crm-page-access"] label')].find((l) => l.textContent.startsWith(arguments[0]))?.querySelector('input') ?? null;`,
          [crm],
        ),
      (b) => b !== null,
      'the record-pages switch',
    );
    await this.m.send('WebDriver:ElementClick', { id: box![ELEMENT] });
  }

  /** Whether the extension holds these host permissions (asked from the current extension page). */
  holds(origins: string[]): Promise<boolean> {
    return this.m.executeAsync<boolean>(`return await browser.permissions.contains({ origins: args[0] });`, [origins]);
  }

  /** Open one of the extension's pages in the current tab. */
  async open(page: 'sidepanel.html' | 'popup.html' | 'options.html'): Promise<void> {
    await this.m.send('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/${page}` });
  }

  /** A request to the background, from an extension page (the current tab must be one). */
  request<T = unknown>(channel: string, payload: unknown): Promise<T> {
    return this.m.executeAsync<T>(`return await browser.runtime.sendMessage(args[0]);`, [{ channel, payload }]);
  }

  /** Everything in storage.local: what a content script of the extension can read too. */
  storageLocal(): Promise<Record<string, unknown>> {
    return this.m.executeAsync(`return await browser.storage.local.get(null);`);
  }

  /**
   * Open the real toolbar popup (browserAction.openPopup from an extension page; the profile allows it without
   * a click) and measure the panel Firefox gave it, once its size settles.
   */
  async openToolbarPopup(): Promise<{ width: number; height: number }> {
    await this.m.executeAsync(`await browser.browserAction.openPopup(); return true;`);
    let previous = '';
    return inChrome(this.m, () =>
      waitUntil(
        () =>
          this.m.execute<{ width: number; height: number } | null>(
            `const w = Services.wm.getMostRecentWindow('navigator:browser');
             const b = w.document.querySelector('browser.webextension-popup-browser');
             if (!b) return null;
             const r = b.getBoundingClientRect();
             return { width: Math.round(r.width), height: Math.round(r.height) };`,
          ),
        (size) => {
          // Settled: present, laid out, and the same on two reads in a row.
          const now = JSON.stringify(size);
          const settled = !!size && size.height > 40 && now === previous;
          previous = now;
          return settled;
        },
        'the toolbar popup to open and settle',
      ).then((s) => s!),
    );
  }
}

export class FirefoxGmailPage {
  static readonly INBOX = 'https://mail.google.com/mail/u/0/#inbox';

  constructor(readonly m: Marionette) {}

  static async open(m: Marionette): Promise<FirefoxGmailPage> {
    await m.send('WebDriver:Navigate', { url: FirefoxGmailPage.INBOX });
    const page = new FirefoxGmailPage(m);
    await waitUntil(() => m.execute<number>(`return document.querySelectorAll('tr.zA').length;`), (n) => n > 0, 'the inbox rows');
    return page;
  }

  private async click(ref: ElementRef): Promise<void> {
    await this.m.send('WebDriver:ElementClick', { id: ref[ELEMENT] });
  }

  async openThread(subject: string): Promise<void> {
    const row = await this.m.execute<ElementRef | null>(
      `return [...document.querySelectorAll('tr.zA span.bog')].find((s) => s.textContent.includes(arguments[0])) ?? null;`,
      [subject],
    );
    if (!row) throw new Error(`no inbox row "${subject}"`);
    await this.click(row);
    await waitUntil(() => this.m.execute<string>(`return document.querySelector('h2.hP')?.textContent ?? '';`), (t) => t.includes(subject), `thread "${subject}"`);
  }

  /** The Log to CRM button's label (in its shadow root). */
  logLabel(): Promise<string> {
    return this.m.execute<string>(`return document.querySelector('followthrough-log-button')?.shadowRoot?.querySelector('button:not(.undo)')?.textContent?.trim() ?? '';`);
  }

  async logToCrm(): Promise<string> {
    const button = await waitUntil(
      () => this.m.execute<ElementRef | null>(`return document.querySelector('followthrough-log-button')?.shadowRoot?.querySelector('button:not(.undo):not([disabled])') ?? null;`),
      (b) => b !== null,
      'the Log to CRM button',
    );
    await this.click(button!);
    return waitUntil(() => this.logLabel(), (l) => /^✓ Logged/.test(l), 'the thread to be logged');
  }

  /** Whether the isolated content script marked the page (it runs in Firefox's content-script sandbox). */
  contentScriptRan(): Promise<boolean> {
    return this.m.execute<boolean>(`return document.querySelector('followthrough-log-button') !== null;`);
  }
}

/** A CRM record page (HubSpot, Salesforce, Pipedrive test pages on their real hosts). */
export class FirefoxCrmPage {
  constructor(readonly m: Marionette) {}

  static async open(m: Marionette, url: string): Promise<FirefoxCrmPage> {
    await m.send('WebDriver:Navigate', { url });
    return new FirefoxCrmPage(m);
  }

  /** Whether the record-page content script ran here (it marks the page). */
  detected(): Promise<boolean> {
    return this.m.execute<boolean>(`return document.documentElement.dataset.followthrough === 'crm';`);
  }

  /** Load the page until the record-page script runs on it, giving each load time to run it (document_idle). */
  static async openUntilDetected(m: Marionette, url: string): Promise<void> {
    await waitUntil(
      async () => {
        const page = await FirefoxCrmPage.open(m, url);
        const until = Date.now() + 2_000;
        while (Date.now() < until) {
          if (await page.detected()) return true;
          await sleep(100);
        }
        return false;
      },
      Boolean,
      `the record-page script on ${url}`,
    );
  }
}

/** The side panel's page (Firefox's sidebar panel), opened in a tab: it follows the Gmail tab touched last. */
export class FirefoxPanelPage {
  constructor(readonly m: Marionette) {}

  static async open(extension: FirefoxExtension): Promise<FirefoxPanelPage> {
    await extension.open('sidepanel.html');
    await waitUntil(() => extension.m.execute<boolean>(`return !!document.querySelector('main');`), Boolean, 'the side panel page');
    return new FirefoxPanelPage(extension.m);
  }

  text(testId: string): Promise<string[]> {
    return this.m.execute<string[]>(`return [...document.querySelectorAll('[data-testid="' + arguments[0] + '"]')].map((e) => e.textContent.trim());`, [testId]);
  }
}

/**
 * Followthrough's stored rows and settings, read and written from an extension page kept open in a tab of its
 * own (Firefox's MV2 background and its pages share one IndexedDB and storage.local), so the Gmail tab is never
 * navigated away from while its messages are in flight.
 */
export class FirefoxStore {
  private constructor(
    readonly m: Marionette,
    private readonly tab: string,
    private readonly home: string,
  ) {}

  static async open(extension: FirefoxExtension): Promise<FirefoxStore> {
    const m = extension.m;
    const home = (await m.send<{ value: string }>('WebDriver:GetWindowHandle')).value;
    const { handle } = await m.send<{ handle: string }>('WebDriver:NewWindow', { type: 'tab', focus: false });
    await m.send('WebDriver:SwitchToWindow', { handle, focus: false });
    await extension.open('options.html');
    await m.send('WebDriver:SwitchToWindow', { handle: home, focus: true });
    return new FirefoxStore(m, handle, home);
  }

  private async inTab<T>(work: () => Promise<T>): Promise<T> {
    await this.m.send('WebDriver:SwitchToWindow', { handle: this.tab, focus: false });
    try {
      return await work();
    } finally {
      await this.m.send('WebDriver:SwitchToWindow', { handle: this.home, focus: true });
    }
  }

  /** Every row of one table of the extension's database. */
  table<T = Record<string, unknown>>(name: string): Promise<T[]> {
    return this.inTab(() =>
      this.m.executeAsync<T[]>(
        `const db = await new Promise((ok, fail) => { const r = indexedDB.open('followthrough'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
         try {
           if (!db.objectStoreNames.contains(args[0])) return [];
           return await new Promise((ok, fail) => { const r = db.transaction(args[0]).objectStore(args[0]).getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
         } finally { db.close(); }`,
        [name],
      ),
    );
  }

  /** A request to the background from the extension page. */
  request<T = unknown>(channel: string, payload: unknown): Promise<T> {
    return this.inTab(() => this.m.executeAsync<T>(`return await browser.runtime.sendMessage(args[0]);`, [{ channel, payload }]));
  }

  /** Write keys of storage.local as the background stores them. */
  setStorage(values: Record<string, unknown>): Promise<unknown> {
    // Done once storage.onChanged has been heard here, and a moment more: the background keeps its settings in
    // memory until it hears the change too.
    return this.inTab(() => this.m.executeAsync(`await ${setAndHear(values, 'browser')}; await new Promise((r) => setTimeout(r, 50)); return true;`));
  }

  /** Merge into the stored settings, as the options page's save does. */
  async setSettings(key: string, version: number, patch: Record<string, unknown>): Promise<unknown> {
    const current = await this.inTab(() => this.m.executeAsync<Record<string, unknown> | null>(`return (await browser.storage.local.get(args[0]))[args[0]] ?? null;`, [key]));
    return this.setStorage({ [key]: { ...(current ?? {}), ...patch, version } });
  }
}

/** The Gmail test page's own state (its `window.__ftGmail`), read from the page's world. */
export async function gmailThreads(m: Marionette): Promise<{ id: string; subject: string }[]> {
  return m.execute(`const w = window.wrappedJSObject ?? window; return JSON.parse(JSON.stringify(w.__ftGmail.threads()));`);
}

/**
 * Run `code` in Gmail's page world, as a page script does (a <script> element, not Marionette's own scope),
 * and wait until it says it is done (it sets `document.documentElement.dataset.forged`).
 */
export async function runInPageWorld(m: Marionette, code: string): Promise<string> {
  await m.execute(
    `delete document.documentElement.dataset.forged;
     const s = document.createElement('script');
     s.textContent = arguments[0];
     document.documentElement.append(s);
     s.remove();`,
    [`(async () => { try { ${code}; document.documentElement.dataset.forged = 'done'; } catch (e) { document.documentElement.dataset.forged = 'error: ' + e; } })();`],
  );
  const outcome = await waitUntil(() => m.execute<string | undefined>(`return document.documentElement.dataset.forged;`), (v) => typeof v === 'string', 'the page script to finish');
  return outcome ?? '';
}
