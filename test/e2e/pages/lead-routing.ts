import type { Locator, Page } from 'playwright-core';

/** Options → Today → Lead routing: teammates and their owner in the CRM. */
export class LeadRoutingForm {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('lead-routing');
  }

  async pickFromCrm(label: string): Promise<void> {
    await this.root.getByRole('button', { name: `Pick teammates from ${label}` }).click();
  }

  /** The owners a teammate's picker offers, as shown. */
  async ownerChoices(index: number, label: string): Promise<string[]> {
    const select = this.root.getByLabel(`Teammate ${index + 1} owner in ${label}`);
    await select.waitFor();
    return select.locator('option').allInnerTexts();
  }

  async pickOwner(index: number, label: string, ownerId: string): Promise<void> {
    await this.root.getByLabel(`Teammate ${index + 1} owner in ${label}`).selectOption(ownerId);
  }

  /** Saves, and answers the status the save shows: the one after the status shown before (e.g. "2 HubSpot users to pick from."). */
  async save(): Promise<string> {
    const status = this.root.getByRole('status');
    const before = (await status.count()) > 0 ? await status.innerText() : null;
    await this.root.getByRole('button', { name: 'Save lead routing' }).click();
    for (const end = Date.now() + 10_000; Date.now() < end; await this.page.waitForTimeout(50)) {
      if ((await status.count()) > 0) {
        const text = await status.innerText();
        if (text !== before) return text;
      }
    }
    throw new Error(`Saving lead routing changed no status (still ${JSON.stringify(before)})`);
  }
}
