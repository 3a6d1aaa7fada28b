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

/** Options → Meetings: working hours, rules, the calendar feed. */
export class MeetingsSettingsTab {
  constructor(readonly page: Page) {}

  get form(): Locator {
    return this.page.getByTestId('meetings-settings');
  }

  day(name: string): Locator {
    return this.form.getByRole('group', { name, exact: true });
  }

  /** The day's ranges as "HH:MM–HH:MM". */
  async hours(day: string): Promise<string[]> {
    return this.day(day)
      .getByTestId('range')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('input[type="time"]')].map((i) => (i as HTMLInputElement).value).join('–')));
  }

  /** Replace the day's ranges with these ("09:00–12:00"). */
  async setHours(day: string, ranges: string[]): Promise<void> {
    const group = this.day(day);
    while ((await group.getByTestId('range').count()) > 0) await group.getByRole('button', { name: `Remove ${day} range 1` }).click();
    for (const [i, range] of ranges.entries()) {
      const [from, until] = range.split('–') as [string, string];
      await group.getByRole('button', { name: `Add a range on ${day}` }).click();
      await group.getByLabel(`${day} range ${i + 1} from`).fill(from);
      await group.getByLabel(`${day} range ${i + 1} until`).fill(until);
    }
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  async save(): Promise<string> {
    await this.form.getByRole('button', { name: 'Save meeting settings' }).click();
    const status = this.form.getByTestId('meetings-status');
    await status.waitFor();
    return status.innerText();
  }

  get fieldErrors(): Locator {
    return this.form.getByTestId('field-error');
  }

  /** Type the feed address and press "Add feed and check it"; the check's result. */
  async addFeed(url: string): Promise<string> {
    await this.field('Calendar feed address').fill(url);
    await this.form.getByRole('button', { name: 'Add feed and check it' }).click();
    const status = this.form.getByTestId('feed-status').filter({ hasNotText: /^Reading/ });
    await status.waitFor();
    return status.innerText();
  }

  /** Press "Add feed and check it" with an address refused before anything is asked; the error beside the field. */
  async addFeedError(url: string): Promise<string> {
    await this.field('Calendar feed address').fill(url);
    await this.form.getByRole('button', { name: 'Add feed and check it' }).click();
    const error = this.form.locator('#m-calendarFeedUrl-error');
    await error.waitFor();
    return error.innerText();
  }
}
