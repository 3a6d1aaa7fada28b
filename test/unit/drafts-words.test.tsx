import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftSuggestions } from '@/components/DraftSuggestions';
import { DEFAULT_TEMPLATES, defaultTemplateRow } from '@/lib/drafts/defaults';
import { detectIntent } from '@/lib/drafts/intent';
import { suggestDrafts, Suggestions } from '@/lib/drafts/suggest';
import type { Message, Thread } from '@/lib/records';
import { say } from '@/lib/say';
import { createDraftsStore } from '@/lib/ui/drafts-store';
import { setUiLanguage } from '../support/i18n-fake';

// The drafts' own reasons reach the rep in their language: why this reply (our framing in German, the sentence
// the prospect wrote quoted as they wrote it), why each further template, the follow-up nudge and the
// close-the-loop offer. An answer made before the words existed shows its English line. Texts written for
// this test.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const NOW = Date.parse('2026-11-25T15:00:00Z');
const THREAD = 'thread-f:1882028161105939945';
const priya = { name: 'Priya Raman', email: 'priya@fleet.example' };
const rep = { name: 'Sam Rep', email: 'sam@own.example' };
const thread: Thread = { id: THREAD, subject: 'Pilot', participants: [priya, rep], messageIds: [], lastViewedAt: NOW, updatedAt: NOW };
const templates = DEFAULT_TEMPLATES.map((t) => defaultTemplateRow(t, NOW));

let n = 0;
const message = (from: typeof priya, bodyText: string): Message => ({
  id: `msg-f:${1790000000000000000 + ++n}`,
  threadId: THREAD,
  from,
  to: [from === priya ? rep : priya],
  cc: [],
  bcc: [],
  subject: 'Re: Pilot',
  date: NOW - 86_400_000 + n * 60_000,
  bodyText,
  direction: from === priya ? 'inbound' : 'outbound',
});
const answer = (...messages: Message[]) =>
  Suggestions.parse(suggestDrafts({ thread, messages, cards: [], templates, repName: 'Sam Rep', pendingReminders: 2, ownDomainsKnown: true }));

let shown: Suggestions;
const send = async (m: unknown) => {
  const { channel } = m as { channel: string };
  if (channel === 'drafts.suggest') return { ok: true, data: shown };
  if (channel === 'drafts.getAiSettings') return { ok: true, data: { provider: 'none', apiKeySet: false, secrets: 0, dailyRequests: 50, dailyTokens: 60000, timeoutMs: 30000, logRawText: false, readIntent: false } };
  return { ok: false, error: { code: 'unknown_channel', message: channel } };
};

async function panel(suggestions: Suggestions): Promise<HTMLElement> {
  shown = suggestions;
  const root = createRoot(document.getElementById('root')!);
  const store = createDraftsStore({ send, activeTabId: async () => 7 });
  await act(async () => root.render(<DraftSuggestions store={store} threadId={THREAD} messageCount={2} />));
  return document.body;
}
const text = (el: HTMLElement, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent?.trim());

beforeEach(() => {
  n = 0;
  document.body.innerHTML = '<div id="root"></div>';
});
afterEach(() => {
  document.body.innerHTML = '';
  setUiLanguage('en');
});

const PRICING = 'Thanks for the deck. What would 40 vans cost per month? Our budget is tight this year.';

describe('the drafts’ reasons in German', () => {
  it('says why this reply in German, quoting the prospect’s sentence as written, and why each further template', async () => {
    const got = answer(message(rep, 'Here is the deck.'), message(priya, PRICING));
    // The English line is unchanged beside the words (the AI handoff and the inbound reader read it).
    expect(got.reason).toBe('they asked about pricing (“What would 40 vans cost per month?”); also: budget objection');
    setUiLanguage('de');
    const el = await panel(got);
    expect(text(el, 'draft-intent')[0]).toBe('Ihre letzte Nachricht: die Person hat nach dem Preis gefragt („What would 40 vans cost per month?“); außerdem: Einwand zum Budget');
    expect(text(el, 'draft-reason')).toEqual([
      'die Person hat nach dem Preis gefragt („What would 40 vans cost per month?“); außerdem: Einwand zum Budget',
      'Gesprächstermine vorschlagen',
      'schicken, worum die Person gebeten hat',
    ]);
  });

  it('keeps a German prospect’s sentence as they wrote it inside the German framing', () => {
    const read = detectIntent('Können wir nächste Woche telefonieren? Dienstag um 10 Uhr passt mir.');
    expect(read.reason).toBe('they asked a question (“Können wir nächste Woche telefonieren? Dienstag um 10 Uhr passt mir.”)');
    setUiLanguage('de');
    expect(say(read.reasonWords, read.reason)).toBe('die Person hat eine Frage gestellt („Können wir nächste Woche telefonieren? Dienstag um 10 Uhr passt mir.“)');
  });

  it('lists two signals in German, in the English line’s order', () => {
    const read = detectIntent('What would 40 vans cost per month? We already use another vendor and our budget is tight.');
    expect(read.reason).toBe('they asked about pricing (“What would 40 vans cost per month?”); also: budget objection, competitor or existing-vendor objection');
    setUiLanguage('de');
    expect(say(read.reasonWords, read.reason)).toBe(
      'die Person hat nach dem Preis gefragt („What would 40 vans cost per month?“); außerdem: Einwand zum Budget, Einwand: Wettbewerber oder bestehender Anbieter',
    );
  });

  it('says the follow-up nudge in German, counting the rep’s unanswered emails', async () => {
    const one = answer(message(priya, PRICING), message(rep, 'It is $38 a van.'));
    const two = answer(message(priya, PRICING), message(rep, 'It is $38 a van.'), message(rep, 'Any thoughts?'));
    const four = answer(message(priya, PRICING), ...['a', 'b', 'c', 'd'].map((t) => message(rep, t)));
    expect([one.reason, two.reason, four.reason]).toEqual(['no reply to your last email yet', 'no reply to your last 2 emails yet', 'no reply after 4 emails: time for a last, polite note']);
    setUiLanguage('de');
    expect(text(await panel(two), 'draft-intent')[0]).toBe('Sie warten auf eine Antwort: noch keine Antwort auf Ihre letzten 2 E-Mails');
    expect(text(document.body, 'draft-reason')).toEqual(['noch keine Antwort auf Ihre letzten 2 E-Mails']);
    expect(say(one.reasonWords, one.reason)).toBe('noch keine Antwort auf Ihre letzte E-Mail');
    expect(say(four.reasonWords, four.reason)).toBe('keine Antwort nach 4 E-Mails: Zeit für eine letzte, höfliche Nachricht');
  });

  it('offers to close the loop in German, for a no and for an unsubscribe request', async () => {
    const no = answer(message(rep, 'Here is the deck.'), message(priya, 'Thanks, but we are not interested.'));
    expect(no.closeLoop?.reason).toBe('they declined: close the loop and stop the reminders for this thread');
    setUiLanguage('de');
    expect(text(await panel(no), 'close-loop-reason')).toEqual(['die Person hat abgelehnt: abschließen und die Erinnerungen für diesen Thread beenden']);
    const stop = answer(message(rep, 'Here is the deck.'), message(priya, 'Please remove me from your mailing list.'));
    expect(stop.closeLoop?.reason).toBe('they asked not to be emailed again: stop the reminders for this thread');
    expect(say(stop.closeLoop?.reasonWords, stop.closeLoop!.reason)).toBe('die Person möchte keine E-Mails mehr erhalten: die Erinnerungen für diesen Thread beenden');
  });

  it('says the AI provider’s fallback reason in German and keeps the provider’s own reason as it wrote it', () => {
    const base = { thread, messages: [message(priya, PRICING)], cards: [], templates, repName: 'Sam', pendingReminders: 0 };
    const bare = suggestDrafts({ ...base, intentOverride: { intent: 'out_of_office', reason: '' } });
    const own = suggestDrafts({ ...base, intentOverride: { intent: 'pricing', reason: 'asks the monthly price for 40 vans' } });
    expect(bare.reason).toBe('the AI provider reads it as out of office');
    setUiLanguage('de');
    expect(say(bare.reasonWords, bare.reason)).toBe('der KI-Anbieter ordnet sie als „Abwesenheit“ ein');
    expect(say(own.reasonWords, own.reason)).toBe('asks the monthly price for 40 vans');
    expect(say(own.context.intentReasonWords, own.context.intentReason)).toBe('asks the monthly price for 40 vans');
  });
});

describe('answers made before the words existed', () => {
  it('show their English lines, also in a German panel', async () => {
    const got = answer(message(rep, 'Here is the deck.'), message(priya, 'Thanks, but we are not interested.'));
    const { reasonWords: _r, ...old } = got;
    const older = Suggestions.parse({
      ...old,
      suggestions: got.suggestions.map(({ reasonWords: _w, ...s }) => s),
      closeLoop: { reason: got.closeLoop!.reason, pendingReminders: 2 },
    });
    expect(older.reasonWords).toBeUndefined();
    setUiLanguage('de');
    const el = await panel(older);
    expect(text(el, 'draft-intent')[0]).toBe(`Ihre letzte Nachricht: ${got.reason}`);
    expect(text(el, 'draft-reason')).toEqual([got.reason]);
    expect(text(el, 'close-loop-reason')).toEqual(['they declined: close the loop and stop the reminders for this thread']);
  });
});
