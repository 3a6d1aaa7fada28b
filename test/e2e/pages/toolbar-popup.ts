import type { BrowserContext, Worker } from 'playwright-core';

// Chrome's real toolbar popup (not popup.html opened as a tab): opened by action.openPopup() from the service
// worker (Chrome 127+), read through the DevTools protocol because Playwright does not list popup targets.

export async function realPopupSize(context: BrowserContext, worker: Worker): Promise<{ width: number; height: number }> {
  const page = await context.newPage();
  try {
    await page.goto('about:blank');
    await worker.evaluate(() => (globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }).chrome.action.openPopup());
    const cdp = await context.newCDPSession(page);
    type Target = { targetId: string; type: string; url: string };
    let popup: Target | undefined;
    for (let i = 0; i < 50 && !popup; i++) {
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Target[] };
      popup = targetInfos.find((t) => t.url.endsWith('/popup.html'));
      if (!popup) await new Promise((r) => setTimeout(r, 100));
    }
    if (!popup) throw new Error('the toolbar popup did not open');
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: popup.targetId, flatten: false })) as { sessionId: string };
    const evaluate = async (expression: string): Promise<unknown> => {
      const answer = new Promise<string>((resolve) => cdp.once('Target.receivedMessageFromTarget' as never, (e: { message: string }) => resolve(e.message)));
      await cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } }) } as never);
      return (JSON.parse(await answer) as { result: { result: { value: unknown } } }).result.result.value;
    };
    // Measured once the popup has rendered its content (React mounts after the settings load).
    let size = { width: 0, height: 0 };
    for (let i = 0; i < 50; i++) {
      size = JSON.parse(String(await evaluate(`JSON.stringify({ width: innerWidth, height: innerHeight, ready: !!document.querySelector('.popup') })`))) as typeof size & { ready: boolean };
      if ((size as { ready?: boolean }).ready) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await cdp.detach();
    return { width: size.width, height: size.height };
  } finally {
    await page.close();
  }
}
