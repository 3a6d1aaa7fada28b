import '@/lib/zod-config';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startFeatures } from '@/lib/gmail/feature-manager';
import { CONTENT_PORT, portSender } from '@/lib/port-client';
import { logButton } from '@/lib/gmail/features/log-button';
import { insertDraftFeature } from '@/lib/gmail/features/insert-draft';
import { composeNewFeature } from '@/lib/gmail/features/compose-new';
import { remindMe } from '@/lib/gmail/features/remind-me';
import { proposeTimes } from '@/lib/gmail/features/propose-times';
import { attachInvitationFeature } from '@/lib/gmail/features/attach-invitation';
import { startHealthReporter } from '@/lib/gmail/health-reporter';
import { SelectorHealth } from '@/lib/gmail/selectors';
import { threadStates } from '@/lib/gmail/thread-state';
import { startSendWatcher } from '@/lib/gmail/features/send-watcher';
import { acceptSyncChannel } from '@/lib/gmail/sync-channel';
import { listHealth, rowPress, threadReporter, viewReporter } from '@/lib/gmail/features/thread-reporter';

// document_start, for the sync channel alone: its listener must be on the window before any page script
// runs (lib/gmail/sync-channel.ts). One isolated script, not a second document_start one beside this, so
// Gmail loads WXT's content-script runtime once (the size budget in test/bench/size.ts). Everything that
// reads Gmail's DOM waits for the document, as it did at document_idle.
export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_start',
  allFrames: false,
  main(ctx) {
    // First and synchronously: WXT calls main() before any await, so nothing in the page has run yet.
    const channel = acceptSyncChannel(window);
    const start = () => {
      if (ctx.isInvalid) return;
      const log = (m: string) => console.debug(`[Followthrough] ${m}`);
      // One port for the script's life, not a message channel per message (lib/port-client.ts).
      const send = portSender({ connect: () => browser.runtime.connect({ name: CONTENT_PORT }), log });
      ctx.onInvalidated(() => send.close());
      const health = new SelectorHealth();
      const states = threadStates();
      const reporter = startHealthReporter({ health, send, signal: ctx.signal, log });
      startSendWatcher({ window, send, health, signal: ctx.signal, log, onNetworkProblem: reporter.networkProblem, channel });
      startFeatures({
        window,
        signal: ctx.signal,
        health,
        features: [
          threadReporter(send, window, states),
          viewReporter(send),
          listHealth(window),
          rowPress(send),
          logButton(send, window, states),
          remindMe(send, window),
          proposeTimes(send, window),
          insertDraftFeature(browser.runtime.onMessage as unknown as Parameters<typeof insertDraftFeature>[0], window),
          composeNewFeature(browser.runtime.onMessage as unknown as Parameters<typeof composeNewFeature>[0], window),
          attachInvitationFeature(browser.runtime.onMessage as unknown as Parameters<typeof attachInvitationFeature>[0], window),
        ],
        log,
      });
    };
    // On the window in the capture phase, added before any page script: no page listener runs before it to
    // stop the event, so the features always start.
    if (document.readyState === 'loading') window.addEventListener('DOMContentLoaded', start, { once: true, capture: true, signal: ctx.signal });
    else start();
  },
});
