import { describe, expect, it } from 'vitest';
import * as pages from '@/lib/gmail/pages';

// Every example URL against every detector: each is true for its own and false for all others.
const examples: Record<'isThread' | 'isList' | 'isSettings', string[]> = {
  isThread: [
    'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/1/#label/Customers/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/0/#search/pilot/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/0/#sent/18c6a1b2c3d4e5f6',
  ],
  isList: [
    'https://mail.google.com/mail/u/0/',
    'https://mail.google.com/mail/u/0/#inbox',
    'https://mail.google.com/mail/u/0/#sent',
    'https://mail.google.com/mail/u/0/#label/Customers',
    'https://mail.google.com/mail/u/0/#search/pilot',
    'https://mail.google.com/mail/u/0/#category/promotions',
    'https://mail.google.com/mail/u/0/#inbox?compose=new',
  ],
  isSettings: ['https://mail.google.com/mail/u/0/#settings/general', 'https://mail.google.com/mail/u/0/#settings/labels'],
};
const elsewhere = ['https://calendar.google.com/calendar/u/0/r', 'https://mail.google.com/chat/u/0/', 'https://app.hubspot.com/contacts/1/record/0-1/2'];

describe('Gmail view detectors', () => {
  for (const [detector, urls] of Object.entries(examples)) {
    for (const url of urls) {
      it(`${url} is ${detector} and nothing else`, () => {
        for (const other of Object.keys(examples)) {
          expect((pages as unknown as Record<string, (u: URL) => boolean>)[other]!(new URL(url)), other).toBe(other === detector);
        }
      });
    }
  }
  it.each(elsewhere)('%s matches no detector', (url) => {
    for (const d of Object.keys(examples)) expect((pages as unknown as Record<string, (u: URL) => boolean>)[d]!(new URL(url))).toBe(false);
  });
  it('reads compose in the URL', () => {
    expect(pages.hasComposeInUrl(new URL(examples.isList[6]!))).toBe(true);
    expect(pages.hasComposeInUrl(new URL(examples.isList[1]!))).toBe(false);
  });
});
