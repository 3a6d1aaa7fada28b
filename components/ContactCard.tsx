import { useId, useState } from 'react';
import type { ContactCard as Card } from '@/lib/messages';
import { formatDate, formatRelative } from './format';
import { formatNumber, t } from '@/lib/i18n';

const money = (amount: number, currency = 'USD') => {
  try {
    return formatNumber(amount, { style: 'currency', currency, maximumFractionDigits: 0 });
  } catch {
    return `${amount} ${currency}`;
  }
};

/** Where the contact is — their time zone and country — which sequences send and keep holidays by. */
function PlaceEditor({ card, onSave }: { card: Card; onSave: (timeZone: string, country: string) => Promise<string | null> }) {
  const { contact } = card;
  const id = useId();
  const [timeZone, setTimeZone] = useState(contact.timeZone ?? '');
  const [country, setCountry] = useState(contact.country ?? '');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="place"
      aria-label={t('contactCard_where_name_is', { name: contact.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave(timeZone, country).then(setError);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-tz`}>{t('contactCard_time_zone_iana_e_g')}</label>
        <input id={`${id}-tz`} type="text" value={timeZone} placeholder={t('contactCard_yours')} aria-invalid={error?.includes('time zone') ? true : undefined} onChange={(e) => setTimeZone(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-country`}>{t('contactCard_country_iso_code_e_g')}</label>
        <input id={`${id}-country`} type="text" value={country} maxLength={2} placeholder={t('contactCard_yours')} aria-invalid={error?.includes('country') ? true : undefined} onChange={(e) => setCountry(e.currentTarget.value.toUpperCase())} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('contactCard_save_time_zone_and_country')}</button>
    </form>
  );
}

/** A matched contact: who they are, their company, open deals and their stage, and the last touch. */
export function ContactCard({ card, onSavePlace }: { card: Card; onSavePlace?: (timeZone: string, country: string) => Promise<string | null> }) {
  const { contact, company, deals, lastTouch } = card;
  return (
    <article className="card" aria-label={t('contactCard_contact_name', { name: contact.name })} data-testid="contact-card">
      <div className="card-title">{contact.name}</div>
      <div className="muted wrap">{[contact.title, company?.name].filter(Boolean).join(' · ') || contact.email}</div>
      <div className="muted wrap small">{contact.email}</div>
      {deals.map((deal) => (
        <div key={deal.id} className="row">
          <span className="wrap">
            {deal.name}
            {deal.amount !== undefined && <span className="muted"> · {money(deal.amount, deal.currency)}</span>}
          </span>
          <span className="chip" aria-label={t('contactCard_stage_stage', { stage: deal.stage })}>
            {deal.stage}
          </span>
        </div>
      ))}
      <div className="muted small" data-testid="contact-place">
        {contact.timeZone || contact.country ? [contact.timeZone, contact.country].filter(Boolean).join(' · ') : t('contactCard_time_zone_and_country_yours')}
      </div>
      {onSavePlace && <PlaceEditor key={`${contact.id}|${contact.timeZone ?? ''}|${contact.country ?? ''}`} card={card} onSave={onSavePlace} />}
      <div className="muted small">
        {lastTouch ? (
          <>
            {t('contactCard_last_touch')}{' '}<time dateTime={new Date(lastTouch).toISOString()} title={formatDate(lastTouch)}>{formatRelative(lastTouch)}</time>
          </>
        ) : (
          t('contactCard_no_logged_activity_yet')
        )}
      </div>
    </article>
  );
}
