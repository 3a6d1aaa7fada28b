import { z } from 'zod';
import { GmailThreadId } from './records';
import { GmailView } from './messages';
import type { KeyValuePort } from './settings';

// What each tab shows, kept in session storage: it must outlive the service worker, not the browser.

// A CRM tab shows a record (view 'other'); the side panel shows that contact's local timeline.
const TabRecord = z.object({
  crm: z.enum(['hubspot', 'salesforce', 'pipedrive']),
  recordType: z.string().max(50),
  recordId: z.string().max(200),
  email: z.string().max(320).optional(),
  name: z.string().max(300).optional(),
});
const TabView = z.object({
  tabId: z.number().int(),
  view: GmailView,
  threadId: GmailThreadId.optional(),
  record: TabRecord.optional(),
  at: z.number(),
});
export type TabView = z.infer<typeof TabView>;
const TabViews = z.record(z.string(), TabView);
const KEY = 'tabViews';

// The background is the only writer: storage is read once per worker life (a stopped worker reads it again)
// and kept in memory, every change is made there at once and written behind it. A thread open changed the
// tab's view (a read and a write of storage, one after the other) and the side panel's view read it back
// twice, each a round trip to the browser, all on the way to the side panel (bench gmail-panel).
export class ViewTracker {
  // Writes go one at a time, each writing what memory holds by then, so the last write holds every change.
  private queue: Promise<unknown> = Promise.resolve();
  private views: Promise<Record<string, TabView>> | undefined;

  constructor(private readonly storage: KeyValuePort) {}

  /** Storage is read again on next use (after a wipe cleared it). */
  forget(): void {
    this.views = undefined;
  }

  private all(): Promise<Record<string, TabView>> {
    const loading = (this.views ??= (async () => {
      const parsed = TabViews.safeParse((await this.storage.get(KEY)) ?? {});
      return parsed.success ? parsed.data : {};
    })());
    loading.catch(() => {
      if (this.views === loading) this.views = undefined;
    });
    return loading;
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  private async change(apply: (views: Record<string, TabView>) => void): Promise<void> {
    const views = await this.all();
    apply(views);
    return this.serially(async () => {
      // Forgotten meanwhile (a wipe): nothing of the old memory is written back.
      if (this.views && (await this.views) === views) await this.storage.set(KEY, { ...views });
    });
  }

  set(view: TabView): Promise<void> {
    return this.change((views) => {
      views[String(view.tabId)] = view;
    });
  }

  remove(tabId: number): Promise<void> {
    return this.change((views) => {
      delete views[String(tabId)];
    });
  }

  /** The view of that tab, or, with no tab named, the one the rep touched last. */
  async get(tabId?: number): Promise<TabView | undefined> {
    const views = await this.all();
    if (tabId !== undefined && views[String(tabId)]) return views[String(tabId)];
    return Object.values(views).sort((a, b) => b.at - a.at)[0];
  }
}
