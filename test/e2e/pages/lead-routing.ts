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

  async save(): Promise<string> {
    await this.root.getByRole('button', { name: 'Save lead routing' }).click();
    const status = this.root.getByRole('status');
    await status.waitFor();
    return status.innerText();
  }
}
