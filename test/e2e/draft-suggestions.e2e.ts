import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';
import { OptionsPage } from './pages/options-page';
import { DraftSuggestionsPanel, inlineReply } from './pages/draft-suggestions';

const e2e = useExtensionBrowser();
beforeAll(async () => {
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.contactCount.filter({ hasNotText: /^0$/ }).waitFor();
  await popup.page.close();
});

describe('draft suggestions: Gmail thread → side panel → reply box', () => {
  it('suggests the pricing reply with the contact’s name for a pricing question, and Insert puts it in the reply box without sending', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    const side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
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
    e2e.server.clearSyncRequests();
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
    expect(e2e.server.syncRequests.flatMap((r) => r.messages).filter((m) => m.kind === 'send')).toEqual([]);
    expect(await gmail.delivered()).toEqual([]);
    expect(await reply.sendButton.isVisible()).toBe(true);
  });

  it('inserts at the rep’s cursor when the reply box is already open', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
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
    const side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const panel = new DraftSuggestionsPanel(side.page);
    await panel.draft('pricing-reply').waitFor({ timeout: 10_000 });
    await panel.edit('pricing-reply', 'MIDDLE');
    expect(await panel.insert('pricing-reply')).toMatch(/Inserted at your cursor/);
    await expect.poll(() => reply.body.innerText()).toMatch(/Before\.\s*MIDDLE\s*After\./);
    expect(await gmail.delivered()).toEqual([]);
  });

  it('an out-of-office reply suggests answering the out-of-office', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Rollout schedule for Q1');
    const side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const panel = new DraftSuggestionsPanel(side.page);
    await expect.poll(() => panel.intent.getAttribute('data-intent'), { timeout: 10_000 }).toBe('out_of_office');
    expect((await panel.templateIds())[0]).toBe('out-of-office');
    expect(await panel.text('out-of-office')).toMatch(/^Hi Marcus,/);
  });
});

describe('a "no" gets closing the loop, not another pitch', () => {
  it('an unsubscribe reply offers to stop the reminders and only the close-the-loop draft', async () => {
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.receiveReply({
      subject: 'Northwind security questionnaire',
      from: { name: 'Elena Sorensen', email: 'elena@northwind.example' },
      body: 'Hi Sam,\n\nWe have decided not to move forward. Please take me off your mailing list.\n\nElena',
    });
    await gmail.openThread('Northwind security questionnaire');
    const panel = new DraftSuggestionsPanel((await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!)).page);
    await expect.poll(() => panel.intent.getAttribute('data-intent'), { timeout: 10_000 }).toBe('not_interested');
    expect(await panel.templateIds()).toEqual(['close-the-loop']);
    expect(await panel.text('close-the-loop')).toMatch(/^Hi Elena,\n\nThanks for letting me know/);
    await panel.closeLoop.getByRole('button', { name: /Stop reminders/ }).click();
    await panel.closeLoop.getByRole('status').waitFor();
    expect(await panel.closeLoop.getByRole('status').innerText()).toMatch(/Closed\. No reminders were pending|Stopped \d+ reminder/);
  });
});

describe('AI drafts in the real browser fall back to the templates with a clear note', () => {
  /** Write the rep's AI settings as the options page would have stored them. */
  const setAi = (ai: Record<string, unknown>) =>
    e2e.browser.worker!.evaluate(async (value) => {
      type Area = { get(k: string): Promise<Record<string, unknown>>; set(v: Record<string, unknown>): Promise<void> };
      const local = (globalThis as unknown as { chrome: { storage: { local: Area } } }).chrome.storage.local;
      const current = ((await local.get('settings')).settings ?? {}) as Record<string, unknown>;
      await local.set({ settings: { ...current, version: 3, ai: value } });
    }, ai);

  it('Chrome’s built-in model where this Chromium has none', async () => {
    await setAi({ provider: 'chrome' });
    const gmail = await GmailPage.open(e2e.browser.context);
    await gmail.openThread('Fleet tracking pilot for 40 vans');
    let side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    let panel = new DraftSuggestionsPanel(side.page);
    await panel.draft('pricing-reply').waitFor({ timeout: 10_000 });
    // A provider set up for drafts reads no reply until the rep opts in: the rules decide, and say so.
    expect(await panel.intentFrom.innerText()).toBe('intent from local rules: reading replies with your AI provider is off (Options → AI)');
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await options.tab('AI log');
    await options.readIntentSwitch.waitFor();
    expect(await options.readIntentSwitch.isChecked()).toBe(false);
    await options.setReadIntent(true);
    expect(await options.readIntentSwitch.isChecked()).toBe(true);
    await options.page.close();
    await side.page.close();
    side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    panel = new DraftSuggestionsPanel(side.page);
    await panel.draft('pricing-reply').waitFor({ timeout: 10_000 });
    // The intent stays the rules', and the panel says why the built-in model did not decide it.
    expect(await panel.intentFrom.innerText()).toMatch(/^intent from local rules: the AI provider failed \((this browser does not offer Chrome’s built-in model|Chrome’s built-in model is not available on this device)/);
    await panel.draftWithAi();
    expect(await panel.aiNote.innerText()).toMatch(/built-in model.*these are your templates/);
    expect(await panel.templateIds()).toContain('pricing-reply');
  });

  it('an OpenAI-compatible endpoint the rep never granted is not called', async () => {
    let calls = 0;
    const model: Server = createServer((_req, res) => {
      calls++;
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => model.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
      // Opted in to reading replies too (Options → AI), so both the intent and the draft would call it.
      await setAi({ provider: 'openai-compatible', endpoint, model: 'llama3.2', readIntent: true });
      const gmail = await GmailPage.open(e2e.browser.context);
      await gmail.openThread('Fleet tracking pilot for 40 vans');
      const panel = new DraftSuggestionsPanel((await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!)).page);
      await panel.draft('pricing-reply').waitFor({ timeout: 10_000 });
      expect(await panel.intentFrom.innerText()).toBe('intent from local rules: Followthrough has no permission to reach the AI provider');
      await panel.draftWithAi();
      expect(await panel.aiNote.innerText()).toMatch(/no permission to reach http:\/\/127\.0\.0\.1:\d+.*these are your templates/);
      expect(calls).toBe(0);
    } finally {
      await new Promise((r) => model.close(r));
    }
  });
});
