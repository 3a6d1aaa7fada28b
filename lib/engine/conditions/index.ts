import { contactExists } from './contact-exists';
import { dealStage } from './deal-stage';
import { recipientDomain } from './recipient-domain';
import { senderDomain } from './sender-domain';
import { settingOn } from './setting-on';
import { threadHasReminders } from './thread-has-reminders';
import { threadHasReply } from './thread-has-reply';
import { threadLogged } from './thread-logged';
import type { ConditionDef } from './types';
import { workingHours } from './working-hours';

export type { ConditionDef } from './types';
export { defineCondition } from './types';

// Every condition kind a rule may use. Adding one = one file in this folder + one line here.
export const conditions: readonly ConditionDef[] = [
  senderDomain,
  recipientDomain,
  contactExists,
  dealStage,
  threadHasReply,
  threadLogged,
  threadHasReminders,
  workingHours,
  settingOn,
];
