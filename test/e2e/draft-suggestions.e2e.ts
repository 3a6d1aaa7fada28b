import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGmailServer } from '../server/gmail-server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { GmailPage } from './pages/gmail-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { DraftSuggestionsPanel, inlineReply } from './pages/draft-suggestions';

let server: Awaited<ReturnType<typeof startGmailServer>>;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startGmailServer();
  browser = await launchWithExtension({ serverPort: server.port });
  const popup = await PopupPage.open(browser.context, browser.extensionId!);
  await popup.loadDemoData();
  await popup.contactCount.filter({ hasNotText: /^0$/ }).waitFor();
  await popup.page.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(() => {
  const errors = browser.extensionErrors.splice(0);
  expect(errors, 'errors in extension pages').toEqual([]);
});

describe('draft suggestions: Gmail thread → side panel → reply box', () => {
  it('suggests the pricing reply with the contact’s name for a pricing question, and Insert puts it in the reply box without sending', async () => {
    const gmail = await GmailPage.open(browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const side = await SidePanelPage.open(browser.context, browser.extensionId!);
    const panel = new DraftSuggestionsPanel(side.page);

    await expect.poll(() => panel.intent.getAttribute('data-intent'), { timeout: 10_000 }).toBe('pricing');
    expect(await panel.intent.innerText()).toMatch(/they asked about pricing/);
    const ids = await panel.templateIds();
    expect(ids[0]).toBe('pricing-reply');
    expect(ids.length).toBeLessThanOrEqual(3);
    expect(await panel.reason('pricing-reply')).toMatch(/they asked about pricing \(“.*(price|pricing|discount).*”\)/);
    const text = await panel.text('pricing-reply');
    expect(text).toMatch(/^Hi Priya,/);
    expect(text).toContain('Acme Robotics');
    expect(text).toContain('Acme Robotics — fleet tracking pilot');

    // The rep edits in place, then inserts.
    const edited = text.replace('[range / plan]', '$38 per van per month on the annual plan');
    await panel.edit('pricing-reply', edited);
    server.clearSyncRequests();
    await gmail.page.bringToFront();
    expect(await panel.insert('pricing-reply')).toMatch(/Inserted into a new reply/);

    const reply = inlineReply(gmail);
    await expect.poll(() => reply.body.innerText()).toContain('Hi Priya,');
    const inserted = await reply.body.innerText();
    expect(inserted).toContain('$38 per van per month on the annual plan');
    // Line breaks kept: Gmail's one-div-per-line markup, blank lines as <div><br></div>.
    expect(await reply.body.evaluate((el) => el.querySelectorAll(':scope > div').length)).toBeGreaterThan(5);
    expect(await reply.body.evaluate((el) => el.innerHTML)).toContain('<div><br></div>');

    // Nothing was sent: no send in any sync request, nothing delivered by the page.
    await gmail.page.waitForTimeout(1_500);
    expect(server.syncRequests.flatMap((r) => r.messages).filter((m) => m.kind === 'send')).toEqual([]);
    expect(await gmail.delivered()).toEqual([]);
    expect(await reply.sendButton.isVisible()).toBe(true);
  });

  it('inserts at the rep’s cursor when the reply box is already open', async () => {
    const gmail = await GmailPage.open(browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const reply = await gmail.reply('Before. After.');
    // Put the caret between the two sentences.
    await reply.body.evaluate((el) => {
      const text = el.firstChild!;
      const range = document.createRange();
      range.setStart(text, 'Before. '.length);
      range.collapse(true);
      const sel = getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    });
    const side = await SidePanelPage.open(browser.context, browser.extensionId!);
    const panel = new DraftSuggestionsPanel(side.page);
    await panel.draft('pricing-reply').waitFor({ timeout: 10_000 });
    await panel.edit('pricing-reply', 'MIDDLE');
    expect(await panel.insert('pricing-reply')).toMatch(/Inserted at your cursor/);
    await expect.poll(() => reply.body.innerText()).toMatch(/Before\.\s*MIDDLE\s*After\./);
    expect(await gmail.delivered()).toEqual([]);
  });

  it('an out-of-office reply suggests answering the out-of-office', async () => {
    const gmail = await GmailPage.open(browser.context);
    await gmail.openThread('Rollout schedule for Q1');
    const side = await SidePanelPage.open(browser.context, browser.extensionId!);
    const panel = new DraftSuggestionsPanel(side.page);
    await expect.poll(() => panel.intent.getAttribute('data-intent'), { timeout: 10_000 }).toBe('out_of_office');
    expect((await panel.templateIds())[0]).toBe('out-of-office');
    expect(await panel.text('out-of-office')).toMatch(/^Hi Marcus,/);
  });
});
