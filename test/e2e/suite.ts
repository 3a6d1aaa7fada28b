import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startGmailServer, type GmailServer, type GmailServerOptions } from '../server/gmail-server';
import { launchWithExtension, type ExtensionBrowser, type LaunchOptions } from './browser';

// What every e2e file starts from: the loopback web server (Gmail and the CRM pages on their real hosts)
// and Chromium with the built extension, started once per file and closed after it. A console error or an
// uncaught exception in an extension page or the service worker fails the test that caused it.

type MoreLaunchOptions = Omit<LaunchOptions, 'serverPort'>;

export interface SuiteOptions {
  /** The web server's options; false when no test of the file opens a served page. */
  server?: GmailServerOptions | false;
  /** More launch options, or a function giving them once the server is up (e.g. hosts of other loopback servers). */
  launch?: MoreLaunchOptions | (() => MoreLaunchOptions | Promise<MoreLaunchOptions>);
}

export interface ExtensionSuite {
  readonly browser: ExtensionBrowser;
  readonly server: GmailServer;
}

/** Registers the file's beforeAll / afterAll / afterEach hooks; read `browser` and `server` inside tests and hooks. */
export function useExtensionBrowser(options: SuiteOptions = {}): ExtensionSuite {
  let browser: ExtensionBrowser | undefined;
  let server: GmailServer | undefined;
  beforeAll(async () => {
    if (options.server !== false) server = await startGmailServer(options.server ?? {});
    const more = typeof options.launch === 'function' ? await options.launch() : options.launch;
    // Without a server no page is served; the port only has to be valid.
    browser = await launchWithExtension({ serverPort: server?.port ?? 9, ...more });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    if (browser) expect(browser.extensionErrors.splice(0), 'errors in extension pages').toEqual([]);
  });
  return {
    get browser() {
      if (!browser) throw new Error('The browser starts in beforeAll; read it inside a test or a hook.');
      return browser;
    },
    get server() {
      if (!server) throw new Error(options.server === false ? 'This file runs without the web server.' : 'The server starts in beforeAll; read it inside a test or a hook.');
      return server;
    },
  };
}
