import type { ResponseOf } from '../messages';

// The background's answer to the thread reporter's `gmail.threadSeen` carries the thread's Log to CRM state;
// this hands it to the Log to CRM button, so opening a thread costs one message to the background instead of
// one per feature (each costs Gmail's main thread a round of messaging), and the state is read after the
// thread was stored.

export type LogState = NonNullable<ResponseOf<'gmail.threadSeen'>['logState']>;

export interface ThreadStates {
  /** What the background answered for this thread (undefined when it did not say). */
  publish(threadId: string, state: LogState | undefined): void;
  /** The next (or a just-published) state of this thread; undefined after `waitMs` or on abort. */
  next(threadId: string, signal: AbortSignal, waitMs?: number): Promise<LogState | undefined>;
  /**
   * The state last published for this thread on this page, if any (the 100 threads published last): the Log
   * to CRM button draws it at once on a thread opened again, so an unchanged answer writes nothing. Redrawing
   * the button when its answer came ("Log to CRM", then "✓ Logged") cost Gmail a second layout and paint.
   */
  last(threadId: string): LogState | undefined;
  /**
   * The thread the reporter read for one navigation (its feature context): the heading on screen and the
   * thread's id, so the Log to CRM button, starting in the same task, does not search the page for them again.
   */
  read(navigation: object, shown?: { heading: Element; threadId: string }): { heading: Element; threadId: string } | undefined;
}

export function threadStates(now = () => Date.now()): ThreadStates {
  const waiting = new Map<string, ((state: LogState | undefined) => void)[]>();
  let recent: { threadId: string; state: LogState | undefined; at: number } | undefined;
  // Keyed by the navigation's context: a read never outlives its navigation, nor is taken for another's.
  const reads = new WeakMap<object, { heading: Element; threadId: string }>();
  const lastByThread = new Map<string, LogState>();
  return {
    last: (threadId) => lastByThread.get(threadId),
    read(navigation, shown) {
      if (shown) reads.set(navigation, shown);
      return reads.get(navigation);
    },
    publish(threadId, state) {
      recent = { threadId, state, at: now() };
      lastByThread.delete(threadId);
      if (state) lastByThread.set(threadId, state);
      if (lastByThread.size > 100) lastByThread.delete(lastByThread.keys().next().value!);
      const list = waiting.get(threadId) ?? [];
      waiting.delete(threadId);
      for (const resolve of list) resolve(state);
    },
    next(threadId, signal, waitMs = 3_000) {
      // Published a moment before the button asked (the two features start in the same task).
      if (recent?.threadId === threadId && now() - recent.at < 1_000) return Promise.resolve(recent.state);
      return new Promise((resolve) => {
        const done = (state: LogState | undefined) => {
          clearTimeout(timer);
          const list = waiting.get(threadId);
          if (list?.includes(done)) list.splice(list.indexOf(done), 1);
          resolve(state);
        };
        const timer = setTimeout(() => done(undefined), waitMs);
        waiting.set(threadId, [...(waiting.get(threadId) ?? []), done]);
        signal.addEventListener('abort', () => done(undefined), { once: true });
      });
    },
  };
}
