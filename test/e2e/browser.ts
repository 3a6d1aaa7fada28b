import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page, type Worker } from 'playwright-core';

// Launches Chromium with the built extension loaded and Gmail's (and the CRMs') hosts mapped to the
// loopback test server. Used by the e2e suite, `npm run demo` and `npm run bench`.

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

export class NoChromiumError extends Error {
  constructor(tried: string[]) {
    super(
      `No Chrome or Chromium found (looked at ${tried.join(', ')}).\n` +
        'Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or point Followthrough at yours:\n' +
        '  CHROMIUM_PATH=/path/to/chrome npm test',
    );
    this.name = 'NoChromiumError';
  }
}

export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new NoChromiumError([`CHROMIUM_PATH=${fromEnv} (does not exist)`]);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new NoChromiumError(CANDIDATES);
  return found;
}

export interface LaunchOptions {
  serverPort: number;
  headless?: boolean;
  extension?: boolean;
  viewport?: { width: number; height: number };
  /** More hosts to map to loopback servers of their own (e.g. api.hubapi.com → a loopback CRM API). */
  extraHosts?: { host: string; port: number }[];
  /**
   * Optional host permissions the rep has granted (e.g. a CRM's web app). Chrome's grant prompt cannot be
   * clicked in a test, so the grant is written into the profile the way Chrome keeps it, and Chrome restarted.
   */
  grantedOrigins?: string[];
  /** More unpacked extensions loaded beside Followthrough (the bench's empty-worker baseline). */
  extraExtensions?: string[];
  /**
   * The browser's UI language (browser.i18n.getUILanguage), e.g. "de". Debian's Chromium 156 ignores `--lang`
   * on Linux and takes it from LANGUAGE/LANG, and only for languages whose chromium-l10n files are installed
   * (checked 2026-12-06). Unset: the machine's own, English on the build machines.
   */
  language?: string;
  /** Another build of Followthrough to load instead of `.output/chrome-mv3` (A/B traces, trace-gmail.ts FT_BASE). */
  extensionDir?: string;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string | null;
  worker: Worker | null;
  /** Console errors and uncaught exceptions from extension pages and the service worker. */
  extensionErrors: string[];
  close(): Promise<void>;
}

/** Chromium on Linux keeps an extension's granted permissions in the profile's Preferences file. */
function grantInProfile(profile: string, extensionId: string, origins: string[]) {
  const file = join(profile, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as { extensions: { settings: Record<string, Record<string, { explicit_host?: string[] }>> } };
  const settings = prefs.extensions.settings[extensionId];
  if (!settings) throw new Error(`Chromium did not record the extension ${extensionId} in ${file}`);
  for (const key of ['granted_permissions', 'active_permissions']) {
    const set = (settings[key] ??= {});
    set.explicit_host = [...new Set([...(set.explicit_host ?? []), ...origins])];
  }
  writeFileSync(file, JSON.stringify(prefs));
}

export async function launchWithExtension(options: LaunchOptions): Promise<ExtensionBrowser> {
  const { serverPort, headless = true, extension = true } = options;
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (extension && !existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`The extension is not built: ${extensionDir}/manifest.json is missing. Run \`npm run build\` first.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'followthrough-profile-'));
  const hosts = ['mail.google.com', 'app.hubspot.com', '*.lightning.force.com', '*.pipedrive.com'];
  const args = [
    // The first matching rule wins: a CRM API host (api.pipedrive.com) goes before the page wildcards (*.pipedrive.com).
    `--host-resolver-rules=${[...(options.extraHosts ?? []).map((m) => `MAP ${m.host} 127.0.0.1:${m.port}`), ...hosts.map((h) => `MAP ${h} 127.0.0.1:${serverPort}`)].join(',')},EXCLUDE localhost`,
    '--ignore-certificate-errors',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(extension
      ? [`--disable-extensions-except=${[extensionDir, ...(options.extraExtensions ?? [])].join(',')}`, `--load-extension=${[extensionDir, ...(options.extraExtensions ?? [])].join(',')}`]
      : []),
  ];
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: findChromium(),
      headless,
      ignoreHTTPSErrors: true,
      args,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      // Playwright adds --disable-extensions by default; the flags above decide instead.
      ignoreDefaultArgs: extension ? ['--disable-extensions'] : undefined,
      chromiumSandbox: false,
      ...(options.language ? { env: { ...process.env, LANGUAGE: options.language, LANG: `${options.language}_${options.language.toUpperCase()}.UTF-8` } } : {}),
    });
  let context = await launch();
  if (extension && options.grantedOrigins?.length) {
    const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const id = new URL(first.url()).host;
    await context.close();
    grantInProfile(profile, id, options.grantedOrigins);
    context = await launch();
  }
  const extensionErrors: string[] = [];
  let worker: Worker | null = null;
  let extensionId: string | null = null;
  if (extension) {
    // Followthrough's worker is background.js (WXT); another loaded extension has its own.
    const ours = (w: Worker) => new URL(w.url()).pathname === '/background.js';
    worker = context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours, timeout: 15_000 }));
    extensionId = new URL(worker.url()).host;
    const origin = `chrome-extension://${extensionId}`;
    const watch = (page: Page) => {
      page.on('console', (m: ConsoleMessage) => {
        if (m.type() === 'error' && page.url().startsWith(origin)) extensionErrors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => {
        if (page.url().startsWith(origin)) extensionErrors.push(`${page.url()}: ${e.message}`);
      });
    };
    context.pages().forEach(watch);
    context.on('page', watch);
    worker.on('console', (m) => {
      if (m.type() === 'error') extensionErrors.push(`service worker: ${m.text()}`);
    });
  }
  return {
    context,
    extensionId,
    worker,
    extensionErrors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
