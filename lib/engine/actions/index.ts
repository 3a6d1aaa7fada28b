import { cancelReminders } from './cancel-reminders';
import { createSuggestion } from './create-suggestion';
import { crmSync } from './crm-sync';
import { logActivity } from './log-activity';
import { notify } from './notify';
import { scheduleFollowUp } from './schedule-follow-up';
import type { ActionDef } from './types';
import { upsertContact } from './upsert-contact';
import { routeLead } from './route-lead';
import { suggestFollowUpAction } from '../../followup/actions';
import { suggestRecap } from '../../meetings/recap';

export type { ActionContext, ActionDef, ActionPorts, ActionResult } from './types';
export { defineAction, RetryLater } from './types';

// Every action kind a rule may use. Adding one = one file in this folder + one line here.
export const actions: readonly ActionDef[] = [logActivity, upsertContact, scheduleFollowUp, createSuggestion, cancelReminders, notify, suggestFollowUpAction, crmSync, routeLead, suggestRecap];
