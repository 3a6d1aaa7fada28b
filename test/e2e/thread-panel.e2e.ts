import { describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { PopupPage } from './pages/popup-page';
import { SidePanelPage } from './pages/side-panel-page';

const e2e = useExtensionBrowser();
describe('Gmail page → content script → background → IndexedDB → side panel', () => {
  it('loads the extension in Chromium', () => {
    expect(e2e.browser.extensionId).toMatch(/^[a-p]{32}$/);
  });

  it('shows the opened thread’s subject and participants in the side panel, read from the database', async () => {
    const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await popup.loadDemoData();
    await expect.poll(() => popup.contactCount.innerText()).not.toBe('0');

    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    await panel.emptyState.waitFor();

    const gmail = await GmailPage.open(e2e.browser.context);
    const subject = await gmail.rows.nth(0).locator('span.bog').innerText();
    await gmail.openThread(subject);
    const expectedParticipants = await gmail.threadParticipants();
    expect(expectedParticipants.length).toBeGreaterThanOrEqual(2);

    // The panel is told by the background when the thread lands; no reload needed.
    await expect.poll(() => panel.subject.textContent(), { timeout: 10_000 }).toBe(await gmail.threadSubject());
    expect((await panel.participants()).sort()).toEqual(expectedParticipants.sort());

    // And it was stored: a fresh panel reads the same from IndexedDB.
    await panel.reload();
    await expect.poll(() => panel.subject.textContent()).toBe(await gmail.threadSubject());

    // Back to the inbox: the panel no longer shows a thread.
    await gmail.backToInbox();
    await expect.poll(() => panel.emptyState.isVisible()).toBe(true);
  });

  it('answers malformed and misdirected messages from a real extension page with typed errors', async () => {
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    expect(await panel.sendRaw('garbage')).toMatchObject({ ok: false, error: { code: 'bad_envelope' } });
    expect(await panel.sendRaw({ channel: 'nope', payload: {} })).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await panel.sendRaw({ channel: 'panel.getContext', payload: { tabId: -1 } })).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    // Only a Gmail tab may report a thread.
    expect(await panel.sendRaw({ channel: 'gmail.threadSeen', payload: {} })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    // The background logged each refusal with console.warn, not as an error; nothing is left in errors.
  });
});
