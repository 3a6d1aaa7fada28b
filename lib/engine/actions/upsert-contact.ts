import { z } from 'zod';
import { contactEmails } from '../../db';
import { contactIdFor } from '../../crm/log';
import { findContacts } from '../../crm/match';
import { loggingVerdict } from '../../crm/policy';
import type { Contact } from '../../records';
import type { Undo } from '../undo';
import { eventPeople } from '../facts';
import { defineAction } from './types';
import { words } from '../../words';

/**
 * Create a contact for each person on the event who is not one yet (the logging policy still keeps out own
 * domains, the never-log list, automated and personal addresses), and fill in a missing name on existing ones.
 */
export const upsertContact = defineAction({
  kind: 'contact.upsert',
  label: 'create or update the contact',
  params: z.object({ who: z.enum(['sender', 'recipients', 'everyone']).default('recipients') }),
  async run({ db, event, settings, now }, { who }) {
    const { sender, recipients } = eventPeople(event);
    const people = who === 'sender' ? (sender ? [sender] : []) : who === 'recipients' ? recipients : [...(sender ? [sender] : []), ...recipients];
    const matched = await findContacts(db, people.map((p) => p.email));
    const created: string[] = [];
    const before: Contact[] = [];
    for (const person of people) {
      const contact = matched.get(person.email.toLowerCase());
      const verdict = loggingVerdict({ person, contact, settings: { ...settings, createLocalContacts: true } });
      if (!verdict.log) continue;
      if (contact) {
        if (!contact.name.trim() && person.name.trim()) {
          before.push(contact);
          await db.contacts.update(contact.id, { name: person.name.trim(), updatedAt: now });
        }
        continue;
      }
      const id = contactIdFor(person.email);
      if (await db.contacts.get(id)) continue;
      await db.contacts.add({ id, name: person.name.trim() || person.email, email: person.email, altEmails: [], emails: contactEmails(person), source: 'local', createdAt: now, updatedAt: now });
      created.push(id);
    }
    if (created.length === 0 && before.length === 0) return { result: 'skipped', detail: 'no one to create or update', detailWords: words('audit_no_one_to_upsert') };
    const undo: Undo = [];
    if (created.length) undo.push({ op: 'delete', table: 'contacts', keys: created });
    if (before.length) undo.push({ op: 'put', table: 'contacts', rows: before });
    return { result: 'ok', detail: `created ${created.length}, updated ${before.length} contact(s)`, detailWords: words('audit_upserted', { created: created.length, updated: before.length }), undo, contactIds: [...created, ...before.map((c) => c.id)] };
  },
});
