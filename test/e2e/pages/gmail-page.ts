import type { BrowserContext, Locator, Page } from 'playwright-core';

// The Gmail test page, driven as a rep would: the selectors here are Gmail's, kept out of the tests.

export class GmailPage {
  static readonly INBOX = 'https://mail.google.com/mail/u/0/#inbox';

  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, url = GmailPage.INBOX): Promise<GmailPage> {
    const page = await context.newPage();
    await page.goto(url);
    const gmail = new GmailPage(page);
    await gmail.rows.first().waitFor();
    return gmail;
  }

  get rows(): Locator {
    return this.page.locator('tr.zA');
  }

  rowWithSubject(subject: string): Locator {
    return this.rows.filter({ hasText: subject });
  }

  async openThread(subject: string): Promise<void> {
    await this.rowWithSubject(subject).first().click();
    await this.page.locator('h2.hP', { hasText: subject }).waitFor();
  }

  async threadSubject(): Promise<string> {
    return (await this.page.locator('h2.hP').innerText()).trim();
  }

  async threadParticipants(): Promise<string[]> {
    const emails = await this.page.locator('div.adn.ads span[email]').evaluateAll((els) => els.map((e) => e.getAttribute('email')!.toLowerCase()));
    return [...new Set(emails)];
  }

  async backToInbox(): Promise<void> {
    await this.page.evaluate(() => (location.hash = '#inbox'));
    await this.rows.first().waitFor();
  }
}
