import { z } from 'zod';
import { defineCondition } from './types';

/** One of the rep's on/off settings is on: lets a rule follow a switch in the popup. */
export const settingOn = defineCondition({
  kind: 'setting.on',
  label: 'a setting is on',
  params: z.object({ setting: z.enum(['autoLog', 'createContacts', 'logPersonalMail', 'logAutomatedMail']) }),
  test(_event, { setting }, facts) {
    return facts.settings[setting];
  },
});
