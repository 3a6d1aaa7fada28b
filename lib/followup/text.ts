// Preparing a message's text for date reading. Everything keeps character positions: cut history is
// dropped from the end, and masked spans become spaces of the same length, so a match's index in the
// prepared text is its index in what the rep received (the reason quotes the original words).

// Where the new message ends and history or boilerplate begins. Each is a line of its own, and each comes
// with a plain substring the text must hold first (most messages hold none, and a substring test is cheap).
const HISTORY_STARTS: [string, RegExp][] = [
  ['wrote', /^[ \t]*On\b[^\n]{0,300}\bwrote:[ \t]*$/m], // Gmail, Apple Mail: "On Tue, Nov 24, 2026 at 9:14 AM Jane <…> wrote:"
  ['wrote', /^[ \t]*On\b[^\n]{0,200}\n[^\n]{0,200}\bwrote:[ \t]*$/m], // the same, wrapped over two lines
  ['--', /^[ \t]*-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}/im], // Outlook, Gmail forwards
  ['orwarded', /^[ \t]*Begin forwarded message:/im],
  ['________', /^[ \t]*_{8,}[ \t]*$/m], // Outlook's rule above the quoted header
  [':', /^[ \t]*(?:From|De|Von):[^\n]*\n(?:[ \t]*(?:Sent|Date|To|Cc|Subject|Envoyé|Gesendet):[^\n]*\n?){1,4}/im],
  ['--', /^-- ?$/m], // the signature delimiter
  ['ent from', /^[ \t]*Sent from my [^\n]{1,40}$/im],
  ['Outlook', /^[ \t]*Get Outlook for [^\n]{1,40}$/im],
  // The same quote headers and phone footers as German, French, Spanish, Portuguese, Dutch and Italian mail
  // clients write them ("Am … schrieb …:", "Le … a écrit :", "El … escribió:", "Em … escreveu:",
  // "Op … schreef …:", "Il giorno … ha scritto:").
  ['schrieb', /^[ \t]*Am\b[^\n]{0,300}\bschrieb[^\n]{0,200}:[ \t]*$/m],
  ['crit', /^[ \t]*Le\b[^\n]{0,300}\ba écrit[ \t]*:[ \t]*$/m],
  ['escribi', /^[ \t]*El\b[^\n]{0,300}\bescribió[ \t]*:[ \t]*$/m],
  ['escreveu', /^[ \t]*(?:Em|No dia)\b[^\n]{0,300}\bescreveu[ \t]*:[ \t]*$/m],
  ['schreef', /^[ \t]*Op\b[^\n]{0,300}\bschreef[^\n]{0,200}:[ \t]*$/m],
  ['scritto', /^[ \t]*Il\b[^\n]{0,300}\bha scritto[ \t]*:[ \t]*$/m],
  [':', /^[ \t]*(?:Da|Van|Von|De):[^\n]*\n(?:[ \t]*(?:Inviato|Verzonden|Enviado|Gesendet|Envoyé|Data|Datum|Fecha|Date|A|Aan|An|Para|À|Oggetto|Onderwerp|Betreff|Asunto|Assunto|Objet):[^\n]*\n?){1,4}/im],
  ['nviado', /^[ \t]*Enviado (?:desde|do|de) [^\n]{1,40}$/im],
  ['nvoyé', /^[ \t]*Envoyé de mon [^\n]{1,40}$/im],
  ['gesendet', /^[ \t]*Von meinem [^\n]{1,40} gesendet$/im],
  ['erzonden', /^[ \t]*Verzonden (?:vanaf|met) [^\n]{1,40}$/im],
  ['nviato', /^[ \t]*Inviato da [^\n]{1,40}$/im],
];

// Every needle above in one pattern: most messages hold none, and one scan is cheaper than twenty
// substring searches.
const ANY_NEEDLE = new RegExp([...new Set(HISTORY_STARTS.map(([needle]) => needle))].map((n) => n.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|'));

// Every pattern above starts a line (after blanks) with one of these words, "-" or "_": a message with no
// line starting so holds none, and this scan only looks past line starts.
const LINE_START = /(?:^|[\n\r\u2028\u2029])[ \t]*(?:on|-|_|from|de|von|da|van|sent|get|begin|am|le|el|em|no|op|il|enviado|envoy|verzonden|inviato)/i;

/** The part of a message its sender wrote this time: quoted history, forwards and the signature cut off. */
export function newestPart(text: string): string {
  if (!LINE_START.test(text) || !ANY_NEEDLE.test(text)) return text;
  let end = text.length;
  for (const [needle, pattern] of HISTORY_STARTS) {
    if (!text.includes(needle)) continue;
    const m = pattern.exec(text.slice(0, end));
    if (m && m.index < end) end = m.index;
  }
  return text.slice(0, end);
}

const blank = (s: string) => ' '.repeat(s.length);

// Numbers that are not dates. Dates that look like them (ISO, d.m.yyyy, 12/8) are spared by shape.
const QUOTED = /^[ \t]*>[^\n]*/gm;
// Each mask with a cheap test of the text first (a part every match holds): most messages hold no URL, no
// amount, no version. The first five are rare in a text with digits, and their tests are run as one first
// (RARE_MASKS).
const RARE_MASKS = 5;
/** Version, room and ticket numbers; its test first is `versionWordBeforeNumber`. */
export const VERSION_MASK =
  /\b(?:version|ver\.?|v|release|build|rev\.?|ios|android|windows|macos|chrome|python|node|php|java|excel|office|salesforce|iphone|pixel|galaxy|model|series|plan|tier|room|suite|floor|unit|apt\.?|no\.?|number|#|ticket|case|order|invoice|po|ref\.?)[ \t]?#?\d+(?:\.\d+)*\b(?![-/]\d|[ \t]+(?:of[ \t]+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)/gi;

const MASKS: [RegExp | ((text: string) => boolean), RegExp][] = [
  [/:\/\/|www\./i, /\b(?:https?:\/\/|www\.)\S+/gi], // every match holds one of these
  [/@/, /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g],
  [/(?:x|xtn?|extension)\.?[ \t]*\d/i, /\b(?:ext|extn|extension|x)\.?[ \t]*\d{1,6}\b/gi],
  [/[$€£¥₹]/, /[$€£¥₹][ \t]?\d[\d,.]*(?:[ \t]?(?:k|m|mm|bn|million|billion|thousand)\b)?/gi],
  [
    // The first two letters of every unit below.
    /\d[\d,.]*[ \t]?(?:%|pe|us|eu|gb|do|k|se|li|un|re|po|em|ho|hr|mi|mb|tb)/i,
    /\b\d[\d,.]*[ \t]?(?:%|percent\b|usd\b|eur\b|gbp\b|dollars\b|euros\b|pounds\b|k\b|seats?\b|licen[cs]es?\b|users?\b|units?\b|reps?\b|people\b|employees\b|hours?\b|hrs?\b|mins?\b|minutes?\b|gb\b|mb\b|tb\b)/gi,
  ],
  // "Office 2019", "room 12", "ticket #4411" — but not "back in the office 2026-12-03", "… office 12/8" or
  // "… office 3 January". A letter before a number ("de 2", "until 13") is in nearly every text with a number,
  // so the test first is the word before each number (versionWordBeforeNumber), read by character codes.
  [
    versionWordBeforeNumber,
    VERSION_MASK,
  ],
  [/\//, /\b24\/7\b|\b\d{1,3}\/\d{1,3}(?=[ \t]+(?:of|split|chance|rule|basis)\b)/gi],
];

// The words the version mask reads before a number (each ends in an ASCII letter), and those it also reads with
// a dot ("ver. 2", "no.4").
const VERSION_WORDS = new Set(
  'version ver v release build rev ios android windows macos chrome python node php java excel office salesforce iphone pixel galaxy model series plan tier room suite floor unit apt no number ticket case order invoice po ref'.split(' '),
);
const VERSION_DOTTED = new Set(['ver', 'rev', 'apt', 'no', 'ref']);
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Whether the version mask below could match: it needs one of its words (whole, at a word edge, ASCII letters
 * in any case) or a "#" before a number, with at most a blank and a "#" between. Each number's start is looked
 * back from; a "#" right before one always counts.
 */
export function versionWordBeforeNumber(text: string): boolean {
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c < 48 || c > 57 || (p > 0 && isDigitCode(text.charCodeAt(p - 1)))) continue;
    let q = p - 1;
    if (q >= 0 && text.charCodeAt(q) === 35) return true; // "#4411", "ticket #4411"
    if (q >= 0 && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q--;
    if (q < 0) continue;
    if (text.charCodeAt(q) === 35) return true; // "# 12"
    let dotted = false;
    if (text.charCodeAt(q) === 46) {
      dotted = true;
      q--;
    }
    let start = q;
    while (start >= 0 && isWordChar(text.charCodeAt(start))) start--;
    if (start === q) continue;
    const word = text.slice(start + 1, q + 1).toLowerCase();
    if (dotted ? VERSION_DOTTED.has(word) : VERSION_WORDS.has(word)) return true;
  }
  return false;
}
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/**
 * Whether seven digits follow one another with at most three other characters between each two (the pattern
 * /(?:\d\D{0,3}){7}/, which every telephone number below holds), by character codes: the pattern is tried
 * again from every digit of the text.
 */
export function sevenDigitsClose(text: string): boolean {
  let chain = 0;
  let gap = 0;
  for (let i = 0; i < text.length; i++) {
    if (isDigitCode(text.charCodeAt(i))) {
      chain = chain > 0 && gap <= 3 ? chain + 1 : 1;
      if (chain >= 7) return true;
      gap = 0;
    } else if (chain > 0) gap++;
  }
  return false;
}

// Telephone numbers: seven or more digits in groups, optionally with a country code or area code.
const PHONE = /(?:\+\d{1,3}[ \t.-]?)?(?:\(\d{1,5}\)[ \t.-]?)?\d{2,5}(?:[ \t.-]\d{2,5}){1,4}/g;
const DATE_SHAPE = /^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}[ \t.-]\d{1,2})$/;
// A bare decimal ("1.5", "3.2") would read as a day.month; real dotted dates carry a year.
const DECIMAL = /(?<![\d.])\d+\.\d+(?![\d.]*\d\.\d)(?!\.\d)/g;
const DOTTED_DATE = /^\d{1,2}\.\d{1,2}$/;

// The rare masks' tests in one pattern: one scan, where five cost more.
const ANY_RARE_MASK = new RegExp(
  MASKS.slice(0, RARE_MASKS)
    .map(([quick]) => `(?:${(quick as RegExp).source})`)
    .join('|'),
  'i',
);

/** The text with non-date numbers blanked out, same length as the input. */
export function maskNonDates(text: string): string {
  let out = text.includes('>') ? text.replace(QUOTED, blank) : text;
  if (!/\d/.test(out)) return out; // every other mask is about numbers
  // Where none of the rare masks' tests passes, none of them changes the text.
  for (let i = ANY_RARE_MASK.test(out) ? 0 : RARE_MASKS; i < MASKS.length; i++) {
    const [quick, pattern] = MASKS[i]!;
    if (typeof quick === 'function' ? quick(out) : quick.test(out)) out = out.replace(pattern, blank);
  }
  if (sevenDigitsClose(out)) out = out.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, '').length;
    return digits >= 7 && !DATE_SHAPE.test(m.trim()) ? blank(m) : m;
  });
  if (/\d\.\d/.test(out)) out = out.replace(DECIMAL, (m, offset: number) => {
    // "on 12.8." is a European date; "grew 1.5" is not.
    if (DOTTED_DATE.test(m) && out[offset + m.length] === '.' ) return m;
    return blank(m);
  });
  return out;
}

// Most texts hold neither: one scan, not two.
const ODD_MARK = /[\u2010-\u2015\u2212\u2018\u2019\u02bc]/;
/** Dashes and apostrophes of every kind as ASCII (same length), so "Dec 14–18" and "I’m" read alike. */
export const normaliseDashes = (text: string): string =>
  ODD_MARK.test(text) ? text.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/[\u2018\u2019\u02bc]/g, "'") : text;

/** Prepare a message: its newest part, dashes normalised, non-date numbers masked. */
export function prepareText(text: string): string {
  return maskNonDates(normaliseDashes(newestPart(text)));
}

// A sentence ends at . ! ? ; or a line break; a period after an abbreviation ("Dec.", "a.m.") or before a
// lower-case word does not end it.
const SENTENCE_END = /[!?;\n]|\.(?=\s+[A-Z(]|\s*$|\s*\n)/g;

// "2. bis 13. März", "am 9. März": German writes a day as a number with a dot.
const ORDINAL_DOT = /(?:^|[^\d.])\d{1,2}$/;

/**
 * Where each sentence of a text ends (exclusive), in order; the last ends at the text's end. With
 * `ordinalDots`, a dot just after a day number ("13. März") ends no sentence.
 */
export function sentenceEnds(text: string, ordinalDots = false): number[] {
  const ends: number[] = [];
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    if (ordinalDots && text[m.index] === '.' && isDigit(text.charCodeAt(m.index - 1)) && ORDINAL_DOT.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
    if (!isAbbreviationDot(text, m.index)) ends.push(m.index);
  }
  ends.push(text.length);
  return ends;
}

/** [start, end) of the sentence holding [at, at + length), given `sentenceEnds(text)`. */
export function sentenceAround(ends: readonly number[], at: number, length = 0): [number, number] {
  let start = 0;
  for (const end of ends) {
    if (end < at) start = end + 1;
    else if (end >= at + length) return [start, end];
  }
  return [start, ends.at(-1) ?? at + length];
}

const ABBREVIATIONS = /\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|a\.m|p\.m|e\.g|i\.e|approx|etc|mr|mrs|ms|dr|st|no|vs)$/i;
// Each of these ends in an ASCII letter (which no other letter matches, even ignoring case), and every day
// number in a digit: a dot after anything else is neither, without a pattern.
function isAbbreviationDot(text: string, i: number): boolean {
  return text[i] === '.' && isAsciiLetter(text.charCodeAt(i - 1)) && ABBREVIATIONS.test(text.slice(Math.max(0, i - 6), i));
}
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
