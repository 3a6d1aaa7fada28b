import type { SendPort } from '../../client';
import { sendFromContent } from '../../content-client';
import type { Feature } from '../feature-manager';

/** Selectors whose absence breaks something the rep relies on (a missing quote or date is normal). */
const ESSENTIAL = new Set(['app.main', 'list.row', 'thread.subject', 'thread.message', 'message.sender', 'message.body', 'thread.toolbar']);
/** Gmail renders a view well within this; anything still not found after it is missing, not late. */
const SETTLE_MS = 5_000;

/**
 * Tells the background which of Gmail's parts Followthrough could not find on this view, so the side panel
 * and popup can say what does not work (STYLE.md habit 6). Sent on the first view, then whenever it changes.
 */
export function healthReporter(send: SendPort, window: Window & typeof globalThis): Feature {
  // The first settled view always reports, so the popup can say detection works; later, only changes.
  let lastSent: string | undefined;
  return {
    id: 'health-reporter',
    include: [() => true],
    init(signal, { health, log }) {
      const timer = window.setTimeout(() => {
        const missing = health.missing().filter((k) => ESSENTIAL.has(k)).sort();
        const key = missing.join(',');
        if (key === lastSent) return;
        lastSent = key;
        sendFromContent(send, 'ui.detectionHealth', { missing }).catch((e: unknown) => log(`health not reported: ${String(e)}`));
      }, SETTLE_MS);
      signal.addEventListener('abort', () => window.clearTimeout(timer), { once: true });
    },
  };
}
