import { dayInZone, isoDay, parseIsoDay, workingCalendar } from '../followup/calendar';
import { followUpFor } from '../followup';
import { ReminderService } from '../followup/reminders';
import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import { WordsError, words } from '../words';

const services = new WeakMap<ServicePorts, ReminderService>();

/**
 * The one reminder service of a background, shared by every area that changes reminders (so alarms and
 * notifications follow every change). Without the browser's alarms and notifications (tests of other areas),
 * reminders are still stored and listed; they are told when the background's real service next runs.
 */
export function reminderService(ports: ServicePorts): ReminderService {
  if (ports.reminders) return ports.reminders;
  let service = services.get(ports);
  if (!service) {
    service = new ReminderService({
      db: ports.db,
      now: ports.now,
      settings: async () => (await ports.settings.load()).settings,
      alarms: { set: async () => {}, clear: async () => {} },
      notifier: { show: async () => {}, clear: async () => {} },
      changed: () => ports.notifyPanels(),
    });
    services.set(ports, service);
  }
  return service;
}

/**
 * Reminders: "Remind me" in Gmail's compose (lib/channels/followup.ts) and the rep marking one done or snoozing
 * it in the side panel (`ui.reminder.update`), all through the one reminder service.
 */
export function remindersHandlers(ports: ServicePorts) {
  const { now } = ports;
  const reminders = reminderService(ports);

  return {
    async 'followup.composeDates'({ text }) {
      const { settings } = await ports.settings.load();
      const at = now();
      const calendar = workingCalendar({ workingDays: settings.workingHours.days, holidays: settings.holidays });
      const today = dayInZone(at, settings.workingHours.timeZone);
      const { date, reason } = followUpFor(text, at, settings);
      return { suggested: { date, reason }, plusThree: isoDay(calendar.addWorkingDays(today, 3)), today: isoDay(today) };
    },

    async 'followup.remindMe'({ composeId, threadId, subject, to, date, evenIfReplied }) {
      const { settings } = await ports.settings.load();
      const day = parseIsoDay(date);
      if (day === undefined || day < dayInZone(now(), settings.workingHours.timeZone)) throw new WordsError(words('err_choose_today_or_later'), 'choose today or a later day');
      const reminder = await reminders.create({
        id: `rem:compose:${composeId}`,
        date,
        reason: 'You asked to be reminded when you sent this',
        reasonWords: words('reminder_reason_compose'),
        threadId,
        subject,
        source: 'compose',
        remindEvenIfReplied: evenIfReplied,
        awaitingSend: true,
        recipients: to,
      });
      return { reminderId: reminder.id };
    },

    async 'ui.reminder.update'({ id, action, until }) {
      if (action === 'snooze' && until === undefined) throw new WordsError(words('err_snooze_future'), 'snooze needs a time in the future');
      // The service tells the panels itself.
      const reminder = action === 'done' ? await reminders.done(id) : await reminders.snoozeUntil(id, until!);
      return { reminder };
    },
  } satisfies Partial<Handlers>;
}
