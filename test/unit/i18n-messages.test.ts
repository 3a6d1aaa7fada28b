import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDay, t, tn } from '@/lib/i18n';
import { setUiLanguage } from '../support/i18n-fake';

// Every locale has every key of the English file with the same placeholders, numbered the way lib/i18n.ts
// passes them; plural messages have the forms their language's rules pick.

type Message = { message: string; placeholders?: Record<string, { content: string }> };
const dir = resolve(import.meta.dirname, '../../public/_locales');
const locales = readdirSync(dir);
const read = (lang: string) => JSON.parse(readFileSync(resolve(dir, lang, 'messages.json'), 'utf8')) as Record<string, Message>;
const en = read('en');
const used = (m: Message) => [...new Set([...m.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((x) => x[1]!.toLowerCase()))].sort();

describe('messages.json', () => {
  it('has English and German', () => expect(locales).toEqual(expect.arrayContaining(['en', 'de'])));

  it.each(locales)('%s: keys are valid message names, and placeholders are declared, used and numbered by name', (lang) => {
    for (const [key, m] of Object.entries(read(lang))) {
      expect(key, key).toMatch(/^[A-Za-z0-9_]+$/);
      expect(m.message.trim(), key).not.toBe('');
      const names = Object.keys(m.placeholders ?? {});
      expect(used(m), `${lang} ${key}: placeholders in the text vs declared`).toEqual(names.map((n) => n.toLowerCase()).sort());
      // lib/i18n.ts passes values in the alphabetical order of their names.
      const sorted = [...names].sort();
      for (const [i, name] of sorted.entries()) expect(m.placeholders![name]!.content, `${lang} ${key}.${name}`).toBe(`$${i + 1}`);
      // A lone "$" not part of a placeholder would be eaten by the browser.
      expect(m.message.replace(/\$[A-Za-z0-9_]+\$|\$\$/g, ''), `${lang} ${key}: stray $`).not.toContain('$');
    }
  });

  it.each(locales.filter((l) => l !== 'en'))('%s has every English key with the same placeholders, and nothing else', (lang) => {
    const other = read(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, m] of Object.entries(en)) expect(Object.keys(other[key]?.placeholders ?? {}).sort(), key).toEqual(Object.keys(m.placeholders ?? {}).sort());
  });

  it.each(locales)('%s: every plural message has the forms its language needs', (lang) => {
    const messages = read(lang);
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    const bases = Object.keys(messages).filter((k) => k.endsWith('_other')).map((k) => k.slice(0, -'_other'.length));
    expect(bases.length).toBeGreaterThan(5);
    for (const base of bases) for (const category of needed) expect(messages[`${base}_${category}`], `${lang} ${base}_${category}`).toBeDefined();
  });

  it('German is German: no message of more than two words is left as the English one', () => {
    const de = read('de');
    const same = Object.keys(en).filter((k) => en[k]!.message === de[k]?.message && en[k]!.message.replace(/\$\w+\$/g, '').split(/\s+/).filter((w) => /\p{L}{2}/u.test(w)).length > 2 && !/https?:|@/.test(en[k]!.message));
    expect(same).toEqual([]);
  });
});

describe('lib/i18n', () => {
  afterEach(() => setUiLanguage('en'));

  it('fills named placeholders and picks plural forms by the UI language', () => {
    expect(t('suggestionQueue_followup_on_day', { day: 'Monday, March 9' })).toBe('Follow up on Monday, March 9');
    expect(tn('contactsTab_total', 1)).toBe('1 contact');
    expect(tn('contactsTab_total', 1200)).toBe('1,200 contacts');
    setUiLanguage('de');
    expect(t('suggestionQueue_followup_on_day', { day: formatDay('2026-03-09', { weekday: 'long', month: 'long', day: 'numeric' }) })).toBe('Follow-up am Montag, 9. März');
    expect(tn('contactsTab_total', 1)).toBe('1 Kontakt');
    expect(tn('contactsTab_total', 1200)).toBe('1.200 Kontakte');
    expect(t('sequencesTab_version_version_steps_steps_running', { version: 2, steps: 3, running: 4 })).toBe('Version 2 · 3 Schritte · 4 laufend');
  });
});
