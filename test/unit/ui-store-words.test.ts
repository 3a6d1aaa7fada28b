import { afterEach, describe, expect, it } from 'vitest';
import { createOptionsStore } from '@/lib/ui/options-store';
import { createSequencesStore } from '@/lib/ui/sequences-store';
import { defaultSettings } from '@/lib/settings';
import { words } from '@/lib/words';
import { setUiLanguage } from '../support/i18n-fake';

// What the surfaces' stores say after an action, in the rep's language: counts in the plural form the language
// picks and its number notation, days and countries by the UI locale, and the background's reasons by their
// words (their English line when a row has none). Answers written for this test.

/** A background that answers each channel with the data given for it. */
const answering =
  (answers: Record<string, unknown>) =>
  async (message: unknown): Promise<unknown> => {
    const { channel } = message as { channel: string };
    if (!(channel in answers)) return { ok: false, error: { code: 'unknown', message: `${channel}: not in this test` } };
    return { ok: true, data: answers[channel] };
  };

afterEach(() => setUiLanguage('en'));

describe('sequences store notices', () => {
  const store = () =>
    createSequencesStore({
      send: answering({
        'sequences.contactPlace': { timeZone: 'Europe/Berlin', country: 'DE', replanned: 1200 },
        'sequences.vacation': { until: '2026-12-24' },
        'sequences.enrol': {
          enrolled: [],
          skipped: [
            { email: 'not-an-address', reason: 'not an email address', words: words('seq_skip_not_email') },
            { email: 'old@acme.example', reason: 'an old English line' },
          ],
        },
        'sequences.list': { sequences: [] },
        'drafts.listTemplates': { templates: [], variables: [] },
        'settings.load': { settings: defaultSettings(), warnings: [] },
      }),
    });

  it('says where a contact is, with the count in the plural form and notation of the UI language', async () => {
    const s = store();
    expect(await s.getState().savePlace('jane@acme.example', 'Europe/Berlin', 'de')).toBeNull();
    expect(s.getState().notice).toEqual({ text: 'Saved where jane@acme.example is: Europe/Berlin, Germany; 1,200 enrolments planned again.', tone: 'info' });
    setUiLanguage('de');
    await s.getState().savePlace('jane@acme.example', 'Europe/Berlin', 'de');
    expect(s.getState().notice?.text).toBe('Ort von jane@acme.example gespeichert: Europe/Berlin, Deutschland; 1.200 Teilnahmen neu geplant.');
    expect(await s.getState().savePlace('jane@acme.example', 'Berlin', '')).toBe('Zeitzone: „Berlin“ ist kein IANA-Zeitzonenname wie Europe/Berlin');
  });

  it('says a vacation’s last day by the UI locale', async () => {
    setUiLanguage('de');
    const s = store();
    await s.getState().setVacation('2026-12-24');
    expect(s.getState().notice?.text).toBe('Im Urlaub bis Donnerstag, 24. Dezember: Alle Sequenzen pausieren bis dahin.');
  });

  it('says who was skipped and why, by the words when the background gave them', async () => {
    setUiLanguage('de');
    const s = store();
    await s.getState().enrol('seq-1', [{ email: 'not-an-address' }, { email: 'old@acme.example' }]);
    expect(s.getState().notice?.text).toBe('0 Kontakte aufgenommen. Übersprungen: not-an-address (keine E-Mail-Adresse); old@acme.example (an old English line).');
  });
});

describe('options store notices', () => {
  it('counts deleted rows, sign-ins and permissions in the plural form each needs', async () => {
    const store = createOptionsStore(answering({ 'ui.data.deleteAll': { deleted: { contacts: 1, activities: 1199 }, browser: { secrets: 1, origins: ['https://api.hubapi.com/*'], permissions: ['identity'] } } }));
    expect(await store.getState().deleteAll()).toBe(true);
    expect(store.getState().notice?.text).toBe('Deleted 1,200 rows, 1 saved sign-in or key, 2 granted permissions and reset the settings.');
    setUiLanguage('de');
    await store.getState().deleteAll();
    expect(store.getState().notice?.text).toBe('1.200 Zeilen, 1 gespeicherte Anmeldung oder Schlüssel und 2 erteilte Berechtigungen gelöscht und die Einstellungen zurückgesetzt.');
  });
});
