// @vitest-environment node
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { AiGateway } from '@/lib/ai/gateway';
import { intentPrompt, providerIntent, readProviderIntent } from '@/lib/ai/intent';
import type { PromptApiPort } from '@/lib/ai/providers';
import { AiSettings } from '@/lib/settings';

// The AI provider deciding intent, the local rules as the fallback: a fake provider behind Chrome's Prompt API
// port (no network), and a fetch port that fails the test if anything is fetched.

let db: FollowthroughDb;
let fetched: string[];
beforeEach(async () => {
  db = new FollowthroughDb(`ft-ai-intent-${Math.random().toString(36).slice(2)}`);
  await db.open();
  fetched = [];
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** A fake built-in model: answers `answer` (or never, or throws), recording what it was asked. */
function fakeModel(behaviour: { answer?: string; never?: boolean; availability?: string }) {
  const asked: string[] = [];
  const api: PromptApiPort = {
    availability: async () => behaviour.availability ?? 'available',
    create: async (options) => ({
      promptStreaming(input: string, opts?: { signal?: AbortSignal }) {
        asked.push([...(options.initialPrompts ?? []).map((p) => p.content), input].join('\n'));
        return (async function* () {
          if (behaviour.never) {
            await new Promise((_, reject) => opts?.signal?.addEventListener('abort', () => reject(opts.signal?.reason as Error)));
          }
          yield behaviour.answer ?? '';
        })();
      },
    }),
  };
  return { api, asked };
}

const gateway = (api?: PromptApiPort) =>
  new AiGateway({
    db,
    now: () => Date.UTC(2026, 11, 6, 12),
    fetch: async (url) => {
      fetched.push(url);
      throw new Error('no network in this test');
    },
    promptApi: () => api,
    hasOrigin: async () => false,
    timeZone: 'UTC',
  });

// The rep set up a provider and turned on reading replies with it (Options → AI).
const chrome = (patch: Record<string, unknown> = {}) => AiSettings.parse({ provider: 'chrome', readIntent: true, ...patch });
const pricing = { text: 'Hi Sam, what would 40 vans cost per month on the annual plan? Priya (priya@acme.example)', subject: 'Re: pilot' };

describe('intent from the AI provider, the local rules as the fallback', () => {
  it('uses the provider’s intent when it answers one of the nine, and says so', async () => {
    const model = fakeModel({ answer: '```json\n{"intent": "pricing", "reason": "asks the monthly price for 40 vans"}\n```' });
    const decision = await providerIntent(gateway(model.api), chrome(), pricing);
    expect(decision).toEqual({ by: 'provider', intent: 'pricing', reason: 'asks the monthly price for 40 vans', from: 'intent from Chrome’s built-in model', words: { key: 'intent_from_provider', args: { name: { key: 'intent_provider_chrome' } } } });
    // The provider saw the nine intents and the message, with the address redacted by the gateway.
    expect(model.asked[0]).toContain('out_of_office');
    expect(model.asked[0]).toContain('what would 40 vans cost');
    expect(model.asked[0]).not.toContain('priya@acme.example');
    expect((await db.aiLog.toArray()).map((r) => [r.purpose, r.outcome])).toEqual([['classify-intent', 'ok']]);
  });

  it('keeps the rules’ intent when the answer is not one of the nine intents, with that reason', async () => {
    for (const answer of ['{"intent": "urgent"}', 'It is about money, I think.', '{"intent": "pricing", "confidence": 0.9}', '{"intent": 3}']) {
      const decision = await providerIntent(gateway(fakeModel({ answer }).api), chrome(), pricing);
      expect(decision, answer).toEqual({ by: 'local', from: 'intent from local rules: the AI provider’s answer was not one of the nine intents', why: expect.objectContaining({ key: expect.stringMatching(/^intent_why_/) }) });
    }
  });

  it('keeps the rules’ intent when the provider times out or fails, saying which', async () => {
    const slow = await providerIntent(gateway(fakeModel({ never: true }).api), chrome({ timeoutMs: 1000 }), pricing);
    expect(slow).toEqual({ by: 'local', from: 'intent from local rules: the AI provider did not answer in time', why: expect.objectContaining({ key: expect.stringMatching(/^intent_why_/) }) });
    const broken = await providerIntent(gateway(fakeModel({ availability: 'unavailable' }).api), chrome(), pricing);
    expect(broken).toMatchObject({ by: 'local', from: expect.stringMatching(/^intent from local rules: the AI provider failed \(Chrome’s built-in model is not available on this device\)$/) });
    const absent = await providerIntent(gateway(undefined), chrome(), pricing);
    expect(absent.from).toMatch(/^intent from local rules: the AI provider failed \(this browser does not offer/);
  });

  it('is off until the rep opts in: a provider set up for drafts reads no reply, and nothing is asked or logged', async () => {
    const model = fakeModel({ answer: 'pricing' });
    expect(AiSettings.parse({ provider: 'chrome' }).readIntent).toBe(false);
    expect(await providerIntent(gateway(model.api), AiSettings.parse({ provider: 'chrome' }), pricing)).toEqual({
      by: 'local',
      from: 'intent from local rules: reading replies with your AI provider is off (Options → AI)',
      why: { key: 'intent_why_opted_out' },
    });
    const remote = AiSettings.parse({ provider: 'openai-compatible', endpoint: 'https://models.example/v1', model: 'small' });
    expect((await providerIntent(gateway(model.api), remote, pricing)).by).toBe('local');
    expect(model.asked).toEqual([]);
    expect(fetched).toEqual([]);
    expect(await db.aiLog.count()).toBe(0);
    // Turned on, the same setup asks the provider.
    expect(await providerIntent(gateway(model.api), chrome(), pricing)).toMatchObject({ by: 'provider', intent: 'pricing' });
    expect(model.asked).toHaveLength(1);
  });

  it('makes no call without a provider the rep configured, nor to an endpoint the rep never granted', async () => {
    const model = fakeModel({ answer: 'pricing' });
    expect(await providerIntent(gateway(model.api), AiSettings.parse({}), pricing)).toEqual({ by: 'local', from: 'intent from local rules: no AI provider is set up', why: expect.objectContaining({ key: expect.stringMatching(/^intent_why_/) }) });
    const remote = AiSettings.parse({ provider: 'openai-compatible', endpoint: 'https://models.example/v1', model: 'small', readIntent: true });
    expect(await providerIntent(gateway(model.api), remote, pricing)).toEqual({
      by: 'local',
      from: 'intent from local rules: Followthrough has no permission to reach the AI provider',
      why: { key: 'intent_why_permission' },
    });
    expect(model.asked).toEqual([]);
    expect(fetched).toEqual([]);
    expect(await db.aiLog.count()).toBe(1); // the refusal is logged, as for drafts
  });

  it('stops asking once today’s budget is used up', async () => {
    const model = fakeModel({ answer: 'meeting' });
    const tight = chrome({ dailyRequests: 1 });
    expect(await providerIntent(gateway(model.api), tight, pricing)).toMatchObject({ by: 'provider', intent: 'meeting' });
    expect(await providerIntent(gateway(model.api), tight, pricing)).toEqual({ by: 'local', from: 'intent from local rules: today’s AI budget is used up', why: expect.objectContaining({ key: expect.stringMatching(/^intent_why_/) }) });
    expect(model.asked).toHaveLength(1);
  });

  it('reads a bare intent name, and refuses anything else', () => {
    expect(readProviderIntent(' Not_Interested. ')).toEqual({ intent: 'not_interested' });
    expect(readProviderIntent('"out_of_office"')).toEqual({ intent: 'out_of_office' });
    expect(readProviderIntent('pricing or meeting')).toBeUndefined();
    expect(readProviderIntent('{"intent": "pricing", "reason": "' + 'x'.repeat(400) + '"}')).toBeUndefined();
    expect(intentPrompt('x', 'y')[0]!.content).toMatch(/meeting:.*\n.*pricing:/s);
  });
});
