import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftSuggestions } from '@/components/DraftSuggestions';
import { localIntentFrom, type Suggestions } from '@/lib/drafts/suggest';
import { setUiLanguage } from '../support/i18n-fake';
import { AI_DRAFT_ID, createDraftsStore, listenForDraftProgress } from '@/lib/ui/drafts-store';

// The side panel's drafts slice and component, with the background as a fake SendPort.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const THREAD = 'thread-f:1882028161105939945';

const suggestions = (over: Partial<Suggestions> = {}): Suggestions => ({
  threadId: THREAD,
  messageId: 'msg-f:2',
  mode: 'reply',
  intent: 'pricing',
  reason: 'they asked about pricing (“What does it cost?”)',
  signals: ['budget_objection'],
  intentFrom: 'intent from local rules: no AI provider is set up',
  decidedBy: 'rules',
  suggestions: [
    {
      templateId: 'pricing-reply',
      name: 'Reply to a pricing question',
      reason: 'they asked about pricing (“What does it cost?”)',
      text: 'Hi [contact.firstName],\n\nIt costs [range / plan].',
      parts: [],
      empty: ['contact.firstName'],
      fellBack: [],
    },
  ],
  context: { threadSummary: '“Pilot” with Priya', contact: { name: 'Priya Raman' }, intent: 'pricing', intentReason: 'they asked about pricing', signals: [], latestInbound: 'What does it cost?' },
  ...over,
});

let sent: { channel: string; payload: Record<string, unknown> }[];
let answers: Record<string, (payload: Record<string, unknown>) => unknown>;
const send = async (message: unknown) => {
  const m = message as { channel: string; payload: Record<string, unknown> };
  sent.push(m);
  const answer = answers[m.channel];
  if (!answer) return { ok: false, error: { code: 'unknown_channel', message: `no ${m.channel}` } };
  try {
    return { ok: true, data: await answer(m.payload) };
  } catch (e) {
    return { ok: false, error: { code: 'handler_failed', message: (e as Error).message } };
  }
};

beforeEach(() => {
  sent = [];
  answers = {
    'drafts.suggest': () => suggestions(),
    'drafts.getAiSettings': () => ({ provider: 'openai-compatible', endpoint: 'http://localhost:11434/v1', model: 'm', apiKeySet: false, secrets: 0, dailyRequests: 50, dailyTokens: 60000, timeoutMs: 30000, logRawText: false, readIntent: false }),
    'drafts.insert': () => ({ inserted: true, openedReplyBox: false }),
  };
  document.body.innerHTML = '<div id="root"></div>';
});
afterEach(() => {
  document.body.innerHTML = '';
  setUiLanguage('en');
});


/** The suggestions pane drawn, with its AI log opened as the rep opens it. */
async function renderWithAiLogOpen() {
  const store = createDraftsStore({ send, activeTabId: async () => 7 });
  const root = createRoot(document.getElementById('root')!);
  await act(async () => root.render(<DraftSuggestions store={store} threadId={THREAD} messageCount={2} />));
  await act(async () => {});
  const details = document.querySelector<HTMLDetailsElement>('[data-testid="ai-log"]')!;
  await act(async () => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
  await act(async () => {});
  return root;
}

describe('drafts store', () => {
  it('loads suggestions, keeps the rep’s edit, and inserts the edited text for the thread', async () => {
    const store = createDraftsStore({ send, activeTabId: async () => 7 });
    await store.getState().load(THREAD);
    expect(store.getState()).toMatchObject({ status: 'ready', aiProvider: 'openai-compatible' });
    store.getState().edit('pricing-reply', 'Hi Priya, $38 a van.');
    await store.getState().load(THREAD, true);
    expect(store.getState().edits['pricing-reply']).toBe('Hi Priya, $38 a van.');
    await store.getState().insert('pricing-reply');
    expect(sent.at(-1)).toEqual({ channel: 'drafts.insert', payload: { tabId: 7, threadId: THREAD, text: 'Hi Priya, $38 a van.', templateId: 'pricing-reply', messageId: 'msg-f:2' } });
    expect(store.getState().inserted['pricing-reply']).toEqual({ ok: true, message: 'Inserted at your cursor. Review it in Gmail, then send.' });
  });

  it('says why an insert failed', async () => {
    answers['drafts.insert'] = () => {
      throw new Error('drafts.insert: Gmail’s reply box did not open.');
    };
    const store = createDraftsStore({ send, activeTabId: async () => 7 });
    await store.getState().load(THREAD);
    await store.getState().insert('pricing-reply');
    expect(store.getState().inserted['pricing-reply']?.message).toMatch(/^Not inserted: .*did not open/);
  });

  it('streams an AI draft from progress notices, then the final text, and only for the current request', async () => {
    let finish!: (v: unknown) => void;
    answers['drafts.aiDraft'] = () => new Promise((resolve) => (finish = resolve));
    const store = createDraftsStore({ send, activeTabId: async () => 7, newId: () => 'req-abcdefgh' });
    const listeners: ((m: unknown) => void)[] = [];
    listenForDraftProgress({ addListener: (l) => listeners.push(l) }, store);
    await store.getState().load(THREAD);
    const pending = store.getState().draftWithAi('pricing-reply');
    await Promise.resolve();
    const notice = (requestId: string, delta: string) => listeners.forEach((l) => l({ channel: 'drafts.aiProgress', payload: { requestId, delta } }));
    notice('req-abcdefgh', 'Hi Priya, ');
    notice('req-other000', 'IGNORED');
    notice('req-abcdefgh', 'it is $38.');
    listeners.forEach((l) => l({ channel: 'drafts.aiProgress', payload: { requestId: 5 } }));
    expect(store.getState().ai).toMatchObject({ status: 'streaming', text: 'Hi Priya, it is $38.' });
    finish({ requestId: 'req-abcdefgh', outcome: { kind: 'draft', text: 'Hi Priya, it is $38 a van.', provider: 'openai-compatible', promptTokens: 9, completionTokens: 9, logId: 'l1' }, context: suggestions().context });
    await pending;
    expect(store.getState().ai.status).toBe('done');
    expect(store.getState().edits[AI_DRAFT_ID]).toBe('Hi Priya, it is $38 a van.');
  });

  it('says the fallback note in German, and a refusal the background gave words without its channel name', async () => {
    setUiLanguage('de');
    answers['drafts.aiDraft'] = () => ({
      requestId: 'req-abcdefgh',
      outcome: { kind: 'fallback', reason: 'no_provider', note: 'No AI provider is set up, so these are your templates. Choose one in Followthrough’s settings to get AI drafts.', noteWords: { key: 'aiNote_no_provider' } },
      context: suggestions().context,
    });
    const store = createDraftsStore({ send: async (m) => {
      const reply = (await send(m)) as { ok: boolean };
      // The insert is refused as the router refuses it: an English line for logs, the words for the rep.
      return (m as { channel: string }).channel === 'drafts.insert' ? { ok: false, error: { code: 'handler_failed', message: 'drafts.insert: the Gmail tab did not answer', words: { key: 'err_gmail_silent' } } } : reply;
    }, activeTabId: async () => 7, newId: () => 'req-abcdefgh' });
    await store.getState().load(THREAD);
    await store.getState().draftWithAi();
    expect(store.getState().ai.note).toBe('Es ist kein KI-Anbieter eingerichtet, daher sind dies Ihre Vorlagen. Wählen Sie einen in den Einstellungen von Followthrough, um KI-Entwürfe zu erhalten.');
    await store.getState().insert('pricing-reply');
    const inserted = store.getState().inserted['pricing-reply']!.message;
    expect(inserted).toContain('Der Gmail-Tab hat nicht geantwortet (laden Sie Gmail neu und versuchen Sie es noch einmal)');
    expect(inserted).not.toMatch(/drafts\.insert|did not answer/);
  });

  it('shows the fallback note when the AI draft fails', async () => {
    answers['drafts.aiDraft'] = () => ({ requestId: 'req-abcdefgh', outcome: { kind: 'fallback', reason: 'timeout', note: 'The AI provider did not answer within 30 s; these are your templates.' }, context: suggestions().context });
    const store = createDraftsStore({ send, activeTabId: async () => 7, newId: () => 'req-abcdefgh' });
    await store.getState().load(THREAD);
    await store.getState().draftWithAi();
    expect(store.getState().ai).toMatchObject({ status: 'fallback', note: expect.stringMatching(/did not answer within 30 s/) });
    expect(store.getState().suggestions?.suggestions).toHaveLength(1);
  });
});

describe('AI log in the panel', () => {
  it('shows today’s budget and each call’s counts and outcome, never the text', async () => {
    answers['drafts.aiLog'] = () => ({
      entries: [
        {
          id: 'l1',
          at: Date.UTC(2026, 10, 25, 15),
          day: '2026-11-25',
          provider: 'openai-compatible',
          model: 'llama3.2',
          purpose: 'draft-reply',
          promptTokens: 120,
          completionTokens: 30,
          redactions: { emails: 2, phones: 1, secrets: 0 },
          outcome: 'ok',
          detail: '',
          durationMs: 900,
        },
      ],
      today: { day: '2026-11-25', requests: 1, tokens: 150 },
      limits: { dailyRequests: 50, dailyTokens: 60000 },
    });
    const root = await renderWithAiLogOpen();
    expect(document.querySelector('[data-testid="ai-budget"]')?.textContent).toBe('Today: 1 of 50 requests, 150 of 60000 tokens.');
    expect(document.querySelector('[data-testid="ai-log-entry"]')?.textContent).toMatch(/OpenAI-compatible API \(llama3.2\) · 150 tokens · redacted 2 addresses, 1 phones, 0 secrets.*drafted/);
    act(() => root.unmount());
  });

  it('says each call’s outcome and its detail (the chip’s title) in German', async () => {
    setUiLanguage('de');
    const entry = { id: 'l1', at: Date.UTC(2026, 10, 25, 15), day: '2026-11-25', provider: 'openai-compatible', model: 'llama3.2', purpose: 'draft-reply', promptTokens: 0, completionTokens: 0, redactions: { emails: 0, phones: 0, secrets: 0 }, durationMs: 0 };
    answers['drafts.aiLog'] = () => ({
      entries: [
        { ...entry, outcome: 'refused', detail: 'Followthrough has no permission to reach http://localhost:11434. Save the AI settings again to grant it; until then these are your templates.', detailWords: { key: 'aiLog_no_permission', args: { origin: 'http://localhost:11434' } } },
        { ...entry, id: 'l2', outcome: 'cancelled', detail: 'AI draft cancelled; these are your templates.', detailWords: { key: 'aiLog_cancelled' } },
      ],
      today: { day: '2026-11-25', requests: 1, tokens: 0 },
      limits: { dailyRequests: 50, dailyTokens: 60000 },
    });
    const root = await renderWithAiLogOpen();
    const chips = [...document.querySelectorAll<HTMLElement>('[data-testid="ai-log-entry"] .chip')];
    expect(chips.map((c) => [c.textContent, c.title])).toEqual([
      ['nicht gesendet', 'Followthrough darf http://localhost:11434 nicht erreichen. Speichern Sie die KI-Einstellungen erneut, um es zu erlauben; bis dahin sind dies Ihre Vorlagen.'],
      ['abgebrochen', 'KI-Entwurf abgebrochen; dies sind Ihre Vorlagen.'],
    ]);
    const first = document.querySelector('[data-testid="ai-log-entry"]')?.textContent ?? '';
    expect(first).toContain('OpenAI-kompatible API (llama3.2)');
    expect(first).not.toContain('openai-compatible');
    act(() => root.unmount());
  });
});

describe('DraftSuggestions component', () => {
  it('shows the reason, signals, fields left empty and the close-the-loop offer, and inserts on click', async () => {
    answers['drafts.suggest'] = () => suggestions({ closeLoop: { reason: 'they declined: close the loop and stop the reminders for this thread', pendingReminders: 2 } });
    answers['drafts.closeLoop'] = () => ({ cancelledReminders: 2 });
    const store = createDraftsStore({ send, activeTabId: async () => 7 });
    const root = createRoot(document.getElementById('root')!);
    await act(async () => root.render(<DraftSuggestions store={store} threadId={THREAD} messageCount={2} />));
    await act(async () => {});
    const text = document.body.textContent ?? '';
    expect(text).toContain('Their latest message: they asked about pricing');
    expect(text).toContain('Budget objection');
    expect(document.querySelector('[data-testid="draft-intent-from"]')?.textContent).toBe('intent from local rules: no AI provider is set up');
    expect(document.querySelector('[data-testid="draft-empty-fields"]')?.textContent).toContain('contact.firstName');
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="draft-text"]')?.value).toContain('It costs');
    expect(text).toContain('Stop reminders (2)');
    await act(async () => document.querySelector<HTMLButtonElement>('[data-testid="close-loop"] button')!.click());
    expect(document.body.textContent).toContain('Stopped 2 reminders for this thread.');
    await act(async () => document.querySelector<HTMLButtonElement>('[data-testid="draft-insert"]')!.click());
    expect(document.querySelector('[data-testid="draft-insert-result"]')?.textContent).toMatch(/Inserted at your cursor/);
    expect(document.querySelector('[data-testid="ai-draft-button"]')).not.toBeNull();
    act(() => root.unmount());
  });

  it('says who decided the intent, in the rep’s language: the local rules or model, or the provider; an answer without words shows its English line', async () => {
    setUiLanguage('de');
    try {
      const cases: [Partial<Suggestions>, string, string][] = [
        [{ decidedBy: 'rules', ...localIntentFrom('rules', { text: 'no AI provider is set up', words: { key: 'intent_why_no_provider' } }) }, 'rules', 'Absicht nach lokalen Regeln erkannt: kein KI-Anbieter eingerichtet'],
        [{ decidedBy: 'model', ...localIntentFrom('model') }, 'model', 'Absicht vom lokalen Modell erkannt'],
        [{ decidedBy: 'provider', intentFrom: 'intent from your AI provider (llama3.2)', intentFromWords: { key: 'intent_from_provider', args: { name: { key: 'intent_provider_yours_model', args: { model: 'llama3.2' } } } } }, 'provider', 'Absicht erkannt von Ihrem KI-Anbieter (llama3.2)'],
        [{ decidedBy: 'rules' }, 'rules', 'intent from local rules: no AI provider is set up'],
      ];
      for (const [over, by, line] of cases) {
        answers['drafts.suggest'] = () => suggestions(over);
        const store = createDraftsStore({ send, activeTabId: async () => 7 });
        const root = createRoot(document.getElementById('root')!);
        await act(async () => root.render(<DraftSuggestions store={store} threadId={THREAD} messageCount={2} />));
        await act(async () => {});
        const from = document.querySelector('[data-testid="draft-intent-from"]')!;
        expect(from.getAttribute('data-decided-by')).toBe(by);
        expect(from.textContent).toBe(line);
        act(() => root.unmount());
      }
    } finally {
      setUiLanguage('en');
    }
  });
});
