import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowthroughDb } from '@/lib/db';
import type { EngineEvent } from '@/lib/engine/events';
import { REMINDER_ALARM, ReminderService, isDue, notificationId, type AlarmsPort, type NotifierPort } from '@/lib/followup/reminders';
import type { Reminder } from '@/lib/records';
import { defaultSettings, type Settings } from '@/lib/settings';
import { freshDb, makeEngine, received, sent } from '../../support/engine';

// Reminders against a fake clock, fake alarms and fake notifications, on fake-indexeddb. "The browser" here
// is the alarms and notifications the ports recorded; a restart or a stopped worker is a new service on the
// same database, as in the extension.

const NY = 'America/New_York';
const settings: Settings = {
  ...defaultSettings(),
  ownDomains: ['followthrough-demo.example'],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: NY },
};
const at = (iso: string) => Date.parse(iso);
const THREAD = 'thread-f:1785432109876543210';

class FakeBrowser {
  clock = at('2026-11-25T15:00:00Z'); // Wednesday 25 November, 10:00 in New York
  alarms = new Map<string, number>();
  /** Notifications on screen, by id; `shown` counts every show call. */
  visible = new Map<string, { title: string; message: string }>();
  shown: string[] = [];
  failNextShowAfterRecording = false;
  /** Runs while a notification is on its way, before it lands on screen (the rep acting meanwhile). */
  beforeShowLands: (() => Promise<void>) | undefined;

  alarmsPort: AlarmsPort = {
    set: async (name, when) => void this.alarms.set(name, when),
    clear: async (name) => void this.alarms.delete(name),
  };
  notifier: NotifierPort = {
    show: async (id, n) => {
      const meanwhile = this.beforeShowLands;
      this.beforeShowLands = undefined;
      await meanwhile?.();
      this.visible.set(id, n);
      this.shown.push(id);
      if (this.failNextShowAfterRecording) {
        this.failNextShowAfterRecording = false;
        throw new Error('the service worker stopped');
      }
    },
    clear: async (id) => void this.visible.delete(id),
  };
  /** A worker (re)start: a new service over the same database, as the background makes one per start. */
  service(db: FollowthroughDb, dispatched: EngineEvent[] = [], state?: Map<string, unknown>) {
    return new ReminderService({
      db,
      now: () => this.clock,
      settings: async () => settings,
      alarms: this.alarmsPort,
      notifier: this.notifier,
      dispatch: async (e) => void dispatched.push(e),
      ...(state ? { state: { get: async (k: string) => state.get(k), set: async (k: string, v: unknown) => void state.set(k, v) } } : {}),
    });
  }
  /** Let time pass; when the reminder alarm comes due, the browser fires it (one call, as Chrome does). */
  async advanceTo(iso: string, service: ReminderService) {
    const target = at(iso);
    for (;;) {
      const when = this.alarms.get(REMINDER_ALARM);
      if (when === undefined || when > target) break;
      this.clock = Math.max(this.clock, when);
      this.alarms.delete(REMINDER_ALARM);
      await service.tick();
    }
    this.clock = target;
  }
}

let db: FollowthroughDb;
let drop: () => Promise<void>;
let browser: FakeBrowser;
beforeEach(async () => {
  ({ db, drop } = await freshDb());
  browser = new FakeBrowser();
});
afterEach(() => drop());

const reminder = (id: string) => db.reminders.get(id) as Promise<Reminder>;
/** The reminders the rep has been told about and not yet ended (the side panel's due list), oldest due first. */
const due = async () => (await db.reminders.filter(isDue).toArray()).sort((a, b) => a.dueAt - b.dueAt);

describe('reminders: on time', () => {
  it('falls due at the start of the rep’s working hours on its day, in their time zone, and tells them once', async () => {
    const service = browser.service(db);
    await service.create({ id: 'r1', date: '2026-12-03', reason: 'until December 3', threadId: THREAD, subject: 'Pilot', source: 'suggestion' });
    // 09:00 in New York on 3 December is 14:00 UTC.
    expect(browser.alarms.get(REMINDER_ALARM)).toBe(at('2026-12-03T14:00:00Z'));

    await browser.advanceTo('2026-12-03T13:59:00Z', service);
    expect(browser.shown).toEqual([]);
    expect(await due()).toEqual([]);

    await browser.advanceTo('2026-12-03T14:00:00Z', service);
    expect(browser.shown).toEqual([notificationId('r1')]);
    expect(browser.visible.get(notificationId('r1'))).toMatchObject({ title: 'Follow up: Pilot', message: 'until December 3' });
    expect((await due()).map((r) => r.id)).toEqual(['r1']);
    expect((await reminder('r1')).firedAt).toBe(at('2026-12-03T14:00:00Z'));

    // More ticks (the periodic sweep, a restart) tell nothing again.
    await service.tick();
    await browser.service(db).tick();
    expect(browser.shown).toHaveLength(1);
    expect(browser.alarms.has(REMINDER_ALARM)).toBe(false);
  });

  it('keeps one alarm, at the earliest reminder not yet told', async () => {
    const service = browser.service(db);
    await service.create({ id: 'late', date: '2026-12-10', reason: 'r', source: 'suggestion' });
    await service.create({ id: 'early', date: '2026-12-01', reason: 'r', source: 'suggestion' });
    expect(browser.alarms.get(REMINDER_ALARM)).toBe(at('2026-12-01T14:00:00Z'));
    await browser.advanceTo('2026-12-02T00:00:00Z', service);
    expect(browser.shown).toEqual([notificationId('early')]);
    expect(browser.alarms.get(REMINDER_ALARM)).toBe(at('2026-12-10T14:00:00Z'));
  });

  it('refuses an impossible date and makes one reminder of a repeated request', async () => {
    const service = browser.service(db);
    await expect(service.create({ id: 'x', date: '2026-02-30', reason: 'r', source: 'compose' })).rejects.toThrow(/not a date/);
    await service.create({ id: 'same', date: '2026-12-01', reason: 'r', source: 'compose' });
    await service.create({ id: 'same', date: '2026-12-09', reason: 'other', source: 'compose' });
    expect(await db.reminders.count()).toBe(1);
    expect((await reminder('same')).date).toBe('2026-12-01');
  });
});

describe('reminders: a reply cancels', () => {
  it('cancels the thread’s waiting reminders when someone replies, and takes the notification away', async () => {
    const service = browser.service(db);
    await service.create({ id: 'r1', date: '2026-11-26', reason: 'r', threadId: THREAD, source: 'suggestion', sentAt: at('2026-11-25T14:00:00Z') });
    await browser.advanceTo('2026-11-26T15:00:00Z', service);
    expect(browser.visible.has(notificationId('r1'))).toBe(true);

    const ended = await service.replyArrived(THREAD, 'msg-f:1785432109876543299', at('2026-11-26T15:30:00Z'));
    expect(ended.map((r) => r.id)).toEqual(['r1']);
    expect(await reminder('r1')).toMatchObject({ status: 'cancelled', endedBy: expect.stringMatching(/reply/) });
    expect(browser.visible.size).toBe(0);
    expect(await due()).toEqual([]);
  });

  it('keeps a reminder the rep wants "even if they reply", and one set after the reply was written', async () => {
    const service = browser.service(db);
    await service.create({ id: 'keep', date: '2026-12-01', reason: 'r', threadId: THREAD, source: 'compose', remindEvenIfReplied: true });
    await service.create({ id: 'newer', date: '2026-12-01', reason: 'r', threadId: THREAD, source: 'compose', sentAt: at('2026-11-25T16:00:00Z') });
    await service.create({ id: 'same-minute', date: '2026-12-01', reason: 'r', threadId: THREAD, source: 'compose', sentAt: at('2026-11-25T15:30:40Z') });
    await service.create({ id: 'gone', date: '2026-12-01', reason: 'r', threadId: THREAD, source: 'compose' });
    await service.replyArrived(THREAD, 'msg-f:1785432109876543299', at('2026-11-25T15:30:00Z'));
    expect((await reminder('keep')).status).toBe('pending');
    expect((await reminder('newer')).status).toBe('pending');
    expect((await reminder('gone')).status).toBe('cancelled');
    // Gmail's page gives times to the minute: a reply shown as 15:30 still ends a send made at 15:30:40.
    expect((await reminder('same-minute')).status).toBe('cancelled');
  });

  it('through the engine: a received email cancels, the rep’s own sends do not, "even if they reply" stays', async () => {
    const engine = makeEngine(db, settings);
    await engine.start();
    const service = browser.service(db);
    const first = sent(['priya@acme.example'], { threadId: THREAD });
    await service.create({ id: 'plain', date: '2026-12-01', reason: 'r', threadId: THREAD, source: 'compose' });
    await service.create({ id: 'sticky', date: '2026-12-01', reason: 'r', threadId: THREAD, source: 'compose', remindEvenIfReplied: true });
    await engine.dispatch(first);
    await engine.idle();
    expect((await reminder('plain')).status).toBe('pending');
    await engine.dispatch(received('priya@acme.example', THREAD));
    await engine.idle();
    expect((await reminder('plain')).status).toBe('cancelled');
    expect((await reminder('sticky')).status).toBe('pending');
  });
});

describe('reminders: snooze and done', () => {
  it('snoozes until later today, tomorrow or next week, and tells again then, once', async () => {
    const service = browser.service(db);
    await service.create({ id: 'r1', date: '2026-11-25', reason: 'r', threadId: THREAD, source: 'suggestion' });
    await service.tick(); // due this morning: told at once
    expect(browser.shown).toEqual([notificationId('r1')]);

    const later = await service.snooze('r1', 'later-today');
    expect(later).toMatchObject({ status: 'snoozed', dueAt: at('2026-11-25T18:00:00Z'), date: '2026-11-25' });
    expect(browser.visible.size).toBe(0);
    expect(await due()).toEqual([]);
    await browser.advanceTo('2026-11-25T17:59:00Z', service);
    expect(browser.shown).toHaveLength(1);
    await browser.advanceTo('2026-11-25T18:00:00Z', service);
    expect(browser.shown).toHaveLength(2);

    // Tomorrow: the next working day at 09:00 (Thursday 26th).
    expect(await service.snooze('r1', 'tomorrow')).toMatchObject({ dueAt: at('2026-11-26T14:00:00Z'), date: '2026-11-26' });
    // Next week: Monday 30th at 09:00.
    expect(await service.snooze('r1', 'next-week')).toMatchObject({ dueAt: at('2026-11-30T14:00:00Z'), date: '2026-11-30' });
    await browser.advanceTo('2026-11-29T12:00:00Z', service);
    expect(browser.shown).toHaveLength(2);
    await browser.advanceTo('2026-11-30T14:00:00Z', service);
    expect(browser.shown).toHaveLength(3);
  });

  it('snoozes "tomorrow" on a Friday to Monday, skipping the rep’s holidays', async () => {
    browser.clock = at('2026-11-27T15:00:00Z'); // Friday
    const service = browser.service(db);
    await service.create({ id: 'r1', date: '2026-11-27', reason: 'r', source: 'suggestion' });
    const s = { ...settings, holidays: ['2026-11-30'] };
    const withHoliday = new ReminderService({ db, now: () => browser.clock, settings: async () => s, alarms: browser.alarmsPort, notifier: browser.notifier });
    expect((await withHoliday.snooze('r1', 'tomorrow')).date).toBe('2026-12-01');
  });

  it('snoozes to a moment the rep picked: the shown notification goes, the day follows the rep’s zone, and it tells again then', async () => {
    const service = browser.service(db);
    await service.create({ id: 'r1', date: '2026-11-25', reason: 'r', source: 'suggestion' });
    await service.tick();
    expect(browser.visible.size).toBe(1);
    // 03:30 UTC on the 27th is still the 26th in the rep's zone.
    expect(await service.snoozeUntil('r1', at('2026-11-27T03:30:00Z'))).toMatchObject({ status: 'snoozed', dueAt: at('2026-11-27T03:30:00Z'), date: '2026-11-26' });
    expect(browser.visible.size).toBe(0);
    await browser.advanceTo('2026-11-27T03:30:00Z', service);
    expect(browser.shown).toHaveLength(2);
    await expect(service.snoozeUntil('r1', browser.clock - 1)).rejects.toThrow('snooze needs a time in the future');
    await service.done('r1');
    await expect(service.snoozeUntil('r1', browser.clock + 60_000)).rejects.toThrow('no such reminder waiting');
  });

  it('a snooze or done while the notification is on its way: the notification goes, and a snoozed one tells again at its new time', async () => {
    const service = browser.service(db);
    await service.create({ id: 's', date: '2026-11-25', reason: 'r', source: 'suggestion' });
    await service.create({ id: 'd', date: '2026-11-25', reason: 'r', source: 'suggestion' });
    const order: string[] = [];
    browser.beforeShowLands = async () => {
      await service.snooze('s', 'tomorrow');
      order.push('snoozed');
    };
    const fired = await service.tick();
    expect(order).toEqual(['snoozed']);
    // Only "d" was told; "s" is snoozed, not marked as told, and its notification is not left on screen.
    expect(fired.map((r) => r.id)).toEqual(['d']);
    expect(await reminder('s')).toMatchObject({ status: 'snoozed', date: '2026-11-26' });
    expect((await reminder('s')).firedAt).toBeUndefined();
    expect([...browser.visible.keys()]).toEqual([notificationId('d')]);

    await browser.advanceTo('2026-11-26T14:00:00Z', service); // 9:00 in New York on the 26th
    expect(browser.visible.has(notificationId('s'))).toBe(true);
    expect((await reminder('s')).firedAt).toBe(at('2026-11-26T14:00:00Z'));

    await service.create({ id: 'x', date: '2026-11-26', reason: 'r', source: 'suggestion' });
    browser.beforeShowLands = async () => void (await service.done('x'));
    await service.tick();
    expect(browser.visible.has(notificationId('x'))).toBe(false);
    expect((await reminder('x')).firedAt).toBeUndefined();
  });

  it('marks done from the notification’s buttons, and snoozes from them too', async () => {
    const service = browser.service(db);
    await service.create({ id: 'a', date: '2026-11-25', reason: 'r', source: 'suggestion' });
    await service.create({ id: 'b', date: '2026-11-25', reason: 'r', source: 'suggestion' });
    await service.tick();
    await service.onNotificationAction(notificationId('a'), 'done');
    await service.onNotificationAction(notificationId('b'), 'snooze');
    expect((await reminder('a')).status).toBe('done');
    expect((await reminder('b'))).toMatchObject({ status: 'snoozed', date: '2026-11-26' });
    expect(browser.visible.size).toBe(0);
    expect(await service.onNotificationAction('some-other-notification', 'done')).toBeUndefined();
  });
});

describe('reminders: restarts and stopped workers', () => {
  it('tells once, at the next start, about a reminder that fell due while the browser was closed', async () => {
    await browser.service(db).create({ id: 'r1', date: '2026-11-30', reason: 'r', source: 'suggestion' });
    await browser.service(db).create({ id: 'r2', date: '2026-12-01', reason: 'r', source: 'suggestion' });
    // Closed from Wednesday to the next Thursday: both alarms were missed.
    browser.alarms.clear();
    browser.clock = at('2026-12-03T13:00:00Z');
    const started = browser.service(db);
    // On start the background ticks; Chrome may then also deliver the missed alarm and the periodic sweep.
    await started.tick();
    await started.tick();
    await browser.service(db).tick();
    expect(browser.shown.sort()).toEqual([notificationId('r1'), notificationId('r2')]);
    expect((await due()).map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('a worker stopped while telling neither loses the reminder nor tells it twice', async () => {
    const first = browser.service(db);
    await first.create({ id: 'r1', date: '2026-11-26', reason: 'r', source: 'suggestion' });
    browser.clock = at('2026-11-26T14:00:00Z');
    browser.failNextShowAfterRecording = true; // the worker dies right after the notification went up
    await expect(first.tick()).rejects.toThrow(/stopped/);
    expect((await reminder('r1')).firedAt).toBeUndefined();

    const restarted = browser.service(db);
    await restarted.tick();
    await restarted.tick();
    // Shown again under the same id: the browser replaces it, so the rep sees one.
    expect(browser.visible.size).toBe(1);
    expect((await reminder('r1')).firedAt).toBe(at('2026-11-26T14:00:00Z'));
    expect(browser.shown.filter((id) => id === notificationId('r1'))).toHaveLength(2);
    await browser.service(db).tick();
    expect(browser.shown).toHaveLength(2);
  });

  it('a worker stopped before the alarm loses nothing: the next start sets it again', async () => {
    await browser.service(db).create({ id: 'r1', date: '2026-12-02', reason: 'r', source: 'suggestion' });
    browser.alarms.clear(); // the alarm is gone with the old worker
    const restarted = browser.service(db);
    await restarted.tick();
    expect(browser.alarms.get(REMINDER_ALARM)).toBe(at('2026-12-02T14:00:00Z'));
  });
});

describe('reminders: "Remind me" in compose', () => {
  it('waits for Gmail to confirm the send, then counts from it; a send that never comes ends it', async () => {
    const service = browser.service(db);
    await service.create({
      id: 'rem:compose:abc123',
      date: '2026-11-26',
      reason: 'You asked to be reminded',
      subject: 'Pilot proposal',
      source: 'compose',
      awaitingSend: true,
      recipients: ['priya@acme.example'],
    });
    await service.create({ id: 'rem:compose:never', date: '2026-11-26', reason: 'r', subject: 'Other', source: 'compose', awaitingSend: true, recipients: ['x@y.example'] });
    expect(browser.alarms.has(REMINDER_ALARM)).toBe(false); // nothing to tell before the send

    const matched = await service.sendConfirmed({ threadId: THREAD, messageId: 'msg-f:1785432109876543211', subject: 'Re: Pilot proposal', to: [{ email: 'Priya@acme.example' }], at: browser.clock });
    expect(matched.map((r) => r.id)).toEqual(['rem:compose:abc123']);
    expect(await reminder('rem:compose:abc123')).toMatchObject({ threadId: THREAD, awaitingSend: false, sentAt: browser.clock });
    expect(browser.alarms.get(REMINDER_ALARM)).toBe(at('2026-11-26T14:00:00Z'));

    await browser.advanceTo('2026-11-27T00:00:00Z', service);
    expect(browser.shown).toEqual([notificationId('rem:compose:abc123')]);
    await service.tick(); // the periodic sweep
    expect(await reminder('rem:compose:never')).toMatchObject({ status: 'cancelled', endedBy: 'the email was not sent' });
  });
});

describe('reminders: overdue threads', () => {
  it('reads sent mail by its date from where the last scan settled, and comes back for what was not settled yet', async () => {
    const dispatched: EngineEvent[] = [];
    const state = new Map<string, unknown>();
    const service = browser.service(db, dispatched, state);
    const base = { subject: 'Pilot', participants: [], lastViewedAt: 0, updatedAt: 0 };
    const sent = (id: string, threadId: string, date: number) => ({
      id,
      threadId,
      from: { name: '', email: 'sam@followthrough-demo.example' },
      to: [{ name: 'Priya', email: 'priya@acme.example' }],
      cc: [],
      bcc: [],
      subject: 'Pilot',
      date,
      bodyText: '',
      direction: 'outbound' as const,
    });
    const T = (n: number) => `thread-f:17854321098765433${n}`;
    const M = (n: number) => `msg-f:17854321098765433${n}`;
    await db.threads.bulkAdd([T(10), T(11), T(13)].map((id) => ({ ...base, id, messageIds: [] })));
    await db.messages.bulkAdd([
      sent(M(10), T(10), at('2026-11-19T15:00:00Z')), // overdue on Wednesday 25
      sent(M(11), T(11), at('2026-11-23T15:00:00Z')), // Monday: overdue on Thursday 26
      sent(M(14), T(13), at('2026-11-18T15:00:00Z')), // overdue, but a reminder covers it
    ]);
    await service.create({ id: 'covers', date: '2026-12-01', reason: 'r', threadId: T(13), source: 'suggestion' });
    const threads = () => dispatched.splice(0).map((e) => (e as { threadId: string }).threadId).sort();

    expect(await service.scanOverdue()).toBe(1);
    expect(threads()).toEqual([T(10)]);
    // Held back at the covered thread's message, which is not settled while the reminder stands.
    expect(state.get('followup.overdueScannedThrough')).toBe(at('2026-11-18T15:00:00Z') - 1);

    await db.reminders.update('covers', { status: 'done' });
    await service.scanOverdue();
    expect(threads()).toEqual([T(10), T(13)].sort()); // T(10) again: the engine keeps one event per last message
    expect(state.get('followup.overdueScannedThrough')).toBe(at('2026-11-25T15:00:00Z') - 3 * 86_400_000);

    browser.clock = at('2026-11-26T16:00:00Z'); // Thursday
    expect(await service.scanOverdue()).toBe(1);
    expect(threads()).toEqual([T(11)]); // what was settled is not read again
    expect(await service.scanOverdue()).toBe(0);
  });

  it('reports a thread whose last message is the rep’s, older than the cadence, with no reminder — once per message', async () => {
    const dispatched: EngineEvent[] = [];
    const service = browser.service(db, dispatched);
    const base = { subject: 'Pilot', participants: [], lastViewedAt: 0, updatedAt: 0 };
    const msg = (id: string, threadId: string, date: number, direction: 'inbound' | 'outbound') => ({
      id,
      threadId,
      from: { name: '', email: direction === 'outbound' ? 'sam@followthrough-demo.example' : 'priya@acme.example' },
      to: [{ name: 'Priya', email: 'priya@acme.example' }],
      cc: [],
      bcc: [],
      subject: 'Pilot',
      date,
      bodyText: '',
      direction,
    });
    const T = (n: number) => `thread-f:17854321098765432${n}`;
    const M = (n: number) => `msg-f:17854321098765432${n}`;
    await db.threads.bulkAdd([T(10), T(11), T(12), T(13)].map((id) => ({ ...base, id, messageIds: [] })));
    await db.messages.bulkAdd([
      msg(M(10), T(10), at('2026-11-19T15:00:00Z'), 'outbound'), // Thursday last week: 3 working days passed → overdue
      msg(M(11), T(11), at('2026-11-23T15:00:00Z'), 'outbound'), // Monday: due Thursday, not yet
      msg(M(12), T(12), at('2026-11-18T15:00:00Z'), 'outbound'),
      msg(M(13), T(12), at('2026-11-19T15:00:00Z'), 'inbound'), // they answered last
      msg(M(14), T(13), at('2026-11-18T15:00:00Z'), 'outbound'), // a reminder covers it
    ]);
    await service.create({ id: 'covers', date: '2026-12-01', reason: 'r', threadId: T(13), source: 'suggestion' });
    expect(await service.scanOverdue()).toBe(1);
    expect(dispatched).toEqual([
      {
        type: 'reply.overdue',
        threadId: T(10),
        lastMessageId: M(10),
        lastMessageAt: at('2026-11-19T15:00:00Z'),
        waitingOn: [{ name: 'Priya', email: 'priya@acme.example' }],
        at: browser.clock,
      },
    ]);
  });
});
