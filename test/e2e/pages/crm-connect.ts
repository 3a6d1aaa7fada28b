import type { BrowserContext, Locator, Page } from 'playwright-core';

// The CRM connect forms as a new user meets them: the popup's "Connect a CRM" with each CRM's steps, and
// Options → CRM sign-in where Salesforce sign-in is set up. Selectors stay here, out of the tests.

export type CrmLabel = 'HubSpot' | 'Pipedrive' | 'Salesforce';

export class ConnectForm {
  constructor(readonly page: Page) {}

  static async openPopup(context: BrowserContext, extensionId: string): Promise<ConnectForm> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 380, height: 900 });
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.getByTestId('crm-connect').waitFor();
    return new ConnectForm(page);
  }

  get form(): Locator {
    return this.page.getByRole('form', { name: 'Connect a CRM' });
  }

  async choose(crm: CrmLabel): Promise<void> {
    if (!(await this.form.isVisible())) await this.page.getByText('Connect a CRM', { exact: true }).click();
    await this.form.getByRole('combobox').selectOption({ label: crm });
  }

  /** The steps shown for the chosen CRM, as text. */
  steps(): Promise<string> {
    return this.form.getByTestId('crm-connect-steps').innerText();
  }

  /** The label of the secret's field (e.g. "Service key"). */
  async secretLabel(): Promise<string> {
    return this.form.locator('label', { has: this.page.locator('input[type=password]') }).locator('span').innerText();
  }

  get signIn(): Locator {
    return this.form.getByRole('button', { name: 'Sign in with Salesforce' });
  }

  /** The connect section, for a screenshot of just the form. */
  get section(): Locator {
    return this.page.getByTestId('crm-connect');
  }
}

export class SalesforceSignInSetup {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<SalesforceSignInSetup> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.goto(`chrome-extension://${extensionId}/options.html#crm`);
    await page.getByTestId('salesforce-signin').waitFor();
    return new SalesforceSignInSetup(page);
  }

  get section(): Locator {
    return this.page.getByTestId('salesforce-signin');
  }

  callbackUrl(): Promise<string> {
    return this.page.getByTestId('salesforce-callback').inputValue();
  }

  steps(): Promise<string> {
    return this.page.getByTestId('salesforce-steps').innerText();
  }

  async copyCallback(): Promise<void> {
    await this.section.getByRole('button', { name: 'Copy' }).click();
  }


  async save(consumerKey: string, host: 'Production (login.salesforce.com)' | 'Sandbox (test.salesforce.com)' = 'Production (login.salesforce.com)'): Promise<void> {
    await this.section.getByLabel('Consumer Key').fill(consumerKey);
    await this.section.getByLabel('Users sign in at').selectOption({ label: host });
    await this.section.getByRole('button', { name: 'Save' }).click();
  }

  get status(): Locator {
    return this.section.getByRole('status');
  }

  get alert(): Locator {
    return this.section.getByRole('alert');
  }
}
