import type { EmailFacts } from '../engine/events';
import { classifyInbound } from '../engine/inbound';
import { emailDomain } from '../crm/match';
import { isPersonalDomain, neverLoggable, SKIP_REASON_KEY, SKIP_REASON_TEXT } from '../crm/policy';
import { words, type Words } from '../words';
import type { Settings, Teammate } from '../settings';

// Lead routing, decided without the database: whether an inbound message makes a new lead and who it is,
// and which teammate gets the next one. lib/engine/actions/route-lead.ts writes what this decides.

export type LeadDecision =
  | { lead: true; source: 'inbound' | 'form'; email: string; name: string }
  | { lead: false; reason: string; /** The reason for the rep (the automation log says it). */ words?: Words };

const ADDRESS = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,63}/g;
// Form notifications (WordPress Contact Form 7, Gravity Forms, Typeform, HubSpot forms, Webflow) label the
// visitor's address "Email", "E-mail", "Your email", "Email address" or "Reply-To".
const LABELLED = /(?:^|\n)\s*(?:your[ -])?(?:e-?mail(?:[ -]address)?|reply-to)\s*[:=]\s*<?([^\s<>]+@[^\s<>]+)>?/i;
const NAME = /(?:^|\n)\s*(?:your[ -])?(?:full[ -])?name\s*[:=]\s*([^\n]{1,120})/i;

/** The visitor a web-form notification is about: the labelled address first, else the first address that is nobody's own. */
export function formLead(bodyText: string, formSender: string, settings: Settings): { email: string; name: string } | undefined {
  const usable = (address: string) => {
    const a = address.toLowerCase().replace(/[.,;:>)]+$/, '');
    if (a === formSender) return undefined;
    const blocked = neverLoggable(a, '', settings);
    return blocked ? undefined : a;
  };
  const labelled = LABELLED.exec(bodyText)?.[1];
  const email = (labelled && usable(labelled)) ?? [...bodyText.matchAll(ADDRESS)].map((m) => usable(m[0])).find((a) => a !== undefined);
  if (!email) return undefined;
  const name = NAME.exec(bodyText)?.[1]?.trim() ?? '';
  return { email, name: name.includes('@') ? '' : name };
}

/**
 * Whether this inbound message makes a lead. `known`: the sender (or the form's visitor) is a contact already.
 * A web-form notification from a sender the rep listed gives the visitor in its body; otherwise an unknown
 * person at a company domain is the lead — never the rep's own domains, the never-log list, free webmail,
 * automated senders, calendar notices, auto-replies, out-of-office notes, bounces or list mail.
 */
export function decideLead(
  email: Pick<EmailFacts, 'from' | 'subject' | 'bodyText' | 'headers'>,
  settings: Settings,
  known: (address: string) => boolean,
  /** The Gmail account the mail was read in: its company domain is the rep's own even before they list it. */
  account?: string,
): LeadDecision {
  const routing = settings.leadRouting;
  const sender = email.from.email.toLowerCase();
  if (routing.formSenders.includes(sender)) {
    const visitor = formLead(email.bodyText, sender, settings);
    if (!visitor) return { lead: false, reason: `a form notification from ${sender} with no visitor address in it`, words: words('lead_no_visitor', { sender }) };
    return { lead: true, source: 'form', ...visitor };
  }
  if (!routing.inbound) return { lead: false, reason: 'lead routing from inbound mail is off', words: words('lead_routing_off') };
  // With no own domain listed and no signed-in account known, the rep's own mail arrives here like anyone's
  // (lib/handlers/gmail.ts marks a message the rep's by those two only): a stranger cannot be told from the
  // rep or a colleague, so no one is made a lead until the rep lists their domain (Today says so in its setup).
  if (settings.ownDomains.length === 0 && !account) return { lead: false, reason: 'your own domains are not set, so your own mail cannot be told from a stranger’s', words: words('lead_no_own_domains') };
  const blocked = neverLoggable(sender, email.subject, settings);
  if (blocked) return { lead: false, reason: SKIP_REASON_TEXT[blocked], words: words(SKIP_REASON_KEY[blocked]) };
  const accountDomain = account ? emailDomain(account) : undefined;
  if (accountDomain && !isPersonalDomain(accountDomain) && emailDomain(sender) === accountDomain) return { lead: false, reason: SKIP_REASON_TEXT['own-domain'], words: words(SKIP_REASON_KEY['own-domain']) };
  if (isPersonalDomain(emailDomain(sender))) return { lead: false, reason: 'personal webmail, not a company', words: words('lead_personal_webmail') };
  const verdict = classifyInbound(email);
  if (verdict.kind !== 'reply') return { lead: false, reason: verdict.reason, words: verdict.words };
  if (known(sender)) return { lead: false, reason: 'already a contact', words: words('lead_already_contact') };
  return { lead: true, source: 'inbound', email: sender, name: email.from.name.trim() };
}

/**
 * Round-robin: the teammate after `last` in the rep's list who is not away (wrapping round); the first one
 * present when `last` is unknown or left the list. Undefined when everyone is away or there is no one.
 */
export function nextOwner(teammates: readonly Teammate[], last: string | undefined): Teammate | undefined {
  if (teammates.length === 0) return undefined;
  const from = last === undefined ? -1 : teammates.findIndex((t) => t.name === last);
  for (let step = 1; step <= teammates.length; step++) {
    const candidate = teammates[(from + step + teammates.length) % teammates.length]!;
    if (!candidate.away) return candidate;
  }
  return undefined;
}
