import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations, overflow, serious } from './audit';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { renameMessageBodyClass } from './pages/gmail-change';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { seedFile } from '../fixtures/surfaces/seed';

// The side panel beside a Gmail thread: the rep's book of business is restored from a backup (Data tab),
// then the rep opens the thread in Gmail and works its suggestions from the panel.

const SUBJECT = 'Fleet tracking pilot for 40 vans';
const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
const THREAD = 'thread-f:1882028161105939945';

/**
 * The thread's inbound mail as already seen: a backup from a browser that had read this thread carries its
 * `email.received` events as done, so opening it again re-suggests nothing and cancels no reminder.
 */
function seenInbound(now: number) {
  const mailbox = JSON.parse(readFileSync(resolve(import.meta.dirname, '../gmail-page/mailbox.json'), 'utf8')) as {
    account: { email: string };
    threads: { id: string; messages: { id: string; from: { email: string } }[] }[];
  };
  const thread = mailbox.threads.find((t) => t.id === THREAD)!;
  return thread.messages
    .filter((m) => m.from.email !== mailbox.account.email)
    .map((m) => ({ id: `email.received:${m.id}`, type: 'email.received', event: {}, status: 'done' as const, depth: 0, at: now - 86_400_000 }));
}

/** The seed, moved onto the Gmail test page's thread, with a long history on it. */
function bookOfBusiness(now: number, activities = 120) {
  const file = seedFile({ now, activities });
  const retarget = <T extends { threadId?: string }>(rows: T[]) => rows.map((r) => (r.threadId === 'thread-f:1790000000000000001' ? { ...r, threadId: THREAD } : r));
  return {
    ...file,
    tables: {
      ...file.tables,
      threads: file.tables.threads.filter((t) => t.id !== 'thread-f:1790000000000000001'),
      messages: [],
      activities: retarget(file.tables.activities),
      suggestions: retarget(file.tables.suggestions),
      reminders: retarget(file.tables.reminders),
      events: seenInbound(now),
    },
  };
}

const e2e = useExtensionBrowser();
describe('side panel beside a Gmail thread', () => {
  it('shows the card, the thread’s suggestions with reasons and a virtualised timeline; accepting a follow-up reaches the engine', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!, '#data');
    await options.importData(bookOfBusiness(Date.now()));
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread(SUBJECT);
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await panel.focus();

    await expect.poll(() => panel.subject.textContent(), { timeout: 10_000 }).toBe(SUBJECT);
    expect(await panel.contactCards.first().innerText()).toMatch(/Priya Raman[\s\S]*Fleet tracking pilot[\s\S]*proposal[\s\S]*Last touch/);
    // Only this thread's suggestions: the follow-up and the draft, not the other thread's log suggestion.
    expect(await panel.suggestions.count()).toBe(2);
    expect(await panel.suggestion('followup').innerText()).toContain('Why: Priya asked for the proposal by Friday');
    // (The thread's reminder may already be cancelled: opening the thread reports Priya's reply to the engine,
    // whose built-in rule cancels reminders waiting on a thread that got one. ui-handlers.test.ts covers the list.)

    // At least 120 activities on the thread; only those in view are in the DOM, each knowing its place.
    await panel.timeline.waitFor();
    const rendered = await panel.timelineEntries.count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(40);
    // (The engine may have logged the thread's own messages on top, as it saw them.)
    expect(Number(await panel.timelineEntries.first().getAttribute('aria-setsize'))).toBeGreaterThanOrEqual(120);

    // README screenshots: the panel at 360 px as the rep sees it beside this thread, light and dark.
    mkdirSync(SHOTS, { recursive: true });
    await panel.page.evaluate(() => document.fonts.ready);
    for (const scheme of ['light', 'dark'] as const) {
      await panel.page.emulateMedia({ colorScheme: scheme });
      expect(await overflow(panel.page), `side panel ${scheme}`).toEqual([]);
      expect(serious(await axeViolations(panel.page)), `side panel on a thread, ${scheme}`).toEqual([]);
      await panel.page.screenshot({ path: join(SHOTS, `side-panel-${scheme}.png`), fullPage: true });
    }
    await panel.page.emulateMedia({ colorScheme: null });

    await panel.accept('followup');
    await panel.suggestion('followup').waitFor({ state: 'detached' });
    const { json } = await options.exportData();
    const tables = (json as { tables: Record<string, { id: string; status?: string; event?: { threadId?: string } }[]> }).tables;
    expect(tables.suggestions!.find((s) => s.id === 'sg-followup')?.status).toBe('accepted');
    expect(tables.events!.find((e) => e.id === 'suggestion.accepted:sg-followup')?.event?.threadId).toBe(THREAD);

    // Back in the inbox, the panel shows the day instead.
    await gmail.backToInbox();
    await expect.poll(() => panel.emptyState.isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it('shows detection health in the popup, and puts up a banner saying what does not work when Gmail changes', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread(SUBJECT);
    const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
    // The Gmail tab reports once its view settles; bodies are read, whatever else this page lacks.
    const health = () => popup.page.reload().then(() => popup.page.getByTestId('detection-health').innerText());
    await expect.poll(health, { timeout: 15_000, interval: 1_000 }).toMatch(/^Gmail detection (working|degraded)/);
    expect(await health()).not.toContain('message text');

    await gmail.backToInbox();
    await renameMessageBodyClass(gmail.page);
    await gmail.openThread('Rollout schedule for Q1');
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await panel.focus();
    await expect.poll(() => panel.detectionBanner.isVisible().then((v) => (v ? panel.detectionBanner.innerText() : '')), { timeout: 15_000 }).toContain('Gmail changed: message text not detected');
    expect(await panel.detectionBanner.getAttribute('role')).toBe('alert');
  });
});
