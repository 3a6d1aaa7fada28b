import type { ReactNode } from 'react';
import { t } from '@/lib/i18n';

const STORED: [string, string][] = [
  ['Contacts, companies and deals', 'Your local CRM: who people are, where they work and what you are selling them.'],
  ['Threads and messages', 'Subjects, participants and the text of threads you opened or sent, so logs and follow-ups can be made without asking Gmail again.'],
  ['Activities', 'What was logged on each contact’s timeline.'],
  ['Suggestions and reminders', 'Follow-ups and drafts Followthrough proposed, and the reminders you accepted.'],
  ['Rules and the automation log', 'Your SOP as rules, and a record of every automatic action with what it takes to undo it.'],
  ['Queues', 'Work waiting to be done (a CRM write, a retry), so nothing is lost when the browser stops the extension.'],
  ['Settings', 'Your domains, never-log list, hours, cadence and AI provider, in the extension’s storage.'],
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
            <dt>{what}</dt>
            <dd className="muted">{why}</dd>
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
