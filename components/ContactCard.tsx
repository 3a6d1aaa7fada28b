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

/** A matched contact: who they are, their company, open deals and their stage, and the last touch. */
export function ContactCard({ card }: { card: Card }) {
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
