import Dexie from 'dexie';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { Engine } from '@/lib/engine/runner';
import type { DraftsPorts } from '@/lib/handlers/ports';
import type { PromptApiPort } from '@/lib/ai/providers';
import { Failure } from '@/lib/messages';
import { createRouter } from '@/lib/router';
import { createHandlers } from '@/lib/service';
import { SettingsStore } from '@/lib/settings';
import { ViewTracker } from '@/lib/views';
import { run as inspectIntent } from '../../scripts/inspect/intent';
import { say } from '@/lib/say';
import { setUiLanguage } from '../support/i18n-fake';
import { EXT_ORIGIN, memoryArea, OWN_ID, senders } from '../support/background';

// The drafts channels end to end through the router, on fake-indexeddb, with the browser pieces as fakes.

const THREAD = 'thread-f:1882028161105939945';
const NOW = Date.UTC(2026, 10, 25, 15, 0);

let db: FollowthroughDb;
let route: ReturnType<typeof createRouter>;
let settings: SettingsStore;
let views: ViewTracker;
let toTab: { tabId: number; message: unknown }[];
let tabAnswer: unknown;
let engine: Engine;
/** A fake Chrome built-in model for the tests that set one up (none by default). */
let promptApi: PromptApiPort | undefined;

const send = (channel: string, payload: unknown, sender = senders.extension) => route({ channel, payload }, sender);
const ok = async (channel: string, payload: unknown, sender = senders.extension) => {
  const reply = (await send(channel, payload, sender)) as { ok: boolean; data?: unknown; error?: unknown };
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data as never;
};

const message = (id: string, from: { name: string; email: string }, date: number, bodyText: string) => ({
  messageId: id,
  from,
  to: [{ name: 'Sam Carter', email: 'sam@followthrough-demo.example' }],
  cc: [],
  date,
  bodyText,
});
const priya = { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' };
const sam = { name: 'Sam Carter', email: 'sam@followthrough-demo.example' };

async function openThread(messages: ReturnType<typeof message>[], subject = 'Fleet tracking pilot for 40 vans') {
  await ok('gmail.threadSeen', { thread: { threadId: THREAD, subject, participants: [priya, sam], messages }, opened: true }, senders.gmail);
  // The open's events are the engine's to act on (rules may log, suggest or end reminders): wait for them.
  await engine.idle();
}

beforeEach(async () => {
  db = new FollowthroughDb(`ft-drafts-${Math.random().toString(36).slice(2)}`);
  await db.open();
  settings = new SettingsStore(memoryArea());
  await settings.update({ repName: 'Sam Carter', ownDomains: ['followthrough-demo.example'] });
  views = new ViewTracker(memoryArea());
  toTab = [];
  tabAnswer = { inserted: true, openedReplyBox: true };
  const drafts: DraftsPorts = {
    sendToTab: async (tabId, m) => {
      toTab.push({ tabId, message: m });
      return tabAnswer;
    },
    broadcast: () => {},
    fetch: () => Promise.reject(new Error('no network in this test')),
    hasPermission: async () => false,
    promptApi: () => promptApi,
  };
  promptApi = undefined;
  engine = new Engine({ db, now: () => NOW, settings: async () => (await settings.load()).settings, log: () => {} });
  await engine.start();
  route = createRouter(
    createHandlers({ db, settings, views, now: () => NOW, engine, dispatch: (e) => engine.dispatch(e), notifyPanels: () => {}, drafts }),
    { ownId: OWN_ID, extensionOrigin: EXT_ORIGIN, log: () => {} },
  );
  await ok('crm.loadDemoData', {});
});
afterEach(async () => {
  await engine.idle();
  db.close();
  await Dexie.delete(db.name);
});

describe('drafts.suggest: intent from the AI provider when one is set up', () => {
  const pricingThread = () =>
    openThread([message('msg-f:1', sam, NOW - 3e8, 'Pilot summary attached.'), message('msg-f:2', priya, NOW - 1e8, 'Hi Sam,\n\nWhat would 40 vans cost per month?\n\nPriya')]);

  it('without a provider the rules decide and say why the provider did not', async () => {
    await pricingThread();
    const s = (await ok('drafts.suggest', { threadId: THREAD })) as { intentFromWords: unknown };
    expect(s).toMatchObject({ intent: 'pricing', decidedBy: 'rules', intentFrom: 'intent from local rules: no AI provider is set up' });
    // The same line for the rep, in their language.
    setUiLanguage('de');
    try {
      expect(say(s.intentFromWords)).toBe('Absicht nach lokalen Regeln erkannt: kein KI-Anbieter eingerichtet');
    } finally {
      setUiLanguage('en');
    }
  });

  it('the provider’s intent picks the drafts, asked once per message; a failing provider leaves the rules’ with the reason', async () => {
    let calls = 0;
    let answer = '{"intent": "meeting", "reason": "wants to go through the numbers on a call"}';
    promptApi = {
      availability: async () => 'available',
      create: async () => ({
        promptStreaming: () =>
          (async function* () {
            calls++;
            yield answer;
          })(),
      }),
    };
    await settings.update({ ai: { provider: 'chrome' } as never });
    await pricingThread();
    // Set up for drafts, but reading replies with it is off until the rep opts in: the rules decide, no call.
    expect(await ok('drafts.suggest', { threadId: THREAD })).toMatchObject({
      intent: 'pricing',
      intentFrom: 'intent from local rules: reading replies with your AI provider is off (Options → AI)',
    });
    expect(calls).toBe(0);
    expect(await ok('drafts.setReadIntent', { on: true })).toMatchObject({ provider: 'chrome', readIntent: true });
    expect(await ok('drafts.getAiSettings', {})).toMatchObject({ readIntent: true });
    const s = await ok('drafts.suggest', { threadId: THREAD });
    expect(s).toMatchObject({ intent: 'meeting', reason: 'wants to go through the numbers on a call', intentFrom: 'intent from Chrome’s built-in model', decidedBy: 'provider' });
    setUiLanguage('de');
    try {
      expect(say((s as { intentFromWords: unknown }).intentFromWords)).toBe('Absicht erkannt von dem integrierten Modell von Chrome');
    } finally {
      setUiLanguage('en');
    }
    expect((s as { suggestions: { templateId: string }[] }).suggestions[0]!.templateId).toBe('meeting-times');
    await ok('drafts.suggest', { threadId: THREAD });
    expect(calls).toBe(1);
    // A new message, and a provider answering nonsense: the rules decide, and the panel says why.
    answer = 'probably about money';
    await openThread([message('msg-f:2', priya, NOW - 1e8, 'What would 40 vans cost per month?'), message('msg-f:3', priya, NOW - 5e7, 'And for 120 vans, what is the price?')]);
    const fallback = await ok('drafts.suggest', { threadId: THREAD });
    expect(fallback).toMatchObject({ intent: 'pricing', intentFrom: 'intent from local rules: the AI provider’s answer was not one of the nine intents' });
    expect((fallback as { suggestions: { templateId: string }[] }).suggestions[0]!.templateId).toBe('pricing-reply');
  });
});

describe('drafts.suggest', () => {
  it('answers a pricing question with the pricing reply filled from the CRM, and two more, each with a reason', async () => {
    await openThread([
      message('msg-f:1', sam, NOW - 3e8, 'Hi Priya, here is the pilot summary.'),
      message('msg-f:2', priya, NOW - 1e8, 'Hi Sam,\n\nCould you send the per-van price for the annual plan and the volume discount for 120 vans?\n\nThanks,\nPriya'),
    ]);
    const s = await ok('drafts.suggest', { threadId: THREAD });
    expect(s).toMatchObject({ mode: 'reply', intent: 'pricing', messageId: 'msg-f:2' });
    const drafts = (s as { suggestions: { templateId: string; reason: string; text: string; empty: string[] }[] }).suggestions;
    expect(drafts.map((d) => d.templateId)).toEqual(['pricing-reply', 'meeting-times', 'send-material']);
    expect(drafts[0]!.reason).toBe("they asked about pricing (“Could you send the per-van price for the annual plan and the volume discount for 120 vans?”)");
    expect(drafts[0]!.text).toMatch(/^Hi Priya,\n\nThanks for asking about pricing/);
    expect(drafts[0]!.text).toContain('a team like Acme Robotics');
    expect(drafts[0]!.text).toContain('Acme Robotics — fleet tracking pilot');
    expect(drafts[0]!.text).toMatch(/Sam Carter$/);
    expect(drafts[0]!.empty).toEqual([]);
    // The handoff context says what an AI draft would be given.
    expect(s).toMatchObject({ context: { intent: 'pricing', contact: { name: 'Priya Raman', company: 'Acme Robotics', title: 'VP Operations' } } });
  });

  it('suggests the nudge when the rep wrote last, and the break-up after three unanswered emails', async () => {
    await openThread([message('msg-f:1', priya, NOW - 9e8, 'Send me the proposal.'), message('msg-f:2', sam, NOW - 5e8, 'Here it is.')]);
    expect(await ok('drafts.suggest', { threadId: THREAD })).toMatchObject({ mode: 'follow-up', suggestions: [{ templateId: 'nudge-1' }] });
    await openThread([
      message('msg-f:1', priya, NOW - 9e8, 'Send me the proposal.'),
      message('msg-f:2', sam, NOW - 5e8, 'Here it is.'),
      message('msg-f:3', sam, NOW - 4e8, 'Any thoughts?'),
      message('msg-f:4', sam, NOW - 3e8, 'Checking in.'),
    ]);
    expect(await ok('drafts.suggest', { threadId: THREAD })).toMatchObject({ mode: 'follow-up', suggestions: [{ templateId: 'break-up' }] });
  });

  it('without own domains set, tells who wrote what from the CRM: the rep writing last gets the nudge', async () => {
    await settings.update({ ownDomains: [] });
    await openThread([message('msg-f:1', priya, NOW - 9e8, 'Send me the proposal.'), message('msg-f:2', sam, NOW - 5e8, 'Here it is.')]);
    expect(await ok('drafts.suggest', { threadId: THREAD })).toMatchObject({ mode: 'follow-up', suggestions: [{ templateId: 'nudge-1' }] });
    await openThread([message('msg-f:2', sam, NOW - 5e8, 'Here it is.'), message('msg-f:3', priya, NOW - 1e8, 'What does it cost for 40 vans?')]);
    expect(await ok('drafts.suggest', { threadId: THREAD })).toMatchObject({ mode: 'reply', intent: 'pricing', messageId: 'msg-f:3' });
  });

  it('a "not interested / unsubscribe" reply suggests closing the loop and stopping reminders, not another pitch', async () => {
    await openThread([message('msg-f:1', sam, NOW - 9e8, 'Pilot?'), message('msg-f:2', priya, NOW - 1e8, 'Please take me off your list.')]);
    await db.reminders.bulkAdd([
      { id: 'r1', threadId: THREAD, dueAt: NOW + 1e8, reason: 'nudge', status: 'pending', createdAt: NOW },
      { id: 'r2', threadId: THREAD, dueAt: NOW + 2e8, reason: 'nudge', status: 'done', createdAt: NOW },
    ]);
    const s = await ok('drafts.suggest', { threadId: THREAD });
    expect(s).toMatchObject({ intent: 'not_interested', signals: ['unsubscribe_request'], closeLoop: { pendingReminders: 1 }, suggestions: [{ templateId: 'close-the-loop' }] });
    expect(await ok('drafts.closeLoop', { threadId: THREAD, messageId: 'msg-f:2' })).toEqual({ cancelledReminders: 1 });
    expect((await db.reminders.get('r1'))?.status).toBe('cancelled');
    expect((await db.reminders.get('r2'))?.status).toBe('done');
    expect(await db.events.where('type').equals('suggestion.accepted').count()).toBe(1);
  });

  it('puts the rep’s own template for an intent first', async () => {
    await ok('drafts.saveTemplate', { template: { name: 'My pricing', body: 'Hey {{contact.firstName}} — pricing attached.', intents: ['pricing'] } });
    await openThread([message('msg-f:2', priya, NOW - 1e8, 'What does it cost?')]);
    const s = (await ok('drafts.suggest', { threadId: THREAD })) as { suggestions: { templateId: string; text: string }[] };
    expect(s.suggestions[0]).toMatchObject({ templateId: 'my-my-pricing', text: 'Hey Priya — pricing attached.' });
    expect(s.suggestions).toHaveLength(3);
  });

  it('says plainly when the thread is not stored', async () => {
    const reply = Failure.parse(await send('drafts.suggest', { threadId: 'thread-f:42' }));
    expect(reply.error.message).toMatch(/not stored yet; open it in Gmail first/);
  });
});

describe('templates over the channels', () => {
  it('refuses a template with an unknown variable, naming it, and stores nothing', async () => {
    const before = (await ok('drafts.listTemplates', {})) as { templates: unknown[]; variables: { name: string }[] };
    expect(before.variables.map((v) => v.name)).toContain('contact.firstName');
    const reply = Failure.parse(await send('drafts.saveTemplate', { template: { name: 'x', body: 'Hi {{contact.fristName}}' } }));
    expect(reply.error.code).toBe('bad_payload');
    expect(reply.error.issues?.join('\n')).toMatch(/template.body: unknown variable "contact.fristName".*did you mean contact.firstName/);
    expect(((await ok('drafts.listTemplates', {})) as { templates: unknown[] }).templates).toHaveLength(before.templates.length);
  });

  it('resets a built-in after an edit', async () => {
    await ok('drafts.saveTemplate', { template: { id: 'out-of-office', name: 'OOO', body: 'Enjoy the break!' } });
    const reset = (await ok('drafts.resetTemplate', { id: 'out-of-office' })) as { template: { body: string; edited: boolean } };
    expect(reset.template.edited).toBe(false);
    expect(reset.template.body).toMatch(/out-of-office note/);
  });
});

describe('drafts.insert', () => {
  beforeEach(async () => {
    await openThread([message('msg-f:2', priya, NOW - 1e8, 'Pricing?')]);
    await views.set({ tabId: 7, view: 'thread', threadId: THREAD, at: NOW });
  });

  it('sends the text to the Gmail tab showing the thread and records the accepted suggestion', async () => {
    expect(await ok('drafts.insert', { tabId: 99, threadId: THREAD, text: 'Hi Priya,\n\nIt is $38.', templateId: 'pricing-reply' })).toEqual({ inserted: true, openedReplyBox: true });
    expect(toTab).toEqual([{ tabId: 7, message: { channel: 'gmail.insertDraft', payload: { threadId: THREAD, text: 'Hi Priya,\n\nIt is $38.' } } }]);
    expect(await db.events.where('type').equals('suggestion.accepted').count()).toBe(1);
  });

  it('reports what went wrong in the tab, and refuses when the thread is no longer open', async () => {
    tabAnswer = { inserted: false, openedReplyBox: false, error: 'Gmail’s reply box did not open.' };
    expect(Failure.parse(await send('drafts.insert', { threadId: THREAD, text: 'x' })).error.message).toMatch(/reply box did not open/);
    tabAnswer = undefined;
    expect(Failure.parse(await send('drafts.insert', { threadId: THREAD, text: 'x' })).error.message).toMatch(/did not answer/);
    await views.set({ tabId: 7, view: 'list', at: NOW + 1 });
    expect(Failure.parse(await send('drafts.insert', { threadId: THREAD, text: 'x' })).error.message).toMatch(/no longer open in Gmail/);
    expect(await db.events.where('type').equals('suggestion.accepted').count()).toBe(0);
  });
});

describe('AI settings and drafts over the channels', () => {
  it('refuses an OpenAI-compatible endpoint the extension was not allowed to reach, and never returns the key', async () => {
    const ai = { provider: 'openai-compatible', endpoint: 'http://localhost:11434/v1', model: 'llama3.2', apiKey: 'sk-secret' };
    expect(Failure.parse(await send('drafts.saveAiSettings', { ai })).error.message).toMatch(/not been allowed to reach http:\/\/localhost:11434.*http:\/\/localhost\/\*/);
    const view = await ok('drafts.getAiSettings', {});
    expect(view).toMatchObject({ provider: 'none', apiKeySet: false });
    expect(JSON.stringify(view)).not.toContain('sk-secret');
  });

  it('an AI draft with no provider is a fallback note with the handoff context', async () => {
    await openThread([message('msg-f:2', priya, NOW - 1e8, 'What does it cost?')]);
    const out = await ok('drafts.aiDraft', { requestId: 'req-000000001', threadId: THREAD });
    expect(out).toMatchObject({ outcome: { kind: 'fallback', reason: 'no_provider' }, context: { intent: 'pricing', contact: { name: 'Priya Raman' } } });
    expect(await ok('drafts.aiCancel', { requestId: 'req-000000001' })).toEqual({ cancelled: false });
    expect(await ok('drafts.aiLog', {})).toMatchObject({ entries: [], today: { requests: 0 } });
  });
});

describe('npm run inspect -- intent', () => {
  it('answers every line in order, with an error for malformed ones, and carries on', async () => {
    const stdin = new PassThrough();
    const out: string[] = [];
    const done = inspectIntent([], { stdin, out: (l) => out.push(l) });
    stdin.end(['{"text":"How much for 40 seats?"}', 'not json', '{"text": 5}', '', '{"text":"I am out of the office until Monday."}'].join('\n'));
    expect(await done).toBe(0);
    expect(out.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ intent: 'pricing', reason: expect.stringMatching(/pricing/) }),
      { error: expect.stringMatching(/not JSON/) },
      { error: expect.stringMatching(/"text" string/) },
      { error: 'empty line' },
      expect.objectContaining({ intent: 'out_of_office' }),
    ]);
  });
});
