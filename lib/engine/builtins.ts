import type { MessageKey } from '../i18n';
import type { RuleInput } from './rules';

// The rules every rep starts with. Stored in the rules table on first start; the rep may edit or switch
// them off, and their edits are kept (a built-in is seeded only when its id is missing).

/**
 * Built-ins that are gone, removed from stored rules on start. Reminders now follow
 * every reply, bounce and out-of-office in the engine itself (Engine.remindersFor), whatever rules are on.
 */
export const RETIRED_BUILT_INS = ['builtin.cancel-reminders-on-reply'];

/**
 * Each built-in's description in the rep's language (public/_locales), shown while the stored description is
 * still the shipped English one; a description the rep rewrote is theirs and shown as written.
 */
export const BUILT_IN_DESCRIPTIONS: Record<string, MessageKey> = {
  'builtin.auto-log-sent': 'rule_builtin_auto_log_sent',
  'builtin.log-replies': 'rule_builtin_log_replies',
  'builtin.followup-after-sending': 'rule_builtin_followup_after_sending',
  'builtin.followup-after-reply': 'rule_builtin_followup_after_reply',
  'builtin.route-leads': 'rule_builtin_route_leads',
  'builtin.meeting-recap': 'rule_builtin_meeting_recap',
};

export const BUILT_IN_RULES: RuleInput[] = [
  {
    id: 'builtin.auto-log-sent',
    description:
      'When I send an email, log it on the timeline of each recipient who is a contact — never my own domains, personal webmail, automated addresses or the never-log list.',
    trigger: 'email.sent',
    conditions: [{ kind: 'setting.on', params: { setting: 'autoLog' } }],
    actions: [{ kind: 'activity.log', params: {} }],
  },
  {
    id: 'builtin.log-replies',
    description: 'When a reply arrives in a thread I have already logged, log it on the sender’s timeline.',
    trigger: 'email.received',
    conditions: [
      { kind: 'setting.on', params: { setting: 'autoLog' } },
      { kind: 'thread.logged', params: {} },
    ],
    actions: [{ kind: 'activity.log', params: {} }],
  },
  {
    id: 'builtin.followup-after-sending',
    description:
      'When I send an email on a thread nobody has answered yet, suggest when to follow up: the day the text gives, or my follow-up cadence.',
    trigger: 'email.sent',
    conditions: [{ kind: 'thread.hasReply', params: {}, not: true }],
    actions: [{ kind: 'followup.suggest', params: {} }],
  },
  {
    id: 'builtin.followup-after-reply',
    description: 'When an email arrives, suggest when to follow up: the day it gives ("I’m out until December 3"), or my follow-up cadence.',
    trigger: 'email.received',
    conditions: [],
    actions: [{ kind: 'followup.suggest', params: {} }],
  },
  {
    id: 'builtin.route-leads',
    description:
      'When someone I do not know writes from a company address (or a web form I named sends a visitor), make them a contact and put them first on Today; on a CRM, give them the next teammate who is not away.',
    trigger: 'email.received',
    conditions: [],
    actions: [{ kind: 'lead.route', params: {} }],
  },
  {
    id: 'builtin.meeting-recap',
    description: 'When a meeting I booked has ended, suggest sending the recap on its thread (never for a cancelled meeting).',
    trigger: 'meeting.ended',
    conditions: [],
    actions: [{ kind: 'meeting.suggestRecap', params: {} }],
  },
];
