import type { Locator, Page } from 'playwright-core';
import type { ComposeWindow } from './gmail-page';

// "Remind me" in a Gmail compose window, and the follow-ups section of the side panel.

export class RemindMeControl {
  constructor(readonly compose: ComposeWindow) {}

  /** The control's host in the compose window's bottom row (its shadow root is open to locators). */
  get host(): Locator {
    return this.compose.root.locator('followthrough-remind-me');
  }

  get toggle(): Locator {
    return this.host.locator('button[aria-haspopup="menu"]');
  }

  async open(): Promise<void> {
    await this.toggle.click();
    await this.host.locator('[role="menuitem"]').first().waitFor();
  }

  /** The offered options' texts ("Suggested: …", "In 3 working days: …"). */
  async options(): Promise<string[]> {
    return this.host.locator('[role="menuitem"]').allInnerTexts();
  }

  async pick(which: 'suggested' | 'plus-three'): Promise<void> {
    await this.host.locator('[role="menuitem"]', { hasText: which === 'suggested' ? 'Suggested:' : 'In 3 working days:' }).click();
  }

  /** The first day the control offers (today in the rep's time zone). */
  async today(): Promise<string> {
    return (await this.host.getByLabel('Another day').getAttribute('min')) ?? '';
  }

  /** A day of the rep's own (YYYY-MM-DD), typed into "Another day". */
  async pickDay(iso: string): Promise<void> {
    await this.host.getByLabel('Another day').fill(iso);
    await this.host.getByRole('button', { name: 'Set' }).click();
  }

  async evenIfReplied(): Promise<void> {
    await this.host.getByLabel('Remind me even if they reply').check();
  }
}

export class FollowUpsPanel {
  constructor(readonly page: Page) {}

  /** The side panel's reminders for the thread in view (only reminders still waiting are listed). */
  get reminders(): Locator {
    return this.page.getByTestId('reminders').getByTestId('reminder');
  }

  /** The warning shown on a thread where a message bounced. */
  get bounceFlag(): Locator {
    return this.page.getByTestId('thread-flag');
  }

  /** Each listed reminder's headline: "Overdue: …" once its time has come, "Due …" before. */
  async reminderHeadlines(): Promise<string[]> {
    return this.reminders.evaluateAll((items) => items.map((i) => i.querySelector('strong')?.textContent?.trim() ?? ''));
  }

  async reminderStates(): Promise<(string | null)[]> {
    return this.reminders.evaluateAll((items) => items.map((i) => i.getAttribute('data-status')));
  }
}
