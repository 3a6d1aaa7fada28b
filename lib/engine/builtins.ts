import type { RuleInput } from './rules';

// The rules every rep starts with. Stored in the rules table on first start; the rep may edit or switch
// them off, and their edits are kept (a built-in is seeded only when its id is missing).

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
    id: 'builtin.cancel-reminders-on-reply',
    description: 'When a reply arrives, cancel the follow-up reminders waiting on that thread.',
    trigger: 'email.received',
    conditions: [{ kind: 'thread.hasReminders', params: {} }],
    actions: [{ kind: 'reminders.cancel', params: {} }],
  },
];
