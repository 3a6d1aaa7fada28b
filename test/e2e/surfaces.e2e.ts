import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { axeViolations, overflow, serious, watchDialogs, xssMarks } from './audit';
import { OptionsPage, RulesSection } from './pages/options-page';
import { BackgroundStore } from './pages/background-store';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { seedFile } from '../fixtures/surfaces/seed';
import { XSS_PAYLOADS } from '../fixtures/surfaces/xss-payloads';

const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

// The rep's surfaces without Gmail: data comes in the way a rep restores a backup (the Data tab's import),
// then each surface is clicked through. Gmail-thread flows live in thread-panel.e2e.ts.

const NOW = Date.now();

const e2e = useExtensionBrowser({ server: false });

// Each test opens its own side panel, popup and options pages. Left open, they stayed alive for the rest of the
// file: every later import and change told all of them, each read everything again, and the file's last tests
// ran ten times slower than its first (CI, stop 27: the axe test timed out at 120 s after 15 tests). Closed
// after each test, as a rep's closed panel would be.
afterEach(async () => {
  const ours = `chrome-extension://${e2e.browser.extensionId!}/`;
  await Promise.all(e2e.browser.context.pages().filter((p) => p.url().startsWith(ours)).map((p) => p.close()));
});

const openOptions = (hash = '') => OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!, hash);
const openPanel = () => SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
const openPopup = () => PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);

async function seed(options: Parameters<typeof seedFile>[0] = { now: NOW }) {
  const page = await openOptions('#data');
  expect(await page.importData(seedFile(options))).toMatch(/Imported \d+ rows/);
  await page.page.close();
}

describe('keyboard', () => {
  it('declares shortcuts for the popup and the side panel', async () => {
    type Manifest = { commands: Record<string, { suggested_key?: { default?: string } }> };
    const manifest = await e2e.browser.worker!.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): unknown } } }).chrome.runtime.getManifest() as Manifest);
    expect(manifest.commands._execute_action?.suggested_key?.default).toBe('Alt+Shift+F');
    expect(manifest.commands['open-side-panel']?.suggested_key?.default).toBe('Alt+Shift+S');
  });
});

describe('side panel, away from Gmail', () => {
  it('shows today’s due reminders, every open suggestion with its reason, and recent automation', async () => {
    await seed();
    const panel = await openPanel();
    await panel.emptyState.waitFor();
    expect(await panel.reminders.count()).toBe(1);
    await expect.poll(() => panel.reminders.first().innerText()).toContain('Follow up on the renewal quote');
    expect(await panel.suggestions.count()).toBe(3);
    expect(await panel.suggestion('followup').innerText()).toContain('Priya asked for the proposal by Friday');
    expect(await panel.automationEntries.count()).toBe(1);
    expect(await panel.autoLogState.innerText()).toBe('Auto-logging on');
  });

  it('accepts a follow-up, dismisses a suggestion, and edits a draft before accepting it', async () => {
    await seed();
    const panel = await openPanel();
    await panel.suggestion('followup').waitFor();

    await panel.accept('followup');
    await panel.suggestion('followup').waitFor({ state: 'detached' });
    await expect.poll(() => panel.notice.innerText()).toBe('Follow-up accepted.');

    await panel.dismiss('log');
    await panel.suggestion('log').waitFor({ state: 'detached' });

    const form = await panel.edit('draft');
    await form.getByLabel('Text').fill('Hi Priya — pricing for 40 vehicles is attached.');
    await form.getByRole('button', { name: 'Save and accept' }).click();
    await panel.suggestion('draft').waitFor({ state: 'detached' });
    expect(await panel.suggestions.count()).toBe(0);

    // What the engine receives: each status stored, the edit kept, and one suggestion.accepted event per accept.
    const options = await openOptions();
    const { json } = await options.exportData();
    const tables = (json as { tables: Record<string, Record<string, unknown>[]> }).tables;
    const byId = Object.fromEntries(tables.suggestions!.map((s) => [s.id, s]));
    expect(byId['sg-followup']).toMatchObject({ status: 'accepted' });
    expect(byId['sg-log']).toMatchObject({ status: 'dismissed' });
    expect(byId['sg-draft']).toMatchObject({ status: 'accepted', payload: { body: 'Hi Priya — pricing for 40 vehicles is attached.' } });
    expect(tables.events!.map((e) => e.id).sort()).toEqual(['suggestion.accepted:sg-draft', 'suggestion.accepted:sg-followup']);
  });

  it('moves between suggestions with the arrow keys, dismisses with Escape and accepts with Enter', async () => {
    await seed();
    const panel = await openPanel();
    await panel.suggestions.nth(2).waitFor();
    // Newest first: log, draft, follow-up.
    await panel.suggestions.first().focus();
    await panel.page.keyboard.press('ArrowDown');
    await expect.poll(() => panel.page.evaluate(() => document.activeElement?.getAttribute('data-kind'))).toBe('draft');
    await panel.page.keyboard.press('Escape');
    await panel.suggestion('draft').waitFor({ state: 'detached' });
    await panel.suggestions.first().focus();
    await panel.page.keyboard.press('End');
    await expect.poll(() => panel.page.evaluate(() => document.activeElement?.getAttribute('data-kind'))).toBe('followup');
    await panel.page.keyboard.press('Enter');
    await panel.suggestion('followup').waitFor({ state: 'detached' });
    await expect.poll(() => panel.notice.innerText()).toBe('Follow-up accepted.');
  });

  it('marks a due reminder done', async () => {
    await seed();
    const panel = await openPanel();
    await panel.reminders.first().getByRole('button', { name: /^Mark done/ }).click();
    await expect.poll(() => panel.reminders.count()).toBe(0);
  });

  it('snoozes a due reminder to tomorrow morning: it leaves today’s list and the popup’s count', async () => {
    await seed();
    const panel = await openPanel();
    await expect.poll(() => panel.reminders.count()).toBe(1);
    const reason = await panel.reminders.first().locator('.reason').innerText();
    await panel.reminders.first().getByRole('button', { name: /^Snooze to tomorrow/ }).click();
    await expect.poll(() => panel.reminders.count()).toBe(0);

    const rows = await new BackgroundStore(e2e.browser.worker!).table<{ reason: string; status: string; dueAt: number }>('reminders');
    const snoozed = rows.find((r) => r.reason === reason)!;
    expect(snoozed.status).toBe('snoozed');
    // Tomorrow at 9:00 in the browser's time, which is this test runner's.
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(9, 0, 0, 0);
    expect(snoozed.dueAt).toBe(tomorrow.getTime());
    const popup = await openPopup();
    expect(await popup.remindersDue.innerText()).toBe('0');
  });
});

describe('popup', () => {
  it('shows status at a glance and follows a setting into the open side panel', async () => {
    await seed();
    const panel = await openPanel();
    await expect.poll(() => panel.autoLogState.innerText()).toBe('Auto-logging on');

    const popup = await openPopup();
    expect(await popup.contactCount.innerText()).toBe('4');
    expect(await popup.remindersDue.innerText()).toBe('1');
    await popup.autoLog.uncheck();
    await expect.poll(() => popup.saved.innerText()).toContain('auto-logging turned off');
    await expect.poll(() => panel.autoLogState.innerText()).toBe('Auto-logging paused');

    await popup.undo();
    await expect.poll(() => popup.autoLog.isChecked()).toBe(true);
    await expect.poll(() => panel.autoLogState.innerText()).toBe('Auto-logging on');
  });

  it('refuses an invalid value beside its field, keeps what was typed, and saves a valid one', async () => {
    await seed();
    const popup = await openPopup();
    await popup.fill('Your company’s domains', 'acme.com, not a domain');
    await expect.poll(() => popup.errorFor('Your company’s domains').innerText()).toContain('“not”: not a domain name');
    expect(await popup.field('Your company’s domains').inputValue()).toBe('acme.com, not a domain');

    await popup.fill('Follow-up cadence (days)', '2, 5, 12');
    await expect.poll(() => popup.saved.innerText()).toContain('follow-up cadence changed');
    await popup.fill('Your company’s domains', 'acme.com, acme.io');
    await expect.poll(() => popup.errorFor('Your company’s domains').count()).toBe(0);
    await popup.fill('Keep records for (days)', '3');
    await expect.poll(() => popup.errorFor('Keep records for (days)').innerText()).toContain('keep at least 7 days');
    await popup.fill('Keep records for (days)', '90');
    await expect.poll(() => popup.saved.innerText()).toContain('retention changed');

    // Saved for real: a fresh popup reads them back.
    await popup.page.reload();
    await popup.field('Your company’s domains').waitFor();
    expect(await popup.field('Your company’s domains').inputValue()).toBe('acme.com, acme.io');
    expect(await popup.field('Follow-up cadence (days)').inputValue()).toBe('2, 5, 12');
    expect(await popup.field('Keep records for (days)').inputValue()).toBe('90');
  });
});

describe('options: data', () => {
  it('exports everything, re-imports it after a wipe, and finds it unchanged', async () => {
    await seed();
    const options = await openOptions();
    const first = await options.exportData();
    expect(first.name).toMatch(/^followthrough-export-\d{4}-\d{2}-\d{2}\.json$/);

    await options.deleteAll();
    await expect.poll(() => options.notice.innerText()).toMatch(/Deleted \d+ rows/);
    const empty = (await options.exportData()).json as { tables: Record<string, { builtIn?: boolean }[]> };
    // Nothing of the rep's is left; Followthrough's shipped rules (and templates) come back as shipped.
    const shipped = new Set(['rules', 'templates']);
    expect(Object.entries(empty.tables).filter(([t, rows]) => !shipped.has(t) && rows.length > 0)).toEqual([]);
    expect(empty.tables.rules!.every((r) => r.builtIn)).toBe(true);

    await options.importData(first.json);
    const again = await options.exportData();
    const strip = (f: unknown) => ({ ...(f as object), exportedAt: 0 });
    expect(strip(again.json)).toEqual(strip(first.json));
  });

  it('refuses a file with one bad row whole, changing nothing', async () => {
    await seed();
    const options = await openOptions();
    const before = await options.exportData();
    const bad = seedFile({ now: NOW });
    (bad.tables.contacts[2] as { email: string }).email = 'not-an-address';
    const text = await options.importData(bad);
    expect(text).toMatch(/Import refused, nothing was changed: contacts row 3: email/);
    const after = await options.exportData();
    expect({ ...(after.json as object), exportedAt: 0 }).toEqual({ ...(before.json as object), exportedAt: 0 });
  });

  it('downloads one table as CSV with formula-like cells escaped', async () => {
    await seed({ now: NOW, hostile: true });
    const options = await openOptions();
    const { name, text } = await options.exportCsv('contacts');
    expect(name).toMatch(/^followthrough-contacts-.*\.csv$/);
    expect(text.split('\r\n')[0]).toContain('id,name,email');
    expect(text).toContain('ct-priya');
  });

  it('deletes all data after the typed confirmation; the panel and popup show nothing left', async () => {
    await seed();
    const panel = await openPanel();
    await expect.poll(() => panel.suggestions.count()).toBe(3);
    const options = await openOptions();
    await options.deleteAll();
    await expect.poll(() => panel.suggestions.count()).toBe(0);
    const popup = await openPopup();
    expect(await popup.contactCount.innerText()).toBe('0');
  });
});

describe('options: rules', () => {
  it('shows each rule in plain words; switches, edits with validation, duplicates and resets one', async () => {
    const options = await openOptions('#rules');
    const rules = new RulesSection(options.page);
    await expect.poll(() => rules.rules.count()).toBeGreaterThanOrEqual(3);
    const id = 'builtin.auto-log-sent';
    expect(await rules.rule(id).innerText()).toMatch(/When I send an email, if .+, then /);

    await rules.toggle(id).uncheck();
    await expect.poll(() => rules.toggle(id).isChecked()).toBe(false);
    await options.page.reload();
    await expect.poll(() => rules.toggle(id).isChecked()).toBe(false);

    let form = await rules.edit(id);
    await form.getByLabel('In plain words').fill('');
    await form.getByLabel('Condition 1 parameters (JSON)').fill('{"setting": ');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => form.getByRole('alert').allInnerTexts()).toEqual(['not valid JSON, e.g. {"in": ["acme.com"]}']);
    await form.getByLabel('Condition 1 parameters (JSON)').fill('{"setting": "autoLog"}');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => form.getByRole('alert').allInnerTexts()).toEqual(['describe the rule in plain words']);
    await form.getByLabel('In plain words').fill('Log every email I send to a contact.');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => rules.rule(id).innerText()).toContain('Log every email I send to a contact.');

    await rules.duplicate(id);
    form = rules.rule('auto-log-sent-copy').getByRole('form');
    await form.waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await rules.toggle('auto-log-sent-copy').isChecked()).toBe(false);
    expect(await rules.rule('auto-log-sent-copy').innerText()).toContain('Log every email I send to a contact. (copy)');

    await rules.reset(id);
    await expect.poll(() => rules.rule(id).innerText()).toContain('When I send an email, log it on the timeline');
    expect(await rules.toggle(id).isChecked()).toBe(true);
  });
});

describe('options: templates and AI log', () => {
  it('edits a template with its merge fields checked, then resets it to the shipped text', async () => {
    const options = await openOptions('#templates');
    const templates = options.page.getByTestId('template');
    await templates.first().waitFor();
    const name = (await templates.first().locator('strong').innerText()).trim();
    await templates.first().getByRole('button', { name: /^Edit/ }).click();
    const form = options.page.getByRole('form', { name: `Edit template ${name}` });
    await form.getByLabel('Text', { exact: true }).fill('Hi {{contact.shoeSize}}, following up.');
    await form.getByRole('button', { name: 'Save template' }).click();
    await expect.poll(() => form.getByRole('alert').innerText()).toContain('shoeSize');
    await form.getByLabel('Text', { exact: true }).fill('Hi {{contact.firstName | "there"}}, following up on my note.');
    await form.getByRole('button', { name: 'Save template' }).click();
    await form.waitFor({ state: 'detached' });
    const card = templates.filter({ hasText: name }).first();
    await expect.poll(() => card.innerText()).toContain('following up on my note');
    await card.getByRole('button', { name: /^Reset to default/ }).click();
    await expect.poll(() => card.innerText()).not.toContain('following up on my note');

    await options.tab('AI log');
    await options.page.getByTestId('ai-log-empty').waitFor();
  });

  it('switches the AI provider from the popup at once; a remote endpoint is checked and saved only on the rep’s click', async () => {
    const popup = await openPopup();
    await popup.field('AI provider').selectOption({ label: 'Built-in browser AI' });
    await expect.poll(() => popup.saved.innerText()).toContain('AI provider changed');
    await popup.page.reload();
    await expect.poll(() => popup.field('AI provider').inputValue()).toBe('chrome');
    await popup.field('AI provider').selectOption({ label: 'OpenAI-compatible API' });
    // A remote endpoint is saved only on the rep's click (which asks the browser for that address).
    await popup.field('AI endpoint').fill('not a url');
    await popup.field('AI model').fill('llama3.1');
    await popup.page.getByRole('button', { name: 'Allow and save' }).click();
    await expect.poll(() => popup.errorFor('AI provider').innerText()).toMatch(/URL|endpoint/i);
    await popup.field('AI provider').selectOption({ label: 'None (templates only)' });
    await expect.poll(() => popup.saved.innerText()).toContain('AI provider changed');
  });
});

describe('options: contacts', () => {
  it('searches, edits with validation, and merges duplicates', async () => {
    await seed();
    const options = await openOptions('#contacts');
    await expect.poll(() => options.contactRows.count()).toBe(4);
    await options.searchContacts('northwind');
    await expect.poll(() => options.contactRows.count()).toBe(2);

    await options.searchContacts('marcus');
    await expect.poll(() => options.contactRows.count()).toBe(1);
    await options.editContact('Marcus Webb', { Email: 'priya.raman@acme-robotics.example' });
    await expect.poll(() => options.contactForm('Marcus Webb').getByRole('alert').innerText()).toContain('Priya Raman already has');
    await options.contactForm('Marcus Webb').getByLabel('Email', { exact: true }).fill('marcus@acme-robotics.example');
    await options.contactForm('Marcus Webb').getByRole('button', { name: 'Save contact' }).click();
    await expect.poll(() => options.contactRows.first().innerText()).toContain('marcus@acme-robotics.example');

    await options.searchContacts('');
    await expect.poll(() => options.duplicateGroups.count()).toBe(1);
    await options.mergeFirstDuplicate('elena@northwind.example');
    await expect.poll(() => options.duplicateGroups.count()).toBe(0);
    await expect.poll(() => options.contactRows.count()).toBe(3);
    await expect.poll(() => options.notice.innerText()).toContain('Merged into Elena Sorensen');
  });
});

describe('accessibility', () => {
  it('has no serious or critical axe violations in the side panel, popup or any options tab, light or dark', async () => {
    await seed();
    const found: Record<string, unknown> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const panel = await openPanel();
      await panel.page.emulateMedia({ colorScheme: scheme });
      await panel.suggestions.first().waitFor();
      found[`panel ${scheme}`] = serious(await axeViolations(panel.page));
      const form = await panel.edit('followup');
      await form.waitFor();
      found[`panel editor ${scheme}`] = serious(await axeViolations(panel.page));

      const popup = await openPopup();
      await popup.page.emulateMedia({ colorScheme: scheme });
      await popup.fill('Your company’s domains', 'not a domain');
      await popup.errorFor('Your company’s domains').waitFor();
      found[`popup ${scheme}`] = serious(await axeViolations(popup.page));

      const options = await openOptions();
      await options.page.emulateMedia({ colorScheme: scheme });
      for (const tab of ['Today', 'Rules', 'Templates', 'Sequences', 'Meetings', 'Contacts', 'Data', 'AI log', 'CRM sign-in', 'About & privacy'] as const) {
        await options.tab(tab);
        await options.page.waitForTimeout(100);
        found[`options ${tab} ${scheme}`] = serious(await axeViolations(options.page));
      }
      await Promise.all([panel.page.close(), popup.page.close(), options.page.close()]);
    }
    for (const [where, violations] of Object.entries(found)) expect(violations, where).toEqual([]);
    // Every surface twice (light, dark) with an axe run each: 10 s alone, about 40 s late in this file's run.
  }, 120_000);
});

describe('automation log', () => {
  it('undoes an automated log: the activity is gone, the entry says undone, and the undo is itself logged', async () => {
    await seed();
    const panel = await openPanel();
    await panel.automationEntries.first().waitFor();
    await panel.undo(/Logged “Northwind renewal quote”/);
    await expect.poll(() => panel.notice.innerText()).toBe('Undone: Logged “Northwind renewal quote” to Elena Sorensen.');
    await expect.poll(() => panel.automationEntries.count()).toBe(2);
    expect(await panel.automationEntries.filter({ hasText: '· undone' }).count()).toBe(1);
    expect(await panel.automationEntries.getByRole('button', { name: /^Undo/ }).count()).toBe(0);

    const { json } = await (await openOptions()).exportData();
    const tables = (json as { tables: Record<string, { id?: string; action?: string }[]> }).tables;
    expect(tables.activities!.map((a) => a.id)).not.toContain('act-auto-1');
    expect(tables.auditLog!.map((e) => e.action)).toEqual(['activity.log', 'undo']);
  });
});

describe('hostile content', () => {
  it('renders HTML and script payloads in names, subjects, reasons and bodies as text on every surface', async () => {
    await seed({ now: NOW, hostile: true });
    const panel = await openPanel();
    const dialogs = watchDialogs(panel.page);
    await panel.suggestions.nth(2).waitFor();
    await panel.edit('draft');
    const options = await openOptions('#contacts');
    dialogs.push(...watchDialogs(options.page));
    await options.contactRows.nth(3).waitFor();
    const popup = await openPopup();
    dialogs.push(...watchDialogs(popup.page));
    // The field splits on spaces, so the payload typed there is one without any.
    await popup.fill('Your company’s domains', '<svg/onload=alert(1)/data-xss>');
    await popup.errorFor('Your company’s domains').waitFor();
    // Let anything that would fire (onerror, onload, autofocus) have its chance.
    await panel.page.waitForTimeout(500);

    for (const page of [panel.page, options.page, popup.page]) {
      expect(await xssMarks(page), page.url()).toEqual({ flag: false, injected: 0 });
    }
    expect(dialogs).toEqual([]);
    // And the payloads are there, as the text they are.
    const panelText = await panel.page.locator('main').innerText();
    for (const i of [5, 10, 14]) expect(panelText).toContain(XSS_PAYLOADS[i]!.trim());
    expect(await panel.suggestion('draft').getByLabel('Text').inputValue()).toContain(XSS_PAYLOADS[12]);
    expect(await options.page.locator('main').innerText()).toContain(XSS_PAYLOADS[1]);
    expect(await popup.errorFor('Your company’s domains').innerText()).toBe('“<svg/onload=alert(1)/data-xss>”: not a domain name');

    // A spreadsheet opening the CSV export would not run a formula from a contact's title.
    const { text } = await options.exportCsv('contacts');
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example"",""Procurement"")"`);
  });
});

describe('at 360 px', () => {
  it('shows the popup and every options tab with nothing wider than the page; shoots the popup and the options page', async () => {
    mkdirSync(SHOTS, { recursive: true });
    await seed();
    const panel = await openPanel();
    await panel.suggestions.nth(2).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await panel.page.emulateMedia({ colorScheme: scheme });
      expect(await overflow(panel.page), `side panel, away from Gmail, ${scheme}`).toEqual([]);
    }
    const popup = await openPopup();
    await popup.autoLog.waitFor();
    expect(await overflow(popup.page), 'popup').toEqual([]);
    await popup.page.screenshot({ path: join(SHOTS, 'popup.png'), fullPage: true });

    const options = await openOptions('#contacts');
    await options.contactRows.nth(3).waitFor();
    await options.page.setViewportSize({ width: 360, height: 900 });
    for (const tab of ['Today', 'Rules', 'Templates', 'Sequences', 'Meetings', 'Contacts', 'Data', 'AI log', 'CRM sign-in', 'About & privacy'] as const) {
      await options.tab(tab);
      await options.page.waitForTimeout(150);
      expect(await overflow(options.page), `options ${tab} at 360 px`).toEqual([]);
    }
    await options.tab('Rules');
    await options.page.getByTestId('rule').first().waitFor();
    await options.page.setViewportSize({ width: 960, height: 820 });
    await options.page.screenshot({ path: join(SHOTS, 'options.png') });
    // Every options tab at 360 px: 4 s alone, about 35 s late in this file's run.
  }, 120_000);
});
