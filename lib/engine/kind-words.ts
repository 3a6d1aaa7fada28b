import type { MessageKey } from '../i18n';
import { words, type Words } from '../words';

// The engine's kinds in the rep's words: triggers, condition and action kinds, and the names the automation
// log files its own work under (reminders moved, a cycle stopped, an undo). The Rules tab and the automation
// log say them through these keys; a kind this build has no words for is shown as the engine names it.

export const TRIGGER_WORDS: Record<string, MessageKey> = {
  'email.sent': 'rulesTab_trigger_email_sent',
  'email.received': 'rulesTab_trigger_email_received',
  'thread.opened': 'rulesTab_trigger_thread_opened',
  'reply.overdue': 'rulesTab_trigger_reply_overdue',
  'crm.record.viewed': 'rulesTab_trigger_crm_record_viewed',
  'activity.logged': 'rulesTab_trigger_activity_logged',
  'suggestion.accepted': 'rulesTab_trigger_suggestion_accepted',
  'meeting.booked': 'rulesTab_trigger_meeting_booked',
  'meeting.ended': 'rulesTab_trigger_meeting_ended',
};

/** Condition and action kinds a rule may use. */
export const KIND_WORDS: Record<string, MessageKey> = {
  'thread.hasReply': 'rulesTab_condition_thread_has_reply',
  'deal.stage': 'rulesTab_condition_deal_stage',
  'contact.exists': 'rulesTab_condition_contact_exists',
  'time.workingHours': 'rulesTab_condition_working_hours',
  'sender.domain': 'rulesTab_condition_sender_domain',
  'setting.on': 'rulesTab_condition_setting_on',
  'thread.hasReminders': 'rulesTab_condition_thread_has_reminders',
  'recipient.domain': 'rulesTab_condition_recipient_domain',
  'thread.logged': 'rulesTab_condition_thread_logged',
  'crm.sync': 'rulesTab_action_crm_sync',
  'contact.upsert': 'rulesTab_action_contact_upsert',
  notify: 'rulesTab_action_notify',
  'activity.log': 'rulesTab_action_activity_log',
  'reminders.cancel': 'rulesTab_action_reminders_cancel',
  'lead.route': 'rulesTab_action_lead_route',
  'suggestion.create': 'rulesTab_action_suggestion_create',
  'followup.schedule': 'rulesTab_action_followup_schedule',
  'followup.suggest': 'rulesTab_action_followup_suggest',
  'meeting.suggestRecap': 'rulesTab_action_meeting_suggest_recap',
};

/** What the automation log files outside rules (lib/engine/runner.ts, lib/followup/reminders.ts, the rep's buttons). */
export const AUDIT_ACTION_WORDS: Record<string, MessageKey> = {
  'reminders.start': 'auditAction_reminders_start',
  'reminders.reply': 'auditAction_reminders_reply',
  'reminders.moved': 'auditAction_reminders_moved',
  'reminders.kept': 'auditAction_reminders_kept',
  'thread.flagged': 'auditAction_thread_flagged',
  reminders: 'auditAction_reminders',
  conditions: 'auditAction_conditions',
  cycle: 'auditAction_cycle',
  chain: 'auditAction_chain',
  undo: 'auditAction_undo',
  'crm.importContacts': 'auditAction_import_contacts',
  'crm.logThread': 'auditAction_log_thread',
  // A suggestion's kind, as `suggestion.create` names it.
  'suggestion.followup': 'auditAction_suggestion_followup',
  'suggestion.draft': 'auditAction_suggestion_draft',
  'suggestion.log': 'auditAction_suggestion_log',
  'suggestion.recap': 'auditAction_suggestion_recap',
};

const KEYS: Record<string, MessageKey> = { ...TRIGGER_WORDS, ...KIND_WORDS, ...AUDIT_ACTION_WORDS };

/** A kind's message key, if this build words it. */
export const kindKey = (kind: string): MessageKey | undefined => (Object.hasOwn(KEYS, kind) ? KEYS[kind] : undefined);

/** A kind as words; the kind itself (as the engine names it) when this build has none. */
export const kindWords = (kind: string): Words | string => {
  const key = kindKey(kind);
  return key ? { key } : kind;
};

/** "…, created 2 contacts" after what was logged, when contacts were created. */
export const withCreated = (what: Words, created: number): Words => (created ? words('audit_and_created', { what, contacts: words('audit_n_contacts', { count: created }) }) : what);
