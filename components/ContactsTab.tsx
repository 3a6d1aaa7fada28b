import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { ContactListItem } from '@/lib/channels/ui';
import type { OptionsState } from '@/lib/ui/options-store';
import { CountryCode, IanaTimeZone } from '@/lib/records';
import { ContactImport } from './ContactImport';
import { FormActions, FormError } from './FormActions';
import { t, tn } from '@/lib/i18n';

function ContactEditor({ item, onSave, onCancel }: { item?: ContactListItem; onSave: OptionsState['saveContact']; onCancel: () => void }) {
  const c = item?.contact;
  const [form, setForm] = useState({ name: c?.name ?? '', email: c?.email ?? '', altEmails: c?.altEmails.join(', ') ?? '', title: c?.title ?? '', phone: c?.phone ?? '', timeZone: c?.timeZone ?? '', country: c?.country ?? '' });
  const [error, setError] = useState<string | null>(null);
  const base = useId();
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${base}-${key}`}>{label}</label>
      <input
        id={`${base}-${key}`}
        type={type}
        value={form[key]}
        aria-invalid={error?.startsWith(key) ? true : undefined}
        onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
      />
    </div>
  );
  return (
    <form
      className="card editor"
      aria-label={c ? t('contactsTab_edit_name', { name: c.name }) : t('contactsTab_new_contact')}
      onSubmit={(e) => {
        e.preventDefault();
        // Named here, field by field: a malformed value would otherwise be refused whole before it is sent.
        if (form.timeZone.trim() && !IanaTimeZone.safeParse(form.timeZone).success) return setError(t('sequencesStore_bad_zone', { zone: form.timeZone.trim() }));
        if (form.country.trim() && !CountryCode.safeParse(form.country).success) return setError(t('sequencesStore_bad_country', { country: form.country.trim() }));
        void onSave({
          id: c?.id,
          name: form.name,
          email: form.email,
          altEmails: form.altEmails.split(/[\s,;]+/).filter(Boolean),
          title: form.title || undefined,
          phone: form.phone || undefined,
          timeZone: form.timeZone.trim(),
          country: form.country.trim().toUpperCase(),
          companyId: c?.companyId,
        }).then((problem) => (problem ? setError(problem) : onCancel()));
      }}
    >
      {field('name', t('contactsTab_field_name'))}
      {field('email', t('contactsTab_field_email'), 'email')}
      {field('altEmails', t('contactsTab_field_alt_emails'))}
      {field('title', t('contactsTab_field_title'))}
      {field('phone', t('contactsTab_field_phone'), 'tel')}
      {field('timeZone', t('contactsTab_field_time_zone'))}
      {field('country', t('contactsTab_field_country'))}
      <FormError error={error} />
      <FormActions save={t('contactsTab_save_contact')} onCancel={onCancel} />
    </form>
  );
}

function DuplicateGroup({ group, items, onMerge, busy }: { group: string[]; items: Map<string, ContactListItem>; onMerge: (keep: string, others: string[]) => void; busy: boolean }) {
  const [keep, setKeep] = useState(group[0]!);
  const name = useId();
  const people = group.map((id) => items.get(id)).filter((x): x is ContactListItem => !!x);
  if (people.length < 2) return null;
  return (
    <li className="card" data-testid="duplicate-group">
      <fieldset>
        <legend>{t('contactsTab_probably_the_same_person_keep')}</legend>
        {people.map(({ contact }) => (
          <label key={contact.id} className="row">
            <span>
              <input type="radio" name={name} checked={keep === contact.id} onChange={() => setKeep(contact.id)} /> <span className="wrap">{contact.name}</span>
            </span>
            <span className="muted small wrap">{contact.email}</span>
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => onMerge(keep, group.filter((id) => id !== keep))}>
          {t('contactsTab_merge_people_contacts', { people: people.length })}</button>
      </div>
    </li>
  );
}

/** The local CRM's contacts: search, edit, add, and merge the ones that are one person. */
export function ContactsTab({ store }: { store: StoreApi<OptionsState> }) {
  const { contacts, busy, searchContacts, saveContact, mergeContacts } = useStore(store);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const searchId = useId();
  useEffect(() => {
    if (!contacts.loaded) void searchContacts('');
  }, [contacts.loaded, searchContacts]);
  const byId = new Map(contacts.items.map((i) => [i.contact.id, i]));

  return (
    <section aria-labelledby="contacts-title">
      <h1 id="contacts-title">{t('contactsTab_contacts')}</h1>
      <ContactImport store={store} />
      <div className="row">
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor={searchId}>{t('contactsTab_search_contacts')}</label>
          <input id={searchId} type="search" placeholder={t('contactsTab_name_address_title_or_company')} value={contacts.query} onChange={(e) => void searchContacts(e.currentTarget.value)} />
        </div>
        <button type="button" onClick={() => setEditing('new')} style={{ alignSelf: 'flex-end' }}>
          {t('contactsTab_new_contact')}</button>
      </div>
      {editing === 'new' && <ContactEditor onSave={saveContact} onCancel={() => setEditing(null)} />}
      {contacts.duplicates.length > 0 && (
        <>
          <h2>{t('contactsTab_possible_duplicates')}</h2>
          <ul aria-label={t('contactsTab_possible_duplicates')}>
            {contacts.duplicates.map((g) => (
              <DuplicateGroup key={g.join()} group={g} items={byId} busy={busy} onMerge={(keep, others) => void mergeContacts(keep, others)} />
            ))}
          </ul>
        </>
      )}
      <h2>
        {tn('contactsTab_total', contacts.total)}
      </h2>
      {contacts.items.length === 0 ? (
        <p className="muted">{contacts.query ? t('contactsTab_no_contact_matches') : t('contactsTab_no_contacts_yet_they_are')}</p>
      ) : (
        <ul aria-label={t('contactsTab_contacts')} data-testid="contacts">
          {contacts.items.map((item) =>
            editing === item.contact.id ? (
              <li key={item.contact.id}>
                <ContactEditor item={item} onSave={saveContact} onCancel={() => setEditing(null)} />
              </li>
            ) : (
              <li key={item.contact.id} className="log-entry" data-testid="contact-row">
                <div className="log-text">
                  <strong className="wrap">{item.contact.name}</strong>
                  <span className="muted small wrap">
                    {[item.contact.email, item.contact.title, item.company?.name, item.contact.timeZone, item.contact.country].filter(Boolean).join(' · ')}
                  </span>
                  <span className="muted small">
                    {tn('contactsTab_logged_activities', item.activities)} · {item.contact.source}
                  </span>
                </div>
                <button type="button" aria-label={t('contactsTab_edit_name', { name: item.contact.name })} onClick={() => setEditing(item.contact.id)}>
                  {t('contactsTab_edit')}</button>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}
