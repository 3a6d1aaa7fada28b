import type { BrowserContext, Locator, Page } from 'playwright-core';

export type OptionsTab = 'Today' | 'Rules' | 'Templates' | 'Sequences' | 'Meetings' | 'Contacts' | 'Data' | 'AI log' | 'CRM sign-in' | 'About & privacy';

/** The options page, driven as a rep would: tabs, the Data tab's files, the Contacts tab's editor. */
export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string, hash = ''): Promise<OptionsPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html${hash}`);
    await page.getByRole('tablist').waitFor();
    return new OptionsPage(page);
  }

  async tab(name: OptionsTab): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }

  /** The AI tab's opt-in: "Use my AI provider to read what replies are about" (off by default). */
  get readIntentSwitch(): Locator {
    return this.page.getByTestId('ai-read-intent').getByRole('checkbox');
  }

  /** Turn reading replies with the AI provider on or off on the AI tab, and wait for the background's answer. */
  async setReadIntent(on: boolean): Promise<void> {
    await this.tab('AI log');
    const box = this.readIntentSwitch;
    await box.waitFor();
    if ((await box.isChecked()) !== on) await box.click();
    await this.page.getByTestId('ai-read-intent').getByRole('status').waitFor();
  }

  get notice(): Locator {
    return this.page.getByTestId('options-notice');
  }

  // ---- Contact import screen ----
  get contactImport(): Locator {
    return this.page.getByTestId('contact-import');
  }

  /** Pick a CSV file on the Contacts tab's import screen (nothing is imported yet). */
  async chooseContactsCsv(name: string, csv: string): Promise<void> {
    await this.tab('Contacts');
    await this.contactImport.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await this.contactImport.getByTestId('import-preview').waitFor();
  }

  /** The preview: header row, then the first rows, as text. */
  async importPreview(): Promise<string[][]> {
    return this.contactImport.getByTestId('import-preview').locator('tr').evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th > div:first-child, td')].map((c) => (c.textContent ?? '').trim())),
    );
  }

  async mapColumn(header: string, field: string): Promise<void> {
    await this.contactImport.getByLabel(`Column “${header}” is`).selectOption({ label: field });
  }

  async runContactImport(): Promise<string> {
    await this.contactImport.getByRole('button', { name: /^Import \d+ row/ }).click();
    const result = this.contactImport.getByTestId('import-result');
    await result.waitFor();
    return result.innerText();
  }

  async undoContactImport(): Promise<void> {
    await this.contactImport.getByRole('button', { name: 'Undo this import' }).click();
    await this.contactImport.getByRole('button', { name: 'Import undone' }).waitFor();
  }

  /** Import an export file through the Data tab, as a rep restoring a backup. */
  async importData(file: unknown, mode: 'replace' | 'merge' = 'replace'): Promise<string> {
    await this.tab('Data');
    await this.page.getByLabel('Export file (JSON)').setInputFiles({ name: 'followthrough-export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await this.page.getByRole('radio', { name: mode === 'replace' ? /Replace/ : /Add to it/ }).check();
    await this.page.getByRole('button', { name: 'Import', exact: true }).click();
    await this.notice.filter({ hasText: /Import/ }).waitFor();
    return this.notice.innerText();
  }

  /** Click "Export everything" and read the file the browser downloads. */
  async exportData(): Promise<{ name: string; json: unknown }> {
    await this.tab('Data');
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: 'Export everything (JSON)' }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), json: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  }

  async exportCsv(table: string): Promise<{ name: string; text: string }> {
    await this.tab('Data');
    await this.page.getByLabel('One table as CSV').selectOption(table);
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: 'Download CSV' }).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  async deleteAll(): Promise<void> {
    await this.tab('Data');
    await this.page.getByRole('button', { name: 'Delete all data…' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete everything' }).waitFor();
    await dialog.getByLabel(/Type “delete everything”/).fill('delete everything');
    await dialog.getByRole('button', { name: 'Delete everything' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  get contactRows(): Locator {
    return this.page.getByTestId('contact-row');
  }

  get duplicateGroups(): Locator {
    return this.page.getByTestId('duplicate-group');
  }

  async searchContacts(query: string): Promise<void> {
    await this.tab('Contacts');
    await this.page.getByLabel('Search contacts').fill(query);
  }

  async editContact(name: string, changes: Partial<Record<'Name' | 'Email' | 'Title' | 'Time zone (IANA, e.g. America/New_York)' | 'Country (ISO code, e.g. US)', string>>): Promise<void> {
    await this.page.getByRole('button', { name: `Edit ${name}` }).click();
    const form = this.page.getByRole('form', { name: `Edit ${name}` });
    for (const [label, value] of Object.entries(changes)) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Save contact' }).click();
  }

  contactForm(name: string): Locator {
    return this.page.getByRole('form', { name: `Edit ${name}` });
  }

  /** Merge the first group of likely duplicates, keeping the contact with this address. */
  async mergeFirstDuplicate(keepEmail: string): Promise<void> {
    const group = this.duplicateGroups.first();
    await group.getByRole('radio', { name: new RegExp(keepEmail.replace(/[.]/g, '\\.')) }).check();
    await group.getByRole('button', { name: /^Merge/ }).click();
  }
}

/** The Rules tab: each rule a card with its switch, plain words and buttons. */
export class RulesSection {
  constructor(readonly page: Page) {}

  get rules(): Locator {
    return this.page.getByTestId('rule');
  }

  rule(id: string): Locator {
    return this.page.locator(`[data-testid="rule"][data-rule-id="${id}"]`);
  }

  toggle(id: string): Locator {
    return this.rule(id).getByRole('switch');
  }

  async edit(id: string): Promise<Locator> {
    await this.rule(id).getByRole('button', { name: /^Edit/ }).click();
    return this.rule(id).getByRole('form');
  }

  async duplicate(id: string): Promise<void> {
    await this.rule(id).getByRole('button', { name: /^Duplicate/ }).click();
  }

  async reset(id: string): Promise<void> {
    await this.rule(id).getByRole('button', { name: /^Reset to default/ }).click();
  }
}
