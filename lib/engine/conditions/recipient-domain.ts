import { z } from 'zod';
import { emailDomain } from '../../crm/match';
import { eventPeople } from '../facts';
import { DomainList, domainMatches } from './sender-domain';
import { defineCondition } from './types';

/** Any (or every) recipient's domain is (or is not) in a list. */
export const recipientDomain = defineCondition({
  kind: 'recipient.domain',
  label: 'a recipient’s domain is in / not in a list',
  params: z.intersection(DomainList, z.object({ match: z.enum(['any', 'all']).default('any') })),
  test(event, params) {
    const { recipients } = eventPeople(event);
    if (recipients.length === 0) return false;
    const hit = (p: { email: string }) => domainMatches(emailDomain(p.email), params);
    return params.match === 'all' ? recipients.every(hit) : recipients.some(hit);
  },
});
