import { z } from 'zod';
import type { Person } from '../../records';
import { eventPeople } from '../facts';
import { defineCondition } from './types';

const anyKnown = (list: readonly Person[], contacts: ReadonlyMap<string, unknown>) => {
  for (let i = 0; i < list.length; i++) if (contacts.has(list[i]!.email)) return true;
  return false;
};

/** The sender, a recipient, or anyone on the event is a contact in the CRM. */
export const contactExists = defineCondition({
  kind: 'contact.exists',
  label: 'is a contact in the CRM',
  params: z.object({ who: z.enum(['sender', 'recipient', 'anyone']).default('anyone') }),
  needs: ['contacts'],
  test(event, { who }, facts) {
    const contacts = facts.contacts;
    if (contacts.size === 0) return false;
    // Event addresses are lower-cased by their schema, as are the keys of `facts.contacts`.
    if (event.type === 'email.sent' || event.type === 'email.received') {
      const e = event.email;
      if (who !== 'recipient' && contacts.has(e.from.email)) return true;
      return who !== 'sender' && (anyKnown(e.to, contacts) || anyKnown(e.cc, contacts) || anyKnown(e.bcc, contacts));
    }
    const { sender, recipients } = eventPeople(event);
    if (who !== 'recipient' && sender && contacts.has(sender.email)) return true;
    return who !== 'sender' && anyKnown(recipients, contacts);
  },
});
