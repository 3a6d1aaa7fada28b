import { z } from 'zod';
import { Intent } from '../records';
import type { AiSettings } from '../settings';
import type { AiGateway } from './gateway';
import type { ChatMessage } from './providers';
import { words, type Words } from '../words';

// The intent of the latest inbound message as the rep's AI provider reads it, through the same gateway as
// drafts (permission, budget, redaction, timeout, log). The local rules stay the answer whenever the provider
// is not set up, not allowed, over budget, slow, failing, or answers anything but one of the nine intents,
// and the panel always says which one decided and, for the rules, why the provider did not: `from` is the English
// line (the AI log, older panels), `words` / `why` the same for the rep in their language (lib/say.ts).

/** How long the panel waits for the provider's intent before keeping the rules' (drafts may wait longer). */
export const INTENT_TIMEOUT_MS = 8000;

/** What the provider must answer: one of the nine intents, with an optional short reason. */
export const ProviderIntent = z.object({ intent: Intent, reason: z.string().trim().max(300).optional() }).strict();

const DEFINITIONS: Record<Intent, string> = {
  meeting: 'they want to meet, talk, or schedule a call or demo',
  pricing: 'they ask about price, cost, quote, plans or discounts',
  question: 'they ask a question about the product or terms (not price, not a meeting)',
  referral: 'they point the salesperson to someone else (a colleague, another team)',
  timing: 'interested but not now: later, next quarter, after a date',
  not_interested: 'they decline, or ask not to be contacted again',
  out_of_office: 'an automatic out-of-office or absence reply',
  positive: 'a positive reply with no other ask',
  other: 'none of the above',
};

export function intentPrompt(latestInbound: string, subject: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content:
        'You classify the latest email a prospect sent to a salesperson into exactly one intent. Answer with JSON only, ' +
        '{"intent": "<one of the names below>", "reason": "<at most 20 words>"}, nothing else. Intents:\n' +
        Intent.options.map((i) => `${i}: ${DEFINITIONS[i]}`).join('\n'),
    },
    { role: 'user', content: `Subject: ${subject.slice(0, 300)}\n\nEmail:\n"""\n${latestInbound.slice(0, 4000)}\n"""` },
  ];
}

/** The provider's answer, checked: JSON as asked (perhaps inside a code fence), or a bare intent name. */
export function readProviderIntent(text: string): z.infer<typeof ProviderIntent> | undefined {
  const bare = text.trim().toLowerCase().replace(/^["'`]+|["'`.]+$/g, '');
  const named = Intent.safeParse(bare);
  if (named.success) return { intent: named.data };
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
  const parsed = ProviderIntent.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export type IntentDecision =
  | { by: 'provider'; intent: Intent; reason: string; from: string; words: Words }
  /** `why`: why the provider's answer was not used; the local reader that decided instead is the caller's to name. */
  | { by: 'local'; from: string; why: Words };

const PROVIDER_NAME: Record<AiSettings['provider'], string> = { none: 'no provider', chrome: 'Chrome’s built-in model', 'openai-compatible': 'your AI provider' };

/** Why the provider's answer was not used, from the gateway's fallback reason, in the rep's words. */
const WHY_WORDS: Record<string, Words> = {
  no_provider: words('intent_why_no_provider'),
  opted_out: words('intent_why_opted_out'),
  permission: words('intent_why_permission'),
  budget: words('intent_why_budget'),
  timeout: words('intent_why_timeout'),
  cancelled: words('intent_why_cancelled'),
  failed: words('intent_why_failed'),
};
const local = (why: string, whyWords: Words): IntentDecision => ({ by: 'local', from: `intent from local rules: ${why}`, why: whyWords });

/** Why the provider's answer was not used, in English for the AI log and the English line. */
const WHY: Record<string, string> = {
  no_provider: 'no AI provider is set up',
  opted_out: 'reading replies with your AI provider is off (Options → AI)',
  permission: 'Followthrough has no permission to reach the AI provider',
  budget: 'today’s AI budget is used up',
  timeout: 'the AI provider did not answer in time',
  cancelled: 'the request was cancelled',
  failed: 'the AI provider failed',
};

/**
 * The provider's intent for a message, or why the local rules' stands. Makes no call at all without a
 * provider the rep configured.
 */
export async function providerIntent(gateway: AiGateway, ai: AiSettings, input: { text: string; subject: string }): Promise<IntentDecision> {
  if (ai.provider === 'none') return local(WHY.no_provider!, WHY_WORDS.no_provider!);
  // The rep's own choice (Options → AI): a provider set up for drafts reads no reply until they turn this on.
  if (!ai.readIntent) return local(WHY.opted_out!, WHY_WORDS.opted_out!);
  if (!input.text.trim()) return local('their message has no text of its own', words('intent_why_no_text'));
  const outcome = await gateway.generate({ ...ai, timeoutMs: Math.min(ai.timeoutMs, INTENT_TIMEOUT_MS) }, { purpose: 'classify-intent', messages: intentPrompt(input.text, input.subject) });
  if (outcome.kind === 'fallback') {
    const failure = outcome.reason === 'failed' ? outcome.note.replace(/^The AI draft failed \((.*)\); these are your templates\.$/, '$1').slice(0, 160) : '';
    const why = `${WHY[outcome.reason] ?? outcome.reason}${failure ? ` (${failure})` : ''}`;
    // The provider's own error text stays as it came (the gateway's; its wording is not ours to translate here).
    return local(why, failure ? words('intent_why_failed_detail', { detail: failure }) : (WHY_WORDS[outcome.reason] ?? words('text_as_written', { text: outcome.reason })));
  }
  const read = readProviderIntent(outcome.text);
  if (!read) return local('the AI provider’s answer was not one of the nine intents', words('intent_why_not_an_intent'));
  const model = ai.provider === 'openai-compatible' ? outcome.model : undefined;
  const name = model ? `${PROVIDER_NAME[ai.provider]} (${model})` : PROVIDER_NAME[ai.provider];
  const nameWords = ai.provider === 'chrome' ? words('intent_provider_chrome') : model ? words('intent_provider_yours_model', { model }) : words('intent_provider_yours');
  return { by: 'provider', intent: read.intent, reason: read.reason ?? '', from: `intent from ${name}`, words: words('intent_from_provider', { name: nameWords }) };
}
