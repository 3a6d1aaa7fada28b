import type { DraftContext } from '../drafts/suggest';
import type { ChatMessage } from './providers';

// What the model is told. Only the handoff context goes in — the thread summary, the contact, the intent and
// their latest words — so what the rep sees under an AI draft is exactly what the model saw.

export function draftPrompt(context: DraftContext, options: { repName?: string; template?: string }): ChatMessage[] {
  const contact = Object.entries(context.contact)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return [
    {
      role: 'system',
      content:
        'You draft short, plain email replies for a salesperson, in their voice. Write only the reply body: no subject line, ' +
        'no placeholders other than ones already in the starting draft, no invented facts, prices or dates. Keep any [EMAIL_n], ' +
        '[PHONE_n] or [SECRET_n] token exactly as written. Never promise anything the salesperson has not said.',
    },
    {
      role: 'user',
      content: [
        `Thread: ${context.threadSummary}`,
        contact && `Contact:\n${contact}`,
        `What their latest message asks for: ${context.intent} — ${context.intentReason}`,
        context.signals.length ? `Also noted: ${context.signals.join(', ')}` : '',
        `Their latest message:\n"""\n${context.latestInbound.slice(0, 4000)}\n"""`,
        options.template ? `Starting draft (improve it, keep its intent and sign-off):\n"""\n${options.template}\n"""` : '',
        options.repName ? `Sign as ${options.repName}.` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
  ];
}
