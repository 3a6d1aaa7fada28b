// Periodic alarms survive the service worker: creating one again resets its period, so a worker Gmail keeps
// restarting every few minutes would push a 15-minute sweep back for ever. Each start creates an alarm only
// when it is missing (or its period changed).

export interface AlarmInfo {
  periodInMinutes?: number;
}

export interface AlarmRegistryPort {
  get(name: string): Promise<AlarmInfo | undefined>;
  create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): Promise<void>;
}

/** Create the periodic alarm unless one with that period already stands. True when it was (re)created. */
export async function ensurePeriodicAlarm(alarms: AlarmRegistryPort, name: string, periodInMinutes: number): Promise<boolean> {
  const existing = await alarms.get(name);
  if (existing && existing.periodInMinutes === periodInMinutes) return false;
  await alarms.create(name, { periodInMinutes, delayInMinutes: periodInMinutes });
  return true;
}
