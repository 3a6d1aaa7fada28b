import { describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { GmailPage } from './pages/gmail-page';
import { SidePanelPage } from './pages/side-panel-page';

// Selector health in a real browser: recorded per key and view, sent to the background, readable by the
// side panel; a Gmail the extension no longer recognises raises no error in Gmail's page.

interface Health {
  ok: boolean;
  data: { record: { checks: { key: string; view: string; found: boolean }[]; networkProblems: { problem: string }[] } | null; missing: string[] };
}

const e2e = useExtensionBrowser();
describe('selector health', () => {
  it('records what was found per view, and says what a changed Gmail no longer shows', async () => {
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const health = async () => (await panel.sendRaw({ channel: 'gmail.getHealth', payload: {} })) as Health;

    const gmail = await GmailPage.open(e2e.browser.context);
    const pageErrors: string[] = [];
    gmail.page.on('pageerror', (e) => pageErrors.push(e.message));
    gmail.page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await gmail.openThread('Northwind security questionnaire');
    await expect
      .poll(async () => (await health()).data.record?.checks.filter((c) => c.view === 'thread' && c.found).map((c) => c.key) ?? [], { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['thread.subject', 'thread.message', 'message.sender', 'message.body']));
    expect((await health()).data.missing).toEqual([]);

    // Gmail ships a build with every class and attribute renamed.
    await gmail.backToInbox();
    await gmail.simulateGmailChange();
    await expect.poll(async () => (await health()).data.missing, { timeout: 10_000 }).toContain('list.row@list');
    expect(pageErrors).toEqual([]);
  });

  it('records sync requests it cannot read, naming what failed, without touching Gmail’s request', async () => {
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const gmail = await GmailPage.open(e2e.browser.context);
    const pageErrors: string[] = [];
    gmail.page.on('pageerror', (e) => pageErrors.push(e.message));
    // Garbled (an operation that is not one) and of a shape no layout knows; Gmail's server accepts both.
    const statuses = await gmail.page.evaluate(async () =>
      Promise.all(['[1,[[[10,["thread-a:r1",7]]]]]', '{"hello":"gmail"}'].map(async (body) => (await fetch('/sync/u/0/i/s?c=1', { method: 'POST', body })).status)),
    );
    expect(statuses).toEqual([200, 200]);
    const problems = async () => ((await panel.sendRaw({ channel: 'gmail.getHealth', payload: {} })) as Health).data.record?.networkProblems.map((p) => p.problem) ?? [];
    await expect.poll(problems, { timeout: 10_000 }).toEqual(
      expect.arrayContaining([
        'sync save (/i/s) request: item 0: no operation array',
        'sync save (/i/s) request: sync request in no known layout (array-2022-09: not a JSON array; object-2018-01: not an object with field-number keys)',
      ]),
    );
    expect(pageErrors).toEqual([]);
  });

  it('a send on the test page and Gmail-shaped answer, read by the dated parsers, add no problem to the record', async () => {
    const panel = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    const problems = async () => ((await panel.sendRaw({ channel: 'gmail.getHealth', payload: {} })) as Health).data.record?.networkProblems.map((p) => p.problem) ?? [];
    const before = (await problems()).length;
    const gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: ['Priya Raman <priya.raman@acme-robotics.example>'], subject: 'Pilot timeline', body: 'Hi Priya, the pilot starts Monday.' });
    await compose.send();
    await e2e.server.waitForSync((r) => r.messages.some((m) => m.kind === 'send'));
    // A marker problem after the send: once it is recorded, everything the send caused has been too.
    await gmail.page.evaluate(async () => void (await fetch('/sync/u/0/i/s?c=2', { method: 'POST', body: '[1,[[[10,["thread-a:r2",7]]]]]' })));
    const marker = 'sync save (/i/s) request: item 0: no operation array';
    await expect.poll(async () => (await problems()).slice(before), { timeout: 10_000 }).toContain(marker);
    expect((await problems()).slice(before)).toEqual([marker]);
  });
});
