import { z } from 'zod';
import { defineCondition } from './types';

/** One of the rep's on/off settings is on: lets a rule follow a switch in the popup. */
export const settingOn = defineCondition({
  kind: 'setting.on',
  label: 'a setting is on',
  params: z.object({
    // 'createContacts' (settings v2) is still accepted in stored rules and reads its v3 successor.
    setting: z.enum(['autoLog', 'createContacts', 'createLocalContacts', 'createCrmContacts', 'logToCrmContacts', 'logPersonalMail', 'logAutomatedMail']),
  }),
  test(_event, { setting }, facts) {
    return facts.settings[setting === 'createContacts' ? 'createLocalContacts' : setting];
  },
});
