import { describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { ReportsPage } from './pages/reports-page';

// The Reports page for a rep whose browser speaks German: the range, the cards' titles, the rows and columns of
// a table, each figure's definition (the tooltip and the definitions list) and the charts' spoken summaries are
// German, with the range's days in German order. A fresh profile: every figure is zero, which is enough here.

const e2e = useExtensionBrowser({ server: false, launch: { language: 'de' } });

describe('reports page in German', () => {
  it('says the range, the titles, the rows and the definitions in German', async () => {
    const reports = await ReportsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    expect(await reports.uiLanguage()).toBe('de');
    await expect.poll(() => reports.status.innerText(), { timeout: 15_000 }).toMatch(/^Letzte 4 Wochen: \d{2}\.\d{2}\.\d{4} bis \d{2}\.\d{2}\.\d{4}, Tage in \S+\.$/);
    expect(await reports.card('emails').getByRole('heading').textContent()).toBe('E-Mails pro Tag');
    expect(await reports.card('replies').getByRole('heading').textContent()).toBe('Antworten und Antwortzeiten');
    expect(await reports.chart('emails').getAttribute('aria-label')).toBe('E-Mails pro Tag: Gesendet 0, Empfangen 0, Im CRM erfasst 0 an 28 Tagen. Die Tabellenansicht führt jeden Tag auf.');

    const sequences = reports.card('sequences');
    await sequences.getByRole('button', { name: 'Tabelle' }).click();
    const cells = await sequences.locator('tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
    expect(cells).toEqual([
      ['Kennzahl', 'Anzahl'],
      ['Aufgenommen', '0'],
      ['Geantwortet', '0'],
      ['Abgeschlossen', '0'],
    ]);
    expect(await sequences.getByRole('rowheader', { name: 'Aufgenommen' }).getAttribute('title')).toMatch(/^Kontakte, die im Zeitraum in eine Sequenz aufgenommen wurden/);
    await sequences.getByText('Was hier gezählt wird').click();
    expect(await sequences.locator('dt').allInnerTexts()).toEqual(['Aufgenommen', 'Geantwortet', 'Abgeschlossen', 'Gestoppt', 'Gesendet', 'Beantwortet']);
    expect(await sequences.locator('dd').nth(3).innerText()).toMatch(/nach diesem Grund gezählt: unzustellbar, abgemeldet, Termin gebucht/);
    expect(await reports.card('replies').textContent()).toContain('Antwortquote: nichts erwartet');
  });
});
