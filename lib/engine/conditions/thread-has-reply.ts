import { z } from 'zod';
import { defineCondition } from './types';

/** Someone other than the rep has written on the thread (this event included). */
export const threadHasReply = defineCondition({
  kind: 'thread.hasReply',
  label: 'the thread has a reply',
  params: z.object({}),
  needs: ['thread'],
  test(_event, _params, facts) {
    return facts.thread?.hasReply ?? false;
  },
});
