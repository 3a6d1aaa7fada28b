import { describe, expect, it } from 'vitest';
import { suggestFollowUp } from '@/lib/followup';
import { detectLanguage, type Language } from '@/lib/followup/language';

// A message of a few words has too few function words for the detector to tell its language, and English is
// its answer then: the date in "Do passt mir gut." went unread. When no language has more than one word of its
// own, the words dates are written with (weekdays and months written short, week, quarter, "passt mir",
// "me va", "terceiro") decide, if one language alone leads. Messages written for these tests (not real
// ones), read on Tuesday 2026-02-17 in Berlin; with no date the follow-up is Friday 2026-02-20.

const at = Date.parse('2026-02-17T10:00:00+01:00');
const read = (text: string) => suggestFollowUp({ text, at, timeZone: 'Europe/Berlin' });

const SHORT: [Language, string, string][] = [
  ['de', 'Do passt mir gut.', '2026-02-19'],
  ['de', 'Mi geht bei mir.', '2026-02-18'],
  ['fr', 'jeudi ça me va', '2026-02-19'],
  ['es', 'mié nos va bien', '2026-02-18'],
  ['pt', 'Vamos ver isso no terceiro trimestre.', '2026-07-01'],
  ['pt', 'qua me serve', '2026-02-18'],
  ['nl', 'do past mij goed', '2026-02-19'],
  ['it', 'gio mi va bene', '2026-02-19'],
];

// Short English messages, and short ones whose words no language owns, stay English and read as before.
const ENGLISH: [string, string][] = [
  ['Do you have a minute?', '2026-02-20'],
  ['Thu works', '2026-02-19'],
  ['Mar 3 works', '2026-03-03'],
  ['Let me know', '2026-02-20'],
  ['Ok, va bene', '2026-02-20'],
  ['So, Fri?', '2026-02-20'],
  ['Sat down with the team.', '2026-02-20'],
];

describe('short messages', () => {
  it.each(SHORT)('%s: %s', (lang, text, date) => {
    expect(detectLanguage(text)).toBe(lang);
    expect(read(text).date).toBe(date);
  });

  it.each(ENGLISH)('en: %s', (text, date) => {
    expect(detectLanguage(text)).toBe('en');
    expect(read(text).date).toBe(date);
  });

  it('a longer message is decided by its function words alone, as before', () => {
    // "Do", "passt" and "mir" would make it German; its English words decide.
    expect(detectLanguage('Do you think it passt? Let me know what you would like to do next week.')).toBe('en');
    expect(detectLanguage('Merci pour votre message, je vous recontacte la semaine prochaine.')).toBe('fr');
  });
});
