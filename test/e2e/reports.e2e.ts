import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { axeViolations, overflow, serious } from './audit';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { ReportsPage } from './pages/reports-page';
import { reportsTimeline } from '../fixtures/reports/timeline';

const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

// The Reports page in Chromium with the built extension: the demo data loaded from the popup, four weeks of
// mail merged in through the Data tab (as a backup is restored), then every chart, table and export.

const NOW = Date.now();
const CARDS = ['emails', 'replies', 'followups', 'suggestions', 'deals', 'sequences', 'meetings'];

const e2e = useExtensionBrowser({ server: false });
const id = () => e2e.browser.extensionId!;

let seeding: Promise<ReturnType<typeof reportsTimeline>['expected']> | undefined;
/** Once per file (the tests share one profile): the demo data, the merged-in mail, then Recompute figures. */
function seeded() {
  seeding ??= (async () => {
    const popup = await PopupPage.open(e2e.browser.context, id());
    await popup.loadDemoData();
    await popup.page.close();
    const options = await OptionsPage.open(e2e.browser.context, id(), '#data');
    const timeline = reportsTimeline(NOW);
    expect(await options.importData(timeline.file, 'merge')).toMatch(/Imported \d+ rows/);
    await options.page.close();
    // Rows merged in by an import arrive without engine events: the rep recomputes the figures once.
    const reports = await ReportsPage.open(e2e.browser.context, id());
    await reports.recompute();
    await reports.page.close();
    return timeline.expected;
  })();
  return seeding;
}

type Section = { available: true; figures: Record<string, unknown> } | { available: false; reason: string };

describe('reports page', () => {
  it('is linked from the popup and the options page', async () => {
    const popup = await PopupPage.open(e2e.browser.context, id());
    expect(await popup.page.getByRole('link', { name: 'Reports' }).getAttribute('href')).toBe('/reports.html');
    const options = await OptionsPage.open(e2e.browser.context, id());
    const [page] = await Promise.all([e2e.browser.context.waitForEvent('page'), options.page.getByRole('link', { name: 'Reports' }).click()]);
    await page.waitForURL(/reports\.html$/);
    await page.locator('section[data-report="emails"]').waitFor();
  });

  it('renders each chart and its table with the demo data, the figures by their definitions', async () => {
    const expected = await seeded();
    const reports = await ReportsPage.open(e2e.browser.context, id());
    await reports.status.filter({ hasText: 'Last 4 weeks' }).waitFor();
    expect(await reports.cards.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-report')))).toEqual(CARDS);

    // Charts: an SVG with bars and a spoken summary, for each section with figures.
    for (const card of ['emails', 'replies', 'followups', 'suggestions', 'deals']) {
      await reports.chart(card).waitFor();
      await expect.poll(() => reports.bars(card).count(), { message: card }).toBeGreaterThan(0);
      expect(await reports.chart(card).getAttribute('aria-label')).toMatch(/\d/);
    }
    expect(await reports.chart('emails').getAttribute('aria-label')).toContain(`Sent ${expected.sent}, Received ${expected.received}, Logged to CRM ${expected.logged} over 28 days`);
    // Sequences and meetings come with their own areas: said, not drawn as zeros.
    expect(await reports.card('sequences').innerText()).toContain('Sequences are not installed in this version yet.');
    expect(await reports.card('meetings').innerText()).toContain('Meetings are not installed in this version yet.');

    // Tables: the same figures.
    const emails = await reports.tableCells('emails');
    expect(emails[0]).toEqual(['Day', 'Sent', 'Received', 'Logged to CRM']);
    expect(emails).toHaveLength(29);
    const sum = (col: number) => emails.slice(1).reduce((n, r) => n + Number(r[col]), 0);
    expect([sum(1), sum(2), sum(3)]).toEqual([expected.sent, expected.received, expected.logged]);
    const replies = Object.fromEntries((await reports.tableCells('replies')).slice(1));
    expect(replies).toMatchObject({
      'Emails awaiting a reply': String(expected.awaited),
      'Replied by a person': String(expected.replied),
      'Reply rate (%)': String(expected.replyRatePercent),
      'Median time to their reply (hours)': String(expected.medianReplyHours),
      'Median time to your answer (hours)': String(expected.medianAnswerHours),
      'Bounced (left out)': '1',
      'Out-of-office and automatic replies (left out)': '1',
    });
    expect(await reports.card('replies').innerText()).toContain('Out-of-office and automatic replies and bounces are left out');
    expect(Object.fromEntries((await reports.tableCells('followups')).slice(1))).toEqual({ Due: '3', 'Done on time': '1', 'Done late': '1', Skipped: '1', 'Still ahead': '0' });
    expect(Object.fromEntries((await reports.tableCells('suggestions')).slice(1))).toEqual({ Accepted: '1', Edited: '1', Dismissed: '1', Open: '0' });
    expect(Object.fromEntries((await reports.tableCells('deals')).slice(1))).toEqual({ Touched: '1', 'Untouched 14+ days': '0' });
    // Each figure's definition is its tooltip.
    expect(await reports.card('replies').getByRole('rowheader', { name: 'Reply rate (%)' }).getAttribute('title')).toMatch(/^Of the emails you sent in the range/);

    // One contact: only Priya's mail.
    await reports.filterBy('Priya Raman');
    const priya = await reports.tableCells('emails');
    expect(priya.slice(1).reduce((n, r) => n + Number(r[1]), 0)).toBe(2);
  });

  it('exports each table as CSV that reads back to the same figures, and each chart as a PNG', async () => {
    await seeded();
    const reports = await ReportsPage.open(e2e.browser.context, id());
    const report = (await reports.report({ range: { kind: '4weeks' } })) as Record<string, Section>;
    for (const card of ['emails', 'replies', 'followups', 'suggestions', 'deals']) {
      const shown = await reports.tableCells(card);
      const { name, text } = await reports.exportCsv(card);
      expect(name).toMatch(new RegExp(`^followthrough-report-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}-${card}\\.csv$`));
      const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.data, card).toEqual(shown);
    }
    // The CSV's days against the background's own answer.
    const { text } = await reports.exportCsv('emails');
    const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
    const email = report.email as { available: true; figures: { byDay: { day: string; sent: number; received: number; logged: number }[] } };
    expect(rows.map((r) => ({ day: r.Day, sent: Number(r.Sent), received: Number(r.Received), logged: Number(r['Logged to CRM']) }))).toEqual(email.figures.byDay);

    await reports.showChart('emails');
    const png = await reports.savePng('emails');
    expect(png.name).toMatch(/-emails\.png$/);
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // Twice the chart's size on screen (PNG header: width and height at bytes 16 and 20).
    const size = await reports.chartSurface('emails').boundingBox();
    expect(png.bytes.readUInt32BE(16)).toBe(Math.ceil(size!.width * 2));
    expect(png.bytes.readUInt32BE(20)).toBe(Math.ceil(size!.height * 2));
    expect(png.bytes.length).toBeGreaterThan(5000);
  });

  it('has no serious axe violations, light or dark, and nothing sticks out; screenshots for the README', async () => {
    await seeded();
    mkdirSync(SHOTS, { recursive: true });
    const found: Record<string, unknown> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const reports = await ReportsPage.open(e2e.browser.context, id());
      await reports.page.setViewportSize({ width: 1100, height: 1500 });
      await reports.page.emulateMedia({ colorScheme: scheme });
      await reports.bars('emails').first().waitFor();
      found[`charts ${scheme}`] = serious(await axeViolations(reports.page));
      expect(await overflow(reports.page)).toEqual([]);
      await reports.page.screenshot({ path: resolve(SHOTS, `reports-${scheme}.png`), fullPage: true });
      await reports.showTable('replies');
      await reports.card('replies').locator('details summary').click();
      found[`tables ${scheme}`] = serious(await axeViolations(reports.page));
    }
    expect(found).toEqual({ 'charts light': [], 'tables light': [], 'charts dark': [], 'tables dark': [] });
  });

  it('refuses a custom range that ends before it starts, and keeps showing the last report', async () => {
    await seeded();
    const reports = await ReportsPage.open(e2e.browser.context, id());
    await reports.pickRange('This week');
    const bad = await reports.page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: { code: string } }> } } }).chrome;
      return chrome.runtime.sendMessage({ channel: 'reports.get', payload: { range: { kind: 'custom', from: '2026-12-05', to: '2026-12-01' } } });
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    await reports.pickRange('This quarter');
    expect(await reports.cards.count()).toBe(CARDS.length);
  });
});
