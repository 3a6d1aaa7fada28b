import { describe, expect, it } from 'vitest';
import { VERSION_MASK, sevenDigitsClose, versionWordBeforeNumber } from '@/lib/followup/text';

// The version mask's test first must never hide a match of the mask: over texts built from its own words,
// numbers, blanks, "#", dots and letters around them (a fixed pseudo-random sequence), and known cases.
const PIECES = [
  'version', 'ver', 'Ver.', 'v', 'V', 'release', 'build', 'rev', 'REV.', 'ios', 'office', 'Office', 'room', 'no', 'No.', 'ticket', 'po', 'ref.', 'apt',
  'versions', 'nov', 'pos', 'ab', 'de', 'até', 'é', '_', '2', '13', '4411', '2019', '1.5', ' ', ' ', '  ', '\t', '#', '.', ',', '-', '/', 'x', 'Jan', ' of ',
];

function* texts(): Generator<string> {
  let seed = 0x2f6b1d;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % PIECES.length;
  for (let i = 0; i < 20000; i++) {
    let t = '';
    const n = 2 + (i % 7);
    for (let k = 0; k < n; k++) t += PIECES[next()]!;
    yield t;
  }
}

const maskMatches = (text: string) => {
  VERSION_MASK.lastIndex = 0;
  return VERSION_MASK.test(text);
};

describe('the version mask’s test first', () => {
  it('passes every text the mask matches in', () => {
    let matched = 0;
    for (const text of texts()) {
      if (!maskMatches(text)) continue;
      matched++;
      expect(versionWordBeforeNumber(text), JSON.stringify(text)).toBe(true);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('reads the words, dots, blanks and "#" the mask reads, and nothing else', () => {
    for (const text of ['Office 2019', 'room 12', 'ticket #4411', 'order#12', 'abc# 3', 'ver. 2', 'No.4', 'v2', 'build\t7']) {
      expect(maskMatches(text), text).toBe(true);
      expect(versionWordBeforeNumber(text), text).toBe(true);
    }
    for (const text of ['de 2 a 13 de março', 'until 13', 'versions 2', 'nov2', '2v3', 'room  12', 'ver .2', 'version.2', 'été 2']) {
      expect(versionWordBeforeNumber(text), text).toBe(false);
      expect(maskMatches(text), text).toBe(false);
    }
  });
});

// The telephone mask's test first, read by character codes, answers as the pattern it replaces on every text
// built from digits, blanks, separators, letters and line breaks (a fixed pseudo-random sequence).
const SEVEN_DIGITS = /(?:\d\D{0,3}){7}/;
const PHONE_PIECES = ['1', '23', '456', '7', '0', ' ', '  ', '-', '.', '(', ')', '+', '/', 'ab', 'abcd', 'é', '\n', '\t', '٣'];

describe('the telephone mask’s test first', () => {
  it('answers as /(?:\\d\\D{0,3}){7}/ does', () => {
    let seed = 0x51d3a7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % PHONE_PIECES.length;
    let yes = 0;
    for (let i = 0; i < 20000; i++) {
      let t = '';
      const n = 3 + (i % 14);
      for (let k = 0; k < n; k++) t += PHONE_PIECES[next()]!;
      const expected = SEVEN_DIGITS.test(t);
      if (expected) yes++;
      expect(sevenDigitsClose(t), JSON.stringify(t)).toBe(expected);
    }
    expect(yes).toBeGreaterThan(2000);
    expect(20000 - yes).toBeGreaterThan(2000);
    for (const t of ['+1 (415) 555-0100', '12 34 56 7', '1234567', '12/8 - 3.5 / 70']) expect(sevenDigitsClose(t), t).toBe(true);
    for (const t of ['123456', '123    4567', '12/8 and 3.5 and 7', 'de 2 a 13 de março']) expect(sevenDigitsClose(t), t).toBe(false);
  });
});
