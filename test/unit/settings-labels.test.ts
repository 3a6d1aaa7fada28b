import { afterEach, describe, expect, it } from 'vitest';
import { say } from '@/lib/say';
import { readSettings, SETTING_LABELS, Settings, SETTINGS_VERSION } from '@/lib/settings';
import { messagesOf, setUiLanguage } from '../support/i18n-fake';

// A stored setting that was reset is reported to the rep by the name the options page gives it, in their
// language; the code name ("retentionDays") stays in the English log line only.

afterEach(() => setUiLanguage('en'));

const keys = Object.keys(Settings.shape).filter((key) => key !== 'version');
const labels: Record<string, string> = SETTING_LABELS;

describe('settings repair warnings', () => {
  it('has a label in English and German for every setting but the version', () => {
    const unlabelled = keys.filter((key) => !labels[key] || !messagesOf('en')[labels[key]] || !messagesOf('de')[labels[key]]);
    expect(unlabelled).toEqual([]);
    // No label left behind for a setting that is gone.
    expect(Object.keys(SETTING_LABELS).sort()).toEqual([...keys].sort());
  });

  it('never reports the version, whatever is stored there', () => {
    for (const version of ['3', -1, 2.5, null, { v: 3 }, SETTINGS_VERSION + 1]) {
      const { warnings, warningWords } = readSettings({ version, retentionDays: 90 });
      expect(warnings.filter((w) => w.includes('"version"'))).toEqual([]);
      expect(warningWords?.filter((w) => w.key === 'settings_warning_field_reset')).toEqual([]);
    }
  });

  it.each(keys)('names %s in German by its label when its stored value is reset', (key) => {
    const repaired = readSettings({ version: SETTINGS_VERSION, [key]: Number.NaN });
    expect(repaired.warnings).toHaveLength(1);
    expect(repaired.warnings[0]).toContain(`"${key}"`); // the English log line keeps the code name
    setUiLanguage('de');
    const said = say(repaired.warningWords?.[0], repaired.warnings[0]);
    expect(said).toContain(`„${messagesOf('de')[labels[key]!]!.message}“`);
    expect(said).not.toContain(key);
  });

  it('says a bad retentionDays in German by the options page’s label', () => {
    const repaired = readSettings({ version: SETTINGS_VERSION, retentionDays: 'forever', autoLog: false });
    expect(repaired.settings).toMatchObject({ retentionDays: 180, autoLog: false });
    setUiLanguage('de');
    const said = repaired.warnings.map((w, i) => say(repaired.warningWords?.[i], w));
    expect(said).toEqual(['Die Einstellung „Daten aufbewahren für (Tage)“ war ungültig (eine Zahl) und wurde auf ihren Standardwert zurückgesetzt.']);
    expect(said[0]).not.toContain('retentionDays');
  });
});
