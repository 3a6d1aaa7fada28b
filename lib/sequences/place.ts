import type { Contact } from '../records';
import { isKnownCountry } from './calendar';

// Where a step is sent from the recipient's side: their time zone for the send window and their country's
// public holidays (date-holidays), each falling back to the rep's when the contact has none, or has one the
// holiday data does not know. The note says which was used and why, so the rep can read it on the enrolment.

export interface Place {
  timeZone: string;
  country: string | undefined;
  /** Plain words: "window in America/New_York (the contact's zone); holidays of US (the contact's country)". */
  note: string;
  /** What decide() gets as the contact's own (undefined = the rep's is used). */
  contactTimeZone: string | undefined;
  contactCountry: string | undefined;
}

export function placeOf(contact: Pick<Contact, 'timeZone' | 'country'> | undefined, rep: { timeZone: string; country: string | undefined }): Place {
  const zone = contact?.timeZone;
  const zoneNote = zone ? `window in ${zone} (the contact’s zone)` : `window in ${rep.timeZone} (your zone: the contact has none set)`;
  let country: string | undefined;
  let countryNote: string;
  if (contact?.country && isKnownCountry(contact.country)) {
    country = contact.country;
    countryNote = `holidays of ${country} (the contact’s country)`;
  } else {
    const why = contact?.country ? `no holiday calendar for the contact’s ${contact.country}` : 'the contact has no country set';
    countryNote = rep.country ? `holidays of ${rep.country} (yours: ${why})` : `no public holidays (${why}, and you set no country)`;
  }
  return {
    timeZone: zone ?? rep.timeZone,
    country: country ?? rep.country,
    note: `${zoneNote}; ${countryNote}`,
    contactTimeZone: zone,
    contactCountry: country,
  };
}
