import type { Contact, Person } from '../records';
import type { Settings } from '../settings';
import { canonicalEmail, emailDomain } from './match';
import { words, type Words, type WordsKey } from '../words';

// The sender policy of every automation: who Followthrough may log mail to, suggest follow-ups for (and
// sequence, when that comes). Stricter than the big CRMs' defaults: a rep's private, internal and machine
// mail stays out of the CRM and out of the suggestions unless the rep asks for it.

/** Free webmail: a person's private mailbox, not a company's. */
const PERSONAL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'ymail.com', 'hotmail.com',
  'hotmail.co.uk', 'hotmail.fr', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com',
  'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'yandex.com', 'yandex.ru',
  'mail.ru', 'qq.com', '163.com', '126.com', 'fastmail.com', 'hey.com', 'zoho.com', 'tutanota.com', 'orange.fr',
  'free.fr', 'laposte.net', 'btinternet.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net',
]);

// Mailboxes no person reads: bounces, notifications, newsletters and list traffic.
const AUTOMATED_LOCAL = [
  /^(no|do)[-_.]?not[-_.]?reply/,
  /^no[-_.]?reply/,
  /^noreply/,
  /^mailer[-_.]?daemon$/,
  /^postmaster$/,
  /^bounces?([-+_.]|$)/,
  /^(notifications?|notify|alerts?|automated|auto[-_.]?confirm)([-+_.]|$)/,
  /^(newsletters?|news|digest|updates|marketing|mailings?)([-+_]|$)/,
  /^calendar[-_.]?(notification|invite|server)/,
  /^(list|lists|listserv|majordomo|owner-.+|.+-owner|.+-request|.+-bounces)$/,
];
// Domains that only send on behalf of lists, groups and calendars.
const AUTOMATED_DOMAIN = [/(^|\.)googlegroups\.com$/, /^lists?\./, /^(bounce|bounces|mail|email|e|em|news|info)\.[^.]+\.[^.]+$/, /(^|\.)calendar\.google\.com$/];
// Calendar notices arrive from people's own addresses; their subjects give them away (Google Calendar,
// Outlook 2026-11: "Invitation: …", "Updated invitation: …", "Accepted: …", "Declined: …").
const CALENDAR_SUBJECT = /^(invitation|updated invitation|invitation from google calendar|accepted|declined|tentatively accepted|canceled event|cancelled event|new event|event canceled)(:| with note:)/i;

export function isPersonalDomain(domain: string): boolean {
  return PERSONAL_DOMAINS.has(domain.toLowerCase());
}

export function isAutomatedAddress(address: string): boolean {
  const lower = address.trim().toLowerCase();
  const local = lower.slice(0, lower.lastIndexOf('@'));
  const domain = emailDomain(lower);
  return AUTOMATED_LOCAL.some((re) => re.test(local)) || AUTOMATED_DOMAIN.some((re) => re.test(domain));
}

export const isCalendarNotice = (subject: string): boolean => CALENDAR_SUBJECT.test(subject.trim());

function isOwnDomain(domain: string, own: readonly string[]): boolean {
  return own.some((d) => domain === d || domain.endsWith(`.${d}`));
}

function neverLogged(address: string, neverLog: readonly string[]): boolean {
  const lower = address.trim().toLowerCase();
  const canonical = canonicalEmail(lower);
  const domain = emailDomain(lower);
  return neverLog.some((entry) => {
    if (entry.includes('@') && !entry.startsWith('@')) return entry === lower || canonicalEmail(entry) === canonical;
    const d = entry.replace(/^@/, '');
    return domain === d || domain.endsWith(`.${d}`);
  });
}

export type SkipReason = 'own-domain' | 'never-log' | 'automated' | 'calendar' | 'personal' | 'not-a-contact' | 'bulk';

export type Verdict =
  | { log: true; contact: Contact; create?: never }
  /** Log, and create the contact first (contact creation is on, or the rep asked). */
  | { log: true; contact?: undefined; create: true }
  | { log: false; reason: SkipReason };

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  'own-domain': 'your own domain',
  'never-log': 'on the never-log list',
  automated: 'an automated sender',
  calendar: 'a calendar notice',
  personal: 'personal webmail, not a contact',
  'not-a-contact': 'not a contact (contact creation is off)',
  bulk: 'a newsletter or mailing list',
};

export interface PolicyInput {
  person: Person;
  /** The contact this address matched, if any. */
  contact?: Contact;
  subject?: string;
  settings: Settings;
  /** The rep asked for this log (Log to CRM): new contacts may be created for business addresses. */
  manual?: boolean;
  /** A CRM is connected and may create the contact there (settings.createCrmContacts). */
  createInCrm?: boolean;
}

/**
 * Why mail with this address is never logged, whoever they are: the rep's own domains, the never-log list,
 * automated senders and calendar notices. Undefined when it may be logged (and so may be looked up in the CRM).
 */
export function neverLoggable(address: string, subject: string, settings: Settings): SkipReason | undefined {
  const domain = emailDomain(address);
  if (isOwnDomain(domain, settings.ownDomains)) return 'own-domain';
  if (neverLogged(address, settings.neverLog)) return 'never-log';
  if (!settings.logAutomatedMail) {
    if (isAutomatedAddress(address)) return 'automated';
    if (isCalendarNotice(subject)) return 'calendar';
  }
  return undefined;
}

/**
 * Whether mail with this person may be logged, and to which contact. The order matters: the rep's own
 * domains and never-log list win over everything, then automated mail, then personal mail, then contacts.
 */
export function loggingVerdict({ person, contact, subject = '', settings, manual = false, createInCrm = false }: PolicyInput): Verdict {
  const address = person.email;
  const domain = emailDomain(address);
  const blocked = neverLoggable(address, subject, settings);
  if (blocked) return { log: false, reason: blocked };
  if (contact) return { log: true, contact };
  // A Log to CRM click is the rep asking, so a prospect writing from webmail may be logged then.
  if (isPersonalDomain(domain) && !settings.logPersonalMail && !manual) return { log: false, reason: 'personal' };
  if (settings.createLocalContacts || manual || createInCrm) return { log: true, create: true };
  return { log: false, reason: 'not-a-contact' };
}

export const SKIP_REASON_KEY = {
  'own-domain': 'skipReason_own_domain',
  'never-log': 'skipReason_never_log',
  automated: 'skipReason_automated',
  calendar: 'skipReason_calendar',
  personal: 'skipReason_personal',
  'not-a-contact': 'skipReason_not_a_contact',
  bulk: 'skipReason_bulk',
} as const satisfies Record<SkipReason, WordsKey>;

/** The same summary as words for the rep: "your own domain (2), an automated sender (1)". */
export function describeSkipsWords(skips: readonly SkipReason[]): Words {
  const counts = new Map<SkipReason, number>();
  for (const s of skips) counts.set(s, (counts.get(s) ?? 0) + 1);
  const each = [...counts].map(([reason, n]): Words => words('skipReason_counted', { reason: words(SKIP_REASON_KEY[reason]), count: n }));
  return each.reduce((first, next) => words('skipReason_list', { first, next }));
}

/** A readable summary of why people were left out: "2 your own domain, 1 an automated sender". */
export function describeSkips(skips: readonly SkipReason[]): string {
  const counts = new Map<SkipReason, number>();
  for (const s of skips) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${SKIP_REASON_TEXT[reason]}`).join(', ');
}

/**
 * Whether Followthrough may suggest a follow-up for mail with this person: never for the rep's own domains,
 * the never-log list, automated senders (no-reply, notifications, newsletters, lists), calendar notices or
 * personal webmail that is not a contact. A business address that is not a contact yet is a prospect.
 */
export function suggestionVerdict({ person, contact, subject = '', settings, bulk = false }: Omit<PolicyInput, 'manual'> & { bulk?: boolean }): { allow: true } | { allow: false; reason: SkipReason } {
  const address = person.email;
  const domain = emailDomain(address);
  if (isOwnDomain(domain, settings.ownDomains)) return { allow: false, reason: 'own-domain' };
  if (neverLogged(address, settings.neverLog)) return { allow: false, reason: 'never-log' };
  if (bulk) return { allow: false, reason: 'bulk' };
  if (isAutomatedAddress(address)) return { allow: false, reason: 'automated' };
  if (isCalendarNotice(subject)) return { allow: false, reason: 'calendar' };
  if (!contact && isPersonalDomain(domain)) return { allow: false, reason: 'personal' };
  return { allow: true };
}
