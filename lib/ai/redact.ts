// What never leaves the device: email addresses, phone numbers and the rep's configured secrets are replaced
// by placeholders before a prompt is sent, and put back in what the model writes. The same value always gets
// the same placeholder, so the model can refer to "[EMAIL_1]" consistently.

export interface Redaction {
  text: string;
  /** placeholder → original */
  map: Record<string, string>;
  counts: { emails: number; phones: number; secrets: number };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// International or national numbers with at least 7 digits, separators allowed: +44 20 7946 0958,
// (415) 555-0132, 415.555.0132, +1-800-555-0199 x12. Dates (2026-11-25) and plain years are not phones.
const PHONE = /(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w/])/g;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;

const PLACEHOLDER = /\[(?:EMAIL|PHONE|SECRET)_\d+\]/g;

/** Replace only outside placeholders already made, so a later pass never rewrites an earlier one. */
function replaceOutside(text: string, re: RegExp, fn: (m: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    out += text.slice(last, m.index).replace(re, fn) + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).replace(re, fn);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redact(text: string, secrets: readonly string[] = []): Redaction {
  const map: Record<string, string> = {};
  const byValue = new Map<string, string>();
  const counts = { emails: 0, phones: 0, secrets: 0 };
  const place = (kind: 'SECRET' | 'EMAIL' | 'PHONE', value: string) => {
    const known = byValue.get(`${kind}:${value}`);
    if (known) return known;
    const key = kind === 'EMAIL' ? 'emails' : kind === 'PHONE' ? 'phones' : 'secrets';
    counts[key]++;
    const placeholder = `[${kind}_${counts[key]}]`;
    map[placeholder] = value;
    byValue.set(`${kind}:${value}`, placeholder);
    return placeholder;
  };
  // Text that already looks like a placeholder is itself set aside, so restoring can never confuse the two.
  let out = text.replace(/\[(EMAIL|PHONE|SECRET)_\d+\]/g, (m) => place('SECRET', m));
  // Longest secrets first, so a secret containing another is replaced whole.
  for (const secret of [...new Set(secrets.map((s) => s.trim()).filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length)) {
    out = replaceOutside(out, new RegExp(escapeRe(secret), 'gi'), (m) => place('SECRET', m));
  }
  out = replaceOutside(out, EMAIL, (m) => place('EMAIL', m));
  out = replaceOutside(out, PHONE, (m) => {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15 || DATE_LIKE.test(m.trim())) return m;
    return place('PHONE', m);
  });
  return { text: out, map, counts };
}

/** Put the originals back; placeholders the model invented (not in the map) are left as they are. */
export function restore(text: string, map: Record<string, string>): string {
  return text.replace(/\[(EMAIL|PHONE|SECRET)_(\d+)\]/g, (m) => map[m] ?? m);
}
