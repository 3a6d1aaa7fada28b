import type { AiPurpose } from '@/lib/ai/gateway';
import { t, type MessageKey } from '@/lib/i18n';

// The AI log's codes in the rep's words: the provider as the options page's provider select names it, and why
// the call was made. A code with no words (a row from an older or newer build) is shown as stored, not hidden.

/** Every provider the settings have known, by the provider select's labels (SettingsForm asks the schema which it offers). */
export const AI_PROVIDER_LABELS: Record<string, MessageKey> = { none: 'aiProvider_none', chrome: 'aiProvider_chrome', 'openai-compatible': 'aiProvider_openai_compatible', openai: 'aiProvider_openai', anthropic: 'aiProvider_anthropic', ollama: 'aiProvider_ollama' };

const PURPOSE_LABELS = { 'classify-intent': 'aiPurpose_classify_intent', 'draft-reply': 'aiPurpose_draft_reply' } as const satisfies Record<AiPurpose, MessageKey>;

const sayCode = (labels: Record<string, MessageKey>, code: string) => (Object.hasOwn(labels, code) ? t(labels[code]!) : code);

/** "Built-in browser AI" for `chrome`. */
export const sayAiProvider = (provider: string) => sayCode(AI_PROVIDER_LABELS, provider);
/** "drafting a reply" for `draft-reply`. */
export const sayAiPurpose = (purpose: string) => sayCode(PURPOSE_LABELS, purpose);
