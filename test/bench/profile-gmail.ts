// Where the extension's share of a Gmail thread open goes: the `gmail` suite's open, repeated with V8's
// sampling profiler (CDP Profiler) running on the Gmail tab's main thread from the hash change until the page
// is idle again, with the extension on. Prints self time per script, the heaviest functions of Followthrough's
// own scripts (self and inclusive: a function's time with everything it called) and the heaviest call stacks
// through them (a native call such as postMessage or querySelector named with who called it), per open. A
// wrapper's inclusive time holds what it wraps: the sync hook's `xhrProto.send` holds Gmail's own XHR send. Build
// unminified to read function names: the names of a minified build are its minifier's. Not a budget (the `gmail` suite is): a map of where to cut.
//   npx tsx test/bench/profile-gmail.ts [opens]     (after `npm run build`)
import type { CDPSession } from 'playwright-core';
import { startGmailServer } from '../server/gmail-server';
import { launchWithExtension } from '../e2e/browser';
import { GmailPage } from '../e2e/pages/gmail-page';
import { openThread, settle, taskMs, threadToken } from './gmail-steps';

const OPENS = Number(process.argv[2] ?? 30);
const THREAD = 'Fleet tracking pilot for 40 vans';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}


function where(url: string): string {
  if (url.startsWith('chrome-extension://')) return `extension ${url.replace(/^chrome-extension:\/\/[^/]+/, '')}`;
  if (url.startsWith('extensions::') || url.startsWith('chrome://')) return `browser bindings ${url}`;
  if (url === '') return '(native / no script)';
  return `page ${new URL(url).pathname}`;
}

async function main() {
  const server = await startGmailServer();
  const browser = await launchWithExtension({ serverPort: server.port });
  try {
    const gmail = await GmailPage.open(browser.context, process.env.FT_AGAIN ? GmailPage.INBOX : GmailPage.variantUrl('fresh-ids'));
    const cdp: CDPSession = await browser.context.newCDPSession(gmail.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const token = await threadToken(gmail.page, THREAD);
    const byScript = new Map<string, number>();
    const byFunction = new Map<string, number>();
    const inclusive = new Map<string, number>();
    const stacks = new Map<string, number>();
    let spentMs = 0;
    const task = () => taskMs(cdp);
    for (let i = 0; i < OPENS + 2; i++) {
      await gmail.backToInbox();
      await settle(gmail.page);
      const before = await task();
      await cdp.send('Profiler.start');
      await openThread(gmail.page, token);
      await settle(gmail.page);
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      const after = await task();
      if (i < 2) continue;
      spentMs += after - before;
      const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const frameName = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) =>
        `${functionName || '(anonymous)'}${url.startsWith('chrome-extension://') ? `@${url.split('/').pop()}:${lineNumber + 1}` : ''}`;
      profile.samples.forEach((id, k) => {
        const ms = (profile.timeDeltas[k + 1] ?? 0) / 1000;
        const chain: ProfileNode['callFrame'][] = [];
        for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) chain.push(nodes.get(n)!.callFrame);
        if (!chain.some((f) => f.url.startsWith('chrome-extension://'))) return;
        const counted = new Set<string>();
        for (const f of chain.filter((f) => f.url.startsWith('chrome-extension://'))) {
          const name = frameName(f);
          if (counted.has(name)) continue;
          counted.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
        }
        const stack = chain.slice(0, 4).map(frameName).join(' < ');
        stacks.set(stack, (stacks.get(stack) ?? 0) + ms);
      });
      profile.samples.forEach((id, k) => {
        const node = nodes.get(id)!;
        const ms = (profile.timeDeltas[k + 1] ?? 0) / 1000;
        const { url, functionName, lineNumber, columnNumber } = node.callFrame;
        const key = functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)' ? functionName : where(url);
        byScript.set(key, (byScript.get(key) ?? 0) + ms);
        if (url.startsWith('chrome-extension://') || functionName === 'sendMessage' || functionName === 'connect' || functionName === 'postMessage') {
          const f = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}:${columnNumber + 1}`;
          byFunction.set(f, (byFunction.get(f) ?? 0) + ms);
        }
      });
    }
    const per = (ms: number) => (ms / OPENS).toFixed(3);
    console.log(`${OPENS} opens; main-thread task time per open (CDP TaskDuration, thread time): ${per(spentMs)} ms`);
    console.log('\nSampled time per open by script (wall time of samples; (idle) is the thread waiting):');
    for (const [k, v] of [...byScript].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${per(v).padStart(8)} ms  ${k}`);
    console.log("\nHeaviest functions of the extension's scripts (self time per open):");
    for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${per(v).padStart(8)} ms  ${k}`);
    console.log("\nThe extension's functions, inclusive (per open):");
    for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${per(v).padStart(8)} ms  ${k}`);
    console.log('\nHeaviest stacks through the extension, innermost first (per open):');
    for (const [k, v] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${per(v).padStart(8)} ms  ${k}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
