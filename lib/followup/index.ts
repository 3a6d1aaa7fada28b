import type { Settings } from '../settings';
import { suggestFollowUp, type FollowUpDate } from './extract';

export { suggestFollowUp, readCues, DEFAULT_REASON } from './extract';
export type { FollowUpCue, FollowUpDate, FollowUpInput } from './extract';
export { WorkingCalendar, dayInZone, instantInZone, isoDay, parseIsoDay } from './calendar';

/** The follow-up date for a message, in the rep's time zone, working days, holidays and first cadence step. */
export function followUpFor(text: string, at: number, settings: Settings): FollowUpDate {
  return suggestFollowUp({
    text,
    at,
    timeZone: settings.workingHours.timeZone,
    workingDays: settings.workingHours.days,
    holidays: settings.holidays,
    cadenceDays: settings.followUp.cadenceDays[0] ?? 3,
  });
}
