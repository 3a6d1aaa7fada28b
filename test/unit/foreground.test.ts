import { afterEach, describe, expect, it, vi } from 'vitest';
import { Foreground } from '@/lib/foreground';
import { senders, startTestBackground } from '../support/background';
import { sampleThread } from '../support/samples';

// Work the rep waits for (a thread open reaching the side panel) goes before the engine's: the engine asks
// before each event and action, and waits while such work is in hand, never longer than its bound.

describe('Foreground', () => {
  afterEach(() => vi.useRealTimers());

  it('is idle at once with nothing in hand, and once the work in hand is done', async () => {
    const fg = new Foreground();
    let idle = false;
    await fg.idle();
    let release!: () => void;
    const work = fg.run(() => new Promise<string>((r) => (release = () => r('done'))));
    expect(fg.busy).toBe(true);
    const waited = fg.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    release();
    expect(await work).toBe('done');
    await waited;
    expect(idle).toBe(true);
    expect(fg.busy).toBe(false);
  });

  it('a failing piece of work still lets the engine go on', async () => {
    const fg = new Foreground();
    await expect(fg.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(fg.busy).toBe(false);
    await fg.idle();
  });

  it('never holds the engine longer than its bound, whatever stays in hand', async () => {
    vi.useFakeTimers();
    const fg = new Foreground();
    void fg.run(() => new Promise(() => {}));
    let idle = false;
    void fg.idle(500).then(() => (idle = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(idle).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(idle).toBe(true);
  });
});

describe('the background', () => {
  let bg: Awaited<ReturnType<typeof startTestBackground>>;
  afterEach(() => bg.close());

  it('acts on a thread open’s events only once the rep’s work in hand is done', async () => {
    bg = await startTestBackground(Date.now);
    await bg.settings.update({ ownDomains: ['followthrough-demo.example'] });
    let release!: () => void;
    const held = bg.foreground.run(() => new Promise<void>((r) => (release = r)));
    // The open itself is answered while the rep's work is in hand: only the engine waits.
    const seen = await bg.route({ channel: 'gmail.threadSeen', payload: { thread: sampleThread, opened: true } }, senders.gmail);
    expect(seen.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    const statuses = async () => (await bg.db.events.toArray()).map((e) => e.status);
    expect((await statuses()).length).toBeGreaterThan(0);
    expect(new Set(await statuses())).toEqual(new Set(['pending']));
    release();
    await held;
    await bg.engine.idle();
    expect(new Set(await statuses())).toEqual(new Set(['done']));
  });

  it('reads for panes that follow no thread start once the thread open in hand has reached the panel; the thread’s own reads do not wait', async () => {
    bg = await startTestBackground(Date.now);
    let release!: () => void;
    const held = bg.foreground.run(() => new Promise<void>((r) => (release = r)));
    const answered: string[] = [];
    const ask = (channel: string) => bg.route({ channel, payload: {} } as never, senders.extension).then((r) => void answered.push(`${channel} ${r.ok}`));
    const waiting = Promise.all([ask('today.list'), ask('crm.status'), ask('drafts.listTemplates')]);
    expect(await bg.route({ channel: 'panel.getContext', payload: { tabId: 7 } }, senders.extension)).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toEqual([]);
    release();
    await held;
    await waiting;
    expect(answered.sort()).toEqual(['crm.status true', 'drafts.listTemplates true', 'today.list true']);
  });
});

