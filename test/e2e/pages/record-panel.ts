import type { Locator, Page } from 'playwright-core';

// What the side panel shows about the record or thread in view: record name, contact cards, timeline.

export class RecordPanel {
  constructor(readonly page: Page) {}

  get recordName(): Locator {
    return this.page.getByTestId('record-name');
  }

  get contactNames(): Locator {
    return this.page.getByTestId('contact-card').locator('.card-title');
  }

  get timelineEntries(): Locator {
    return this.page.getByTestId('timeline-entry');
  }

  async timeline(): Promise<string[]> {
    return (await this.timelineEntries.locator('span').allInnerTexts()).map((t) => t.trim());
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.locator('main').waitFor();
  }
}
