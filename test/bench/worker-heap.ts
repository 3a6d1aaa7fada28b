import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';

// A service worker's JS heap, as V8 counts it. `performance.memory` does not exist in a service worker, so the
// heap is asked over the DevTools protocol: a page's CDP session attaches to the worker's target
// (Target.attachToTarget, unflattened: Playwright's session then relays the worker's protocol messages as
// Target.receivedMessageFromTarget events), forces two collections (HeapProfiler.collectGarbage) and reads
// Runtime.getHeapUsage's usedSize. Attached from the start: a worker with DevTools attached is not stopped
// when idle, so the baseline below is still there to be measured at the end.

/** An extension whose service worker runs no code: the floor a worker's heap starts from, the baseline. */
export function emptyWorkerExtension(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'followthrough-empty-worker-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'Empty worker (bench baseline)', version: '1.0', background: { service_worker: 'sw.js' } }),
  );
  writeFileSync(join(dir, 'sw.js'), '// No code: the heap every extension service worker starts with.\n');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export interface WorkerHeap {
  /** Used JS heap in bytes, after two forced collections. */
  usedBytes(): Promise<number>;
}

/** Attach to the service worker whose script URL satisfies `is` (waiting up to 15 s for it to start). */
export async function attachWorkerHeap(cdp: CDPSession, is: (url: string) => boolean): Promise<WorkerHeap> {
  const send = cdp.send.bind(cdp) as (method: string, params?: object) => Promise<unknown>;
  let target: TargetInfo | undefined;
  for (const until = Date.now() + 15_000; !target; await new Promise((r) => setTimeout(r, 100))) {
    const { targetInfos } = (await send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    target = targetInfos.find((t) => t.type === 'service_worker' && is(t.url));
    if (!target && Date.now() > until) throw new Error(`no service worker target matched (targets: ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')})`);
  }
  const { sessionId } = (await send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  (cdp as unknown as { on(event: string, fn: (e: { sessionId: string; message: string }) => void): void }).on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const message = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const pending = message.id === undefined ? undefined : waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id!);
    if (message.error) pending.reject(new Error(`${target.url}: ${message.error.message}`));
    else pending.resolve(message.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, { resolve, reject });
      send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  return {
    async usedBytes() {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const { usedSize } = (await call('Runtime.getHeapUsage')) as { usedSize: number };
      return usedSize;
    },
  };
}
