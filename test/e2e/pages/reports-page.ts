import type { BrowserContext, Locator, Page } from 'playwright-core';

// The Reports page (entrypoints/reports/): its range picker, filter, and one card per figure with a chart or
// table view and CSV / PNG export.

async function read(download: { createReadStream(): Promise<NodeJS.ReadableStream> }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class ReportsPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<ReportsPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/reports.html`);
    const reports = new ReportsPage(page);
    await reports.card('emails').waitFor();
    return reports;
  }

  /** The language the page is shown in, as the extension sees it. */
  async uiLanguage(): Promise<string> {
    return this.page.evaluate(() => (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage());
  }

  card(id: string): Locator {
    return this.page.locator(`section[data-report="${id}"]`);
  }

  get cards(): Locator {
    return this.page.locator('section[data-report]');
  }

  get status(): Locator {
    return this.page.getByRole('status').first();
  }

  /** The chart of a card: an image with a spoken summary, drawn by the chart library as SVG. */
  chart(id: string): Locator {
    return this.card(id).locator('.report-chart[role="img"]');
  }

  /** The chart's drawing surface (legend icons are SVGs too). */
  chartSurface(id: string): Locator {
    return this.card(id).locator('.recharts-wrapper > svg');
  }

  bars(id: string): Locator {
    return this.card(id).locator('svg.recharts-surface .recharts-bar-rectangle');
  }

  async showTable(id: string): Promise<Locator> {
    await this.card(id).getByRole('button', { name: 'Table', exact: true }).click();
    const table = this.card(id).getByRole('table');
    await table.waitFor();
    return table;
  }

  async showChart(id: string): Promise<void> {
    await this.card(id).getByRole('button', { name: 'Chart', exact: true }).click();
    await this.chart(id).waitFor();
  }

  /** The table view's cells, header row first. */
  async tableCells(id: string): Promise<string[][]> {
    const table = await this.showTable(id);
    return table.locator('tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
  }

  async exportCsv(id: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.card(id).getByRole('button', { name: 'Export CSV' }).click()]);
    return { name: download.suggestedFilename(), text: (await read(download)).toString('utf8') };
  }

  async savePng(id: string): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.card(id).getByRole('button', { name: 'Save PNG' }).click()]);
    return { name: download.suggestedFilename(), bytes: await read(download) };
  }

  /**
   * A saved PNG decoded by the browser's own image decoder: its size, and in a band of its rows, how many
   * pixels are each of `colours` (within 3 per channel: the swatches) and how many are close to `text` (within
   * 90: anti-aliased glyphs), and the band's most common colour (its background).
   */
  async pngBand(bytes: Buffer, band: { top: number; bottom: number }, colours: string[], text: string) {
    return this.page.evaluate(
      async ({ base64, band, colours, text }) => {
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([data], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const bottom = Math.min(band.bottom, bitmap.height);
        const px = ctx.getImageData(0, band.top, bitmap.width, bottom - band.top).data;
        const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
        const wanted = colours.map(rgb);
        const ink = rgb(text);
        const counts = wanted.map(() => 0);
        let near = 0;
        const seen = new Map<string, number>();
        for (let i = 0; i < px.length; i += 4) {
          const p = [px[i]!, px[i + 1]!, px[i + 2]!];
          wanted.forEach((w, k) => {
            if (w.every((v, j) => Math.abs(v - p[j]!) <= 3)) counts[k]!++;
          });
          if (ink.every((v, j) => Math.abs(v - p[j]!) <= 90)) near++;
          const key = `#${p.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
        const background = [...seen].sort((a, b) => b[1] - a[1])[0]![0];
        return { width: bitmap.width, height: bitmap.height, counts, near, background };
      },
      { base64: bytes.toString('base64'), band, colours, text },
    );
  }

  async recompute(): Promise<void> {
    await this.page.getByRole('button', { name: 'Recompute figures' }).click();
    await this.status.filter({ hasText: /Figures recomputed for \d+ days?/ }).waitFor();
  }

  async pickRange(label: 'This week' | 'Last 4 weeks' | 'This quarter'): Promise<void> {
    await this.page.getByRole('radio', { name: label }).check();
    await this.status.filter({ hasText: label }).waitFor();
  }

  async filterBy(name: string): Promise<void> {
    await this.page.getByLabel('Only for').selectOption({ label: name });
    await this.status.filter({ hasText: `only ${name}` }).waitFor();
  }

  /** The report as the background answers it, asked from this page. */
  async report(payload: unknown): Promise<unknown> {
    return this.page.evaluate(async (payload) => {
      const chrome = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; data: unknown }> } } }).chrome;
      const reply = await chrome.runtime.sendMessage({ channel: 'reports.get', payload });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      return reply.data;
    }, payload);
  }
}
