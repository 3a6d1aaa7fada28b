import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestText } from '@/lib/drafts/clean';
import { detectIntent, detectIntentByRules } from '@/lib/drafts/intent';
import { modelIntent, READS_RULES } from '@/lib/drafts/intent-model';
import { DECIDER } from '@/lib/drafts/intent-weights';
import { Intent } from '@/lib/records';

// The trained intent model (scripts/train-intent.ts, weights in lib/drafts/intent-weights.ts). Its honest
// figures are the script's (2026-12-07): alone, 5-fold 55.7% on tuning.jsonl and 19/51 = 37.3% on held-out.jsonl;
// each combination with the rules 31/51 on held-out against the rules' 30/51, but both break pinned behaviour
// (scripts/train-intent.ts EXCLUDED says how), so the rules decide and the model's guess rides along on request.
// Here: the shipped weights are the ones trained on tuning.jsonl (they fit it), every answer is well-formed, and
// detectIntent follows the candidate the weights name.

const load = (name: string) =>
  readFileSync(resolve(import.meta.dirname, '../fixtures/intent', name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; intent: string });

describe('intent model', () => {
  it('fits the replies it was trained on (the shipped weights are the trained ones)', () => {
    const tuning = load('tuning.jsonl');
    const right = tuning.filter((item) => {
      const rules = detectIntentByRules(item.text);
      return modelIntent(latestText(item.text) || item.text, { scores: rules.scores, intent: rules.intent }).intent === item.intent;
    }).length;
    expect(right / tuning.length).toBeGreaterThanOrEqual(0.9);
  });

  it('answers with one of the nine intents, a probability and a word of the reply', () => {
    for (const text of ['Can we meet on Thursday at 3pm?', 'What would 20 seats cost?', 'Kein Interesse, danke.', '']) {
      const guess = modelIntent(text);
      expect(Intent.options).toContain(guess.intent);
      expect(guess.confidence).toBeGreaterThan(0);
      expect(guess.confidence).toBeLessThanOrEqual(1);
      expect(text.includes(guess.word)).toBe(true);
      expect(modelIntent(text)).toEqual(guess);
    }
  });

  it('decides as the training script chose (DECIDER: the rules), the model riding along when asked', () => {
    expect(DECIDER).toBe('rules');
    expect(READS_RULES).toBe(false);
    const texts = ['Can we meet on Thursday at 3pm?', 'Automatic reply: Hello', 'Ich bin vom 2. bis 13. März im Urlaub und nicht erreichbar.', 'Je suis en congés, sans ordinateur.', 'Attached.'];
    let modelDecided = 0;
    for (const text of texts) {
      const rules = detectIntentByRules(text);
      const model = modelIntent(latestText(text), { scores: rules.scores, intent: rules.intent });
      const got = detectIntent(text);
      expect(got.intent).toBe(rules.intent);
      expect(got.decidedBy).toBe('rules');
      expect(got.model).toBeUndefined();
      if (model.intent !== rules.intent) modelDecided++;
      expect(detectIntent(text, '', { withModel: true }).model).toEqual(model);
    }
    // The model would answer otherwise on some of them (the German and French notices, which the rules miss).
    expect(modelDecided).toBeGreaterThanOrEqual(1);
    expect(detectIntent('Automatic reply: Hello').intent).toBe('out_of_office');
  });
});
