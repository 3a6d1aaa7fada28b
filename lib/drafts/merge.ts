import type { Company, Contact, Deal, Person, Thread } from '../records';
import type { MergeValues } from './template';

// The merge values for a thread, from the local CRM rows and the rep's settings. A contact the CRM does not
// know is named from the sender's display name, so "Hi {{contact.firstName}}" still works on a new lead.

/** Deal stages that are still open (won and lost are closed). */
export const OPEN_STAGES: ReadonlySet<string> = new Set(['lead', 'qualified', 'demo', 'proposal', 'negotiation']);

export function splitName(full: string): { first?: string; last?: string } {
  // "Raman, Priya" is how some directories write names.
  const comma = /^\s*([^,]+),\s*(.+)$/.exec(full);
  const name = (comma ? `${comma[2]} ${comma[1]}` : full).replace(/\s+/g, ' ').trim();
  if (!name || name.includes('@')) return {};
  const words = name.split(' ');
  const first = words[0];
  return { first, last: words.length > 1 ? words.slice(1).join(' ') : undefined };
}

const dateFormat = (date: number | string, timeZone?: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: timeZone ?? 'UTC' }).format(typeof date === 'string' ? new Date(`${date}T12:00:00Z`) : date);

function amount(deal: Deal): string | undefined {
  if (deal.amount === undefined) return undefined;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: deal.currency ?? 'USD', maximumFractionDigits: 0 }).format(deal.amount);
  } catch {
    return String(deal.amount);
  }
}

/** The deal a reply is most likely about: open before closed, then the most recently updated. */
export function pickDeal(deals: readonly Deal[]): Deal | undefined {
  return [...deals].sort((a, b) => Number(OPEN_STAGES.has(b.stage)) - Number(OPEN_STAGES.has(a.stage)) || b.updatedAt - a.updatedAt)[0];
}

export interface MergeSource {
  contact?: Contact;
  /** The person who wrote the latest inbound message, when the CRM has no contact for them. */
  sender?: Person;
  company?: Company;
  deals?: readonly Deal[];
  thread?: Pick<Thread, 'subject'>;
  lastReplyAt?: number;
  repName?: string;
  timeZone?: string;
}

export function mergeValues(src: MergeSource): MergeValues {
  const fullName = src.contact?.name || src.sender?.name || '';
  const { first, last } = splitName(fullName);
  const rep = splitName(src.repName ?? '');
  const deal = pickDeal(src.deals ?? []);
  const subject = src.thread?.subject.replace(/^\s*((re|fwd?|aw|wg)\s*:\s*)+/i, '').trim();
  return {
    'contact.firstName': first,
    'contact.lastName': last,
    'contact.name': fullName.trim() || undefined,
    'contact.email': src.contact?.email ?? src.sender?.email,
    'contact.title': src.contact?.title,
    'company.name': src.company?.name,
    'company.domain': src.company?.domain,
    'deal.name': deal?.name,
    'deal.stage': deal?.stage,
    'deal.amount': deal ? amount(deal) : undefined,
    'deal.closeDate': deal?.closeDate ? dateFormat(deal.closeDate) : undefined,
    'thread.subject': subject || undefined,
    'thread.lastReplyDate': src.lastReplyAt ? dateFormat(src.lastReplyAt, src.timeZone) : undefined,
    'rep.name': src.repName?.trim() || undefined,
    'rep.firstName': rep.first,
  };
}
