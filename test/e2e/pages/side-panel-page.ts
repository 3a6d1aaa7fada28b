import type { BrowserContext, Locator, Page } from 'playwright-core';

// The side panel, opened as a tab: Chrome opens the real panel only on a user gesture.

export class SidePanelPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<SidePanelPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
    await page.locator('main').waitFor();
    return new SidePanelPage(page);
  }

  get subject(): Locator {
    return this.page.getByTestId('thread-subject');
  }

  get emptyState(): Locator {
    return this.page.getByTestId('panel-empty');
  }

  get contactCards(): Locator {
    return this.page.getByTestId('contact-card');
  }

  async participants(): Promise<string[]> {
    return this.page.getByTestId('participants').locator('li .muted').allInnerTexts();
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
