// Where the extension's added main-thread time goes on a thread open, in the `gmail` suite's own unit: thread
// time, not sampled wall time. A Chrome trace of the Gmail tab's main thread around each open (the suite's steps),
// extension on and off in turn; each trace event's self thread time (its time less that of the events inside
// it) summed per event name, script calls split by who ran them (EXT = a Followthrough script). A sampling
// profile (profile-gmail.ts) on a busy machine charges a descheduled thread's wait to whatever it sampled; this
// does not. Not a budget (the `gmail` suite is): a map of where to cut.
//   npx tsx test/bench/trace-gmail.ts [opens]     (after `npm run build`; unminified for readable names)
//   FT_BASE=/copy/of/an/older/build npx tsx test/bench/trace-gmail.ts [opens]
//     the "off" side loads that build instead of no extension: "added" is what this build adds over it (A/B).
import { startGmailServer } from '../server/gmail-server';
import { launchWithExtension } from '../e2e/browser';
import { GmailPage } from '../e2e/pages/gmail-page';
import { answeredFor, openThread, settle, threadToken } from './gmail-steps';

const OPENS = Number(process.argv[2] ?? 20);
interface Ev {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; scriptName?: string; functionName?: string; type?: string } };
}
async function side(server: { port: number }, extension: boolean) {
  const base = extension ? undefined : process.env.FT_BASE;
  const browser = await launchWithExtension({ serverPort: server.port, extension: extension || !!base, extensionDir: base });
  // A first read, as the bench's budget row (`fresh-ids`); FT_AGAIN=1 opens messages read before.
  const gmail = await GmailPage.open(browser.context, process.env.FT_AGAIN ? GmailPage.INBOX : GmailPage.variantUrl('fresh-ids'));
  const page = gmail.page;
  const cdp = await browser.context.newCDPSession(page);
  const token = await threadToken(page, 'Fleet tracking pilot for 40 vans');
  // FT_BASE's build is waited for too: both sides then count their answer's work.
  return { browser, gmail, page, cdp, token, answered: answeredFor(browser.worker), totals: new Map<string, number>() };
}
async function once(s: Awaited<ReturnType<typeof side>>, record: boolean) {
  await s.gmail.backToInbox();
  await settle(s.page);
  const events: Ev[] = [];
  const collect = (e: { value: object[] }) => void events.push(...(e.value as Ev[]));
  s.cdp.on('Tracing.dataCollected', collect);
  const done = new Promise<void>((r) => s.cdp.once('Tracing.tracingComplete', () => r()));
  await s.cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink', 'v8', 'toplevel', 'ipc', 'mojom', 'extensions'] }, transferMode: 'ReportEvents' });
  const since = Date.now();
  await openThread(s.page, s.token);
  await s.answered?.(since);
  await settle(s.page);
  await s.cdp.send('Tracing.end');
  await done;
  s.cdp.off('Tracing.dataCollected', collect);
  if (!record) return;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'FunctionCall'));
  const evs = events.filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid && e.tdur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const stack: { e: Ev; end: number; child: number }[] = [];
  const add = (k: string, v: number) => s.totals.set(k, (s.totals.get(k) ?? 0) + v);
  const label = (e: Ev) => {
    const url = e.args?.data?.url ?? e.args?.data?.scriptName ?? '';
    if (e.name === 'FunctionCall' || e.name === 'v8.callFunction' || e.name === 'EvaluateScript') return `${e.name} ${url.startsWith('chrome-extension') ? 'EXT ' + url.split('/').pop() : url ? 'page' : '?'}${e.args?.data?.functionName ? ' ' + e.args.data.functionName : ''}`;
    if (e.name === 'EventDispatch') return `EventDispatch ${e.args?.data?.type}`;
    return e.name;
  };
  // The extension's own script calls, each counted with everything inside it (outermost only).
  const isExt = (e: Ev) => (e.name === 'FunctionCall' || e.name === 'v8.callFunction' || e.name === 'EvaluateScript') && (e.args?.data?.url ?? e.args?.data?.scriptName ?? '').startsWith('chrome-extension');
  const pop = () => {
    const top = stack.pop()!;
    add(label(top.e), (top.e.tdur! - top.child) / 1000);
    if (stack.length) stack[stack.length - 1]!.child += top.e.tdur!;
    else add('== top-level total', top.e.tdur! / 1000);
  };
  for (const e of evs) {
    while (stack.length && stack[stack.length - 1]!.end <= e.ts) pop();
    if (isExt(e) && !stack.some((x) => isExt(x.e))) add('== extension scripts, inclusive', e.tdur! / 1000);
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
  }
  while (stack.length) pop();
}
async function main() {
  const server = await startGmailServer();
  const off = await side(server, false);
  const on = await side(server, true);
try {
  for (let i = 0; i < OPENS + 2; i++) for (const s of i % 2 ? [on, off] : [off, on]) await once(s, i >= 2);
  const keys = new Set([...off.totals.keys(), ...on.totals.keys()]);
  const rows = [...keys].map((k) => [k, (on.totals.get(k) ?? 0) / OPENS, (off.totals.get(k) ?? 0) / OPENS] as const);
  rows.sort((a, b) => Math.abs(b[1] - b[2]) - Math.abs(a[1] - a[2]));
  console.log('self thread-time per open, ms: on / off / added');
  for (const [k, a, b] of rows.slice(0, 45)) console.log(`${(a - b).toFixed(3).padStart(8)}  ${a.toFixed(3).padStart(8)} ${b.toFixed(3).padStart(8)}  ${k}`);
} finally {
  await on.browser.close();
  await off.browser.close();
  await server.close();
}
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
