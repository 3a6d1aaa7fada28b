import { z } from 'zod';
import { Intent, type ContactCard, type Message, type TemplateRow, type Thread } from '../records';
import { detectIntent, type Signal } from './intent';
import { mergeValues } from './merge';
import { parseTemplate, renderParts, VARIABLE_NAMES, type PreviewPart } from './template';
import { words, Words } from '../words';

// For the open thread: what the latest message asks for, and up to three drafts that answer it, filled from
// the local CRM. A thread where the rep wrote last gets a follow-up nudge instead; a "no" gets "close the
// loop" and an offer to stop the reminders, never another pitch.

export const MAX_SUGGESTIONS = 3;

export const SignalName = z.enum(['budget_objection', 'competitor_objection', 'unsubscribe_request']);

const Variable = z.enum(VARIABLE_NAMES as [string, ...string[]]);
export const PreviewPartSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('field'), variable: Variable, text: z.string(), filled: z.enum(['value', 'fallback', 'empty']) }),
]);

export const DraftSuggestion = z.object({
  templateId: z.string(),
  name: z.string(),
  /** Why this draft, for the rep ("they asked about pricing"). */
  reason: z.string(),
  text: z.string(),
  parts: z.array(PreviewPartSchema),
  /** Merge fields with no value and no fallback: marked in the preview, to be filled by the rep. */
  empty: z.array(Variable),
  fellBack: z.array(Variable),
});
export type DraftSuggestion = z.infer<typeof DraftSuggestion>;

/** What an AI draft is given (and shows the rep): the handoff. */
export const DraftContext = z.object({
  threadSummary: z.string(),
  contact: z.object({ name: z.string().optional(), email: z.string().optional(), title: z.string().optional(), company: z.string().optional(), deal: z.string().optional(), stage: z.string().optional() }),
  intent: Intent,
  intentReason: z.string(),
  signals: z.array(SignalName),
  latestInbound: z.string(),
});
export type DraftContext = z.infer<typeof DraftContext>;

export const Suggestions = z.object({
  threadId: z.string(),
  /** The message the suggestions answer (the latest in the thread). */
  messageId: z.string().optional(),
  mode: z.enum(['reply', 'follow-up', 'none']),
  intent: Intent,
  reason: z.string(),
  signals: z.array(SignalName),
  /** Who decided the intent: "intent from <provider>" or "intent from local rules: <why not the provider>". */
  intentFrom: z.string().max(400),
  /** The same line for the rep, said in their language (lib/say.ts). */
  intentFromWords: Words.optional(),
  /** Which reader decided the intent: the local rules, the local trained model, or the rep's AI provider. */
  decidedBy: z.enum(['rules', 'model', 'provider']),
  suggestions: z.array(DraftSuggestion).max(MAX_SUGGESTIONS),
  /** Set when the right move is to stop, not to write more: offers to stop this thread's reminders. */
  closeLoop: z.object({ reason: z.string(), pendingReminders: z.number().int().nonnegative() }).optional(),
  context: DraftContext,
});
export type Suggestions = z.infer<typeof Suggestions>;

// The shipped templates to try, in order, for each intent; the rep's own templates for an intent come first.
const PREFERRED: Record<Intent, string[]> = {
  pricing: ['pricing-reply', 'meeting-times', 'send-material'],
  meeting: ['meeting-times', 'answer-question', 'send-material'],
  question: ['answer-question', 'send-material', 'meeting-times'],
  referral: ['referral-thanks', 'answer-question'],
  timing: ['timing-later', 'send-material'],
  not_interested: ['close-the-loop'],
  out_of_office: ['out-of-office'],
  positive: ['positive-next-step', 'meeting-times', 'thanks-after-meeting'],
  other: ['answer-question', 'meeting-times', 'send-material'],
};

const REASON_FOR_TEMPLATE: Record<string, string> = {
  'pricing-reply': 'they asked about pricing',
  'meeting-times': 'propose times to talk',
  'send-material': 'send what they asked for',
  'answer-question': 'answer their question',
  'referral-thanks': 'they pointed you to someone else',
  'timing-later': 'they said the timing is not right',
  'close-the-loop': 'they declined: close the loop politely',
  'out-of-office': 'they are away: acknowledge and wait',
  'positive-next-step': 'they said yes: confirm the next step',
  'thanks-after-meeting': 'thank them and recap',
};

export interface SuggestInput {
  thread: Thread;
  messages: Message[];
  cards: ContactCard[];
  templates: TemplateRow[];
  repName: string;
  pendingReminders: number;
  timeZone?: string;
  /**
   * Whether the rep has told Followthrough their own domains. Without them every stored message reads as
   * inbound, so who wrote what is taken from the CRM instead: a message is theirs when it comes from a
   * matched contact or their company's domain.
   */
  ownDomainsKnown?: boolean;
  /** The AI provider's intent for the latest inbound message, when it gave one (lib/ai/intent.ts). */
  intentOverride?: { intent: Intent; reason: string };
  /** Shown with the intent: which reader decided it, and for the local rules why the provider did not. */
  intentFrom?: string;
  intentFromWords?: Words;
}

/** "intent from local rules" or "… the local model", and why the provider did not decide when it was asked. */
export function localIntentFrom(decidedBy: 'rules' | 'model', why?: { text: string; words: Words }): { intentFrom: string; intentFromWords: Words } {
  const reader = decidedBy === 'model' ? 'the local model' : 'local rules';
  if (!why) return { intentFrom: `intent from ${reader}`, intentFromWords: words(decidedBy === 'model' ? 'intent_from_model' : 'intent_from_rules') };
  return { intentFrom: `intent from ${reader}: ${why.text}`, intentFromWords: words(decidedBy === 'model' ? 'intent_from_model_why' : 'intent_from_rules_why', { why: why.words }) };
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

function summary(thread: Thread, messages: Message[], isTheirs: (m: Message) => boolean): string {
  const people = thread.participants.map((p) => p.name || p.email).join(', ');
  const inbound = messages.filter(isTheirs).length;
  return `“${thread.subject || '(no subject)'}” with ${people}: ${messages.length} message${messages.length === 1 ? '' : 's'}, ${inbound} from them.`;
}

export function suggestDrafts(input: SuggestInput): Suggestions {
  const ordered = [...input.messages].sort((a, b) => (a.date ?? 0) - (b.date ?? 0));
  const theirEmails = new Set(input.cards.flatMap((c) => c.contact.emails));
  const theirDomains = new Set(input.cards.flatMap((c) => [c.company?.domain, domainOf(c.contact.email)]).filter((d): d is string => !!d));
  const isTheirs = (m: Message) =>
    input.ownDomainsKnown !== false || theirEmails.size === 0
      ? m.direction === 'inbound'
      : theirEmails.has(m.from.email) || theirDomains.has(domainOf(m.from.email));
  const latest = ordered.at(-1);
  const latestInbound = [...ordered].reverse().find(isTheirs);
  const card = (latestInbound && input.cards.find((c) => c.contact.emails.includes(latestInbound.from.email))) ?? input.cards[0];
  const values = mergeValues({
    contact: card?.contact,
    sender: latestInbound?.from ?? input.thread.participants[0],
    company: card?.company,
    deals: card?.deals,
    thread: input.thread,
    lastReplyAt: latestInbound?.date,
    repName: input.repName,
    timeZone: input.timeZone,
  });

  const usable = input.templates.filter((t) => !t.hidden && t.kind === 'template');
  const fill = (t: TemplateRow, reason: string): DraftSuggestion | null => {
    const parsed = parseTemplate(t.body);
    if (!parsed.ok) return null; // saved templates are validated; an old invalid row is skipped, not shown broken
    const rendered = renderParts(parsed.parts, values);
    return { templateId: t.id, name: t.name, reason, text: rendered.text, parts: rendered.parts as PreviewPart[], empty: rendered.empty, fellBack: rendered.fellBack };
  };

  const local = latestInbound ? detectIntent(latestInbound.bodyText, latestInbound.subject) : undefined;
  const override = input.intentOverride;
  const detected = local && override ? { ...local, intent: override.intent, reason: override.reason || `the AI provider reads it as ${override.intent.replace('_', ' ')}` } : local;
  const intent: Intent = detected?.intent ?? 'other';
  const signals: Signal[] = detected?.signals ?? [];
  const context: DraftContext = {
    threadSummary: summary(input.thread, ordered, isTheirs),
    contact: {
      name: values['contact.name'],
      email: values['contact.email'],
      title: values['contact.title'],
      company: values['company.name'],
      deal: values['deal.name'],
      stage: values['deal.stage'],
    },
    intent,
    intentReason: detected?.reason ?? 'no reply from them yet',
    signals,
    latestInbound: detected?.text ?? '',
  };
  const decidedBy: Suggestions['decidedBy'] = override ? 'provider' : (local?.decidedBy ?? 'rules');
  const from = input.intentFrom !== undefined ? { intentFrom: input.intentFrom, ...(input.intentFromWords ? { intentFromWords: input.intentFromWords } : {}) } : localIntentFrom(decidedBy === 'model' ? 'model' : 'rules');
  const base = { threadId: input.thread.id, messageId: latest?.id, context, signals, decidedBy, ...from };

  if (!latest) return { ...base, mode: 'none', intent: 'other', reason: 'the thread has no messages yet', suggestions: [] };

  // The rep wrote last: nudge, by how many times they have written since the last reply.
  if (!isTheirs(latest)) {
    let unanswered = 0;
    for (const m of [...ordered].reverse()) {
      if (isTheirs(m)) break;
      unanswered++;
    }
    const step = Math.min(unanswered, 3);
    const nudge = usable.find((t) => t.followUpStep === step) ?? usable.find((t) => t.followUpStep !== undefined && t.followUpStep <= step);
    const reason = step >= 3 ? `no reply after ${unanswered} emails: time for a last, polite note` : `no reply to your last ${unanswered === 1 ? 'email' : `${unanswered} emails`} yet`;
    const suggestion = nudge ? fill(nudge, reason) : null;
    return { ...base, mode: 'follow-up', intent, reason, suggestions: suggestion ? [suggestion] : [] };
  }

  const unsubscribe = signals.includes('unsubscribe_request');
  const effective: Intent = unsubscribe ? 'not_interested' : intent;
  const reason = detected!.reason;
  const mine = usable.filter((t) => !t.builtIn && t.intents.includes(effective));
  const shipped = PREFERRED[effective].map((id) => usable.find((t) => t.id === id)).filter((t): t is TemplateRow => !!t);
  const also = usable.filter((t) => t.builtIn && t.intents.includes(effective) && !PREFERRED[effective].includes(t.id));
  const picked: DraftSuggestion[] = [];
  const seen = new Set<string>();
  for (const t of [...mine, ...shipped, ...also]) {
    if (picked.length >= (effective === 'not_interested' ? 1 : MAX_SUGGESTIONS) || seen.has(t.id)) continue;
    seen.add(t.id);
    const first = picked.length === 0;
    const why = first ? reason : (REASON_FOR_TEMPLATE[t.id] ?? `suits a ${effective.replace('_', ' ')} reply`);
    const s = fill(t, why);
    if (s) picked.push(s);
  }
  const closeLoop =
    effective === 'not_interested'
      ? { reason: unsubscribe ? 'they asked not to be emailed again: stop the reminders for this thread' : 'they declined: close the loop and stop the reminders for this thread', pendingReminders: input.pendingReminders }
      : undefined;
  return { ...base, mode: 'reply', intent: effective, reason, suggestions: picked, ...(closeLoop ? { closeLoop } : {}) };
}
