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
