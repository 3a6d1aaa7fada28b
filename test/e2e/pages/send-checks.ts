import type { Locator, Page } from 'playwright-core';

// "N sends could not be confirmed" and "Confirm this send?", as the side panel and the popup show them.

export class SendChecksSection {
  constructor(readonly page: Page) {}

  get unconfirmed(): Locator {
    return this.page.getByTestId('sends-unconfirmed');
  }

  get held(): Locator {
    return this.page.getByTestId('sends-held');
  }

  /** Sends only Gmail's page showed: logged here, their CRM write waiting for the rep. */
  get crm(): Locator {
    return this.page.getByTestId('sends-crm');
  }

  /** One listed send, by its Gmail message id. */
  itemById(list: Locator, id: string): Locator {
    return list.locator(`[data-testid="send-check"][data-id="${id}"]`);
  }

  async writeToCrm(id: string): Promise<void> {
    await this.itemById(this.crm, id).getByRole('button', { name: 'Mine: write to CRM' }).click();
  }

  /** One listed send, by its subject. */
  item(list: Locator, subject: string): Locator {
    return list.getByTestId('send-check').filter({ hasText: subject });
  }

  async logUnconfirmed(subject: string): Promise<void> {
    await this.item(this.unconfirmed, subject).getByRole('button', { name: 'Log it' }).click();
  }

  async confirmHeld(subject: string): Promise<void> {
    await this.item(this.held, subject).getByRole('button', { name: 'Yes, I sent it' }).click();
  }

  async dismissHeld(subject: string): Promise<void> {
    await this.item(this.held, subject).getByRole('button', { name: 'Not mine' }).click();
  }
}
