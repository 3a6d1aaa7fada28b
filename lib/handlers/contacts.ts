import type { Handlers } from '../router';
import { contactEmails, describeRowIssues } from '../db';
import { Contact, type Company } from '../records';
import { canonicalEmail, emailDomain } from '../crm/match';
import type { ServicePorts } from './ports';
import { WordsError, words } from '../words';
import { issuesWords } from '../issue-words';

/** The local CRM's contacts as the options page edits them: search, create or edit, merge duplicates (`ui.contacts.*`). */
export function contactsHandlers(ports: ServicePorts) {
  const { db, now } = ports;

  // Contact search runs on every keystroke: the contacts, sorted by name, with the text each is found by and
  // the duplicate groups, are kept in memory and read again only when a contact or company was written since
  // (or a table was cleared), instead of reading and sorting every contact per keystroke.
  type ContactIndex = { key: string; contacts: Contact[]; companyById: Map<string, Company>; haystacks: string[]; duplicates: string[][] };
  let index: Promise<ContactIndex> | undefined;
  async function contactIndex(): Promise<ContactIndex> {
    const [contactCount, companyCount] = await Promise.all([db.contacts.count(), db.companies.count()]);
    const key = [db.writeCount('contacts'), db.writeCount('companies'), contactCount, companyCount].join(':');
    const cached = index && (await index.catch(() => undefined));
    if (cached?.key === key) return cached;
    index = (async () => {
      const [contacts, companies] = await Promise.all([db.contacts.toArray(), db.companies.toArray()]);
      const companyById = new Map(companies.map((c) => [c.id, c]));
      const duplicates = duplicateGroups(contacts);
      contacts.sort((a, b) => byName.compare(a.name, b.name));
      const haystacks = contacts.map((c) => {
        const company = c.companyId ? companyById.get(c.companyId) : undefined;
        return [c.name, c.title ?? '', company?.name ?? '', ...c.emails].join('\u0000').toLowerCase();
      });
      return { key, contacts, companyById, haystacks, duplicates };
    })();
    return index;
  }

  return {
    async 'ui.contacts.search'({ query, limit }) {
      const { contacts, companyById, haystacks, duplicates } = await contactIndex();
      const q = query.trim().toLowerCase();
      const matches = q ? contacts.filter((_, i) => haystacks[i]!.includes(q)) : contacts;
      // Activities are counted by index for the contacts shown only, never by reading every activity.
      const shown = matches.slice(0, limit);
      const counts = await Promise.all(shown.map((c) => db.activities.where('contactId').equals(c.id).count()));
      return {
        items: shown.map((contact, i) => ({
          contact,
          company: contact.companyId ? companyById.get(contact.companyId) : undefined,
          activities: counts[i] ?? 0,
        })),
        total: matches.length,
        duplicates,
      };
    },

    async 'ui.contacts.save'({ contact: edit }) {
      const at = now();
      const contact = await db.transaction('rw', db.contacts, async () => {
        const existing = edit.id ? await db.contacts.get(edit.id) : undefined;
        if (edit.id && !existing) throw new WordsError(words('err_contact_gone'), 'that contact no longer exists');
        const draft = {
          ...(existing ?? { id: `ct-${crypto.randomUUID()}`, source: 'local' as const, createdAt: at }),
          name: edit.name,
          email: edit.email,
          altEmails: edit.altEmails.filter((e) => e.length > 0),
          title: edit.title || undefined,
          phone: edit.phone || undefined,
          // Absent: kept as it was; '' clears it.
          timeZone: edit.timeZone === undefined ? existing?.timeZone : edit.timeZone || undefined,
          country: edit.country === undefined ? existing?.country : edit.country || undefined,
          companyId: edit.companyId ?? existing?.companyId,
          updatedAt: at,
        };
        const parsed = Contact.safeParse({ ...draft, emails: contactEmails(draft) });
        if (!parsed.success) throw new WordsError(issuesWords(parsed.error.issues, 5), describeRowIssues(parsed.error.issues, 5));
        const clash = await db.contacts.where('emails').anyOf(parsed.data.emails).filter((c) => c.id !== parsed.data.id).first();
        if (clash) throw new WordsError(words('err_contact_address_taken', { name: clash.name }), `email: ${clash.name} already has one of these addresses`);
        await db.contacts.put(parsed.data);
        return parsed.data;
      });
      ports.notifyPanels();
      return { contact };
    },

    async 'ui.contacts.merge'({ keepId, mergeIds }) {
      const others = [...new Set(mergeIds)].filter((id) => id !== keepId);
      if (others.length === 0) throw new WordsError(words('err_merge_pick_another'), 'pick at least one other contact to merge');
      let moved = 0;
      const contact = await db.transaction('rw', [db.contacts, db.activities, db.suggestions, db.reminders, db.deals], async () => {
        const keep = await db.contacts.get(keepId);
        if (!keep) throw new WordsError(words('err_merge_keep_gone'), 'the contact to keep no longer exists');
        const merged = await db.contacts.bulkGet(others);
        if (merged.some((c) => !c)) throw new WordsError(words('err_merge_other_gone'), 'a contact to merge no longer exists');
        const gone = merged as Contact[];
        const addresses = new Set([...keep.altEmails, ...gone.flatMap((c) => [c.email, ...c.altEmails])]);
        addresses.delete(keep.email);
        const next: Contact = {
          ...keep,
          altEmails: [...addresses].slice(0, 50),
          title: keep.title ?? gone.find((c) => c.title)?.title,
          phone: keep.phone ?? gone.find((c) => c.phone)?.phone,
          companyId: keep.companyId ?? gone.find((c) => c.companyId)?.companyId,
          updatedAt: now(),
        };
        next.emails = contactEmails(next);
        // Only activities index contactId; suggestions and reminders are few enough to scan.
        moved += await db.activities.where('contactId').anyOf(others).modify({ contactId: keepId });
        moved += await db.suggestions.filter((s) => s.contactId !== undefined && others.includes(s.contactId)).modify({ contactId: keepId });
        moved += await db.reminders.filter((r) => r.contactId !== undefined && others.includes(r.contactId)).modify({ contactId: keepId });
        moved += await db.deals
          .filter((d) => d.contactIds.some((id) => others.includes(id)))
          .modify((d) => {
            d.contactIds = [...new Set(d.contactIds.map((id) => (others.includes(id) ? keepId : id)))];
          });
        await db.contacts.bulkDelete(others);
        await db.contacts.put(next);
        return next;
      });
      ports.notifyPanels();
      return { contact, moved };
    },
  } satisfies Partial<Handlers>;
}

/** Contacts that are probably one person: the same mailbox, or the same name at the same company. */
// One collator for every search: `localeCompare` builds one per call, which dominated a 20k-contact sort.
const byName = new Intl.Collator();

export function duplicateGroups(contacts: Contact[]): string[][] {
  const parent = new Map(contacts.map((c) => [c.id, c.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  const byKey = new Map<string, string>();
  for (const c of contacts) {
    const keys = [...c.emails.map((e) => `e:${canonicalEmail(e)}`), `n:${c.name.trim().toLowerCase().replace(/\s+/g, ' ')}|${c.companyId ?? emailDomain(c.email)}`];
    for (const key of keys) {
      const seen = byKey.get(key);
      if (seen) parent.set(find(c.id), find(seen));
      else byKey.set(key, c.id);
    }
  }
  const groups = new Map<string, string[]>();
  for (const c of contacts) groups.set(find(c.id), [...(groups.get(find(c.id)) ?? []), c.id]);
  return [...groups.values()].filter((g) => g.length > 1);
}
