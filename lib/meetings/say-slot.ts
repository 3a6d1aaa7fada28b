import { formatDateWith } from '../i18n';

// A proposed time as the rep reads it on screen: day and start in their UI locale, end and zone name after it
// ("Thu, Dec 10, 3:00 PM–3:30 PM EST", "Do., 10. Dez., 15:00–15:30 GMT-5"), in the zone it is shown for. The text
// inserted into an email keeps the background's own label (lib/meetings/service.ts `slotLabel`).

export function saySlot(slot: { start: number; end: number }, timeZone: string | undefined): string {
  const zone = timeZone ? { timeZone } : {};
  try {
    return `${formatDateWith(slot.start, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', ...zone })}–${formatDateWith(slot.end, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', ...zone })}`;
  } catch {
    return saySlot(slot, undefined); // a zone this browser's Intl does not know
  }
}
