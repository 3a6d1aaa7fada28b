import type { Intent, TemplateRow } from '../records';

// The templates Followthrough ships with. Short, plain, in the rep's voice: a prospect should not be able to
// tell a template from a hand-written reply. Every field has a fallback where a missing value would read
// badly; the few without one (the rep's name) are flagged in the preview instead.

export interface DefaultTemplate {
  id: string;
  name: string;
  kind: 'template' | 'snippet';
  intents: Intent[];
  followUpStep?: number;
  body: string;
}

export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
  {
    id: 'nudge-1',
    name: 'Follow-up nudge (1st)',
    kind: 'template',
    intents: [],
    followUpStep: 1,
    body: `Hi {{contact.firstName | "there"}},

Just floating this back to the top of your inbox in case it got buried. Is {{deal.name | "this"}} still something you're looking at this quarter?

Happy to answer anything that would help you decide.

Best,
{{rep.firstName}}`,
  },
  {
    id: 'nudge-2',
    name: 'Follow-up nudge (2nd)',
    kind: 'template',
    intents: [],
    followUpStep: 2,
    body: `Hi {{contact.firstName | "there"}},

I know things get busy, so I'll keep this short: would a 15-minute call next week help move {{deal.name | "things"}} forward at {{company.name | "your end"}}? If someone else owns this now, a pointer to the right person would be much appreciated.

Thanks,
{{rep.firstName}}`,
  },
  {
    id: 'break-up',
    name: 'Break-up (last follow-up)',
    kind: 'template',
    intents: [],
    followUpStep: 3,
    body: `Hi {{contact.firstName | "there"}},

I haven't heard back, so I'll assume the timing isn't right and close this out on my side for now.

If {{deal.name | "this"}} comes back onto your list, just reply to this email and I'll pick it up from here.

All the best,
{{rep.firstName}}`,
  },
  {
    id: 'pricing-reply',
    name: 'Reply to a pricing question',
    kind: 'template',
    intents: ['pricing'],
    body: `Hi {{contact.firstName | "there"}},

Thanks for asking about pricing. It depends mainly on the number of users and the plan, so rather than send a generic price list, here is what a team like {{company.name | "yours"}} typically pays: [range / plan].

If you tell me roughly how many people would use it, I'll send an exact quote for {{deal.name | "your team"}} — or we can go through the options together on a short call.

Best,
{{rep.name}}`,
  },
  {
    id: 'meeting-times',
    name: 'Propose meeting times',
    kind: 'template',
    intents: ['meeting', 'positive'],
    body: `Hi {{contact.firstName | "there"}},

Great — let's find a time. Would any of these work for a 30-minute call?

- [day, time]
- [day, time]
- [day, time]

If none suits, send me a couple of times that do and I'll send an invite.

Best,
{{rep.firstName}}`,
  },
  {
    id: 'out-of-office',
    name: 'Answer an out-of-office',
    kind: 'template',
    intents: ['out_of_office'],
    body: `Hi {{contact.firstName | "there"}},

I got your out-of-office note — no rush at all. I'll follow up once you're back, and in the meantime this thread will be here whenever you catch up.

Best,
{{rep.firstName}}`,
  },
  {
    id: 'thanks-after-meeting',
    name: 'Thanks after a meeting',
    kind: 'template',
    intents: ['positive'],
    body: `Hi {{contact.firstName | "there"}},

Thanks for your time today. A quick recap of what we agreed:

- [decision or next step]
- [who does what, by when]

I'll send over [material] by [date]. Let me know if I missed anything.

Best,
{{rep.firstName}}`,
  },
  {
    id: 'send-material',
    name: 'Send requested material',
    kind: 'template',
    intents: ['question', 'positive'],
    body: `Hi {{contact.firstName | "there"}},

As promised, here is [the material you asked for]: [link or attachment].

The part most relevant to {{company.name | "your team"}} is [section]. Happy to walk you through it if that's easier.

Best,
{{rep.firstName}}`,
  },
  {
    id: 'answer-question',
    name: 'Answer a question',
    kind: 'template',
    intents: ['question'],
    body: `Hi {{contact.firstName | "there"}},

Good question. [Answer in two or three sentences.]

Does that cover it, or would it help to go through it together?

Best,
{{rep.firstName}}`,
  },
  {
    id: 'referral-thanks',
    name: 'Thank them for the referral',
    kind: 'template',
    intents: ['referral'],
    body: `Hi {{contact.firstName | "there"}},

Thank you for pointing me in the right direction — I'll reach out to [name] directly and mention you suggested it, if that's all right.

Best,
{{rep.firstName}}`,
  },
  {
    id: 'timing-later',
    name: 'Not now: agree when to check back',
    kind: 'template',
    intents: ['timing'],
    body: `Hi {{contact.firstName | "there"}},

Understood, thanks for letting me know. I'll check back in [month] — if anything changes before then, just reply here.

Best,
{{rep.firstName}}`,
  },
  {
    id: 'close-the-loop',
    name: 'Close the loop (not interested)',
    kind: 'template',
    intents: ['not_interested'],
    body: `Hi {{contact.firstName | "there"}},

Thanks for letting me know — I've closed this out and you won't hear from me about it again.

All the best,
{{rep.firstName}}`,
  },
  {
    id: 'positive-next-step',
    name: 'Confirm the next step',
    kind: 'template',
    intents: ['positive'],
    body: `Hi {{contact.firstName | "there"}},

Great, thank you! Next step on my side: [next step], by [date]. I'll keep you posted.

Best,
{{rep.firstName}}`,
  },
  {
    id: 'snippet-calendar',
    name: 'Snippet: calendar link',
    kind: 'snippet',
    intents: [],
    body: `If it's easier, pick any time that suits you here: [calendar link]`,
  },
  {
    id: 'snippet-signoff',
    name: 'Snippet: sign-off',
    kind: 'snippet',
    intents: [],
    body: `Best,
{{rep.name}}`,
  },
];

export const defaultTemplateRow = (t: DefaultTemplate, now: number): TemplateRow => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
  body: t.body,
  intents: [...t.intents],
  ...(t.followUpStep ? { followUpStep: t.followUpStep } : {}),
  builtIn: true,
  edited: false,
  hidden: false,
  updatedAt: now,
});
