import { describe, expect, it } from 'vitest';
import * as pages from '@/lib/gmail/pages';

// Every example URL against every detector: each is true for its own and false for all others.
const detectors = Object.keys(pages.EXAMPLES) as (keyof typeof pages.EXAMPLES)[];
const detect = (name: string, url: string) => (pages as unknown as Record<string, (u: URL) => boolean>)[name]!(new URL(url));

describe('Gmail view detectors', () => {
  for (const detector of detectors) {
    for (const url of pages.EXAMPLES[detector]) {
      it(`${url} is ${detector} and nothing else`, () => {
        for (const other of detectors) expect(detect(other, url), other).toBe(other === detector);
      });
    }
  }

  it.each(pages.NOT_GMAIL_VIEWS)('%s matches no detector', (url) => {
    for (const d of detectors) expect(detect(d, url), d).toBe(false);
    expect(pages.viewOf(new URL(url))).toBe('other');
  });

  it('isList is the union of the list views, and still true with a compose over a list', () => {
    for (const d of ['isInbox', 'isMailList', 'isLabel', 'isSearch'] as const) for (const url of pages.EXAMPLES[d]) expect(pages.isList(new URL(url)), url).toBe(true);
    for (const d of ['isThread', 'isSettings'] as const) for (const url of pages.EXAMPLES[d]) expect(pages.isList(new URL(url)), url).toBe(false);
    expect(pages.isList(new URL('https://mail.google.com/mail/u/0/#inbox?compose=new'))).toBe(true);
  });

  it('reads the thread token, also under a compose', () => {
    expect(pages.threadTokenOf(new URL(pages.EXAMPLES.isThread[0]))).toBe('FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz');
    expect(pages.hasThreadInUrl(new URL(pages.EXAMPLES.isCompose[2]))).toBe(true);
    expect(pages.hasThreadInUrl(new URL(pages.EXAMPLES.isCompose[0]))).toBe(false);
    expect(pages.threadTokenOf(new URL('https://mail.google.com/mail/u/0/#settings/fwdandpop'))).toBeUndefined();
  });

  it('names the view for the health record', () => {
    expect(pages.viewOf(new URL(pages.EXAMPLES.isThread[1]))).toBe('thread');
    expect(pages.viewOf(new URL(pages.EXAMPLES.isSearch[0]))).toBe('list');
    expect(pages.viewOf(new URL(pages.EXAMPLES.isCompose[1]))).toBe('compose');
    expect(pages.viewOf(new URL(pages.EXAMPLES.isSettings[0]))).toBe('settings');
  });

  it('never throws on a malformed hash', () => {
    expect(() => detectors.forEach((d) => detect(d, 'https://mail.google.com/mail/u/0/#search/%E0%A4%A'))).not.toThrow();
  });
});
