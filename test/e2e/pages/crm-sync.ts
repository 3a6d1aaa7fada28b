import type { BrowserContext, Locator, Page } from 'playwright-core';

// The CRM sync as a rep meets it: the connect form and the health section in the popup and side panel, and
// the Log to CRM button in Gmail's thread toolbar. Selectors stay here, out of the tests.

export class CrmStatusSection {
  constructor(readonly page: Page) {}

  /** The popup, where the rep connects a CRM. */
  static async openPopup(context: BrowserContext, extensionId: string): Promise<CrmStatusSection> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.getByTestId('crm-status').waitFor();
    return new CrmStatusSection(page);
  }

  static async openSidePanel(context: BrowserContext, extensionId: string): Promise<CrmStatusSection> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
    await page.getByTestId('crm-status').waitFor();
    return new CrmStatusSection(page);
  }

  health(crm: 'hubspot' | 'pipedrive' | 'salesforce'): Locator {
    return this.page.getByTestId(`crm-health-${crm}`);
  }

  async counts(crm: 'hubspot' | 'pipedrive' | 'salesforce'): Promise<{ connection: string; queued: number; failed: number; lastSync: string }> {
    const card = this.health(crm);
    return {
      connection: await card.getByTestId('crm-connection').innerText(),
      queued: Number(await card.getByTestId('crm-queued').innerText()),
      failed: Number(await card.getByTestId('crm-failed').innerText()),
      lastSync: await card.getByTestId('crm-last-sync').innerText(),
    };
  }

  failures(crm: 'hubspot' | 'pipedrive' | 'salesforce'): Locator {
    return this.health(crm).getByTestId('crm-failure');
  }

  async retry(crm: 'hubspot' | 'pipedrive' | 'salesforce'): Promise<void> {
    await this.health(crm).getByRole('button', { name: 'Retry all' }).click();
  }

  /** Each failed or waiting write, one by one, as listed. */
  async rows(crm: 'hubspot' | 'pipedrive' | 'salesforce'): Promise<{ status: string; subject: string; who: string; message: string; fix: string }[]> {
    const items = this.health(crm).getByTestId('crm-row');
    const out = [];
    for (const item of await items.all()) {
      out.push({
        status: (await item.getAttribute('data-status')) ?? '',
        subject: await item.getByTestId('crm-row-subject').innerText(),
        who: await item.getByTestId('crm-row-who').innerText(),
        message: await item.getByTestId('crm-row-message').innerText(),
        fix: await item.getByTestId('crm-row-fix').innerText(),
      });
    }
    return out;
  }

  async retryRow(crm: 'hubspot' | 'pipedrive' | 'salesforce', subject: string): Promise<void> {
    await this.health(crm).getByTestId('crm-row').filter({ hasText: subject }).first().getByRole('button', { name: /^Retry/ }).click();
  }

  async dismissRow(crm: 'hubspot' | 'pipedrive' | 'salesforce', subject: string): Promise<void> {
    await this.health(crm).getByTestId('crm-row').filter({ hasText: subject }).first().getByRole('button', { name: /^Dismiss/ }).click();
  }

  /** Fill the connect form; the browser's permission prompt follows the click. */
  async fillToken(crm: 'HubSpot' | 'Pipedrive' | 'Salesforce', token: string): Promise<void> {
    await this.page.getByText('Connect a CRM').click();
    const form = this.page.getByRole('form', { name: 'Connect a CRM' });
    await form.getByRole('combobox').selectOption({ label: crm });
    await form.locator('input[type=password]').fill(token);
  }

  async submitConnect(): Promise<void> {
    await this.page.getByRole('form', { name: 'Connect a CRM' }).getByRole('button', { name: 'Connect' }).click();
  }

  /** Everything the page holds as text and in its fields (what a screenshot could show). */
  async visibleText(): Promise<string> {
    return this.page.evaluate(() => {
      const fields = [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value);
      return `${document.body.innerText}\n${fields.join('\n')}`;
    });
  }
}

/** The side panel's Log to CRM for the thread in view (the same channel as Gmail's toolbar button). */
export class PanelLogToCrm {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<PanelLogToCrm> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
    await page.locator('main').waitFor();
    return new PanelLogToCrm(page);
  }

  /** Wait until the panel shows this thread (it follows the Gmail tab in view). */
  async waitForThread(subject: string): Promise<void> {
    await this.page.getByTestId('thread-subject').filter({ hasText: subject }).waitFor({ timeout: 15_000 });
  }

  async click(): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Log to CRM' });
    await button.click();
    await this.page.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Log to CRM' && !b.disabled));
  }
}
