// `npm run demo`: build, serve the Gmail test page as https://mail.google.com, open Chromium with
// Followthrough loaded on the embedded local CRM (seeded with demo contacts and a deal).
// `npm run demo -- --headless --screenshot FILE` writes a PNG of Gmail with the side panel beside it.
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startGmailServer } from '../test/server/gmail-server';
import { launchWithExtension, NoChromiumError } from '../test/e2e/browser';
import { GmailPage } from '../test/e2e/pages/gmail-page';
import { PopupPage } from '../test/e2e/pages/popup-page';
import { SidePanelPage } from '../test/e2e/pages/side-panel-page';
import { sideBySide } from './screenshots';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    thread: { type: 'string', default: '' },
  },
});

async function main() {
  if (!values['no-build']) execSync('npx wxt build', { stdio: 'inherit' });
  const server = await startGmailServer();
  const browser = await launchWithExtension({ serverPort: server.port, headless: values.headless, viewport: { width: 1100, height: 760 } });
  const stop = async () => {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  const popup = await PopupPage.open(browser.context, browser.extensionId!);
  if ((await popup.contactCount.innerText()) === '0') await popup.loadDemoData();
  await popup.page.close();

  const gmail = await GmailPage.open(browser.context);
  const subject = values.thread || (await gmail.rows.nth(0).locator('span.bog').innerText());
  await gmail.openThread(subject);
  const panel = await SidePanelPage.open(browser.context, browser.extensionId!);
  await panel.subject.waitFor({ timeout: 10_000 });

  if (values.screenshot) {
    await panel.page.setViewportSize({ width: 380, height: 760 });
    await sideBySide(browser.context, [gmail.page, panel.page], values.screenshot);
    console.log(`Wrote ${values.screenshot}`);
  }
  if (values.headless) return stop();

  await gmail.page.bringToFront();
  console.log(
    `Followthrough demo running: Gmail test page at https://mail.google.com (served by ${server.origin}).\n` +
      'The side panel is open in its own tab; click the toolbar icon for the popup. Ctrl+C to stop.',
  );
  await new Promise<void>((resolve) => browser.context.on('close', () => resolve()));
  await server.close();
}

main().catch((error: unknown) => {
  if (error instanceof NoChromiumError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
