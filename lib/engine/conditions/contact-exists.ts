import { z } from 'zod';
import { eventPeople } from '../facts';
import { defineCondition } from './types';

/** The sender, a recipient, or anyone on the event is a contact in the CRM. */
export const contactExists = defineCondition({
  kind: 'contact.exists',
  label: 'is a contact in the CRM',
  params: z.object({ who: z.enum(['sender', 'recipient', 'anyone']).default('anyone') }),
  needs: ['contacts'],
  test(event, { who }, facts) {
    const { sender, recipients } = eventPeople(event);
    const people = who === 'sender' ? (sender ? [sender] : []) : who === 'recipient' ? recipients : [...(sender ? [sender] : []), ...recipients];
    return people.some((p) => facts.contacts.has(p.email.toLowerCase()));
  },
});
