import { z } from 'zod';
import { defineCondition } from './types';

/** Something on the thread is already on a contact's timeline. */
export const threadLogged = defineCondition({
  kind: 'thread.logged',
  label: 'the thread is already logged',
  params: z.object({}),
  needs: ['thread'],
  test(_event, _params, facts) {
    return facts.thread?.logged ?? false;
  },
});
