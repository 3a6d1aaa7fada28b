import { z } from 'zod';
import { issue } from '../../issue-words';
import { Domain } from '../../records';
import { eventPeople } from '../facts';
import { defineCondition } from './types';

// Domain lists become Sets when a rule is compiled, so a check is a few lookups, not a scan.
const DomainSet = z
  .array(Domain)
  .max(500)
  .transform((list) => new Set(list));

export const domainListShape = { in: DomainSet.optional(), notIn: DomainSet.optional() };
type DomainList = { in?: Set<string>; notIn?: Set<string> };
export const hasSomeDomain = (p: DomainList) => (p.in?.size ?? 0) + (p.notIn?.size ?? 0) > 0;
// Only once the lists themselves are valid: a bad domain is reported as that, not as "no domain".
export const NO_DOMAIN = { message: issue('name at least one domain in "in" or "notIn"', 'issue_domain_in_or_not_in'), path: ['in'], when: (payload: { issues: unknown[] }) => payload.issues.length === 0 };

// An address's domain and each parent of it (a.b.example → a.b.example, b.example, example). Remembered for
// the last address: every rule of an event asks about the same few addresses, so this is computed once.
let lastAddress = '';
let lastSuffixes: string[] = [];
function suffixesOf(address: string): string[] {
  if (address === lastAddress) return lastSuffixes;
  // Event addresses are lower-cased by their schema.
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const out = [domain];
  for (let i = domain.indexOf('.'); i !== -1; i = domain.indexOf('.', i + 1)) out.push(domain.slice(i + 1));
  lastAddress = address;
  lastSuffixes = out;
  return out;
}

/** The domain itself or any parent of it is in the set (subdomains count). */
function inSet(suffixes: string[], set: Set<string>): boolean {
  for (let i = 0; i < suffixes.length; i++) if (set.has(suffixes[i]!)) return true;
  return false;
}

export const domainMatches = (address: string, p: DomainList) => {
  const suffixes = suffixesOf(address);
  return (!p.in?.size || inSet(suffixes, p.in)) && !(p.notIn?.size && inSet(suffixes, p.notIn));
};

/** The sender's domain is (or is not) one of a list; subdomains count. */
export const senderDomain = defineCondition({
  kind: 'sender.domain',
  label: 'the sender’s domain is in / not in a list',
  params: z.object(domainListShape).refine(hasSomeDomain, NO_DOMAIN),
  triggers: ['email.sent', 'email.received'],
  test(event, params) {
    const sender = event.type === 'email.sent' || event.type === 'email.received' ? event.email.from : eventPeople(event).sender;
    return !!sender && domainMatches(sender.email, params);
  },
});
