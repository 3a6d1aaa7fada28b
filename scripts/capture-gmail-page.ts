// Writes dated HTML snapshots of the Gmail test page's views into test/fixtures/gmail/pages/, for the
// extraction and selector tests (exact counts). Run after changing the test page: `npx tsx scripts/capture-gmail-page.ts`.
// The snapshots are taken with the extension off, so they hold only Gmail's structure.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startGmailServer } from '../test/server/gmail-server';
import { launchWithExtension } from '../test/e2e/browser';
import { GmailPage } from '../test/e2e/pages/gmail-page';

const OUT = resolve(import.meta.dirname, '../test/fixtures/gmail/pages');
const DATE = process.env.SNAPSHOT_DATE ?? '2026-11';

async function main() {
  const server = await startGmailServer();
  const browser = await launchWithExtension({ serverPort: server.port, extension: false });
  const save = async (gmail: GmailPage, name: string) => {
    const html = await gmail.page.evaluate(() => {
      // Typed values live in properties; the snapshot keeps them as attributes.
      for (const input of document.querySelectorAll('input')) input.setAttribute('value', input.value);
      const copy = document.documentElement.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('script').forEach((s) => s.remove());
      return copy.outerHTML;
    });
    const header = `<!doctype html>\n<!-- Followthrough page snapshot, Gmail ${DATE} structure (the Gmail test page), view: ${name}, url: ${gmail.page.url().replace(/^https:\/\/mail\.google\.com/, '')} -->\n`;
    writeFileSync(resolve(OUT, `${DATE}-${name}.html`), header + html);
    console.log(`wrote ${DATE}-${name}.html`);
  };
  try {
    // `--variants`: the thread (and for split-pane the inbox) in each of the test page's variant modes.
    if (process.argv.includes('--variants')) {
      for (const variant of ['perm-undefined', 'perm-absent', 'stale-views', 'collapsed', 'localized', 'split-pane', 'second-reply-bar', 'quote-adl']) {
        const gmail = await GmailPage.open(browser.context, GmailPage.variantUrl(variant));
        if (variant === 'split-pane') await save(gmail, `variant-${variant}-inbox`);
        if (variant === 'stale-views') {
          await gmail.openThread('Rollout schedule for Q1');
          await gmail.backToInbox();
        }
        await gmail.openThread('Fleet tracking pilot for 40 vans');
        await save(gmail, `variant-${variant}-thread`);
        await gmail.page.close();
      }
      return;
    }
    const gmail = await GmailPage.open(browser.context);
    await save(gmail, 'inbox');
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    await save(gmail, 'thread');
    await gmail.reply('Hi Priya, the per-van price is');
    await gmail.compose({ to: ['Elena Sorensen <elena@northwind.example>'], subject: 'Rollout plan', body: 'Hello Elena,' });
    // Both drafts saved (Gmail's hidden draft inputs then hold "#msg-a:r…"), so the snapshot does not depend
    // on how fast the page was filled.
    await gmail.page.waitForFunction(() => [...document.querySelectorAll('input[name="draft"]')].every((i) => (i as HTMLInputElement).value.startsWith('#msg-a:')));
    await save(gmail, 'thread-compose');
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
