import type { BrowserContext, Locator, Page } from 'playwright-core';

export class PopupPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<PopupPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.getByLabel('Status').waitFor();
    return new PopupPage(page);
  }

  get contactCount(): Locator {
    return this.page.getByTestId('contact-count');
  }

  async loadDemoData(): Promise<void> {
    await this.page.getByRole('button', { name: 'Load demo contacts' }).click();
    await this.page.getByRole('button', { name: 'Load demo contacts' }).waitFor({ state: 'detached' });
  }
}
