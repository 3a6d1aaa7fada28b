import type { BrowserContext, Locator, Page } from 'playwright-core';

/** The toolbar popup, opened as a tab (Chrome opens the real popup only on a click on its icon). */
export class PopupPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<PopupPage> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 760 });
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.getByLabel('Status').waitFor();
    return new PopupPage(page);
  }

  get contactCount(): Locator {
    return this.page.getByTestId('contact-count');
  }

  get loggedToday(): Locator {
    return this.page.getByTestId('logged-today');
  }

  get remindersDue(): Locator {
    return this.page.getByTestId('reminders-due');
  }

  get autoLog(): Locator {
    return this.page.getByRole('switch', { name: /Log email automatically/ });
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** The inline error shown beside a field. */
  errorFor(label: string): Locator {
    return this.page.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).getByRole('alert');
  }

  async fill(label: string, value: string): Promise<void> {
    await this.field(label).fill(value);
    await this.field(label).blur();
  }

  get saved(): Locator {
    return this.page.locator('.save-line');
  }

  async undo(): Promise<void> {
    await this.page.getByRole('button', { name: /^Undo/ }).click();
  }

  async loadDemoData(): Promise<void> {
    await this.page.getByRole('button', { name: 'Load demo contacts' }).click();
    await this.page.getByRole('button', { name: 'Load demo contacts' }).waitFor({ state: 'detached' });
  }
}
