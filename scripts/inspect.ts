// `npm run inspect -- <subject> …`: maintenance commands that print what Followthrough reads from real input,
// one JSON line per input. Each subject lives in scripts/inspect/<subject>.ts; adding one = one file + one line.
import type { InspectCommand } from './inspect/types';

export type { InspectCommand, InspectIo } from './inspect/types';

const commands: Record<string, () => Promise<{ run: InspectCommand }>> = {
  followup: () => import('./inspect/followup'),
  intent: () => import('./inspect/intent'),
  gmail: () => import('./inspect/gmail'),
  engine: () => import('./inspect/engine'),
  sequence: () => import('./inspect/sequence'),
  meetings: () => import('./inspect/meetings'),
};

async function main() {
  const [subject, ...args] = process.argv.slice(2);
  const load = subject ? commands[subject] : undefined;
  if (!load) {
    console.error(`usage: npm run inspect -- <${Object.keys(commands).join('|') || 'subject'}> [args…]`);
    process.exit(2);
  }
  const { run } = await load();
  process.exitCode = await run(args, { stdin: process.stdin, out: (line) => process.stdout.write(`${line}\n`) });
}

void main();
