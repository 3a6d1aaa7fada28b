// Thread click → side panel, two builds side by side in one run: the built extension (.output/chrome-mv3) and
// an older build (FT_BASE), each in its own Chromium, taking turns in blocks of five clicks (ABBA), so a busy
// stretch of the machine lands on both alike. Each block waits 2.5 s first, so the other browser's work after
// its last click (the panel's deferred reads, the engine) is done and does not weigh on this one's clicks. The gmail-panel suite's steps and marks (bench/gmail-panel.ts); for
// comparing a change, not for the budget (that is the suite's figure).
//
//   cp -r .output/chrome-mv3 /tmp/base     # before the change
//   npm run build                          # after it
//   FT_BASE=/tmp/base npx tsx test/bench/panel-ab.ts [clicks per side, default 40]

import { startGmailServer } from '../server/gmail-server';
import { launchWithExtension, type ExtensionBrowser } from '../e2e/browser';
import { GmailPage } from '../e2e/pages/gmail-page';
import { SidePanelPage } from '../e2e/pages/side-panel-page';
import { quantile, SUBJECTS, timedClick } from './gmail-panel';

const base = process.env.FT_BASE;
if (!base) throw new Error('FT_BASE: the directory of the build to compare against');
const clicks = Number(process.argv[2] ?? 40);

interface Side {
  name: string;
  browser: ExtensionBrowser;
  panel: SidePanelPage;
  gmail: GmailPage;
  toPanel: number[];
  toGmail: number[];
}

async function side(name: string, port: number, extensionDir?: string): Promise<Side> {
  const browser = await launchWithExtension({ serverPort: port, extensionDir });
  const panel = await SidePanelPage.open(browser.context, browser.extensionId!);
  const gmail = await GmailPage.open(browser.context, GmailPage.variantUrl('fresh-ids'));
  return { name, browser, panel, gmail, toPanel: [], toGmail: [] };
}

async function click(s: Side, i: number, keep: boolean) {
  const { toGmail, toPanel } = await timedClick(s.gmail, s.panel, SUBJECTS[i % SUBJECTS.length]!);
  if (!keep) return;
  s.toGmail.push(toGmail);
  s.toPanel.push(toPanel);
}

async function main() {
  const server = await startGmailServer();
  const sides = [await side('base', server.port, base), await side('this build', server.port)];
  try {
    const BLOCK = 5;
    for (let block = 0; block * BLOCK < clicks; block++) {
      // ABBA: neither side always goes first.
      const order = block % 2 === 0 ? sides : [...sides].reverse();
      for (const s of order) {
        await s.gmail.page.waitForTimeout(2_500);
        // The block's first click warms the side up again after its pause; not counted.
        for (let i = 0; i <= BLOCK; i++) await click(s, block * BLOCK + i, i > 0);
      }
    }
    for (const s of sides) {
      const f = (xs: number[]) => `p50 ${quantile(xs, 0.5)} ms, p95 ${quantile(xs, 0.95)} ms`;
      console.log(`${s.name.padEnd(10)} click → panel ${f(s.toPanel)}; click → Gmail ${f(s.toGmail)} (${s.toPanel.length} clicks)`);
    }
  } finally {
    for (const s of sides) await s.browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
