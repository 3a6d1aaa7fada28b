import '@/lib/zod-config';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { FollowthroughDb } from '@/lib/db';
import { Foreground } from '@/lib/foreground';
import { Engine } from '@/lib/engine/runner';
import type { EmailFacts, EngineEvent } from '@/lib/engine/events';
import { createRouter } from '@/lib/router';
import type { PanelView } from '@/lib/messages';
import { servePort } from '@/lib/port-server';
import { detectPromptApi } from '@/lib/ai/providers';
import { createHandlers } from '@/lib/service';
import { SETTINGS_KEY, SettingsStore } from '@/lib/settings';
import { ensurePeriodicAlarm, type AlarmRegistryPort } from '@/lib/alarms';
import { prune, RETENTION_ALARM, RETENTION_MINUTES } from '@/lib/retention';
import { ViewTracker } from '@/lib/views';
import { CredentialStore } from '@/lib/crm/auth';
import { CrmAccounts } from '@/lib/crm/accounts';
import { CrmSync } from '@/lib/crm/sync';
import { REMINDER_ALARM, ReminderService, SWEEP_ALARM, SWEEP_MINUTES, reminderIdOf, type NotificationAction } from '@/lib/followup/reminders';
import { SecretStore, SecretsDb, secretArea, settingsWithSecretKey, type LegacyArea } from '@/lib/secrets';
import { manifestPermissions, wipeBrowserData } from '@/lib/wipe';
import { ALL_CRM_WEB_ORIGINS, CRM_CONTENT_SCRIPT_FILE, syncCrmContentScript } from '@/lib/crm/web-access';
import { gmailThreadUrl } from '@/lib/gmail/links';
import { SequenceService } from '@/lib/sequences/service';
import { sequenceTodaySource } from '@/lib/sequences/today-source';
import { ReportRollup } from '@/lib/reports/rollup';
import { RECAP_KIND, runRecapRow } from '@/lib/meetings/recap';

const area = (storage: typeof browser.storage.local): LegacyArea => ({
  get: async (key) => (await storage.get(key))[key],
  set: (key, value) => storage.set({ [key]: value }),
  remove: (key) => storage.remove(key),
});

// While the engine has work in hand, an alarm stands by to wake a stopped worker so it resumes the work;
// Chrome 120+ allows alarms 30 s out.
const RESUME_ALARM = 'followthrough.engine.resume';
const RESUME_MINUTES = 0.5;

export default defineBackground(() => {
  const db = new FollowthroughDb();
  // CRM tokens and the AI key: in the extension's own IndexedDB, never in storage.local (content scripts read
  // that); what an earlier build left there is moved on first read (lib/secrets.ts).
  const secrets = new SecretStore(new SecretsDb());
  const views = new ViewTracker(area(browser.storage.session ?? browser.storage.local));
  // Kept in memory between changes (lib/settings.ts): the background is the settings' one writer, and
  // storage.onChanged reports any other change (a wipe clears the area).
  const settings = new SettingsStore(settingsWithSecretKey(area(browser.storage.local), secrets), {
    watch: (changed) =>
      browser.storage.onChanged.addListener((changes, areaName) => {
        if (areaName === 'local' && SETTINGS_KEY in changes) changed();
      }),
  });
  const tellPanels = (tabId?: number, view?: PanelView) => {
    // No side panel open is the usual case, not an error.
    browser.runtime.sendMessage({ channel: 'panel.contextChanged', payload: { tabId, ...(view ? { view } : {}) } }).catch(() => {});
  };
  const crm = startCrm(db, settings, secrets, () => tellPanels());
  // Move secrets out of storage.local now, not only when first needed.
  settings.load().then(() => crm.credentials.summary()).catch((e: unknown) => console.warn(`[Followthrough] secrets not moved: ${String(e)}`));
  // Whatever changed what the panels show may have logged an activity: the CRM sync sweeps the engine's
  // activity.logged events soon after (and every 5 minutes regardless).
  const notifyPanels = (tabId?: number, view?: PanelView) => {
    tellPanels(tabId, view);
    crm.sync.sweepSoon();
  };
  const standBy = () => void browser.alarms.create(RESUME_ALARM, { delayInMinutes: RESUME_MINUTES }).catch(() => {});
  const sequences = startSequences(db, settings, notifyPanels);
  // Reports: one daily rollup, brought up to date with the engine's events whenever the engine goes idle
  // (and before every report); its cursor lives in the database, so a stopped worker loses nothing.
  const reportRollup = new ReportRollup({ db, now: Date.now, timeZone: async () => (await settings.load()).settings.workingHours.timeZone });
  const catchUpReports = () => void reportRollup.catchUp().catch((e: unknown) => console.warn(`[Followthrough] reports not updated: ${String(e)}`));
  // A thread open reaching the side panel goes before the engine's work (lib/foreground.ts).
  const foreground = new Foreground();
  const engine: Engine = new Engine({
    db,
    beforeWork: () => foreground.idle(),
    // Read at each use (not the function captured once), so a test clock set in the worker reaches the engine.
    now: () => Date.now(),
    settings: async () => (await settings.load()).settings,
    // The CRM sync runs its own outbox kinds (crm.*) with its own backoff; the engine runs only its own.
    outbox: { ownKindsOnly: true },
    // A meeting's recap falls due at its end: a row the engine runs (and sets its resume alarm for).
    outboxHandlers: { [RECAP_KIND]: (row) => runRecapRow(row, { db, now: () => Date.now(), dispatch: (event) => engine.dispatch(event) }) },
    ports: {
      crm: { queue: (activityId) => crm.sync.queueActivity(activityId) },
      crmLookup: (addresses, subject) => crm.sync.directory.resolve(addresses, subject),
      notify: async (title, message) => {
        await browser.action.setBadgeText({ text: '!' });
        await browser.action.setTitle({ title: `Followthrough — ${title}${message ? `: ${message}` : ''}` });
      },
    },
    onChange: () => {
      notifyPanels();
      // Rules create and cancel reminders too: set the alarm for whichever is next now.
      reminders.tick().catch(() => {});
    },
    // The one reminder path: every confirmed send and inbound email, whatever rules are on.
    // Sequences hear the same emails: queued in their outbox (durable) before the reminders act.
    reminders: {
      sendConfirmed: async (email) => {
        // The engine hands over the event's whole email (EmailFacts); the reminders' type asks for less.
        await sequences.mailArrived('sent', email as EmailFacts);
        return reminders.sendConfirmed(email);
      },
      inboundArrived: async (email) => {
        await sequences.mailArrived('received', email);
        return reminders.inboundArrived(email);
      },
    },
    onIdle: (nextDueAt) => {
      catchUpReports();
      if (nextDueAt === undefined) browser.alarms.clear(RESUME_ALARM).catch(() => {});
      else browser.alarms.create(RESUME_ALARM, { when: Math.max(nextDueAt, Date.now() + RESUME_MINUTES * 60_000) }).catch(() => {});
    },
  });
  const reminders = startReminders(db, settings, (event) => engine.dispatch(event), notifyPanels);
  const handlers = createHandlers({
    db,
    settings,
    views,
    foreground,
    now: Date.now,
    engine,
    crm,
    reminders,
    dispatch: async (event) => {
      const dispatched = await engine.dispatch(event);
      if (!dispatched.duplicate) standBy();
      return dispatched;
    },
    drafts: {
      sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message),
      broadcast: (message) => {
        browser.runtime.sendMessage(message).catch(() => {});
      },
      // Only to endpoints the rep configured and granted (lib/ai/permissions.ts); the gateway checks first.
      fetch: (url, init) => fetch(url, init),
      promptApi: () => detectPromptApi(globalThis),
      hasPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    },
    notifyPanels,
    sequences: {
      service: sequences,
      today: sequenceTodaySource({
        db,
        service: sequences,
        settings: async () => (await settings.load()).settings,
        views,
        sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message),
      }),
    },
    // Today's "open the thread": the rep's Gmail tab goes to the thread (and comes forward), else a new tab.
    openTab: async (url, tabId) => {
      if (tabId !== undefined) {
        const tab = await browser.tabs.update(tabId, { url, active: true }).catch(() => undefined);
        if (tab) {
          if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true }).catch(() => {});
          return;
        }
      }
      await browser.tabs.create({ url });
    },
    reports: { rollup: reportRollup },
    wipe: () =>
      wipeBrowserData({
        secrets,
        areas: [browser.storage.local, ...(browser.storage.session ? [browser.storage.session] : [])],
        permissions: browser.permissions,
        required: manifestPermissions(browser.runtime.getManifest() as { permissions?: unknown[]; host_permissions?: unknown[] }),
        log: (m) => console.warn(`[Followthrough] ${m}`),
      }).finally(() => {
        // What the worker kept of the wiped areas goes with them (storage.onChanged says so too, a moment later).
        settings.forget();
        views.forget();
      }),
  });
  const route = createRouter(handlers, { ownId: browser.runtime.id, extensionOrigin: new URL(browser.runtime.getURL('/')).origin });

  // Answer with sendResponse and `return true`: a returned Promise is ignored by some senders' polyfills.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // The router always resolves (a typed error for anything it refuses), so there is no rejection to answer.
    void route(message, sender).then(sendResponse);
    return true;
  });
  // The Gmail content script's one long-lived port (lib/port-client.ts): the same router, the port's sender.
  browser.runtime.onConnect.addListener((port) => servePort(port, route, (m) => console.warn(`[Followthrough] ${m}`)));

  browser.tabs.onRemoved.addListener((tabId) => {
    views.remove(tabId).catch(() => {});
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RESUME_ALARM) engine.kick();
  });

  // Sends waiting out their undo window when the worker stopped are decided now (and on each wake).
  const settleGmailSends = () => handlers['gmail.settleSends']({}, {}).catch((e: unknown) => console.warn(`[Followthrough] sends not settled: ${String(e)}`));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RESUME_ALARM) void settleGmailSends();
  });
  void settleGmailSends();

  // Retention: once a day, old records and message bodies are pruned in small batches.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== RETENTION_ALARM) return;
    prune({ db, now: Date.now, days: async () => (await settings.load()).settings.retentionDays, state: area(browser.storage.local) }).catch((e: unknown) =>
      console.warn(`[Followthrough] retention stopped: ${String(e)}`),
    );
  });
  quietly(() => ensurePeriodicAlarm(alarmRegistry, RETENTION_ALARM, RETENTION_MINUTES));

  // Every worker start: seed rules, take back interrupted work, act on pending events and outbox rows.
  standBy();
  engine.start().catch((e: unknown) => console.warn(`[Followthrough] engine did not start: ${String(e)}`));

  startCrmRecordPages();

  if (import.meta.env.CHROME) {
    browser.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: false }).catch(() => {});
    // A command is a user gesture, so the side panel may open from it (Chrome 116+).
    browser.commands?.onCommand.addListener((command, tab) => {
      if (command !== 'open-side-panel') return;
      const windowId = tab?.windowId;
      if (windowId !== undefined) browser.sidePanel?.open?.({ windowId }).catch(() => {});
    });
  }
});

// The buttons of a reminder's notification, in order (Chrome shows two; a click on the body opens the thread).
const REMINDER_BUTTONS: NotificationAction[] = ['snooze', 'done'];

/** Reminders on alarms and notifications. Every start tells what fell due while the browser was closed, once. */
function startReminders(db: FollowthroughDb, settings: SettingsStore, dispatch: (event: EngineEvent) => Promise<unknown>, notifyPanels: () => void) {
  const notifications = browser.notifications;
  const reminders = new ReminderService({
    db,
    now: Date.now,
    state: area(browser.storage.local),
    settings: async () => (await settings.load()).settings,
    alarms: {
      set: async (name, when) => void (await browser.alarms.create(name, { when })),
      clear: async (name) => void (await browser.alarms.clear(name)),
    },
    notifier: {
      show: async (id, n) => {
        if (!notifications) return;
        await notifications.create(id, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/followup-reminder.png'),
          title: n.title,
          message: n.message,
          ...(import.meta.env.CHROME ? { buttons: n.buttons.map((b) => ({ title: b.title })), requireInteraction: true } : {}),
        });
      },
      clear: async (id) => void (await notifications?.clear(id)),
    },
    dispatch,
    changed: notifyPanels,
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REMINDER_ALARM) reminders.tick().catch(() => {});
    if (alarm.name === SWEEP_ALARM) reminders.tick().then(() => reminders.scanOverdue()).catch(() => {});
  });
  // Firefox has no notification buttons (and no onButtonClicked): there the body's click opens the thread.
  notifications?.onButtonClicked?.addListener((id, index) => {
    const action = REMINDER_BUTTONS[index];
    if (action) reminders.onNotificationAction(id, action).catch(() => {});
  });
  notifications?.onClicked.addListener((id) => {
    const reminderId = reminderIdOf(id);
    if (!reminderId) return;
    void (async () => {
      const reminder = await db.reminders.get(reminderId);
      const thread = reminder?.threadId ? await db.threads.get(reminder.threadId) : undefined;
      // In the account the thread was read in, not whichever is `/u/0/`.
      await browser.tabs.create({ url: gmailThreadUrl({ legacyId: thread?.legacyId, subject: reminder?.subject, account: thread?.account }) });
      await notifications.clear(id);
    })().catch(() => {});
  });
  quietly(() => ensurePeriodicAlarm(alarmRegistry, SWEEP_ALARM, SWEEP_MINUTES));
  reminders.tick().catch(() => {});
  return reminders;
}

const SEQUENCE_ALARM = 'followthrough.sequences';
const SEQUENCE_PLAN_ALARM = 'followthrough.sequences.plan';

/**
 * Sequences on their own outbox kinds (sequence.*) and alarm: the next due row sets the alarm; every start takes
 * back interrupted rows, and a row found late after a closed browser is planned again, spread, never burst.
 */
function startSequences(db: FollowthroughDb, settings: SettingsStore, notifyPanels: () => void) {
  const sequences = new SequenceService({
    db,
    // Read at every use, never captured.
    now: () => Date.now(),
    settings: async () => (await settings.load()).settings,
    changed: () => notifyPanels(),
    onIdle: (next) => {
      if (next === undefined) quietly(() => browser.alarms.clear(SEQUENCE_ALARM));
      else quietly(() => browser.alarms.create(SEQUENCE_ALARM, { when: Math.max(next, Date.now() + 30_000) }));
    },
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SEQUENCE_ALARM) sequences.tick().catch((e: unknown) => console.warn(`[Followthrough] sequences: ${String(e)}`));
    if (alarm.name === SEQUENCE_PLAN_ALARM) sequences.planSoon().catch((e: unknown) => console.warn(`[Followthrough] sequences: ${String(e)}`));
  });
  // Hourly, the running enrolments are decided again: a due day that came, a pause that ended.
  quietly(() => ensurePeriodicAlarm(alarmRegistry, SEQUENCE_PLAN_ALARM, 60));
  sequences.tick().catch((e: unknown) => console.warn(`[Followthrough] sequences did not start: ${String(e)}`));
  return sequences;
}

const CRM_ALARM = 'crm-sync';
const CRM_SWEEP_ALARM = 'crm-sweep';

/** CRM sync over the outbox, woken by alarms; tokens only in the secret store, the sweep cursor in storage.local. */
function startCrm(db: FollowthroughDb, settings: SettingsStore, secrets: SecretStore, onChange: () => void) {
  const local = area(browser.storage.local);
  const credentials = new CredentialStore(secretArea(secrets, local));
  const fetchPort = (url: string, init: RequestInit) => fetch(url, init);
  const sync = new CrmSync({
    db,
    settings,
    credentials,
    state: local,
    fetch: fetchPort,
    now: Date.now,
    onChange,
    schedule: (at) => {
      // Chrome fires alarms no sooner than 30 s apart; a row due sooner runs then.
      if (at === undefined) quietly(() => browser.alarms.clear(CRM_ALARM));
      else quietly(() => browser.alarms.create(CRM_ALARM, { when: Math.max(at, Date.now() + 1_000) }));
    },
  });
  const accounts = new CrmAccounts({
    db,
    settings,
    credentials,
    fetch: fetchPort,
    now: Date.now,
    permissions: { contains: (origins) => browser.permissions.contains({ origins: [...origins] }) },
    webAuth: {
      redirectUrl: () => {
        if (!browser.identity) throw new Error('Allow Followthrough to open the Salesforce sign-in window first.');
        return browser.identity.getRedirectURL('salesforce');
      },
      launch: async (url) => {
        const returned = await browser.identity.launchWebAuthFlow({ url, interactive: true });
        if (!returned) throw new Error('the sign-in window was closed');
        return returned;
      },
    },
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CRM_ALARM) sync.run().catch(() => {});
    if (alarm.name === CRM_SWEEP_ALARM) sync.sweep().then(() => sync.run()).catch(() => {});
  });
  quietly(() => ensurePeriodicAlarm(alarmRegistry, CRM_SWEEP_ALARM, 5));
  sync.start().catch(() => {});
  return { sync, accounts, credentials };
}

/**
 * The record-page script runs only on the CRM web apps the rep allowed (connecting that CRM, or turning on
 * record-page detection): registered for exactly those hosts, kept in step with every grant and removal, and
 * put into tabs already open on a host the moment it is granted.
 */
function startCrmRecordPages() {
  const scripting = browser.scripting;
  if (!scripting?.registerContentScripts) return;
  const sync = () =>
    syncCrmContentScript({
      granted: async (origins) => {
        const held = await Promise.all(origins.map((o) => browser.permissions.contains({ origins: [o] })));
        return origins.filter((_, i) => held[i]);
      },
      registered: async (id) => {
        const [script] = await scripting.getRegisteredContentScripts({ ids: [id] });
        return script ? { matches: script.matches ?? [] } : undefined;
      },
      register: (script) => scripting.registerContentScripts([script]),
      update: (script) => scripting.updateContentScripts([{ ...script, js: [CRM_CONTENT_SCRIPT_FILE] }]),
      unregister: (id) => scripting.unregisterContentScripts({ ids: [id] }),
    });
  const quietSync = () => sync().catch((e: unknown) => console.warn(`[Followthrough] CRM record pages not registered: ${String(e)}`));
  void quietSync();
  browser.permissions.onAdded.addListener((added) => {
    const origins = (added.origins ?? []).filter((o) => ALL_CRM_WEB_ORIGINS.includes(o));
    if (origins.length === 0) return;
    void (async () => {
      await quietSync();
      // Pages opened before the grant have no script yet.
      const tabs = await browser.tabs.query({ url: origins });
      for (const tab of tabs) {
        if (tab.id !== undefined) await scripting.executeScript({ target: { tabId: tab.id }, files: ['/content-scripts/crm.js'] }).catch(() => {});
      }
    })();
  });
  browser.permissions.onRemoved.addListener(() => void quietSync());
}

const alarmRegistry: AlarmRegistryPort = {
  get: async (name) => (await browser.alarms.get(name)) ?? undefined,
  create: async (name, info) => void (await browser.alarms.create(name, info)),
};

/** Alarms' calls return a promise in some browsers and nothing in others; neither may throw here. */
function quietly(call: () => unknown) {
  Promise.resolve()
    .then(call)
    .catch(() => {});
}
