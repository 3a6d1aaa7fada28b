import { beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { SidePanelPage } from './pages/side-panel-page';
import { OptionsPage } from './pages/options-page';
import { TodayList } from './pages/today';
import { BackgroundStore } from './pages/background-store';
import { axeViolations, serious } from './audit';

// Today as a rep meets it on day one — no demo data loaded: it explains itself; a stranger writing from a
// company address becomes a contact and the first thing on Today; j/k/Enter/e work; a due reminder shows and
// `e` marks it done.

const e2e = useExtensionBrowser();
const DANA = { name: 'Dana Whitfield', email: 'dana.whitfield@bluefin-logistics.example' };
let side: SidePanelPage;
let today: TodayList;
const ask = async <T,>(channel: string, payload: unknown) => {
  const answer = (await side.sendRaw({ channel, payload })) as { ok: boolean; data?: T; error?: { message: string } };
  if (!answer.ok) throw new Error(answer.error?.message ?? `${channel} failed`);
  return answer.data as T;
};

beforeAll(async () => {
  side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
  today = new TodayList(side.page);
});

describe('Today', () => {
  it('with no data, says what it will show and how to get there — in the side panel and the options page, with no serious axe violations', async () => {
    await today.empty.waitFor();
    expect(await today.empty.innerText()).toContain('replies waiting for your answer (new leads first), reminders that fell due');
    const steps = await today.setupSteps.allInnerTexts();
    expect(steps.join('\n')).toContain('Add your own domain');
    expect(steps.join('\n')).toContain('becomes a contact and a new lead here');
    expect(steps.join('\n')).toContain('Options → Today');
    expect(serious(await axeViolations(side.page))).toEqual([]);

    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await options.tab('Today');
    const onOptions = new TodayList(options.page);
    await onOptions.empty.waitFor();
    await options.page.getByTestId('lead-routing').waitFor();
    expect(serious(await axeViolations(options.page))).toEqual([]);
    await options.page.close();
  });

  it('an inbound mail from a new lead at a company domain makes them a contact and puts them first', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    // Two strangers write: Elena's thread is in the mailbox already; Dana's mail arrives now, on a thread the rep
    // answered last (so before it, that thread waited for no one).
    await gmail.receiveReply({ subject: 'Rollout schedule for Q1', from: DANA, body: 'Hi Sam, we run 120 trucks out of Rotterdam and are looking at your tracking. Could we talk pricing next week?' });
    await gmail.openThread('Northwind security questionnaire');
    await gmail.backToInbox();
    await gmail.openThread('Rollout schedule for Q1');
    await side.focus();
    await expect.poll(() => today.titles(), { timeout: 20_000 }).toContain('New lead: reply to Dana Whitfield — Rollout schedule for Q1');
    // Dana is a contact now (local CRM).
    const found = await ask<{ items: { contact: { email: string; name: string } }[] }>('ui.contacts.search', { query: 'bluefin', limit: 5 });
    expect(found.items.map((i) => [i.contact.name, i.contact.email])).toEqual([[DANA.name, DANA.email]]);
    // Both new leads lead the list; the newest mail from a stranger waits least, so Elena's (older) comes first
    // and Dana's right after, each saying why.
    const titles = await today.titles();
    expect(titles.slice(0, 2).sort()).toEqual(['New lead: reply to Dana Whitfield — Rollout schedule for Q1', 'New lead: reply to Elena Sorensen — Northwind security questionnaire'].sort());
    const whys = await today.whys();
    expect(whys[0]).toBe('#1 — first: a new lead');
    expect(whys[1]).toMatch(/^#2 — engagement: waiting less long/);
    expect(await today.items.first().locator('.chip', { hasText: 'new lead' }).count()).toBe(1);
    await gmail.page.close();
  });

  it('j and k move, Enter acts with the default action (open the thread), e marks done; a due reminder shows and e marks it done', async () => {
    // A reminder that fell due an hour ago, added the way the Data tab imports rows.
    const { settings } = await ask<{ settings: Record<string, unknown> }>('settings.load', {});
    const due = Date.now() - 3_600_000;
    const reminder = { id: 'rm-today-e2e', dueAt: due, reason: 'No reply to “Fleet tracking pilot for 40 vans” after 3 working days', status: 'pending', createdAt: due - 86_400_000, subject: 'Fleet tracking pilot for 40 vans', threadId: 'thread-f:1882028161105939945' };
    await ask('ui.data.import', { file: { format: 'followthrough-export', version: 1, exportedAt: Date.now(), settings, tables: { reminders: [reminder] } }, mode: 'merge' });
    await side.reload();
    await expect.poll(() => today.titles(), { timeout: 10_000 }).toContain('Follow up — Fleet tracking pilot for 40 vans');
    expect(await today.items.count()).toBe(3);
    const [first, second, third] = await today.titles();

    await today.focusFirst();
    expect(await today.focusedTitle()).toBe(first);
    await today.press('j');
    await expect.poll(() => today.focusedTitle()).toBe(second);
    await today.press('j');
    await expect.poll(() => today.focusedTitle()).toBe(third);
    expect(await today.selectedTitle()).toBe(third);
    await today.press('j'); // stays on the last
    await expect.poll(() => today.focusedTitle()).toBe(third);
    await today.press('k');
    await expect.poll(() => today.focusedTitle()).toBe(second);
    await today.press('k');
    await expect.poll(() => today.focusedTitle()).toBe(first);

    // Enter: the first row's default action opens its thread in a Gmail tab.
    await today.press('Enter');
    await expect.poll(() => today.notice.innerText()).toContain('Opened the thread');
    const gmailTab = () => e2e.browser.context.pages().find((p) => p.url().startsWith('https://mail.google.com/'));
    // In the account the thread was read in (lib/gmail/links.ts).
    await expect.poll(() => gmailTab()?.url(), { timeout: 10_000 }).toMatch(/^https:\/\/mail\.google\.com\/mail\/u\/\?authuser=sam%40followthrough-demo\.example#all\/[0-9a-f]+$/);
    await gmailTab()?.close();

    // The due reminder: selected with j/k, marked done with e — through the reminder service.
    await side.focus();
    const titles = await today.titles();
    const at = titles.indexOf('Follow up — Fleet tracking pilot for 40 vans');
    await today.focusFirst();
    for (let i = 0; i < at; i++) await today.press('j');
    await expect.poll(() => today.focusedTitle()).toBe('Follow up — Fleet tracking pilot for 40 vans');
    await today.press('e');
    await expect.poll(() => today.titles()).not.toContain('Follow up — Fleet tracking pilot for 40 vans');
    await expect.poll(() => today.notice.innerText()).toBe('Reminder marked done.');
    const reminders = await new BackgroundStore(e2e.browser.worker!).reminders('thread-f:1882028161105939945');
    expect(reminders.find((r) => r.id === 'rm-today-e2e')?.status).toBe('done');
    // Focus moved to the row that took its place, so the rep can keep going.
    await expect.poll(() => today.focusedTitle()).not.toBeNull();

    // e on a lead marks it done too: it leaves Today.
    const before = await today.items.count();
    await today.focusFirst();
    await today.press('e');
    await expect.poll(() => today.items.count()).toBe(before - 1);
    expect(serious(await axeViolations(side.page))).toEqual([]);
  });
});
