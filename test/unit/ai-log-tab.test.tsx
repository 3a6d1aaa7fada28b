import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { AiLogTab } from '@/components/AiLogTab';
import { createLibraryStore } from '@/lib/ui/library-store';
import { setUiLanguage } from '../support/i18n-fake';

// The options page's AI log: where each call went and what it was for, said in the rep's words, not the codes the
// rows store. The background is a fake SendPort; the rows are written for this test.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
  setUiLanguage('en');
});

const row = { day: '2026-11-25', promptTokens: 120, completionTokens: 30, redactions: { emails: 0, phones: 0, secrets: 0 }, outcome: 'ok', detail: '', durationMs: 900 };
const answers: Record<string, unknown> = {
  'drafts.getAiSettings': { provider: 'openai-compatible', endpoint: 'http://localhost:11434/v1', model: 'm', apiKeySet: false, secrets: 0, dailyRequests: 50, dailyTokens: 60000, timeoutMs: 30000, logRawText: false, readIntent: true },
  'drafts.aiLog': {
    entries: [
      { ...row, id: 'l1', at: Date.UTC(2026, 10, 25, 15), provider: 'openai-compatible', endpointOrigin: 'http://localhost:11434', model: 'llama3.2', purpose: 'draft-reply' },
      { ...row, id: 'l2', at: Date.UTC(2026, 10, 25, 14), provider: 'chrome', purpose: 'classify-intent' },
      // A purpose this build has no words for (a row from a newer one): shown as stored rather than left blank.
      { ...row, id: 'l3', at: Date.UTC(2026, 10, 25, 13), provider: 'chrome', purpose: 'summarize-thread' },
    ],
    today: { day: '2026-11-25', requests: 3, tokens: 450 },
    limits: { dailyRequests: 50, dailyTokens: 60000 },
  },
};
const send = async (message: unknown) => {
  const { channel } = message as { channel: string };
  return channel in answers ? { ok: true, data: answers[channel] } : { ok: false, error: { code: 'unknown_channel', message: `no ${channel}` } };
};

/** Each logged call's "Where" and "For" cells, as the rep reads them. */
async function whereAndFor(): Promise<string[][]> {
  document.body.innerHTML = '<div id="root"></div>';
  const root = createRoot(document.getElementById('root')!);
  await act(async () => root.render(<AiLogTab store={createLibraryStore(send)} />));
  await act(async () => {});
  const cells = [...document.querySelectorAll('[data-testid="ai-log-entry"]')].map((tr) => [...tr.querySelectorAll('td')].slice(1, 3).map((td) => td.textContent ?? ''));
  act(() => root.unmount());
  return cells;
}

describe('AI log tab', () => {
  it('says where each call went and what it was for in English', async () => {
    expect(await whereAndFor()).toEqual([
      ['OpenAI-compatible API · http://localhost:11434 · llama3.2', 'drafting a reply'],
      ['Built-in browser AI', 'reading what a reply is about'],
      ['Built-in browser AI', 'summarize-thread'],
    ]);
  });

  it('says them in German, with no provider or purpose code left', async () => {
    setUiLanguage('de');
    const cells = await whereAndFor();
    expect(cells).toEqual([
      ['OpenAI-kompatible API · http://localhost:11434 · llama3.2', 'eine Antwort entwerfen'],
      ['Im Browser integrierte KI', 'erkennen, worum es in einer Antwort geht'],
      ['Im Browser integrierte KI', 'summarize-thread'],
    ]);
    expect(cells.flat().join('\n')).not.toMatch(/openai-compatible|\bchrome\b|draft-reply|classify-intent/);
  });
});
