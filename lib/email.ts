// Email addresses: the one home for their shape, their domain and the mailbox they really are. Pure and
// dependency-free, so the database, the policy, the CRM code and the Gmail scripts all read addresses alike.

/** An address as Gmail and CRMs show it: something@domain.tld, no spaces, one `@`. */
export const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const isEmailAddress = (text: string): boolean => EMAIL_SHAPE.test(text);

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The address a mailbox really is: lower-cased, and for Gmail without dots and `+tag` (Gmail delivers
 * j.doe+crm@gmail.com to jdoe@gmail.com). Other providers' local parts are kept as written.
 */
export function canonicalEmail(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 1) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.split('+')[0]!.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

export const emailDomain = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
