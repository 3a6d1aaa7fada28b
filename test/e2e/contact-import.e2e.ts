import { describe, expect, it } from 'vitest';
import { BackgroundStore } from './pages/background-store';
import { OptionsPage } from './pages/options-page';
import { useExtensionBrowser } from './suite';

// The options page's contact import, as a rep with a spreadsheet from a German CRM export would use it:
// semicolons, headers no importer knows, one bad row — previewed, mapped by hand, imported, undone.

const e2e = useExtensionBrowser({ server: false });

const CSV = [
  'Vorname;Nachname;E-Mail-Adresse;Firma;Notiz',
  'Jürgen;Müller;juergen.mueller@beispiel-gmbh.example;Beispiel GmbH;"Messe; Düsseldorf"',
  'Anna;Schmidt;anna.schmidt@nordwerk.example;Nordwerk AG;',
  'Kein;Mail;keine-adresse;Irgendwo;',
].join('\r\n');

describe('contact import screen', () => {
  it('previews the file, imports the columns the rep maps, reports the bad row, and Undo removes what it added', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await options.chooseContactsCsv('kontakte.csv', CSV);
    const preview = await options.importPreview();
    expect(preview[0]).toEqual(['Vorname', 'Nachname', 'E-Mail-Adresse', 'Firma', 'Notiz']);
    expect(preview[1]).toEqual(['Jürgen', 'Müller', 'juergen.mueller@beispiel-gmbh.example', 'Beispiel GmbH', 'Messe; Düsseldorf']);
    expect(preview).toHaveLength(4);
    // No column is recognised as the email: the import waits for the rep to say which.
    await expect(options.contactImport.getByRole('button', { name: /^Import 3 row/ }).isDisabled()).resolves.toBe(true);

    await options.mapColumn('E-Mail-Adresse', 'Email');
    await options.mapColumn('Vorname', 'First name');
    await options.mapColumn('Nachname', 'Last name');
    await options.mapColumn('Firma', 'Company');
    const report = await options.runContactImport();
    expect(report).toMatch(/2 created, 0 updated, 0 unchanged, 1 row error\./);
    expect(report).toMatch(/Line 4 \(keine-adresse\)/);

    const store = new BackgroundStore(e2e.browser.worker!);
    const contacts = await store.table<{ name: string; email: string; source: string }>('contacts');
    expect(contacts.map((c) => [c.name, c.email, c.source]).sort()).toEqual([
      ['Anna Schmidt', 'anna.schmidt@nordwerk.example', 'import'],
      ['Jürgen Müller', 'juergen.mueller@beispiel-gmbh.example', 'import'],
    ]);

    await options.undoContactImport();
    expect(await store.table('contacts')).toEqual([]);
    await options.page.close();
  });
});
