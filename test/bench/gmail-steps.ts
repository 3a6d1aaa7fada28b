import type { CDPSession, Page, Worker } from 'playwright-core';
import { BackgroundStore } from '../e2e/pages/background-store';

// The steps the `gmail` bench suite measures and test/bench/profile-gmail.ts profiles, in one place so the
// profile maps the very open the budget is about.

/** The renderer's main-thread task time so far (CDP Performance.getMetrics `TaskDuration`), in ms. */
export async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

/** FT_SETTLE_MS: the fixed wait after the idle callback (300 ms), to see what a longer one would count. */
const SETTLE_MS = Number(process.env.FT_SETTLE_MS ?? 300);

/**
 * Two animation frames, an idle callback and 300 ms more: rAF-batched work, the work the extension put off
 * until Gmail is idle (idle callbacks run in the order they were asked for, so the page's comes after it), the
 * answers to the extension's messages (tens of milliseconds) and whatever they start have run and are counted.
 * A fixed wait, so both sides carry the same measuring cost (each metrics call is itself a task on the page).
 */
export const settle = (page: Page) =>
  page.evaluate(
    (ms) =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => setTimeout(resolve, ms), { timeout: 2_000 }))),
      ),
    SETTLE_MS,
  );

/** The test page's token (URL segment) of the thread with this subject. */
export const threadToken = (page: Page, subject: string) =>
  page.evaluate((s) => window.__ftGmail!.threads().find((t) => t.subject === s)!.token, subject);

/**
 * Open a thread by its hash and wait for its subject, in one page call: a locator polling from outside would
 * add tasks of its own, unevenly.
 */
export const openThread = (page: Page, token: string) =>
  page.evaluate(
    (t) =>
      new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('h2.hP')) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(document.body, { childList: true, subtree: true });
        location.hash = `#inbox/${t}`;
      }),
    token,
  );

/**
 * With the extension: a wait until the background has stored the thread opened since `since`, its answer to
 * the page then on the way. Asked of the worker from here, so the wait adds no task to Gmail's page. Without it
 * the settle window could close before the answer (and the Log button's redraw) landed on a busy machine, and
 * the loaded figure came out the lower one (stop 26). Undefined without a worker: the extension-off side.
 */
export function answeredFor(worker: Worker | null | undefined): ((since: number) => Promise<void>) | undefined {
  if (!worker) return undefined;
  const store = new BackgroundStore(worker);
  return async (since) => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
      if ((await store.table<{ lastViewedAt?: number }>('threads')).some((t) => (t.lastViewedAt ?? 0) >= since)) return;
    }
    throw new Error('the background did not store the opened thread within 10 s');
  };
}
