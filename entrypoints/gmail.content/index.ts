import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startFeatures } from '@/lib/gmail/feature-manager';
import { logButton } from '@/lib/gmail/features/log-button';
import { threadReporter, viewReporter } from '@/lib/gmail/features/thread-reporter';
import { insertDraftFeature } from '@/lib/gmail/features/insert-draft';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const send = (message: unknown) => browser.runtime.sendMessage(message);
    startFeatures({
      window,
      signal: ctx.signal,
      features: [
        threadReporter(send, window),
        viewReporter(send),
        logButton(send, window),
        insertDraftFeature(browser.runtime.onMessage as unknown as Parameters<typeof insertDraftFeature>[0], window),
      ],
      log: (m) => console.debug(`[Followthrough] ${m}`),
    });
  },
});
