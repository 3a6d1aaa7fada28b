import { mkdirSync, writeFileSync } from 'node:fs';
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
/** Once per file (the tests share one profile): the demo data, then the merged-in mail, sequences and meetings. */
function seeded() {
  seeding ??= (async () => {
    const popup = await PopupPage.open(e2e.browser.context, id());
    await popup.loadDemoData();
    await popup.page.close();
    const options = await OptionsPage.open(e2e.browser.context, id(), '#data');
    const timeline = reportsTimeline(NOW);
    expect(await options.importData(timeline.file, 'merge')).toMatch(/Imported \d+ rows/);
    await options.page.close();
    // No Recompute: an import rebuilds the figures itself.
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
    for (const card of CARDS) {
      await reports.chart(card).waitFor();
      await expect.poll(() => reports.bars(card).count(), { message: card }).toBeGreaterThan(0);
      expect(await reports.chart(card).getAttribute('aria-label')).toMatch(/\d/);
    }
    expect(await reports.chart('emails').getAttribute('aria-label')).toContain(`Sent ${expected.sent}, Received ${expected.received}, Logged to CRM ${expected.logged} over 28 days`);
    expect(await reports.chart('sequences').getAttribute('aria-label')).toContain(`Enrolled ${expected.sequences.enrolled}, Replied ${expected.sequences.replied}`);
    expect(await reports.chart('meetings').getAttribute('aria-label')).toContain(`Proposed ${expected.meetings.proposed}, Booked ${expected.meetings.booked}`);

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
    const q = expected.sequences;
    expect(Object.fromEntries((await reports.tableCells('sequences')).slice(1))).toEqual({
      Enrolled: String(q.enrolled),
      Replied: String(q.replied),
      Finished: String(q.finished),
      'Stopped: unsubscribed': '1',
      'Step 1 (Sequence intro): sent': String(q.steps[0]!.sent),
      'Step 1 (Sequence intro): replied': String(q.steps[0]!.replied),
      'Step 2 (Sequence nudge): sent': String(q.steps[1]!.sent),
      'Step 2 (Sequence nudge): replied': String(q.steps[1]!.replied),
    });
    expect(await reports.card('sequences').getByRole('rowheader', { name: 'Step 2 (Sequence nudge): replied' }).getAttribute('title')).toMatch(/^Of those steps, the ones the contact answered/);
    expect(Object.fromEntries((await reports.tableCells('meetings')).slice(1))).toEqual({ Proposed: '2', Booked: '1', 'Booked, since cancelled': '0' });
    expect(await reports.card('meetings').getByRole('rowheader', { name: 'Booked', exact: true }).getAttribute('title')).toMatch(/^Meetings booked in the range/);
    // Each figure's definition is its tooltip.
    expect(await reports.card('replies').getByRole('rowheader', { name: 'Reply rate (%)' }).getAttribute('title')).toMatch(/^Of the emails you sent in the range/);

    // One contact: only Priya's mail.
    await reports.filterBy('Priya Raman');
    const priya = await reports.tableCells('emails');
    expect(priya.slice(1).reduce((n, r) => n + Number(r[1]), 0)).toBe(2);
    expect(Object.fromEntries((await reports.tableCells('meetings')).slice(1))).toMatchObject({ Proposed: '1', Booked: '1' });
    expect(Object.fromEntries((await reports.tableCells('sequences')).slice(1))).toMatchObject({ Enrolled: '1', Finished: '1' });
    // One sequence: its own figures; meetings are not recorded per sequence.
    await reports.filterBy('Pilot outreach');
    expect(Object.fromEntries((await reports.tableCells('sequences')).slice(1))).toMatchObject({ Enrolled: '3', Replied: '1', 'Step 1 (Sequence intro): sent': '3' });
    expect(await reports.card('meetings').innerText()).toContain('Not recorded per sequence.');
  });

  it('exports each table as CSV that reads back to the same figures, and each chart as a PNG', async () => {
    await seeded();
    const reports = await ReportsPage.open(e2e.browser.context, id());
    const report = (await reports.report({ range: { kind: '4weeks' } })) as Record<string, Section>;
    for (const card of CARDS) {
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

    // The PNG, decoded by Chromium: the chart at twice its size, its title above and its legend below — each
    // series' colour as a swatch and its name as text in the page's scheme, light and dark.
    const schemes = {
      light: { bg: '#ffffff', fg: '#1f1f1f', series: ['#0b57d0', '#b3261e', '#146c2e'] },
      dark: { bg: '#1f1f1f', fg: '#e8eaed', series: ['#a8c7fa', '#f2b8b5', '#a8dab5'] },
    };
    for (const [scheme, colours] of Object.entries(schemes) as [keyof typeof schemes, (typeof schemes)['light']][]) {
      await reports.page.emulateMedia({ colorScheme: scheme });
      await reports.showChart('emails');
      const png = await reports.savePng('emails');
      expect(png.name).toMatch(/-emails\.png$/);
      expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      // For a person to look at: REPORTS_PNG_DIR=/tmp/x keeps the two PNGs.
      if (process.env.REPORTS_PNG_DIR) writeFileSync(resolve(process.env.REPORTS_PNG_DIR, `emails-${scheme}.png`), png.bytes);
      const size = (await reports.chartSurface('emails').boundingBox())!;
      const chartTop = 2 * 26; // the title line (lib/ui/png.ts), at twice the size
      const chartBottom = chartTop + Math.round(size.height * 2);
      const legend = await reports.pngBand(png.bytes, { top: chartBottom + 2, bottom: 1e6 }, colours.series, colours.fg);
      expect(legend.width).toBe(Math.ceil(size.width * 2));
      // One legend row (22 px + 6) below the chart.
      expect(legend.height).toBe(Math.ceil((26 + size.height + 28) * 2));
      expect(legend.background, scheme).toBe(colours.bg);
      // Each series' swatch: 12 × 12 px at twice the size, exactly its colour.
      for (const [k, count] of legend.counts.entries()) expect(count, `${scheme} swatch ${colours.series[k]}`).toBeGreaterThanOrEqual(24 * 24);
      // "Sent", "Received", "Logged to CRM" in the text colour: glyph pixels, where nothing else is drawn.
      expect(legend.near, `${scheme} legend text`).toBeGreaterThan(400);
      const title = await reports.pngBand(png.bytes, { top: 0, bottom: chartTop }, [], colours.fg);
      expect(title.background).toBe(colours.bg);
      expect(title.near, `${scheme} title text`).toBeGreaterThan(400);
    }
    await reports.page.emulateMedia({ colorScheme: 'light' });
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
