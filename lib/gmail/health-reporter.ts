import type { SendPort } from '../client';
import { sendFromContent } from '../content-client';
import type { SelectorHealth } from './selectors';

// Sends the selector-health record to the background when it changes: batched (at most one message a
// second), and only what changed since the last report.

export function startHealthReporter({ health, send, signal, log, delayMs = 1000 }: { health: SelectorHealth; send: SendPort; signal: AbortSignal; log: (m: string) => void; delayMs?: number }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let problems: string[] = [];
  const flush = () => {
    timer = undefined;
    const checks = health.takeChanges().slice(0, 200);
    const networkProblems = problems.slice(0, 50).map((p) => p.slice(0, 500));
    problems = [];
    if (checks.length === 0 && networkProblems.length === 0) return;
    sendFromContent(send, 'gmail.selectorHealth', { checks, networkProblems }).catch((e: unknown) => log(`health not reported: ${String(e)}`));
  };
  const schedule = () => {
    if (timer === undefined && !signal.aborted) timer = setTimeout(flush, delayMs);
  };
  health.onChange = schedule;
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return {
    networkProblem(problem: string) {
      if (problems.length < 50) problems.push(problem);
      schedule();
    },
    flush,
  };
}
