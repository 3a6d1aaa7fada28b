import { beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { EngineBackground } from './pages/engine-background';
import { ExtensionStore } from './pages/extension-store';
import { PopupPage } from './pages/popup-page';

// 1,000 sends queued as pending email.sent events (the rows recordEvent writes) while Chrome stops the
// service worker several times mid-way through acting on them: exactly 1,000 activities, none twice, and
// nothing logged for the own-domain colleague and the no-reply address copied on them.

const e2e = useExtensionBrowser();
beforeAll(async () => {
  await new EngineBackground(e2e.browser.context, e2e.browser.worker!).setSettings({ ownDomains: ['followthrough-demo.example'] });
  const popup = await PopupPage.open(e2e.browser.context, e2e.browser.extensionId!);
  await popup.loadDemoData();
  await popup.page.close();
});

const CONTACTS = ['priya.raman@acme-robotics.example', 'marcus.webb@acme-robotics.example', 'elena@northwind.example'];
const T0 = Date.parse('2026-11-25T09:00:00Z');

function sendRow(i: number) {
  const messageId = `msg-a:r${100_000 + i}`;
  return {
    id: `email.sent:${messageId}`,
    type: 'email.sent',
    status: 'pending',
    depth: 0,
    at: T0 + i,
    event: {
      type: 'email.sent',
      email: {
        messageId,
        threadId: `thread-a:r${100_000 + i}`,
        from: { name: 'Sam Carter', email: 'sam@followthrough-demo.example' },
        to: [{ name: '', email: CONTACTS[i % 3] }],
        cc: [{ name: 'Dana', email: 'dana@followthrough-demo.example' }, { name: '', email: 'no-reply@acme-robotics.example' }],
        bcc: [],
        subject: `Quote ${i}`,
        bodyText: 'Attached.',
        at: T0 + i,
      },
    },
  };
}

describe('worker stopped mid-way', () => {
  it('1,000 queued sends → exactly 1,000 activities, 0 duplicates', { timeout: 240_000 }, async () => {
    const store = await ExtensionStore.open(e2e.browser.context, e2e.browser.extensionId!);
    const before = await store.count('activities');
    const progress: number[] = [];
    for (let batch = 0; batch < 4; batch++) {
      await store.stopWorker();
      // Queued while the worker is stopped.
      await store.add('events', Array.from({ length: 250 }, (_, j) => sendRow(batch * 250 + j)));
      const target = before + batch * 250 + 60;
      await store.wakeWorker();
      // Let it get part of the way, then stop it mid-work.
      await expect.poll(() => store.count('activities'), { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(target);
      await store.stopWorker();
      // Stopped for real: nothing moves until it is woken.
      await new Promise((r) => setTimeout(r, 200));
      const stoppedAt = await store.count('activities');
      await new Promise((r) => setTimeout(r, 800));
      expect(await store.count('activities')).toBe(stoppedAt);
      progress.push(stoppedAt - before);
    }
    // Each stop came with work left over.
    progress.forEach((done, batch) => expect(done).toBeLessThan((batch + 1) * 250));

    await store.wakeWorker();
    await expect.poll(() => store.count('activities'), { timeout: 120_000, interval: 200 }).toBeGreaterThanOrEqual(before + 1000);
    // And nothing more arrives later.
    await new Promise((r) => setTimeout(r, 1500));
    const activities = (await store.all<{ id: string; messageId: string; contactId: string }>('activities')).filter((a) => a.messageId.startsWith('msg-a:r1'));
    expect(activities).toHaveLength(1000);
    expect(new Set(activities.map((a) => a.messageId)).size).toBe(1000);
    expect(new Set(activities.map((a) => a.id)).size).toBe(1000);
    expect(new Set(activities.map((a) => a.contactId))).toEqual(new Set(['demo-ct-priya', 'demo-ct-marcus', 'demo-ct-elena']));
    const events = await store.all<{ status: string; type: string }>('events');
    expect(events.filter((e) => e.type === 'email.sent' && e.status !== 'done')).toEqual([]);
    const outbox = await store.all<{ status: string; kind: string }>('outbox');
    expect(outbox.filter((r) => r.kind === 'engine.action' && r.status !== 'done')).toEqual([]);
    const audit = await store.all<{ key?: string; action: string; detail: string }>('auditLog');
    const keys = audit.filter((a) => a.key).map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(audit.filter((a) => a.action === 'activity.log' && a.detail.includes('Quote')).every((a) => a.detail.includes('left out 1 your own domain, 1 an automated sender'))).toBe(true);
    await store.page.close();
  });
});
