import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// browser.i18n for unit tests (fakeBrowser has none): the real public/_locales files, resolved the way
// Chromium does — named $PLACEHOLDER$s to their "$n" content, then $n to the substitutions, "$$" to "$", a
// missing key to "", falling back to the default locale's message.

type Message = { message: string; placeholders?: Record<string, { content: string }> };
const files = new Map<string, Record<string, Message>>();
export function messagesOf(lang: string): Record<string, Message> {
  let m = files.get(lang);
  if (!m) files.set(lang, (m = JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, Message>));
  return m;
}

export function resolveMessage(lang: string, key: string, substitutions?: string | string[]): string {
  const entry = messagesOf(lang)[key] ?? messagesOf('en')[key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const found = Object.entries(entry.placeholders ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
    return found ? found[1].content : whole;
  });
  return named.replace(/\$(\$|\d)/g, (_, c: string) => (c === '$' ? '$' : (subs[Number(c) - 1] ?? '')));
}

let language = 'en';
/** The UI language the fake browser reports (a test that switches it switches it back). */
export function setUiLanguage(lang: string) {
  language = lang;
}

Object.assign(fakeBrowser.i18n, {
  getMessage: (key: string, subs?: string | string[]) => resolveMessage(language.split('-')[0]!, key, subs),
  getUILanguage: () => language,
});
