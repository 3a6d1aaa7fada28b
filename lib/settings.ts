import { z } from 'zod';
import { CountryCode } from './sequences/schema';
import { Domain } from './records';
import { EMAIL_SHAPE } from './email';
import { MeetingSettings } from './meetings/settings';
import { issue, issueWords, placeWords } from './issue-words';
import { WordsError, words, Words } from './words';
import type { MessageKey } from './i18n';

// The rep's settings: one schema with defaults, stored as one versioned object in extension storage.

export const SETTINGS_VERSION = 3;
export const SETTINGS_KEY = 'settings';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, issue('a time as HH:MM', 'issue_time'));
const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, issue('not a time zone name', 'issue_time_zone'));
// A never-log entry is an address or a whole domain (`@example.com` or `example.com`).
const NeverLogEntry = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => EMAIL_SHAPE.test(s) || Domain.safeParse(s).success, issue('an email address or a domain', 'issue_email_or_domain'));

// Providers stored by earlier builds: OpenAI and Ollama speak the OpenAI-compatible API; Anthropic's does
// not, so it becomes "none" (templates only) until the rep picks a provider again.
const LEGACY_PROVIDER: Record<string, string> = { openai: 'openai-compatible', ollama: 'openai-compatible', anthropic: 'none' };
const LEGACY_ENDPOINT: Record<string, string> = { openai: 'https://api.openai.com/v1', ollama: 'http://localhost:11434/v1' };

/** The AI gateway's settings (lib/ai). `apiKey` is stored apart, in the secret store (lib/secrets.ts), never in storage.local. */
export const AiSettings = z.preprocess(
  (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const v = value as Record<string, unknown>;
    const old = typeof v.provider === 'string' ? v.provider : '';
    if (!(old in LEGACY_PROVIDER)) return value;
    return { ...v, provider: LEGACY_PROVIDER[old], endpoint: v.endpoint ?? LEGACY_ENDPOINT[old] };
  },
  z
    .object({
      provider: z.enum(['none', 'chrome', 'openai-compatible']).default('none'),
      /** Base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 (Ollama). */
      endpoint: z.url({ protocol: /^https?$/, message: issue('an http(s) URL', 'issue_http_url') }).max(500).optional(),
      model: z.string().trim().max(200).optional(),
      apiKey: z.string().max(500).optional(),
      /** Strings that never leave the device (account numbers, code names): redacted like addresses. */
      secrets: z.array(z.string().trim().min(3).max(200)).max(100).default([]),
      dailyRequests: z.number().int().min(1).max(10_000).default(50),
      dailyTokens: z.number().int().min(100).max(10_000_000).default(60_000),
      timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
      /** Keep prompts and outputs in the AI log (off: only counts and outcomes). */
      logRawText: z.boolean().default(false),
      /**
       * Send each opened thread's latest inbound message to the provider to read what it is about (intent), not
       * only what the rep asks a draft for. Off until the rep turns it on: the local model and rules decide.
       */
      readIntent: z.boolean().default(false),
    })
    .refine((ai) => ai.provider !== 'openai-compatible' || (ai.endpoint && ai.model), {
      message: issue('an OpenAI-compatible provider needs an endpoint and a model', 'issue_ai_endpoint_model'),
    }),
);
export type AiSettings = z.infer<typeof AiSettings>;

/** A teammate leads may go to: their owner id in the team's CRM, and whether they are away (skipped). */
export const Teammate = z.object({
  name: z.string().trim().min(1, issue('a teammate needs a name', 'issue_teammate_name')).max(200),
  /** HubSpot owner id, Pipedrive user id or Salesforce user id (005…): what the CRM's owner field holds. */
  crmOwnerId: z.string().trim().min(1, issue('the owner id in your CRM', 'issue_owner_id')).max(100).regex(/^[A-Za-z0-9]+$/, issue('letters and digits only', 'issue_letters_digits')),
  away: z.boolean().default(false),
});
export type Teammate = z.infer<typeof Teammate>;

/** Lead routing: which mail makes a lead, and who owns it. */
export const LeadRouting = z.object({
  /** An unknown sender at a company domain becomes a contact and a new lead on Today. */
  inbound: z.boolean().default(true),
  /** Senders of web-form notifications (forms@mysite.example): the address in the body is the lead. */
  formSenders: z.array(z.string().trim().toLowerCase().regex(EMAIL_SHAPE, issue('an email address', 'issue_email'))).max(20).default([]),
  /** Teams on a CRM: each new lead's owner, round-robin among the teammates who are not away. */
  teammates: z.array(Teammate).max(100).default([]),
  assignOwner: z.boolean().default(false),
});
export type LeadRouting = z.infer<typeof LeadRouting>;

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  repName: z.string().max(200).default(''),
  ownDomains: z.array(Domain).max(50).default([]),
  neverLog: z.array(NeverLogEntry).max(5000).default([]),
  autoLog: z.boolean().default(true),
  logPersonalMail: z.boolean().default(false),
  logAutomatedMail: z.boolean().default(false),
  undoSendSeconds: z.number().int().min(0).max(30).default(10),
  // Sends (issue 11): how long after the undo window a pressed Send may wait for Gmail's confirmation
  // before the side panel and popup say it could not be confirmed.
  sendConfirmSeconds: z.number().int().min(2).max(600).default(60),
  followUp: z
    .object({ cadenceDays: z.array(z.number().int().min(1).max(365)).min(1).max(10) })
    .default({ cadenceDays: [3, 7, 14] }),
  workingHours: z
    .object({
      days: z.array(z.number().int().min(0).max(6)).min(1).max(7), // 0 = Sunday
      start: Time,
      end: Time,
      timeZone: TimeZone,
    })
    .refine((w) => w.start < w.end, issue('the working day must start before it ends', 'issue_day_start_before_end'))
    .default({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'UTC' }),
  // Days off beside weekends, January 1 and December 25 (which never count as working days).
  holidays: z.array(z.iso.date()).max(400).default([]),
  ai: AiSettings.default(AiSettings.parse({})),
  crm: z.enum(['local', 'hubspot', 'pipedrive', 'salesforce']).default('local'),
  /** Salesforce sign-in: the connected app's consumer key (public, not a secret) and login host. */
  salesforceOAuth: z
    .object({
      clientId: z.string().trim().max(300),
      loginUrl: z.url().refine((u) => /^https:\/\/([a-z0-9-]+\.)*(salesforce|force)\.com\/?$/i.test(u), issue('a https://….salesforce.com login address', 'issue_salesforce_login')),
    })
    .default({ clientId: '', loginUrl: 'https://login.salesforce.com' }),

  // ---- retention (lib/retention.ts) ----
  /** Days Followthrough keeps its own records (events, audit, sends, logs) and stored message bodies. */
  retentionDays: z.number().int().min(7, issue('keep at least 7 days', 'issue_retention_min')).max(3650, issue('at most 10 years', 'issue_retention_max')).default(180),

  // ---- Contacts: whom mail may be logged to (settings v3, issue 12) ----
  // v2 had one "createContacts" switch for two wishes; v3 separates them (see migration 3).
  /** Log to people who are contacts in the connected CRM though not in this browser (looked up, then mirrored). */
  logToCrmContacts: z.boolean().default(true),
  /** Create a contact in the connected CRM for a recipient it does not know yet. */
  createCrmContacts: z.boolean().default(false),
  /** Create a local contact for a recipient who is a contact nowhere (off by default, as before). */
  createLocalContacts: z.boolean().default(false),

  // ---- Sequences (issue 15, lib/sequences) ----
  sequences: z
    .object({
      /** The vacation switch: every enrolment pauses until this day (YYYY-MM-DD); steps due meanwhile are re-spaced on return. */
      vacationUntil: z.iso.date().optional(),
      /** Whose public holidays count when a contact has no country (ISO 3166, optional region: "US", "DE-BY"). */
      country: CountryCode.optional(),
      /** Sends in any rolling 24 hours from this mailbox: far under Gmail's own 500 (2,000 on Workspace). */
      mailboxPer24h: z.number().int().min(1).max(400).default(100),
      /** Sends to one recipient domain in any rolling 24 hours. */
      domainPer24h: z.number().int().min(1).max(200).default(10),
      /** Hours between two touches to the same person. */
      minGapHours: z.number().int().min(0).max(24 * 14).default(24),
      /** Minutes between any two offered steps: what fell due while the browser was closed comes back spread. */
      paceMinutes: z.number().int().min(1).max(240).default(5),
    })
    .default({ mailboxPer24h: 100, domainPer24h: 10, minGapHours: 24, paceMinutes: 5 }),

  // ---- Lead routing (issue 15; lib/today/leads.ts) ----
  leadRouting: LeadRouting.default(LeadRouting.parse({})),
  // ---- Meetings (#16): availability, calendar feed, booking link (lib/meetings/settings.ts) ----
  meetings: MeetingSettings.default(MeetingSettings.parse({})),
  // ---- end of meetings ----
});
export type Settings = z.infer<typeof Settings>;

/**
 * Each setting by the name the rep knows it by, for the warning that its stored value was reset: the options
 * page's own label where one names that setting, else words of its own. `version` has none: readSettings sets it
 * before the fields are checked, so it is never reported. A new setting cannot typecheck without a label here.
 */
export const SETTING_LABELS = {
  repName: 'settings_label_rep_name',
  ownDomains: 'settingsForm_your_company_s_domains',
  neverLog: 'settingsForm_never_log',
  autoLog: 'settingsForm_log_email_automatically',
  logPersonalMail: 'settings_label_log_personal_mail',
  logAutomatedMail: 'settings_label_log_automated_mail',
  undoSendSeconds: 'settings_label_undo_send_seconds',
  sendConfirmSeconds: 'settings_label_send_confirm_seconds',
  followUp: 'settingsForm_follow_up_cadence_days',
  workingHours: 'settingsForm_working_hours',
  holidays: 'settings_label_holidays',
  ai: 'settingsForm_ai_provider',
  crm: 'crmConnectForm_crm',
  salesforceOAuth: 'salesforceSignIn_salesforce_sign_in_settings',
  retentionDays: 'settingsForm_keep_records_for_days',
  logToCrmContacts: 'settingsForm_log_crm_contacts',
  createCrmContacts: 'settingsForm_create_crm_contacts',
  createLocalContacts: 'settingsForm_create_local_contacts',
  sequences: 'settings_label_sequences',
  leadRouting: 'leadRoutingForm_lead_routing',
  meetings: 'settings_label_meetings',
} as const satisfies Record<Exclude<keyof Settings, 'version'>, MessageKey>;

export const defaultSettings = (): Settings => Settings.parse({});

/**
 * Migrations from each older version to the next, keyed by the version they produce. They take what was
 * stored, whatever it is, and never throw: what they cannot read is left for validation to reset.
 */
export const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // v1 kept one own domain and one follow-up delay; v2 keeps lists of each.
  2: ({ ownDomain, followUpDays, ...rest }) => ({
    ...rest,
    ...(typeof ownDomain === 'string' && ownDomain ? { ownDomains: [ownDomain] } : {}),
    ...(typeof followUpDays === 'number' ? { followUp: { cadenceDays: [followUpDays, followUpDays * 2, followUpDays * 4] } } : {}),
    version: 2,
  }),
  // v2's single "Create contacts" switch meant both: a contact in this browser, and one in the CRM.
  3: ({ createContacts, ...rest }) => ({
    ...rest,
    ...(typeof createContacts === 'boolean' ? { createLocalContacts: createContacts, createCrmContacts: createContacts } : {}),
    version: 3,
  }),
};

export interface LoadedSettings {
  settings: Settings;
  /** What was wrong with the stored value and has been reset to its default. Shown to the rep. */
  warnings: string[];
  /** `warnings` for the rep, one each, in the same order (said in their language by lib/say.ts). */
  warningWords?: Words[];
  /** True when the stored value was migrated or repaired and should be written back. */
  changed: boolean;
}

/** Read whatever is stored into valid settings: migrate, then keep each valid field and default the rest. */
export function readSettings(stored: unknown): LoadedSettings {
  const warnings: string[] = [];
  const warningWords: Words[] = [];
  if (stored === undefined || stored === null) return { settings: defaultSettings(), warnings, warningWords, changed: false };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    return { settings: defaultSettings(), warnings: ['Stored settings were unreadable; all settings were reset to their defaults.'], warningWords: [words('settings_warning_unreadable')], changed: true };
  }
  let value = { ...(stored as Record<string, unknown>) };
  const from = typeof value.version === 'number' && Number.isInteger(value.version) ? value.version : 1;
  if (from > SETTINGS_VERSION) {
    warnings.push(`Settings were saved by a newer Followthrough (version ${from}); unknown fields are ignored.`);
    warningWords.push(words('settings_warning_newer', { version: from }));
  }
  for (let v = from + 1; v <= SETTINGS_VERSION; v++) value = migrations[v]?.(value) ?? value;
  value.version = SETTINGS_VERSION;

  const shape = Settings.shape;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const field = shape[key].safeParse(value[key]);
    if (field.success) out[key] = field.data;
    else {
      out[key] = shape[key].parse(undefined);
      warnings.push(`Setting "${key}" was invalid (${field.error.issues[0]?.message ?? 'unreadable'}) and was reset to its default.`);
      const first = field.error.issues[0];
      // The English line above keeps the code name for the log; the rep reads the setting's label.
      const label = key === 'version' ? undefined : SETTING_LABELS[key];
      warningWords.push(words('settings_warning_field_reset', { field: label ? { key: label } : key, issue: first ? issueWords(first) : words('issue_invalid') }));
    }
  }
  const settings = Settings.parse(out);
  return { settings, warnings, warningWords, changed: from !== SETTINGS_VERSION || warnings.length > 0 };
}

/** Where settings live; entrypoints pass extension storage. */
export interface KeyValuePort {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/**
 * The one writer of settings: the background. Every change is a field-level patch applied to what is stored
 * now, one at a time, so two changes made at once (the popup, a CRM connecting, an import) never undo each
 * other. Other contexts send `settings.update` with their patch.
 */
export interface SettingsStoreOptions {
  /**
   * Calls its argument whenever what is stored under SETTINGS_KEY may have changed (the background passes
   * `storage.onChanged`; a wipe clears the area, which it reports too). Given it, the last load is kept in
   * memory until then: a thread open asks for the settings several times (the handler, the side panel's
   * view, the engine per event), and each load was a storage read, a read of the secrets database and a full
   * validation, on the way to the side panel (bench gmail-panel). Without it, every load reads.
   */
  watch?: (changed: () => void) => void;
}

export class SettingsStore {
  private queue: Promise<unknown> = Promise.resolve();
  private kept: Promise<LoadedSettings> | undefined;
  private readonly keeps: boolean;

  constructor(
    private readonly storage: KeyValuePort,
    options: SettingsStoreOptions = {},
  ) {
    this.keeps = options.watch !== undefined;
    options.watch?.(() => this.forget());
  }

  /** The next load reads storage again. */
  forget(): void {
    this.kept = undefined;
  }

  async load(): Promise<LoadedSettings> {
    if (!this.keeps) return this.read();
    const reading = (this.kept ??= this.read());
    // A failed read is not kept; a change heard while it ran (forget) leaves it unkept too.
    reading.catch(() => {
      if (this.kept === reading) this.kept = undefined;
    });
    // A copy each time: a caller changing what it was handed cannot change what the next one gets.
    return structuredClone(await reading);
  }

  private async read(): Promise<LoadedSettings> {
    const raw = await this.storage.get(SETTINGS_KEY);
    const loaded = readSettings(raw);
    // Repair in place only when there is nothing left to show the rep; warnings stay visible until a save.
    // Only over what was read: a change stored meanwhile (by another context, or a restore) is never
    // overwritten by this older reading; it is repaired on its own next load.
    if (loaded.changed && loaded.warnings.length === 0) {
      const before = JSON.stringify(raw);
      await this.serially(async () => {
        if (JSON.stringify(await this.storage.get(SETTINGS_KEY)) === before) await this.storage.set(SETTINGS_KEY, loaded.settings);
      });
    }
    return loaded;
  }

  /** Validate a change and store it; an invalid change throws with the reason and stores nothing. */
  update(patch: Partial<z.input<typeof Settings>>): Promise<Settings> {
    return this.serially(async () => {
      const { settings } = readSettings(await this.storage.get(SETTINGS_KEY));
      const next = Settings.safeParse({ ...settings, ...patch, version: SETTINGS_VERSION });
      if (!next.success) {
        const first = next.error.issues[0]!;
        // The raw path ("workingHours.timeZone") stays in the English line; the rep reads where, when a form names it.
        const place = placeWords(first.path);
        const said = place ? words('settings_field_refused', { field: place, issue: issueWords(first) }) : issueWords(first);
        throw new WordsError(said, next.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      await this.storage.set(SETTINGS_KEY, next.data);
      this.forget();
      return next.data;
    });
  }

  /** Read-modify-writes run one after another; a failed one does not stop the next. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }
}

/** What the popup and options page use: settings read and changed through the background. */
export interface SettingsPort {
  load(): Promise<LoadedSettings>;
  update(patch: Partial<z.input<typeof Settings>>): Promise<Settings>;
}
