import { z } from 'zod';
import { channel } from '../channel';
import { RankedItem } from '../today/rank';
import { TodayAction, TodayActResult } from '../today/source';

// Today's channels (issue 15): the ranked list for the side panel's home and the options page, and the rep's
// one-click action on an item, carried to the source that owns it.

export const TodaySetup = z.object({
  /** Contacts in the local CRM: none means Today has no one to rank yet. */
  contacts: z.number().int().nonnegative(),
  ownDomains: z.boolean(),
  crm: z.enum(['local', 'hubspot', 'pipedrive', 'salesforce']),
  formSenders: z.number().int().nonnegative(),
});
export type TodaySetup = z.infer<typeof TodaySetup>;

export const TodayListAnswer = z.object({
  items: z.array(RankedItem),
  problems: z.array(z.string().max(500)).max(20),
  setup: TodaySetup,
  at: z.number().int(),
});
export type TodayListAnswer = z.infer<typeof TodayListAnswer>;

export const todayChannels = {
  'today.list': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Today: what to do now from every source, ranked, each with why it ranks there.',
    request: z.strictObject({}),
    response: TodayListAnswer,
  }),
  'today.act': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The rep acted on one Today item (open, insert, done, snooze, skip).',
    request: z.strictObject({
      id: z.string().min(1).max(300),
      action: TodayAction,
      /** A snooze's end (ms). */
      until: z.number().int().nonnegative().optional(),
    }),
    response: TodayActResult,
  }),
} as const;
