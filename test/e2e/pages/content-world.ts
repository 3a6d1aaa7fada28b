import type { Page } from 'playwright-core';

// The extension's content-script world in a page (Chrome's "isolated world"), reached through the DevTools
// protocol: what runs here is exactly what a Followthrough content script could do.

export async function inContentScriptWorld<T>(page: Page, extensionId: string, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: { id: number; origin: string; name: string; auxData?: { type?: string; frameId?: string; isDefault?: boolean } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`) ?? contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Followthrough');
    if (!world) throw new Error(`no Followthrough content-script world in ${page.url()} (contexts: ${contexts.map((c) => `${c.auxData?.type}:${c.name}:${c.origin}`).join(', ')})`);
    const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true })) as {
      result: { value: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    };
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  } finally {
    await cdp.detach();
  }
}
