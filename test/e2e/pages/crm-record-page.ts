import type { BrowserContext, Page } from 'playwright-core';

// A CRM test page (HubSpot, Salesforce Lightning, Pipedrive) on its real host, as the rep opens a record.

export class CrmRecordPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, url: string): Promise<CrmRecordPage> {
    const page = await context.newPage();
    await page.goto(url);
    // The CRM content script marks the page once injected.
    await page.locator('html[data-followthrough="crm"]').waitFor({ state: 'attached' });
    return new CrmRecordPage(page);
  }

  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }
}
