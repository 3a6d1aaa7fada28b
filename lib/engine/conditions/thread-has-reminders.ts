import { z } from 'zod';
import { defineCondition } from './types';

/** A follow-up reminder is waiting on the thread. */
export const threadHasReminders = defineCondition({
  kind: 'thread.hasReminders',
  label: 'a follow-up reminder waits on the thread',
  params: z.object({}),
  needs: ['thread'],
  test(_event, _params, facts) {
    return (facts.thread?.pendingReminders ?? 0) > 0;
  },
});
