import type { BrowserContext, Locator, Page } from 'playwright-core';

// The side panel, opened as a tab: Chrome opens the real panel only on a user gesture.

export type SuggestionKind = 'followup' | 'draft' | 'log';

export class SidePanelPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string, viewport = { width: 360, height: 900 }): Promise<SidePanelPage> {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
    await page.locator('main').waitFor();
    return new SidePanelPage(page);
  }

  /** Make the panel's own tab the one in view, so it follows the Gmail tab touched last. */
  async focus(): Promise<void> {
    await this.page.bringToFront();
  }

  get subject(): Locator {
    return this.page.getByTestId('thread-subject');
  }

  get emptyState(): Locator {
    return this.page.getByTestId('panel-empty');
  }

  get skeleton(): Locator {
    return this.page.getByTestId('panel-skeleton');
  }

  get contactCards(): Locator {
    return this.page.getByTestId('contact-card');
  }

  /** Chips (a deal's stage) drawn outside their contact card, or whose text spills out of the chip. */
  chipsOutsideTheirCard(): Promise<string[]> {
    return this.contactCards.locator('.chip').evaluateAll((chips) =>
      chips
        .filter((chip) => {
          const card = chip.closest('[data-testid="contact-card"]')!.getBoundingClientRect();
          const r = chip.getBoundingClientRect();
          return r.right > card.right + 0.5 || r.left < card.left - 0.5 || chip.scrollWidth > chip.clientWidth + 1;
        })
        .map((chip) => chip.textContent ?? ''),
    );
  }

  chipsInCards(): Promise<number> {
    return this.contactCards.locator('.chip').count();
  }

  get autoLogState(): Locator {
    return this.page.getByTestId('autolog-state');
  }

  get notice(): Locator {
    return this.page.getByTestId('notice');
  }

  get detectionBanner(): Locator {
    return this.page.getByTestId('detection-banner');
  }

  async participants(): Promise<string[]> {
    return this.page.getByTestId('participants').locator('li .muted').allTextContents();
  }

  get suggestions(): Locator {
    return this.page.getByTestId('suggestion');
  }

  suggestion(kind: SuggestionKind): Locator {
    return this.page.locator(`[data-testid="suggestion"][data-kind="${kind}"]`);
  }

  async accept(kind: SuggestionKind): Promise<void> {
    await this.suggestion(kind).getByRole('button', { name: /^Accept/ }).click();
  }

  async dismiss(kind: SuggestionKind): Promise<void> {
    await this.suggestion(kind).getByRole('button', { name: /^Dismiss/ }).click();
  }

  async edit(kind: SuggestionKind): Promise<Locator> {
    await this.suggestion(kind).getByRole('button', { name: /^Edit/ }).click();
    return this.suggestion(kind).getByRole('form');
  }

  get reminders(): Locator {
    return this.page.getByTestId('reminder');
  }

  get timelineEntries(): Locator {
    return this.page.getByTestId('timeline').locator('li');
  }

  get timeline(): Locator {
    return this.page.getByTestId('timeline');
  }

  get automationEntries(): Locator {
    return this.page.getByTestId('audit-entry');
  }

  async undo(entryText: string | RegExp): Promise<void> {
    await this.automationEntries.filter({ hasText: entryText }).getByRole('button', { name: /^Undo/ }).click();
  }

  /** A suggestion's one-line headline ("Follow up on Monday, March 9"), in the panel's language. */
  suggestionTitle(kind: 'followup' | 'draft' | 'log'): Locator {
    return this.suggestion(kind).locator('.card-title');
  }

  /** Why the suggestion was made, as the panel words it (without the "Why:" label). */
  suggestionWhy(kind: 'followup' | 'draft' | 'log'): Locator {
    return this.suggestion(kind).getByTestId('suggestion-why');
  }

  /** A section's heading ("Suggestions" / "Vorschläge"), by its id. */
  sectionHeading(id: string): Locator {
    return this.page.getByTestId(`section-${id}`).locator('h2');
  }

  /** The language the page is shown in, as the extension sees it. */
  async uiLanguage(): Promise<string> {
    return this.page.evaluate(() => (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage());
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.locator('main').waitFor();
  }

  /** Send a raw message to the background from this extension page, as any extension context could. */
  async sendRaw(message: unknown): Promise<unknown> {
    type Runtime = { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
    return this.page.evaluate((m) => (globalThis as unknown as Runtime).chrome.runtime.sendMessage(m), message);
  }
}
