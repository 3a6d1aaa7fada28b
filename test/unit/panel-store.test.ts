import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { channels } from '@/lib/messages';
import { createPanelStore, listenForPanelNotices, oncePerBurst, whenQuiet } from '@/lib/ui/panel-store';
import { senders, startTestBackground } from '../support/background';
import { sampleThread } from '../support/samples';

/** Replace the value at one path of a valid payload with anything at all (as the router's fuzz does). */
function mutateAt(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...(value as Record<string, unknown>) };
  copy[key] = mutateAt((value as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

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

describe('the view handed over with panel.contextChanged', () => {
  const events = () => {
    const listeners: ((m: unknown) => void)[] = [];
    return { addListener: (l: (m: unknown) => void) => void listeners.push(l), fire: (m: unknown) => listeners.forEach((l) => l(m)) };
  };

  it('a thread open hands the panel its view, read before the engine acts on the open, equal to what the two reads answer', async () => {
    bg = await startTestBackground();
    const seen = await bg.route({ channel: 'gmail.threadSeen', payload: { thread: sampleThread, opened: true, account: 'sam@followthrough-demo.example' } }, senders.gmail);
    expect(seen).toMatchObject({ ok: true });
    expect(bg.handedViews).toHaveLength(1);
    const { tabId, view } = bg.handedViews[0]!;
    expect(tabId).toBe(7);
    expect(view.context).toMatchObject({ kind: 'thread', thread: { id: sampleThread.threadId, subject: sampleThread.subject } });
    expect(view.extras).toMatchObject({ mode: 'thread', threadId: sampleThread.threadId });
    // What the panel would have read for that tab, after the engine's work, is the same thread.
    const context = (await bg.route({ channel: 'panel.getContext', payload: { tabId: 7 } }, senders.extension)) as { ok: true; data: { kind: string; thread: { subject: string } } };
    expect(context.data.thread.subject).toBe(view.context.kind === 'thread' ? view.context.thread.subject : '');
    // And it passes the channel's own schema, as the panel checks it.
    expect(channels['panel.contextChanged'].request.safeParse({ tabId, view }).success).toBe(true);
  });

  it("a thread opened again is handed its stored row's own fields (flag, earlier message ids), read beside the view", async () => {
    bg = await startTestBackground();
    const account = 'sam@followthrough-demo.example';
    await bg.route({ channel: 'gmail.threadSeen', payload: { thread: sampleThread, opened: true, account } }, senders.gmail);
    const flag = { kind: 'bounced' as const, reason: 'Delivery to priya.raman@acme-robotics.example failed', messageId: sampleThread.messages[0]!.messageId, at: 1_764_000_100_000 };
    await bg.db.threads.update(sampleThread.threadId, { flag });
    // Opened again with one new message only (the first collapsed, say): the earlier id stays on the row.
    const reply = { ...sampleThread.messages[0]!, messageId: 'msg-f:1785432109876543299', legacyMessageId: '18c6a1b2c3d4e5ff', bodyText: 'Any news?' };
    await bg.route({ channel: 'gmail.threadSeen', payload: { thread: { ...sampleThread, messages: [reply] }, opened: true, account } }, senders.gmail);
    const { view } = bg.handedViews[1]!;
    expect(view.context).toMatchObject({ kind: 'thread', thread: { id: sampleThread.threadId, flag, messageIds: [sampleThread.messages[0]!.messageId, reply.messageId] } });
    expect(view.extras).toMatchObject({ mode: 'thread', threadId: sampleThread.threadId, flag: { kind: 'bounced', reason: flag.reason, at: flag.at }, subjects: { [sampleThread.threadId]: sampleThread.subject } });
    // The same as the panel's own read of the row now stored.
    const context = (await bg.route({ channel: 'panel.getContext', payload: { tabId: 7 } }, senders.extension)) as { ok: true; data: { thread: { flag: unknown; messageIds: string[] } } };
    expect(view.context.kind === 'thread' && view.context.thread.messageIds).toEqual(context.data.thread.messageIds);
    expect(channels['panel.contextChanged'].request.safeParse({ tabId: 7, view }).success).toBe(true);
  });

  it('a thread stored under its other id (an alias) is handed over under the stored id, with its suggestions', async () => {
    bg = await startTestBackground();
    const stored = 'thread-a:r263523620390330024';
    await bg.route({ channel: 'gmail.threadSeen', payload: { thread: { ...sampleThread, threadId: stored }, opened: true } }, senders.gmail);
    await bg.db.suggestions.put({ id: 'sg-alias', threadId: stored, kind: 'followup', status: 'open', createdAt: 1_764_000_000_000, reason: 'asked for a proposal', payload: {} });
    await bg.route({ channel: 'gmail.threadSeen', payload: { thread: { ...sampleThread, aliases: [stored] }, opened: true } }, senders.gmail);
    const { view } = bg.handedViews[1]!;
    expect(view.context).toMatchObject({ kind: 'thread', thread: { id: stored } });
    expect(view.extras).toMatchObject({ mode: 'thread', threadId: stored });
    expect(view.extras.suggestions.map((s) => s.id)).toContain('sg-alias');
  });

  describe('read ahead on a row press (gmail.threadClicked)', () => {
    const account = 'sam@followthrough-demo.example';
    const open = (thread: typeof sampleThread) => bg!.route({ channel: 'gmail.threadSeen', payload: { thread, opened: true, account } }, senders.gmail);
    const press = (threadId: string) => bg!.route({ channel: 'gmail.threadClicked', payload: { threadId } }, senders.gmail);
    const suggest = (id: string) => bg!.db.suggestions.put({ id, threadId: sampleThread.threadId, kind: 'followup', status: 'open', createdAt: 1_764_000_000_000, reason: 'r', payload: {} });
    const handedSuggestions = (i: number) => bg!.handedViews[i]!.view.extras.suggestions.map((s) => s.id).sort();

    it('the open that follows a press hands over the view read at the press, with the tab’s view set first', async () => {
      bg = await startTestBackground();
      await open(sampleThread);
      await bg.engine.idle();
      await suggest('sg-before');
      expect(await press(sampleThread.threadId)).toMatchObject({ ok: true });
      // Changed between the press and the open: not in the view handed over (read at the press), read with the next notice.
      await suggest('sg-between');
      const reply = { ...sampleThread.messages[0]!, messageId: 'msg-f:1785432109876543299', legacyMessageId: '18c6a1b2c3d4e5ff' };
      await open({ ...sampleThread, messages: [reply] });
      const { view } = bg.handedViews[1]!;
      expect(view.context).toMatchObject({ kind: 'thread', thread: { id: sampleThread.threadId, messageIds: [sampleThread.messages[0]!.messageId, reply.messageId] } });
      expect(handedSuggestions(1)).toContain('sg-before');
      expect(handedSuggestions(1)).not.toContain('sg-between');
      expect(await bg.route({ channel: 'panel.getContext', payload: { tabId: 7 } }, senders.extension)).toMatchObject({ ok: true, data: { kind: 'thread', thread: { id: sampleThread.threadId } } });
      expect(channels['panel.contextChanged'].request.safeParse({ tabId: 7, view }).success).toBe(true);
    });

    it('back to the list right after the view is handed over: the tab stays on the list (the open does not set its thread again)', async () => {
      bg = await startTestBackground();
      await open(sampleThread);
      await bg.engine.idle();
      await press(sampleThread.threadId);
      // The rep goes back the moment the panel is told, while the open is still storing the thread.
      const handed = bg.handedViews;
      const push = handed.push.bind(handed);
      let back: Promise<unknown> | undefined;
      handed.push = (...items) => {
        back ??= bg!.route({ channel: 'gmail.viewChanged', payload: { view: 'list' } }, senders.gmail);
        return push(...items);
      };
      await open(sampleThread);
      await back;
      await bg.engine.idle();
      expect(await bg.route({ channel: 'panel.getContext', payload: { tabId: 7 } }, senders.extension)).toMatchObject({ ok: true, data: { kind: 'none' } });
    });

    it('not for another thread, other people, a press too long ago, or a thread not stored', async () => {
      let clock = 1_764_072_000_000;
      bg = await startTestBackground(() => clock);
      await open(sampleThread);
      await bg.engine.idle();
      await suggest('sg-1');
      const later = async () => {
        await suggest(`sg-${bg!.handedViews.length}`);
        await open(sampleThread);
        return handedSuggestions(bg!.handedViews.length - 1);
      };
      // Another thread pressed, this one opened: read at the open, so the newest suggestion is there.
      await press('thread-f:1785432109876543111');
      expect(await later()).toContain('sg-1');
      expect(bg.handedViews.at(-1)!.view.extras.suggestions.length).toBe(2);
      // Pressed more than 3 s before the open.
      await press(sampleThread.threadId);
      clock += 3_001;
      expect((await later()).length).toBe(3);
      // Someone new on the thread: their card comes from the open's own read.
      await press(sampleThread.threadId);
      const cc = { name: 'Lee Wong', email: 'lee.wong@acme-robotics.example' };
      await suggest('sg-new-person');
      await open({ ...sampleThread, participants: [...sampleThread.participants, cc] });
      expect(handedSuggestions(bg.handedViews.length - 1)).toContain('sg-new-person');
      // A press on a thread never stored reads nothing ahead; its open is read as ever.
      expect(await press('thread-f:1785432109876543222')).toMatchObject({ ok: true });
      await open({ ...sampleThread, threadId: 'thread-f:1785432109876543222', legacyThreadId: '1a2b3c4d5e6f7081' });
      expect(bg.handedViews.at(-1)!.view.context).toMatchObject({ kind: 'thread', thread: { id: 'thread-f:1785432109876543222' } });
    });
  });

  it('the panel shows a handed-over view at once, then reads again; a read that started before it is not shown over it', async () => {
    bg = await startTestBackground();
    await bg.route({ channel: 'gmail.threadSeen', payload: { thread: sampleThread, opened: true } }, senders.gmail);
    const { view } = bg.handedViews[0]!;
    // The background answers slowly, and about the inbox: as a read that started before the open would.
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const store = createPanelStore({
      send: async (message) => {
        const m = message as { channel: string };
        if (m.channel === 'panel.getContext') {
          await gate;
          return { ok: true, data: { kind: 'none' } };
        }
        if (m.channel === 'ui.panel') {
          await gate;
          return bg!.route({ channel: 'ui.panel', payload: { tabId: 999 } }, senders.extension);
        }
        return bg!.route(message as never, senders.extension);
      },
      tabInView: async () => ({}),
    });
    const stale = store.getState().refresh();
    const notices = events();
    let refreshed = 0;
    listenForPanelNotices(notices, { show: (v) => store.getState().show(v), refresh: () => void refreshed++, tabInView: async () => ({}) });
    notices.fire({ channel: 'panel.contextChanged', payload: { tabId: 7, view } });
    await vi.waitFor(() => expect(refreshed).toBe(1));
    expect(store.getState()).toMatchObject({ status: 'ready', context: { kind: 'thread' }, extras: { mode: 'thread' } });
    release();
    await stale;
    // The older read's "nothing here" is not drawn over the thread.
    expect(store.getState().context?.kind).toBe('thread');
  });

  it("a panel beside another tab ignores that tab's view; malformed views are only a refresh, never shown, never thrown", async () => {
    bg = await startTestBackground();
    await bg.route({ channel: 'gmail.threadSeen', payload: { thread: sampleThread, opened: true } }, senders.gmail);
    const { view } = bg.handedViews[0]!;
    const shown: unknown[] = [];
    let refreshed = 0;
    const notices = events();
    listenForPanelNotices(notices, { show: (v) => shown.push(v), refresh: () => void refreshed++, tabInView: async () => ({ tabId: 8 }) });
    notices.fire({ channel: 'panel.contextChanged', payload: { tabId: 7, view } });
    await vi.waitFor(() => expect(refreshed).toBe(1));
    expect(shown).toHaveLength(0);

    const beside7 = events();
    listenForPanelNotices(beside7, { show: (v) => shown.push(v), refresh: () => void refreshed++, tabInView: async () => ({ tabId: 7 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true })),
        async ([path, junk]) => {
          const payload = mutateAt({ tabId: 7, view }, path, junk);
          fc.pre(!channels['panel.contextChanged'].request.safeParse(payload).success);
          const before = refreshed;
          expect(() => beside7.fire({ channel: 'panel.contextChanged', payload })).not.toThrow();
          expect(refreshed).toBe(before + 1);
        },
      ),
      { numRuns: 500, seed: 20261207 },
    );
    expect(shown).toHaveLength(0);
    beside7.fire({ channel: 'panel.contextChanged', payload: { tabId: 7, view } });
    await vi.waitFor(() => expect(shown).toHaveLength(1));
  });
});

describe('notices in bursts', () => {
  afterEach(() => vi.useRealTimers());

  it('one read per burst, 50 ms after its first notice; a steady stream still reads every 50 ms', async () => {
    vi.useFakeTimers();
    let reads = 0;
    const refresh = oncePerBurst(() => reads++, 50);
    // A thread open: stored, then four changes by the engine within a few milliseconds.
    for (let i = 0; i < 5; i++) {
      refresh();
      await vi.advanceTimersByTimeAsync(5);
    }
    expect(reads).toBe(0);
    await vi.advanceTimersByTimeAsync(25);
    expect(reads).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(reads).toBe(1);
    // A notice every 10 ms for 200 ms: read every 50 ms, never starved.
    for (let i = 0; i < 20; i++) {
      refresh();
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(reads).toBe(5);
  });

  it('the panes below a thread: read once the notices stop for 300 ms, and every 2 s while they keep coming', async () => {
    vi.useFakeTimers();
    let reads = 0;
    const others = whenQuiet(() => reads++, 300, 2_000);
    // The rep clicks through threads: a notice every 150 ms for 1.5 s. Nothing is read meanwhile.
    for (let i = 0; i < 10; i++) {
      others();
      await vi.advanceTimersByTimeAsync(150);
    }
    expect(reads).toBe(0);
    // The rep stops: one read 300 ms after the last notice, and no more.
    await vi.advanceTimersByTimeAsync(150);
    expect(reads).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads).toBe(1);
    // A notice every 100 ms for 5 s: read 2 s after the first unserved notice, so twice, never starved.
    for (let i = 0; i < 50; i++) {
      others();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(reads).toBe(3);
    // And once more when they stop.
    await vi.advanceTimersByTimeAsync(300);
    expect(reads).toBe(4);
  });
});
