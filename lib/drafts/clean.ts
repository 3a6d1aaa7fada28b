// The part of an email its writer just wrote: quoted history, forwarded mail, signatures, legal footers and
// "sent from my phone" lines are cut. Works on plain text as mail clients quote it (Gmail, Outlook, Apple
// Mail, Lotus Notes, mailing lists), because a reply may arrive from any of them.

const QUOTE_HEADERS: RegExp[] = [
  // Gmail / Apple Mail / Thunderbird: "On Tue, 3 Mar 2026 at 10:04, Priya <p@x.com> wrote:" (may wrap).
  /^\s*On\b.{0,300}\bwrote:\s*$/i,
  /^\s*Le\b.{0,300}\ba écrit\s*:\s*$/i,
  /^\s*Am\b.{0,300}\bschrieb\b.{0,100}:\s*$/i,
  /^\s*-{2,}\s*(Original Message|Forwarded message|Message d'origine|Ursprüngliche Nachricht)\s*-{2,}/i,
  /^\s*Begin forwarded message:?\s*$/i,
  // Lotus Notes: "---------------------- Forwarded by Jane Doe/HOU/ECT on 09/19/2000"
  /^\s*-{5,}\s*Forwarded by\b/i,
  // Lotus Notes reply header: `"Jane Doe" <jd@x.com> on 09/08/2000 05:21:49 AM` / `Jane Doe@ENRON on 10/02/2000 09:12 AM`
  /^\s*.{1,120}\bon \d{1,2}\/\d{1,2}\/\d{2,4} \d{1,2}:\d{2}(:\d{2})?\s*(AM|PM)?\s*$/i,
  // "2018-07-28 5:38 GMT+09:00 Sijie Guo <notifications@github.com>:" (Gmail in some locales).
  /^\s*\d{4}-\d{2}-\d{2}\b.{0,120}<[^<>\s]+@[^<>\s]+>\s*:?\s*$/,
  // Outlook's rule line before "From: … Sent: …".
  /^\s*_{10,}\s*$/,
];

const OUTLOOK_FROM = /^\s*\*?(From|De|Von)\s*:\*?\s+\S/i;
const OUTLOOK_NEXT = /^\s*\*?(Sent|Date|To|Envoyé|Gesendet|Subject|Cc)\s*:/i;

const SIGNATURE_START: RegExp[] = [
  /^--\s*$/, // RFC 3676 signature separator
  /^\s*(Sent|Envoyé|Gesendet) (from|with|via|depuis|von) (my|mon|meinem)\b/i,
  /^\s*Sent from (Outlook|Mail|Yahoo|Gmail|Samsung|my)\b/i,
  /^\s*Get Outlook for\b/i,
  /^\s*(CONFIDENTIALITY|DISCLAIMER|PRIVILEGED|NOTICE)\b[: ]/i,
  /^\s*This (e-?mail|message|communication)( and any (files|attachments)[^.]*)? (is|are|may be) (confidential|intended)/i,
  /^\s*The information (contained )?in this (e-?mail|message)/i,
];

const VALEDICTION =
  /^\s*(thanks( (again|so much|a lot|in advance))?|thank you( (again|so much|very much))?|many thanks|thx|tks|best|best wishes|all the best|regards|best regards|kind regards|warm regards|warmest regards|with regards|sincerely|yours( truly| sincerely)?|cheers|cordially|respectfully|talk soon|speak soon|take care|rgds|br|cordialement|mit freundlichen grüßen|saludos)\s*[,.!-]*\s*$/i;

/** Drop everything from the first line that starts quoted history or a forwarded message. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const twoLines = `${line} ${lines[i + 1] ?? ''}`;
    if (QUOTE_HEADERS.some((re) => re.test(line))) {
      end = i;
      break;
    }
    // "On … <x@y.com>" wrapped before "wrote:".
    if (/^\s*On\b/i.test(line) && /\bwrote:\s*$/i.test(twoLines) && !/\bwrote:/i.test(line) && line.length < 300) {
      end = i;
      break;
    }
    if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 4).some((l) => OUTLOOK_NEXT.test(l))) {
      end = i;
      break;
    }
  }
  return lines
    .slice(0, end)
    .filter((l) => !/^\s*>/.test(l))
    .join('\n');
}

/** Cut the signature: from a signature separator, a legal footer, or a sign-off with only short lines after it. */
export function stripSignature(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (SIGNATURE_START.some((re) => re.test(lines[i]!))) return lines.slice(0, i).join('\n');
  }
  for (let i = 0; i < lines.length; i++) {
    if (!VALEDICTION.test(lines[i]!)) continue;
    const before = lines.slice(0, i).join('\n').trim();
    const after = lines.slice(i + 1).filter((l) => l.trim());
    // A sign-off is followed by a name, title, phone… — a few short lines — and has something said before it.
    if (before && after.length <= 8 && after.every((l) => l.trim().length <= 80)) return lines.slice(0, i).join('\n');
  }
  return text;
}

/** The writer's own words from an email body, whitespace tidied. */
export function latestText(body: string): string {
  return stripSignature(stripQuoted(body))
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
}
