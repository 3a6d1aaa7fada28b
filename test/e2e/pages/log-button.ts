import type { Locator, Page } from 'playwright-core';

// Followthrough's Log to CRM control in Gmail's thread toolbar (a shadow root; Playwright pierces open ones).

export class LogButton {
  readonly host: Locator;

  constructor(readonly page: Page) {
    this.host = page.locator('followthrough-log-button');
  }

  get button(): Locator {
    return this.host.locator('button:not(.undo)');
  }

  get undoButton(): Locator {
    return this.host.getByRole('button', { name: 'Undo' });
  }

  get status(): Locator {
    return this.host.getByRole('status');
  }

  /** Whether it sits in Gmail's thread toolbar (rather than beside the subject, its fallback). */
  async inToolbar(): Promise<boolean> {
    return (await this.page.locator('[gh="mtb"] followthrough-log-button').count()) === 1;
  }

  async waitFor(): Promise<void> {
    await this.button.waitFor();
  }

  async label(): Promise<string> {
    return (await this.button.innerText()).trim();
  }

  async log(): Promise<void> {
    await this.button.click();
    await this.page.waitForFunction(() => !document.querySelector('followthrough-log-button')?.shadowRoot?.querySelector('button[disabled]'));
  }

  async undo(): Promise<void> {
    await this.undoButton.click();
    await this.page.waitForFunction(() => !document.querySelector('followthrough-log-button')?.shadowRoot?.querySelector('button[disabled]'));
  }
}
