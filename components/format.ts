import { formatDateWith, formatRelativeUnit, t } from '@/lib/i18n';

// Dates as the rep reads them: in the browser's UI language (lib/i18n.ts) and time zone.

export const formatDateTime = (at: number) => formatDateWith(at, { dateStyle: 'medium', timeStyle: 'short' });
export const formatDate = (at: number) => formatDateWith(at, { dateStyle: 'medium' });

/** "in 3 days", "2 hours ago": for due dates and last touches. */
export function formatRelative(at: number, now = Date.now()): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) if (abs >= ms) return formatRelativeUnit(Math.round(diff / ms), unit);
  return t('format_just_now');
}

/** The value a datetime-local input wants, in local time. */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const fromLocalInput = (value: string): number | undefined => {
  const at = new Date(value).getTime();
  return Number.isFinite(at) ? at : undefined;
};
