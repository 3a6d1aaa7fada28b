import type { ReactNode } from 'react';
import { t, type MessageKey } from '@/lib/i18n';

const STORED: [MessageKey, MessageKey][] = [
  ['privacyStored_contacts', 'privacyStored_contacts_why'],
  ['privacyStored_threads', 'privacyStored_threads_why'],
  ['privacyStored_activities', 'privacyStored_activities_why'],
  ['privacyStored_suggestions', 'privacyStored_suggestions_why'],
  ['privacyStored_rules', 'privacyStored_rules_why'],
  ['privacyStored_queues', 'privacyStored_queues_why'],
  ['privacyStored_settings', 'privacyStored_settings_why'],
];

/** What Followthrough stores, where, and what ever leaves the device. */
export function PrivacyTab({ children }: { children?: ReactNode }) {
  return (
    <section aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t('privacyTab_about_and_privacy')}</h1>
      <p>{t('privacyTab_followthrough_is_a_copilot_for')}</p>
      <h2>{t('privacyTab_what_is_stored')}</h2>
      <dl className="defs">
        {STORED.map(([what, why]) => (
          <div key={what}>
            <dt>{t(what)}</dt>
            <dd className="muted">{t(why)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('privacyTab_where')}</h2>
      <p>{t('privacyTab_in_this_browser_profile_only')}</p>
      <h2>{t('privacyTab_what_leaves_the_device')}</h2>
      <ul className="bullets">
        <li>{t('privacyTab_nothing_by_default_followthrough_makes')}</li>
        <li>{t('privacyTab_if_you_connect_a_crm')}</li>
        <li>{t('privacyTab_if_you_choose_an_ai')}</li>
      </ul>
      {children}
      <h2>{t('privacyTab_what_is_never_logged')}</h2>
      <p>{t('privacyTab_mail_between_your_own_domains')}</p>
      <h2>{t('privacyTab_your_control')}</h2>
      <p>{t('privacyTab_export_everything_or_delete_everything')}</p>
    </section>
  );
}
