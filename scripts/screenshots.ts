import { writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * One PNG of several pages side by side, as the rep sees Gmail with the side panel beside it (Chrome
 * opens the real side panel only on a user gesture, so it is shot as a tab and placed next to Gmail).
 */
export async function sideBySide(context: BrowserContext, pages: Page[], file: string): Promise<void> {
  const shots = await Promise.all(pages.map(async (p) => ({ png: (await p.screenshot()).toString('base64'), size: p.viewportSize()! })));
  const height = Math.max(...shots.map((s) => s.size.height));
  const width = shots.reduce((w, s) => w + s.size.width, 0) + (shots.length - 1);
  const canvas = await context.newPage();
  await canvas.setViewportSize({ width, height });
  await canvas.setContent(
    `<body style="margin:0;display:flex;gap:1px;background:#c4c7c5">${shots
      .map((s) => `<img src="data:image/png;base64,${s.png}" width="${s.size.width}" height="${s.size.height}">`)
      .join('')}</body>`,
  );
  await canvas.waitForFunction(() => [...document.images].every((i) => i.complete));
  writeFileSync(file, await canvas.screenshot());
  await canvas.close();
}
