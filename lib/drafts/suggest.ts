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
  /** Why this draft, in English ("they asked about pricing"). */
  reason: z.string(),
  /** The same for the rep in their language (lib/say.ts); absent from answers made before it existed. */
  reasonWords: Words.optional(),
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
  /** The intent's reason for the rep in their language; the English line is what the AI provider is given. */
  intentReasonWords: Words.optional(),
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
  /** The reason for the rep in their language (lib/say.ts); `reason` stays the English line. */
  reasonWords: Words.optional(),
  signals: z.array(SignalName),
  /** Who decided the intent: "intent from <provider>" or "intent from local rules: <why not the provider>". */
  intentFrom: z.string().max(400),
  /** The same line for the rep, said in their language (lib/say.ts). */
  intentFromWords: Words.optional(),
  /** Which reader decided the intent: the local rules, the local trained model, or the rep's AI provider. */
  decidedBy: z.enum(['rules', 'model', 'provider']),
  suggestions: z.array(DraftSuggestion).max(MAX_SUGGESTIONS),
  /** Set when the right move is to stop, not to write more: offers to stop this thread's reminders. */
  closeLoop: z.object({ reason: z.string(), reasonWords: Words.optional(), pendingReminders: z.number().int().nonnegative() }).optional(),
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

/** A reason as the English line (what the AI provider and older panels read) and as words for the rep. */
interface Reason {
  text: string;
  words: Words;
}

const REASON_FOR_TEMPLATE: Record<string, Reason> = {
  'pricing-reply': { text: 'they asked about pricing', words: words('draftTemplateReason_pricing_reply') },
  'meeting-times': { text: 'propose times to talk', words: words('draftTemplateReason_meeting_times') },
  'send-material': { text: 'send what they asked for', words: words('draftTemplateReason_send_material') },
  'answer-question': { text: 'answer their question', words: words('draftTemplateReason_answer_question') },
  'referral-thanks': { text: 'they pointed you to someone else', words: words('draftTemplateReason_referral_thanks') },
  'timing-later': { text: 'they said the timing is not right', words: words('draftTemplateReason_timing_later') },
  'close-the-loop': { text: 'they declined: close the loop politely', words: words('draftTemplateReason_close_the_loop') },
  'out-of-office': { text: 'they are away: acknowledge and wait', words: words('draftTemplateReason_out_of_office') },
  'positive-next-step': { text: 'they said yes: confirm the next step', words: words('draftTemplateReason_positive_next_step') },
  'thanks-after-meeting': { text: 'thank them and recap', words: words('draftTemplateReason_thanks_after_meeting') },
};

/** An intent's name inside a reason ("suits a not interested reply"), in the rep's language. */
const INTENT_NAME_WORDS: Record<Intent, Words> = {
  meeting: words('draftIntentName_meeting'),
  pricing: words('draftIntentName_pricing'),
  question: words('draftIntentName_question'),
  referral: words('draftIntentName_referral'),
  timing: words('draftIntentName_timing'),
  not_interested: words('draftIntentName_not_interested'),
  out_of_office: words('draftIntentName_out_of_office'),
  positive: words('draftIntentName_positive'),
  other: words('draftIntentName_other_intent'),
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
export function localIntentFrom(decidedBy: 'rules' | 'model', why?: Reason): { intentFrom: string; intentFromWords: Words } {
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
  const fill = (t: TemplateRow, reason: Reason): DraftSuggestion | null => {
    const parsed = parseTemplate(t.body);
    if (!parsed.ok) return null; // saved templates are validated; an old invalid row is skipped, not shown broken
    const rendered = renderParts(parsed.parts, values);
    return { templateId: t.id, name: t.name, reason: reason.text, reasonWords: reason.words, text: rendered.text, parts: rendered.parts as PreviewPart[], empty: rendered.empty, fellBack: rendered.fellBack };
  };

  const local = latestInbound ? detectIntent(latestInbound.bodyText, latestInbound.subject) : undefined;
  const override = input.intentOverride;
  // The provider's own reason is its text as it wrote it (in whatever language it answered); only ours is worded.
  const detected =
    local && override
      ? {
          ...local,
          intent: override.intent,
          reason: override.reason || `the AI provider reads it as ${override.intent.replaceAll('_', ' ')}`,
          reasonWords: override.reason ? words('text_as_written', { text: override.reason }) : words('draftReason_provider_reads', { intent: INTENT_NAME_WORDS[override.intent] }),
        }
      : local;
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
    intentReasonWords: detected?.reasonWords ?? words('draftReason_no_reply_yet'),
    signals,
    latestInbound: detected?.text ?? '',
  };
  const decidedBy: Suggestions['decidedBy'] = override ? 'provider' : (local?.decidedBy ?? 'rules');
  const from = input.intentFrom !== undefined ? { intentFrom: input.intentFrom, ...(input.intentFromWords ? { intentFromWords: input.intentFromWords } : {}) } : localIntentFrom(decidedBy === 'model' ? 'model' : 'rules');
  const base = { threadId: input.thread.id, messageId: latest?.id, context, signals, decidedBy, ...from };

  if (!latest) return { ...base, mode: 'none', intent: 'other', reason: 'the thread has no messages yet', reasonWords: words('draftReason_no_messages'), suggestions: [] };

  // The rep wrote last: nudge, by how many times they have written since the last reply.
  if (!isTheirs(latest)) {
    let unanswered = 0;
    for (const m of [...ordered].reverse()) {
      if (isTheirs(m)) break;
      unanswered++;
    }
    const step = Math.min(unanswered, 3);
    const nudge = usable.find((t) => t.followUpStep === step) ?? usable.find((t) => t.followUpStep !== undefined && t.followUpStep <= step);
    const reason: Reason =
      step >= 3
        ? { text: `no reply after ${unanswered} emails: time for a last, polite note`, words: words('draftReason_nudge_last_note', { count: unanswered }) }
        : { text: `no reply to your last ${unanswered === 1 ? 'email' : `${unanswered} emails`} yet`, words: words('draftReason_nudge', { count: unanswered }) };
    const suggestion = nudge ? fill(nudge, reason) : null;
    return { ...base, mode: 'follow-up', intent, reason: reason.text, reasonWords: reason.words, suggestions: suggestion ? [suggestion] : [] };
  }

  const unsubscribe = signals.includes('unsubscribe_request');
  const effective: Intent = unsubscribe ? 'not_interested' : intent;
  const reason: Reason = { text: detected!.reason, words: detected!.reasonWords };
  const mine = usable.filter((t) => !t.builtIn && t.intents.includes(effective));
  const shipped = PREFERRED[effective].map((id) => usable.find((t) => t.id === id)).filter((t): t is TemplateRow => !!t);
  const also = usable.filter((t) => t.builtIn && t.intents.includes(effective) && !PREFERRED[effective].includes(t.id));
  const picked: DraftSuggestion[] = [];
  const seen = new Set<string>();
  for (const t of [...mine, ...shipped, ...also]) {
    if (picked.length >= (effective === 'not_interested' ? 1 : MAX_SUGGESTIONS) || seen.has(t.id)) continue;
    seen.add(t.id);
    const first = picked.length === 0;
    const why = first ? reason : (REASON_FOR_TEMPLATE[t.id] ?? { text: `suits a ${effective.replaceAll('_', ' ')} reply`, words: words('draftTemplateReason_suits', { intent: INTENT_NAME_WORDS[effective] }) });
    const s = fill(t, why);
    if (s) picked.push(s);
  }
  const closeLoop =
    effective === 'not_interested'
      ? unsubscribe
        ? { reason: 'they asked not to be emailed again: stop the reminders for this thread', reasonWords: words('draftCloseLoop_unsubscribe'), pendingReminders: input.pendingReminders }
        : { reason: 'they declined: close the loop and stop the reminders for this thread', reasonWords: words('draftCloseLoop_declined'), pendingReminders: input.pendingReminders }
      : undefined;
  return { ...base, mode: 'reply', intent: effective, reason: reason.text, reasonWords: reason.words, suggestions: picked, ...(closeLoop ? { closeLoop } : {}) };
}
