import type { FollowthroughDb } from '../db';
import type { Dispatched } from '../engine/dispatch';
import type { Foreground } from '../foreground';
import type { Engine } from '../engine/runner';
import type { EngineEvent } from '../engine/events';
import type { SettingsStore } from '../settings';
import type { ReminderService } from '../followup/reminders';
import type { ViewTracker } from '../views';
import type { CrmSync } from '../crm/sync';
import type { CrmAccounts } from '../crm/accounts';
import type { FetchPort, PromptApiPort } from '../ai/providers';
import type { Wiped } from '../wipe';
import type { SequenceService } from '../sequences/service';
import type { TodaySource } from '../today/source';
import type { PanelView } from '../messages';

// What the background's handlers are given: the database and small ports instead of `browser.*`
// (CONTRIBUTING.md habit 12). Every file in lib/handlers/ takes these; lib/service.ts composes the files.

/** The browser pieces the drafts area uses; entrypoints/background.ts passes the real ones. */
export interface DraftsPorts {
  /** Send a message to one tab's content script and get its answer. */
  sendToTab: (tabId: number, message: unknown) => Promise<unknown>;
  /** Send a notice to extension pages (the side panel); never fails the caller. */
  broadcast: (message: unknown) => void;
  fetch: FetchPort;
  promptApi?: () => PromptApiPort | undefined;
  /** Whether the extension holds host permission for a match pattern. */
  hasPermission: (pattern: string) => Promise<boolean>;
}

export interface ServicePorts {
  db: FollowthroughDb;
  settings: SettingsStore;
  views: ViewTracker;
  now: () => number;
  /** Tell open side panels to ask again, or hand them the tab's view to show; never fails the caller. */
  notifyPanels: (tabId?: number, view?: PanelView) => void;
  /** Work the rep waits for, which the engine lets go first (lib/foreground.ts); absent in tests of other areas. */
  foreground?: Foreground;
  /** Hand an event to the engine: recorded once by id, then acted on (lib/engine). */
  dispatch: (event: EngineEvent) => Promise<Dispatched>;
  /** The trigger → action engine (rules, audit log, undo, the rep's Log to CRM). */
  engine: Engine;
  /** What the drafts area needs beyond the database (lib/handlers/drafts.ts); absent where drafts are not wired. */
  drafts?: DraftsPorts;
  /** Reminders with the browser's alarms and notifications (lib/followup/reminders.ts); absent in tests of other areas. */
  reminders?: ReminderService;
  /** CRM sync and accounts (lib/crm); absent where no CRM sync runs. */
  crm?: { sync: CrmSync; accounts: CrmAccounts };
  /** Delete all data beyond the database: secrets, extension storage, optional permissions (lib/wipe.ts). */
  wipe?: () => Promise<Wiped>;
  /** Sequences (lib/sequences/service.ts) and their part of Today; absent where sequences are not wired. */
  sequences?: { service: SequenceService; today: TodaySource };

  // ---- Today (issue 15) ----
  /** Show a URL in a tab: that tab (the rep's Gmail tab) when given, else a new one. Absent in tests of other areas. */
  openTab?: (url: string, tabId?: number) => Promise<void>;
}
