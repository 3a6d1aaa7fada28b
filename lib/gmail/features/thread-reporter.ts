import type { SendPort } from '../../client';
import { sendFromContent } from '../../content-client';
import type { Feature } from '../feature-manager';
import { whenRendered } from '../feature-manager';
import { isList, isSettings, isThread } from '../pages';
import { query } from '../selectors';
import { readThread } from '../thread';

/** Tells the background which thread is open, once Gmail has rendered it. */
export function threadReporter(send: SendPort, window: Window & typeof globalThis): Feature {
  return {
    id: 'thread-reporter',
    include: [isThread],
    async init(signal, { document, health, log }) {
      const container = query(document, 'app.main', health) ?? document.body;
      const thread = await whenRendered(window, container, () => readThread(document, health), signal);
      if (!thread || signal.aborted) return;
      await sendFromContent(send, 'gmail.threadOpened', { thread }).catch((e: unknown) => log(`thread not reported: ${String(e)}`));
    },
  };
}

/** Tells the background when the rep is on a list or settings, so the side panel stops showing a thread. */
export function viewReporter(send: SendPort): Feature {
  return {
    id: 'view-reporter',
    include: [isList, isSettings],
    async init(_signal, { url, log }) {
      await sendFromContent(send, 'gmail.viewChanged', { view: isSettings(url) ? 'settings' : 'list' }).catch((e: unknown) =>
        log(`view not reported: ${String(e)}`),
      );
    },
  };
}
