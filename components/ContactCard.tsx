import type { ContactCard as Card } from '@/lib/messages';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A matched contact: who they are, their company, open deals and the last touch. */
export function ContactCard({ card }: { card: Card }) {
  const { contact, company, deals, lastTouch } = card;
  return (
    <article className="card" aria-label={`Contact ${contact.name}`} data-testid="contact-card">
      <div className="card-title">{contact.name}</div>
      <div className="muted">
        {[contact.title, company?.name].filter(Boolean).join(' · ') || contact.email}
      </div>
      {deals.map((deal) => (
        <div key={deal.id} className="row">
          <span>{deal.name}</span>
          <span className="chip">{deal.stage}</span>
        </div>
      ))}
      <div className="muted">{lastTouch ? `Last touch ${dateFormat.format(lastTouch)}` : 'No logged activity yet'}</div>
    </article>
  );
}
