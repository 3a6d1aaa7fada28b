import { describe, expect, it } from 'vitest';
import { createSequencesStore } from '@/lib/ui/sequences-store';
import { defaultSettings } from '@/lib/settings';

// The side panel's sequence pane is drawn on every thread the rep opens. The sequences, templates and due
// steps follow no thread: read once, then kept current by the panel's refresh, never once per thread.

function background() {
  const asked: string[] = [];
  const answers: Record<string, unknown> = {
    'sequences.list': { sequences: [] },
    'drafts.listTemplates': { templates: [], variables: [] },
    'settings.load': { settings: defaultSettings(), warnings: [] },
    'sequences.due': { items: [] },
  };
  let failing = false;
  const send = async (message: unknown): Promise<unknown> => {
    const { channel } = message as { channel: string };
    asked.push(channel);
    if (failing) return { ok: false, error: { code: 'handler_failed', message: `${channel}: the background is busy` } };
    return { ok: true, data: answers[channel] };
  };
  return { asked, send, fail: (on: boolean) => (failing = on) };
}

describe('sequences store, read once', () => {
  it('reads the sequences, templates, settings and due steps on the first draw only; refresh reads them again', async () => {
    const bg = background();
    const store = createSequencesStore({ send: bg.send });
    await store.getState().loadOnce();
    expect([...bg.asked].sort()).toEqual(['drafts.listTemplates', 'sequences.due', 'sequences.list', 'settings.load']);
    // Five more threads opened: nothing asked.
    for (let i = 0; i < 5; i++) await store.getState().loadOnce();
    expect(bg.asked).toHaveLength(4);
    // Something changed in the background: the panel's refresh reads them all again.
    await store.getState().refresh();
    expect(bg.asked.filter((c) => c === 'sequences.due')).toHaveLength(2);
    expect(bg.asked.filter((c) => c === 'sequences.list')).toHaveLength(2);
  });

  it('a read that failed is tried again on the next draw', async () => {
    const bg = background();
    const store = createSequencesStore({ send: bg.send });
    bg.fail(true);
    await store.getState().loadOnce();
    expect(bg.asked).toHaveLength(4);
    bg.fail(false);
    await store.getState().loadOnce();
    expect(bg.asked).toHaveLength(8);
    await store.getState().loadOnce();
    expect(bg.asked).toHaveLength(8);
  });
});
