import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Marionette } from './marionette';

// Debian's firefox-esr with the Firefox build of the extension installed as a temporary add-on, driven over
// Marionette. Playwright cannot drive a stock Firefox, so this is its own small harness.
//
// Sites at their real hosts: Firefox sends every request through a loopback CONNECT proxy that tunnels the
// test hosts (mail.google.com, the CRM apps) to the test web server and refuses everything else, so nothing
// leaves the machine and the server needs no privileged port.

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../../.output/firefox-mv2');
export const ADDON_ID = 'followthrough@followthrough.dev';
/** Fixed through the profile, so the extension's pages have a known address. */
export const ADDON_UUID = '5d3c2a7e-8f1b-4c6d-9e0a-1b2c3d4e5f60';
export const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr'];

export function findFirefox(): string | undefined {
  if (process.env.FIREFOX_PATH) return existsSync(process.env.FIREFOX_PATH) ? process.env.FIREFOX_PATH : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A CONNECT proxy that tunnels the given hosts to one loopback port and refuses all else. */
async function startProxy(targetPort: number, hosts: (host: string) => boolean): Promise<Server & { refused: string[] }> {
  const refused: string[] = [];
  const server = createHttpServer((req, res) => {
    refused.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  }) as Server & { refused: string[] };
  server.refused = refused;
  server.on('connect', (req, client) => {
    const host = (req.url ?? '').replace(/:\d+$/, '');
    if (!hosts(host)) {
      refused.push(`CONNECT ${req.url}`);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const drop = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

const pref = (name: string, value: string | number | boolean) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`;

export interface FirefoxSession {
  marionette: Marionette;
  /** Console messages Firefox logged (page and extension errors, CSP reports), read from its console service. */
  consoleMessages(): Promise<string[]>;
  /** Errors (script errors, CSP reports) whose source is one of the extension's files or pages. */
  extensionErrors(origin: string): Promise<string[]>;
  /** Requests the proxy refused: anything that tried to leave the test hosts. */
  refused: string[];
  close(): Promise<void>;
}

export async function launchFirefox(options: { serverPort: number; hosts: (host: string) => boolean }): Promise<FirefoxSession> {
  const binary = findFirefox();
  if (!binary) throw new Error('No Firefox found: install Debian’s firefox-esr (`apt-get install firefox-esr`) or set FIREFOX_PATH.');
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) throw new Error(`The Firefox build is missing (${FIREFOX_EXTENSION_DIR}); run \`npm run build:firefox\`.`);
  const proxy = await startProxy(options.serverPort, options.hosts);
  const proxyPort = (proxy.address() as AddressInfo).port;
  const marionettePort = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'followthrough-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    [
      pref('marionette.port', marionettePort),
      // Every request through the test proxy; no DNS-over-HTTPS, no HTTP/3 (which a CONNECT proxy cannot carry).
      pref('network.proxy.type', 1),
      pref('network.proxy.ssl', '127.0.0.1'),
      pref('network.proxy.ssl_port', proxyPort),
      pref('network.proxy.http', '127.0.0.1'),
      pref('network.proxy.http_port', proxyPort),
      pref('network.proxy.no_proxies_on', ''),
      pref('network.proxy.allow_hijacking_localhost', true),
      pref('network.trr.mode', 5),
      pref('network.http.http3.enable', false),
      // The real toolbar popup may be opened by browserAction.openPopup() from an extension page.
      pref('extensions.openPopupWithoutUserGesture.enabled', true),
      pref('extensions.webextensions.uuids', JSON.stringify({ [ADDON_ID]: ADDON_UUID })),
      // An optional permission asked for in a click is granted without Firefox's doorhanger (which Marionette
      // cannot click); the click itself is still required.
      pref('extensions.webextOptionalPermissionPrompts', false),
      // Quiet start: no first-run pages, updates, telemetry or remote settings.
      pref('browser.shell.checkDefaultBrowser', false),
      pref('browser.startup.homepage_override.mstone', 'ignore'),
      pref('browser.startup.page', 0),
      pref('browser.aboutwelcome.enabled', false),
      pref('datareporting.policy.dataSubmissionEnabled', false),
      pref('toolkit.telemetry.reportingpolicy.firstRun', false),
      pref('app.update.disabledForTesting', true),
      pref('extensions.update.enabled', false),
      pref('browser.safebrowsing.malware.enabled', false),
      pref('browser.safebrowsing.phishing.enabled', false),
      pref('network.captive-portal-service.enabled', false),
      pref('network.connectivity-service.enabled', false),
      pref('browser.newtabpage.enabled', false),
      // Media plugin updates (Widevine, OpenH264 from update.googleapis.com) and remote settings.
      pref('media.gmp-manager.updateEnabled', false),
      pref('media.gmp-manager.url', 'data:text/plain,'),
      pref('services.settings.server', 'data:,'),
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['-headless', '-marionette', '-remote-allow-system-access', '-no-remote', '-profile', profile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOZ_HEADLESS_WIDTH: '1280', MOZ_HEADLESS_HEIGHT: '800' },
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  let marionette: Marionette;
  try {
    marionette = await Marionette.connect(marionettePort);
    const session = await marionette.send('WebDriver:NewSession', { acceptInsecureCerts: true });
    if (process.env.FT_DEBUG) console.log(JSON.stringify(session));
  } catch (error) {
    child.kill();
    throw new Error(`${String(error)}\n${stderr.join('').slice(-2000)}`);
  }
  return {
    marionette,
    refused: proxy.refused,
    async consoleMessages() {
      await marionette.setContext('chrome');
      try {
        return await marionette.execute<string[]>('return Services.console.getMessageArray().map((m) => m.message || String(m));');
      } finally {
        await marionette.setContext('content');
      }
    },
    async extensionErrors(origin) {
      await marionette.setContext('chrome');
      try {
        return await marionette.execute<string[]>(
          `return Services.console.getMessageArray()
             .filter((m) => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag) && !(m.flags & Ci.nsIScriptError.infoFlag))
             .filter((m) => String(m.sourceName).startsWith(arguments[0]))
             .map((m) => m.sourceName + ': ' + m.errorMessage);`,
          [origin],
        );
      } finally {
        await marionette.setContext('content');
      }
    },
    async close() {
      await marionette.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => {});
      marionette.close();
      await new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          r();
        }, 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
      await new Promise((r) => proxy.close(r));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
