import type { CDPSession, Page } from 'playwright-core';
import { startGmailServer } from '../server/gmail-server';
import { launchWithExtension, type ExtensionBrowser } from '../e2e/browser';
import { GmailPage } from '../e2e/pages/gmail-page';
import { SidePanelPage } from '../e2e/pages/side-panel-page';
import type { BenchRow, BenchSuite } from './types';
import { attachWorkerHeap, emptyWorkerExtension, type WorkerHeap } from './worker-heap';

// What the rep waits for and what Followthrough costs in memory, on the Gmail test page in Chromium.
// - Thread click → the side panel showing that thread's subject and its suggestion queue, beside Gmail's own
//   click → thread on screen, both timed by the page clock in the same runs.
// - JS heap of the Gmail tab after opening 50 threads, with the extension and without (the baseline), after a
//   forced garbage collection on both sides; and the service worker's heap after the same 50 opens, beside
//   the heap of an extension service worker that runs no code, loaded in the same browser (worker-heap.ts).

const CLICKS = 40;
const OPENS = 50;
export const SUBJECTS = ['Fleet tracking pilot for 40 vans', 'Rollout schedule for Q1', 'Northwind security questionnaire', 'Pipeline review on Thursday'];

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const round = (n: number) => Math.round(n * 10) / 10;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

/** Click the row, and resolve with the click time (page clock). */
const clickRow = (page: Page, subject: string) =>
  page.evaluate(`(() => {
    const span = [...document.querySelectorAll('tr.zA span.bog')].find((el) => el.textContent.trim() === ${JSON.stringify(subject)});
    const at = Date.now();
    span.click();
    return at;
  })()`) as Promise<number>;

/**
 * The time (page clock) at which `condition` (a JS expression) first holds, watched with a MutationObserver.
 * A string, so the bundler's helpers never reach the page.
 */
const whenTrue = (page: Page, condition: string) =>
  page.evaluate(`new Promise((resolve) => {
    const done = () => ${condition};
    if (done()) return resolve(Date.now());
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      resolve(Date.now());
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  })`) as Promise<number>;

/** When Gmail shows the thread. */
const gmailShows = (page: Page, subject: string) =>
  whenTrue(page, `[...document.querySelectorAll('h2.hP')].some((h) => h.offsetParent !== null && h.textContent.trim() === ${JSON.stringify(subject)})`);

/** When the panel shows the subject with its suggestion queue rendered (the same machine clock). */
const panelShows = (panel: Page, subject: string) =>
  whenTrue(
    panel,
    `document.querySelector('[data-testid="thread-subject"]')?.textContent?.trim() === ${JSON.stringify(subject)} && !!document.querySelector('[data-testid="suggestions"], [data-testid="no-suggestions"]')`,
  );

async function heapBytes(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

async function openThreads(gmail: GmailPage, count: number) {
  for (let i = 0; i < count; i++) {
    const subject = SUBJECTS[i % SUBJECTS.length]!;
    await gmail.openThread(subject);
    await gmail.page.waitForTimeout(30);
    await gmail.backToInbox();
  }
  // The extension's idle-time work and the background's answers.
  await gmail.page.waitForTimeout(1_000);
}

/**
 * One timed click, as the rep makes it: back to the list, the panel's empty state, a moment, then the thread's
 * row. Resolves with click → Gmail shows the thread and click → the panel shows it (page clocks).
 */
export async function timedClick(gmail: GmailPage, panel: SidePanelPage, subject: string): Promise<{ toGmail: number; toPanel: number }> {
  await gmail.backToInbox();
  await panel.emptyState.waitFor();
  await gmail.page.waitForTimeout(100);
  const shownInPanel = panelShows(panel.page, subject);
  const shownInGmail = gmailShows(gmail.page, subject);
  const clickedAt = await clickRow(gmail.page, subject);
  const [gmailAt, panelAt] = await Promise.all([shownInGmail, shownInPanel]);
  return { toGmail: gmailAt - clickedAt, toPanel: panelAt - clickedAt };
}

async function clickToPanel(on: ExtensionBrowser) {
  const panel = await SidePanelPage.open(on.context, on.extensionId!);
  // A first read each time (`fresh-ids`): the thread reporter does not find the messages it read before.
  const gmail = await GmailPage.open(on.context, GmailPage.variantUrl('fresh-ids'));
  const toPanel: number[] = [];
  const toGmail: number[] = [];
  for (let i = 0; i < CLICKS + 2; i++) {
    const click = await timedClick(gmail, panel, SUBJECTS[i % SUBJECTS.length]!);
    if (i < 2) continue; // warm-up
    toGmail.push(click.toGmail);
    toPanel.push(click.toPanel);
  }
  await panel.page.close();
  await gmail.page.close();
  return { toPanel, toGmail };
}

async function memory(off: ExtensionBrowser, on: ExtensionBrowser, workers: { ours: WorkerHeap; empty: WorkerHeap }) {
  const sides = await Promise.all(
    [off, on].map(async (b) => {
      // Every open draws messages new to the page (`fresh-ids`), so what the thread reporter keeps by message id
      // grows as it would over a day of new mail, not once.
      const gmail = await GmailPage.open(b.context, GmailPage.variantUrl('fresh-ids'));
      const cdp = await b.context.newCDPSession(gmail.page);
      return { gmail, cdp };
    }),
  );
  for (const { gmail } of sides) await openThreads(gmail, OPENS);
  const [offHeap, onHeap] = [await heapBytes(sides[0]!.cdp), await heapBytes(sides[1]!.cdp)];
  const workerHeap = await workers.ours.usedBytes();
  const emptyWorkerHeap = await workers.empty.usedBytes();
  for (const { gmail } of sides) await gmail.page.close();
  return { offHeap, onHeap, workerHeap, emptyWorkerHeap };
}

export const gmailPanelSuite: BenchSuite = {
  name: 'gmail-panel',
  async run() {
    const server = await startGmailServer();
    const empty = emptyWorkerExtension();
    try {
      const off = await launchWithExtension({ serverPort: server.port, extension: false });
      const on = await launchWithExtension({ serverPort: server.port, extraExtensions: [empty.dir] }).catch(async (e: unknown) => {
        await off.close();
        throw e;
      });
      try {
        // Attached before anything runs, and kept: the empty worker would otherwise be stopped when idle.
        const cdp = await on.context.newCDPSession(on.context.pages()[0] ?? (await on.context.newPage()));
        const workers = {
          ours: await attachWorkerHeap(cdp, (url) => url === on.worker!.url()),
          empty: await attachWorkerHeap(cdp, (url) => url.endsWith('/sw.js')),
        };
        const { toPanel, toGmail } = await clickToPanel(on);
        const { offHeap, onHeap, workerHeap, emptyWorkerHeap } = await memory(off, on, workers);
        const added = onHeap - offHeap;
        const rows: BenchRow[] = [
          {
            name: `Thread click → side panel shows its subject and suggestions (ms, p95 of ${CLICKS}; p50 ${round(quantile(toPanel, 0.5))} ms)`,
            value: round(quantile(toPanel, 0.95)),
            unit: 'ms',
            baseline: { name: 'click → Gmail shows the thread, p95, same runs', value: round(quantile(toGmail, 0.95)) },
            budget: { text: '≤ 100 ms', met: quantile(toPanel, 0.95) <= 100 },
          },
          {
            name: `Gmail tab JS heap after opening ${OPENS} threads (MB; added by the extension: ${mb(added)} MB)`,
            value: mb(onHeap),
            unit: 'MB',
            baseline: { name: 'same page and opens, extension off', value: mb(offHeap) },
            budget: { text: '≤ 3 MB added', met: added <= 3 * 1024 * 1024 },
          },
        ];
        rows.push({
          name: `Service worker JS heap after the same ${OPENS} thread opens and ${CLICKS + 2} clicks (MB; CDP Runtime.getHeapUsage after GC)`,
          value: mb(workerHeap),
          unit: 'MB',
          baseline: { name: 'an extension service worker with no code, same browser', value: mb(emptyWorkerHeap) },
          budget: { text: '≤ 15 MB', met: workerHeap <= 15 * 1024 * 1024 },
        });
        return rows;
      } finally {
        await Promise.all([off.close(), on.close()]);
      }
    } finally {
      empty.remove();
      await server.close();
    }
  },
};
