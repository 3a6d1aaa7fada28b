import type { Locator, Page } from 'playwright-core';

/** Today's list as a rep sees it, on the side panel or the options page. */
export class TodayList {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('today');
  }

  /** What Today says when there is nothing on it. */
  get empty(): Locator {
    return this.root.getByTestId('today-empty');
  }

  get setupSteps(): Locator {
    return this.root.getByTestId('today-setup').locator('li');
  }

  get items(): Locator {
    return this.root.getByTestId('today-item');
  }

  item(title: string | RegExp): Locator {
    return this.items.filter({ has: this.page.locator('.card-title', { hasText: title }) });
  }

  async titles(): Promise<string[]> {
    return this.items.locator('.card-title').allInnerTexts();
  }

  /** Each row's place and why it is there, as shown. */
  async whys(): Promise<string[]> {
    // The screen-reader prefix ("Why here: ") is not part of what is shown.
    return (await this.items.getByTestId('today-why').allTextContents()).map((t) => t.replace(/^Why here: /, ''));
  }

  /** One row's why (the screen-reader prefix left out). */
  async whyOf(row: Locator): Promise<string> {
    return ((await row.getByTestId('today-why').textContent()) ?? '').replace(/^Why here: /, '');
  }

  get notice(): Locator {
    return this.root.getByTestId('today-notice');
  }

  /** The row that has focus (its title), or null. */
  focusedTitle(): Promise<string | null> {
    return this.page.evaluate(() => {
      const row = document.activeElement?.closest('[data-testid="today-item"]');
      return row?.querySelector('.card-title')?.textContent ?? null;
    });
  }

  /** The selected row's title (aria-current). */
  selectedTitle(): Promise<string | null> {
    return this.root.locator('[data-testid="today-item"][aria-current="true"] .card-title').textContent({ timeout: 5_000 }).catch(() => null);
  }

  async focusFirst(): Promise<void> {
    await this.items.first().focus();
  }

  async press(key: 'j' | 'k' | 'Enter' | 'e'): Promise<void> {
    await this.page.keyboard.press(key);
  }

  button(row: Locator, action: 'Open thread' | 'Insert draft' | 'Done' | 'Snooze to tomorrow' | 'Skip'): Locator {
    return row.getByRole('button', { name: new RegExp(`^${action}:`) });
  }
}
