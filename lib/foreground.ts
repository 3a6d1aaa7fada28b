// Work the rep is waiting for goes before the engine's. A thread click reaches the side panel through the
// worker: the thread's write, the panel's view read beside it, the panel told. The engine acts on the last
// open's events meanwhile, each action in one transaction over every table, and a transaction begun while the
// rep's read was in hand made that read wait its whole length (tens of ms on a busy machine; bench
// gmail-panel). The engine asks `idle()` before each event and each action: it then waits for the rep's work in
// hand, never more than `maxMs`, so the engine is slowed, never stopped.

export class Foreground {
  private inHand = 0;
  private waiters: (() => void)[] = [];

  /** Run work the rep waits for; the engine starts nothing new until it is done. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.inHand++;
    try {
      return await work();
    } finally {
      if (--this.inHand === 0) {
        const waiting = this.waiters;
        this.waiters = [];
        for (const wake of waiting) wake();
      }
    }
  }

  /** Whether work the rep waits for is in hand. */
  get busy(): boolean {
    return this.inHand > 0;
  }

  /** Resolves once no work the rep waits for is in hand, or after `maxMs` at most. */
  idle(maxMs = 500): Promise<void> {
    if (this.inHand === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }
}
