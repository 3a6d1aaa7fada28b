import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestText } from '@/lib/drafts/clean';
import { detectIntent, detectIntentByRules } from '@/lib/drafts/intent';
import { modelIntent, READS_RULES } from '@/lib/drafts/intent-model';
import { DECIDER } from '@/lib/drafts/intent-weights';
import { Intent } from '@/lib/records';

// The trained intent model (scripts/train-intent.ts, weights in lib/drafts/intent-weights.ts). Its honest
// figures are the script's. 2026-12-07, first collection: alone, 5-fold 55.7% on tuning.jsonl and 19/51 on
// held-out.jsonl; each combination with the rules 31/51 against the rules' 30/51, but both broke pinned behaviour,
// so the rules decided. After the second collection that day (261 tuning, 97 held-out lines): alone 128/261 in
// 5-fold and 36/97 on held-out; model+rules 56/97, rules→model 56/97, the rules 55/97. model+rules no longer
// breaks a pinned test, so by the fixed protocol it decides (a one-reply margin; scripts/train-intent.ts says how
// the exclusions were checked again). Here: the shipped weights are the ones trained on tuning.jsonl (they fit it),
// every answer is well-formed, and detectIntent follows the candidate the weights name.

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

  it('decides as the training script chose (DECIDER: model+rules, which reads the rules\' hits), quoting the rules\' words', () => {
    expect(DECIDER).toBe('model+rules');
    expect(READS_RULES).toBe(true);
    const texts = ['Can we meet on Thursday at 3pm?', 'Automatic reply: Hello', 'Ich bin vom 2. bis 13. März im Urlaub und nicht erreichbar.', 'Je suis en congés, sans ordinateur.', 'Attached.', 'No, grazie.', 'Olá, no momento não estou aberto para serviços.'];
    for (const text of texts) {
      const rules = detectIntentByRules(text);
      const model = modelIntent(latestText(text), { scores: rules.scores, intent: rules.intent });
      const got = detectIntent(text);
      expect(got.intent, text).toBe(model.intent);
      expect(got.decidedBy, text).toBe(model.intent === rules.intent ? 'rules' : 'model');
      expect(detectIntent(text, '', { withModel: true }).model).toEqual(model);
    }
    expect(detectIntent('Automatic reply: Hello').intent).toBe('out_of_office');
    expect(detectIntent('Attached.').intent).toBe('other');
  });
});
