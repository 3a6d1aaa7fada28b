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
  /** Gmail selectors the tab's content script could not find (lib/gmail/features/health-reporter.ts). */
  missing: z.array(z.string().max(100)).max(30).optional(),
});
export type TabView = z.infer<typeof TabView>;
const TabViews = z.record(z.string(), TabView);
const KEY = 'tabViews';

export class ViewTracker {
  constructor(private readonly storage: KeyValuePort) {}

  private async all(): Promise<Record<string, TabView>> {
    const parsed = TabViews.safeParse((await this.storage.get(KEY)) ?? {});
    return parsed.success ? parsed.data : {};
  }

  async set(view: TabView): Promise<void> {
    const views = await this.all();
    // Detection health belongs to the page, not the view: it stays until the tab reports again.
    const missing = view.missing ?? views[String(view.tabId)]?.missing;
    views[String(view.tabId)] = missing ? { ...view, missing } : view;
    await this.storage.set(KEY, views);
  }

  /** Record what Gmail detection could not find in that tab (kept until the next report). */
  async setHealth(tabId: number, missing: string[]): Promise<void> {
    const views = await this.all();
    const view = views[String(tabId)];
    if (!view) return;
    views[String(tabId)] = { ...view, missing };
    await this.storage.set(KEY, views);
  }

  async remove(tabId: number): Promise<void> {
    const views = await this.all();
    delete views[String(tabId)];
    await this.storage.set(KEY, views);
  }

  /** The view of that tab, or, with no tab named, the one the rep touched last. */
  async get(tabId?: number): Promise<TabView | undefined> {
    const views = await this.all();
    if (tabId !== undefined && views[String(tabId)]) return views[String(tabId)];
    return Object.values(views).sort((a, b) => b.at - a.at)[0];
  }
}
