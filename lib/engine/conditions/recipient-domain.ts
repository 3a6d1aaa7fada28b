import { z } from 'zod';
import type { Person } from '../../records';
import { eventPeople } from '../facts';
import { domainListShape, domainMatches, hasSomeDomain, NO_DOMAIN } from './sender-domain';
import { defineCondition } from './types';

type Params = Parameters<typeof domainMatches>[1];

/** -1 when a recipient decides the answer (a hit for `any`, a miss for `all`), else how many were checked. */
function scan(list: readonly Person[], params: Params, all: boolean): number {
  for (let i = 0; i < list.length; i++) if (domainMatches(list[i]!.email, params) !== all) return -1;
  return list.length;
}

/** Any (or every) recipient's domain is (or is not) in a list. */
export const recipientDomain = defineCondition({
  kind: 'recipient.domain',
  label: 'a recipient’s domain is in / not in a list',
  params: z.object({ ...domainListShape, match: z.enum(['any', 'all']).default('any') }).refine(hasSomeDomain, NO_DOMAIN),
  test(event, params) {
    const all = params.match === 'all';
    // The three lists walked in turn: no array is built per evaluation.
    if (event.type !== 'email.sent' && event.type !== 'email.received') {
      const n = scan(eventPeople(event).recipients, params, all);
      return n < 0 ? !all : all && n > 0;
    }
    const a = scan(event.email.to, params, all);
    if (a < 0) return !all;
    const b = scan(event.email.cc, params, all);
    if (b < 0) return !all;
    const c = scan(event.email.bcc, params, all);
    if (c < 0) return !all;
    return all && a + b + c > 0;
  },
});
