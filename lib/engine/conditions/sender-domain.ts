import { z } from 'zod';
import { emailDomain } from '../../crm/match';
import { Domain } from '../../records';
import { eventPeople } from '../facts';
import { defineCondition } from './types';

const inDomains = (domain: string, list: readonly string[]) => list.some((d) => domain === d || domain.endsWith(`.${d}`));

export const DomainList = z
  .object({ in: z.array(Domain).max(500).optional(), notIn: z.array(Domain).max(500).optional() })
  .refine((p) => (p.in?.length ?? 0) + (p.notIn?.length ?? 0) > 0, { message: 'name at least one domain in "in" or "notIn"', path: ['in'] });

export const domainMatches = (domain: string, p: z.output<typeof DomainList>) =>
  (!p.in?.length || inDomains(domain, p.in)) && !(p.notIn?.length && inDomains(domain, p.notIn));

/** The sender's domain is (or is not) one of a list; subdomains count. */
export const senderDomain = defineCondition({
  kind: 'sender.domain',
  label: 'the sender’s domain is in / not in a list',
  params: DomainList,
  triggers: ['email.sent', 'email.received'],
  test(event, params) {
    const { sender } = eventPeople(event);
    return !!sender && domainMatches(emailDomain(sender.email), params);
  },
});
