import { z } from 'zod';
import { issue } from '../../issue-words';
import { DealStage } from '../../records';
import { defineCondition } from './types';

/** A deal of the people on the event is at one of these stages. */
export const dealStage = defineCondition({
  kind: 'deal.stage',
  label: 'a deal with them is at a stage',
  params: z.object({ in: z.array(DealStage).min(1, issue('name at least one stage', 'issue_deal_stage')) }),
  needs: ['contacts', 'deals'],
  test(_event, params, facts) {
    return facts.deals.some((d) => params.in.includes(d.stage));
  },
});
