import { afterEach, describe, expect, it } from 'vitest';
import { createPanelStore } from '@/lib/ui/panel-store';
import { senders, startTestBackground } from '../support/background';

// The side panel's reads: one at a time, and one more when told again meanwhile. Reads side by side each
// threw away all but the newest answer, so the first one that showed an opened thread was never shown.

let bg: Awaited<ReturnType<typeof startTestBackground>> | undefined;
afterEach(async () => {
  await bg?.close();
  bg = undefined;
});

describe('panel store refresh', () => {
  it('coalesces refreshes asked for while one runs into one more read, and ends with the newest state', async () => {
    bg = await startTestBackground();
    const channels: string[] = [];
    const store = createPanelStore({
      send: (message) => {
        channels.push((message as { channel: string }).channel);
        return bg!.route(message as never, senders.extension);
      },
      tabInView: async () => ({}),
    });
    const reads = [store.getState().refresh(), store.getState().refresh(), store.getState().refresh(), store.getState().refresh()];
    await Promise.all(reads);
    // The first read, and one more for the three asked for while it ran: not four.
    expect(channels.filter((c) => c === 'ui.panel')).toHaveLength(2);
    expect(channels.filter((c) => c === 'panel.getContext')).toHaveLength(2);
    expect(store.getState().status).toBe('ready');

    // A refresh asked for after the others ended reads again.
    await store.getState().refresh();
    expect(channels.filter((c) => c === 'ui.panel')).toHaveLength(3);
  });

  it('a refresh asked for while one runs resolves only after a read that started after it', async () => {
    bg = await startTestBackground();
    let started = 0;
    const store = createPanelStore({
      send: (message) => {
        if ((message as { channel: string }).channel === 'ui.panel') started++;
        return bg!.route(message as never, senders.extension);
      },
      tabInView: async () => ({}),
    });
    const first = store.getState().refresh();
    const second = store.getState().refresh();
    await second;
    expect(started).toBe(2);
    await first;
  });
});
