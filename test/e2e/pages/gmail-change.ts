import type { Page } from 'playwright-core';

/**
 * Gmail changing under Followthrough, simulated on the Gmail test page: from now on, every message body
 * Gmail renders lacks the class detection looks for (as when Gmail renames it in a release).
 */
export async function renameMessageBodyClass(page: Page): Promise<void> {
  await page.evaluate(() => {
    const strip = (root: ParentNode) => root.querySelectorAll('div.a3s').forEach((el) => el.classList.replace('a3s', 'a3s-2027'));
    strip(document);
    new MutationObserver(() => strip(document)).observe(document.body, { childList: true, subtree: true });
  });
}
