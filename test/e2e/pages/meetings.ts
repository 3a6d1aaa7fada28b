import type { Download, Locator, Page } from 'playwright-core';
import type { ComposeWindow } from './gmail-page';

// "Propose times" in a Gmail compose window, and the Meeting section of the side panel.

export class ProposeTimesControl {
  constructor(readonly compose: ComposeWindow) {}

  get host(): Locator {
    return this.compose.root.locator('followthrough-propose-times');
  }

  get toggle(): Locator {
    return this.host.getByRole('button', { name: /Propose times/ });
  }

  async open(): Promise<void> {
    await this.toggle.click();
    await this.host.getByRole('button', { name: 'Insert times' }).waitFor();
  }

  /** The suggested times' labels, as ticked boxes show them. */
  async slots(): Promise<string[]> {
    return this.host.locator('label.slot').allInnerTexts();
  }

  async untick(index: number): Promise<void> {
    await this.host.locator('label.slot input').nth(index).uncheck();
  }

  async insert(): Promise<void> {
    await this.host.getByRole('button', { name: 'Insert times' }).click();
  }
}

export class MeetingPanel {
  constructor(readonly page: Page) {}

  get suggestion(): Locator {
    return this.page.getByTestId('meeting-suggestion');
  }

  get booked(): Locator {
    return this.page.getByTestId('meeting-booked');
  }

  get note(): Locator {
    return this.page.getByTestId('meeting-note');
  }

  get timeline(): Locator {
    return this.page.getByTestId('section-timeline');
  }

  /** The body of the inline reply open under the thread in Gmail (where the invitation's text goes). */
  gmailReplyBody(gmail: Page): Locator {
    return gmail.locator('div.ip.adB div[contenteditable][aria-label]').first();
  }

  async accept(): Promise<void> {
    await this.suggestion.getByRole('button', { name: 'Accept' }).click();
  }

  /** Insert the invitation in the Gmail reply; the .ics file is handed over as a download. */
  async insertInvitation(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.booked.getByRole('button', { name: 'Insert invitation in reply' }).click()]);
    return download;
  }
}
