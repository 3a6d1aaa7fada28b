// What one search of an added subtree for a compose window costs, by how it is asked, in Chromium on the test
// page's open thread (extension off): the compose watch (lib/gmail/compose.ts) asks it of every element a
// Gmail render adds. Not a budget: the numbers behind the watch's choice of probes.
//   npx tsx test/bench/compose-probe.ts
import { startGmailServer } from '../server/gmail-server';
import { launchWithExtension } from '../e2e/browser';
import { GmailPage } from '../e2e/pages/gmail-page';
async function main() {
  const server = await startGmailServer();
  const off = await launchWithExtension({ serverPort: server.port, extension: false });
  const gmail = await GmailPage.open(off.context, GmailPage.INBOX);
  await gmail.openThread('Fleet tracking pilot for 40 vans');
  const out = await gmail.page.evaluate(`(() => {
    const view = document.querySelector('[data-ft-view]') || document.body;
    const n = view.querySelectorAll('*').length;
    const N = 3000;
    const time = (f) => { for (let i = 0; i < 200; i++) f(); const t = performance.now(); for (let i = 0; i < N; i++) f(); return ((performance.now() - t) / N * 1000).toFixed(2) + ' us'; };
    return { nodes: n, docNodes: document.querySelectorAll('*').length,
      list: time(() => view.matches('div.M9, form.bAs') || view.querySelector('div.M9, form.bAs')),
      compound: time(() => view.querySelector('div.M9') || view.querySelector('form.bAs')),
      classes: time(() => view.querySelector('.M9') || view.querySelector('.bAs')),
      byClass: time(() => view.getElementsByClassName('M9').length + view.getElementsByClassName('bAs').length),
    };
  })()`);
  console.log(out);
  await off.close(); await server.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
