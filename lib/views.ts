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

export class ViewTracker {
  // Each tab's view is read, changed and written back: one change at a time, or two tabs lose one.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly storage: KeyValuePort) {}

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  private async all(): Promise<Record<string, TabView>> {
    const parsed = TabViews.safeParse((await this.storage.get(KEY)) ?? {});
    return parsed.success ? parsed.data : {};
  }

  set(view: TabView): Promise<void> {
    return this.serially(async () => {
      const views = await this.all();
      views[String(view.tabId)] = view;
      await this.storage.set(KEY, views);
    });
  }

  remove(tabId: number): Promise<void> {
    return this.serially(async () => {
      const views = await this.all();
      delete views[String(tabId)];
      await this.storage.set(KEY, views);
    });
  }

  /** The view of that tab, or, with no tab named, the one the rep touched last. */
  async get(tabId?: number): Promise<TabView | undefined> {
    const views = await this.all();
    if (tabId !== undefined && views[String(tabId)]) return views[String(tabId)];
    return Object.values(views).sort((a, b) => b.at - a.at)[0];
  }
}
