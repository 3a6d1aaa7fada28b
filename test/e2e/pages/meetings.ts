import type { BrowserContext, Download, Locator, Page, Worker } from 'playwright-core';
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

  /** Attach the invitation (or cancellation) to the Gmail reply; resolves with the panel's note. */
  async attachInvitation(name: RegExp = /^Attach (invitation|cancellation) to reply$/): Promise<string> {
    await this.booked.first().getByRole('button', { name }).click();
    await this.note.filter({ hasText: /is attached to your reply|did not take the file|Not put in your reply/ }).waitFor({ timeout: 20_000 });
    return this.note.innerText();
  }

  /** The same, when Gmail does not take the file: the .ics comes as a download. */
  async attachInvitationExpectingDownload(): Promise<{ download: Download; note: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 20_000 }), this.booked.first().getByRole('button', { name: 'Attach invitation to reply' }).click()]);
    await this.note.filter({ hasText: 'Gmail did not take the file' }).waitFor({ timeout: 20_000 });
    return { download, note: await this.note.innerText() };
  }

  /** Reschedule: the times offered, then move to the one at `index` (the update attached to the reply). */
  async reschedule(index: number): Promise<{ offered: string[]; note: string }> {
    await this.booked.first().getByRole('button', { name: 'Reschedule' }).click();
    const box = this.page.getByTestId('meeting-reschedule');
    await box.locator('label.slot').first().waitFor();
    const offered = (await box.locator('label.slot').allInnerTexts()).map((t) => t.trim());
    await box.locator('label.slot input').nth(index).check();
    await box.getByRole('button', { name: 'Move and attach the update' }).click();
    await this.note.filter({ hasText: /^Moved to / }).waitFor({ timeout: 20_000 });
    return { offered, note: await this.note.innerText() };
  }

  async cancelMeeting(): Promise<string> {
    await this.booked.first().getByRole('button', { name: 'Cancel meeting' }).click();
    await this.note.filter({ hasText: /^Cancelled\. / }).waitFor({ timeout: 20_000 });
    return this.note.innerText();
  }

  /** The thread's suggestions in the side panel (the recap among them). */
  get suggestions(): Locator {
    return this.page.getByTestId('suggestion');
  }
}

/**
 * The background after Chrome stopped its worker and something woke it: a fresh worker (its clock is real again).
 * The worker is stopped the way Chrome stops an idle one (CDP), and woken by a message from an extension page.
 */
export async function restartWorker(context: BrowserContext, extensionId: string, stop: () => Promise<void>, wake: () => Promise<void>): Promise<Worker> {
  await stop();
  await wake();
  // Playwright may hand back a new Worker or keep the old handle attached to the restarted one: take whichever answers.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const w of context.serviceWorkers().filter((x) => x.url().startsWith(`chrome-extension://${extensionId}/`))) {
      if (await w.evaluate(() => true).catch(() => false)) return w;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the extension worker did not come back');
}

/** Fire the engine's resume alarm now (real time), as Chrome does when its time comes. */
export async function fireResumeAlarm(worker: Worker): Promise<void> {
  await worker.evaluate(async () => {
    type Alarms = { chrome: { alarms: { create(name: string, info: { when: number }): Promise<void> } } };
    const g = globalThis as unknown as { __ftRealNow?: () => number } & Alarms;
    const real = g.__ftRealNow ?? Date.now;
    await g.chrome.alarms.create('followthrough.engine.resume', { when: real() + 300 });
  });
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
