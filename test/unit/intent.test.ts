import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { latestText, stripQuoted, stripSignature } from '@/lib/drafts/clean';
import { detectIntent } from '@/lib/drafts/intent';
import { classifyInbound } from '@/lib/engine/inbound';
import { Intent } from '@/lib/records';

// The labelled replies (test/fixtures/intent/SOURCES.md): `tuning` is what the rules were written against;
// `held-out` was gathered after and is never used to change a rule. Both figures are printed and held to a
// floor so a change that makes the detector worse fails here.

const Item = z.object({
  text: z.string().min(1),
  intent: Intent,
  source: z.url(),
  licence: z.string().min(1),
  /** ISO 639-1; the lines gathered before 2026-12-07 are English and carry none. */
  lang: z.enum(['en', 'de', 'fr', 'es', 'pt', 'nl', 'it']).optional(),
  /** The day the line was taken; lines with one were split by the rule below. */
  taken: z.iso.date().optional(),
  note: z.string().optional(),
  /** 2, 3 and 4 for the second, third and fourth collections of 2026-12-07 (SOURCES.md); the held-out figures are kept apart by it. */
  round: z.union([z.literal(2), z.literal(3), z.literal(4)]).optional(),
});
const load = (name: string) =>
  readFileSync(resolve(import.meta.dirname, '../fixtures/intent', name), 'utf8')
    .trim()
    .split('\n')
    .map((line, i) => {
      const parsed = Item.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${name}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });

function evaluate(items: z.infer<typeof Item>[]) {
  const confusion: Record<string, Record<string, number>> = {};
  let correct = 0;
  const misses: string[] = [];
  for (const item of items) {
    const got = detectIntent(item.text).intent;
    confusion[item.intent] ??= {};
    confusion[item.intent]![got] = (confusion[item.intent]![got] ?? 0) + 1;
    if (got === item.intent) correct++;
    else misses.push(`  ${item.intent} → ${got}: ${item.text.slice(0, 70).replace(/\s+/g, ' ')}`);
  }
  const perIntent = Object.entries(confusion).map(([label, row]) => {
    const total = Object.values(row).reduce((a, b) => a + b, 0);
    const wrong = Object.entries(row).filter(([k]) => k !== label).map(([k, n]) => `${k}×${n}`).join(' ');
    return `  ${label.padEnd(15)} ${(row[label] ?? 0).toString().padStart(3)}/${total}${wrong ? `   confused with: ${wrong}` : ''}`;
  });
  return { accuracy: correct / items.length, correct, total: items.length, report: perIntent.join('\n'), misses };
}

const tuning = load('tuning.jsonl');
const heldOut = load('held-out.jsonl');

describe('intent detection on the labelled set of real replies', () => {
  it('has at least 60 labelled items, each with a public source and a licence, and no item in both splits', () => {
    expect(tuning.length + heldOut.length).toBeGreaterThanOrEqual(100);
    const texts = new Set(tuning.map((t) => t.text));
    expect(heldOut.filter((h) => texts.has(h.text))).toEqual([]);
    // The same thread never feeds both splits (a reply's neighbours would give its answer away).
    const threads = new Set(tuning.filter((t) => t.taken).map((t) => t.source));
    expect(heldOut.filter((h) => h.taken && threads.has(h.source))).toEqual([]);
    // Every intent is represented.
    for (const intent of Intent.options) expect([...tuning, ...heldOut].some((i) => i.intent === intent), intent).toBe(true);
  });

  // Fixed on 2026-12-07 before the new lines were scored: a line taken from then on goes to held-out exactly
  // when the first 8 hex digits of the SHA-1 of its source thread, read as a number, divide by 3; so a thread
  // lands whole on one side, in every language, whoever adds it.
  it('splits the lines taken from 2026-12-07 on by a hash of their source thread', () => {
    const heldOutByRule = (source: string) => Number.parseInt(createHash('sha1').update(source).digest('hex').slice(0, 8), 16) % 3 === 0;
    for (const t of tuning.filter((i) => i.taken)) expect(heldOutByRule(t.source), t.source).toBe(false);
    for (const h of heldOut.filter((i) => i.taken)) expect(heldOutByRule(h.source), h.source).toBe(true);
  });

  it('meets its floor on the tuning split', () => {
    const r = evaluate(tuning);
    console.info(`intent accuracy, tuning split: ${r.correct}/${r.total} = ${(r.accuracy * 100).toFixed(1)}%\n${r.report}\nmisses:\n${r.misses.join('\n')}`);
    // 154/194 = 79.4% since 2026-12-07 (146/178 before; the 16 lines added that day are new phrasings). The second
    // collection that day brought 67 tuning lines, most in es/pt/it/nl: 187/261 = 71.6% before rules were written
    // for those languages, 217/261 = 83.1% after.
    expect(r.accuracy).toBeGreaterThanOrEqual(0.78);
  });

  it('meets its floor on the held-out split (never tuned on)', () => {
    const r = evaluate(heldOut);
    console.info(`intent accuracy, held-out split: ${r.correct}/${r.total} = ${(r.accuracy * 100).toFixed(1)}%\n${r.report}\nmisses:\n${r.misses.join('\n')}`);
    expect(r.accuracy).toBeGreaterThanOrEqual(HELD_OUT_FLOOR);
    // The 51 lines the floor below was set on keep it.
    const before = evaluate(heldOut.filter((i) => i.round === undefined));
    console.info(`intent accuracy, held-out lines gathered before the second collection: ${before.correct}/${before.total}`);
    expect(before.accuracy).toBeGreaterThanOrEqual(0.55);
  });
});

// Set once, from the first and only evaluation of this held-out split (26/43 = 60.5%), a little below it.
// Two earlier held-out splits (60 replies: 51.7%; 47 replies: 59.6%, each at its one evaluation) were folded
// into tuning afterwards; see test/fixtures/intent/SOURCES.md. Removing the code-review phrases ("lgtm",
// "support this", "do not promote") that meant nothing in sales mail cost one held-out line, a bare "LGTM":
// 25/43 = 58.1% since 2026-12-06. On 2026-12-07 8 lines were added by the hash rule above (51 in all): the rules
// read 30/51 = 58.8%. The floor is unchanged for those 51 lines (checked apart above).
// The second collection of 2026-12-07 (`round: 2`, 46 held-out lines, most of them es/pt/it/nl) was scored first with
// the rules as they stood, before any rule was written for it: 48/97 = 49.5% on the grown split. The floor is set a
// little below that first figure. The Spanish, Portuguese, Italian and Dutch rules written afterwards from the
// tuning split give 55/97, but that second figure is not clean: whoever wrote them had read every held-out line
// while collecting and labelling it (SOURCES.md says which phrases were taken out for that reason). What ships since the
// model was rebuilt that day (the rules, and the model where they answer `other`) reads 58/97, and 59/97 retrained with
// the third collection's tuning lines (67/107 with its ten held-out notices), 74/113 with the fourth (translator-written
// default auto-replies, six held out); the floor is unchanged.
const HELD_OUT_FLOOR = 0.47;

describe('reading only what they just wrote', () => {
  it('cuts Gmail, Outlook, Apple Mail and Lotus Notes quoted history', () => {
    expect(stripQuoted('Sounds good.\n\nOn Tue, Nov 24, 2026 at 9:00 AM Sam Carter <sam@x.example> wrote:\n> What is your budget?').trim()).toBe('Sounds good.');
    expect(stripQuoted('Yes.\nOn Tue, Nov 24, 2026 at 9:00 AM Sam Carter <sam@x.example>\nwrote:\n> pricing?').trim()).toBe('Yes.');
    expect(stripQuoted('Fine by me.\n\n________________________________\nFrom: Sam Carter\nSent: Tuesday\nTo: Priya\nSubject: pricing').trim()).toBe('Fine by me.');
    expect(stripQuoted('Call me.\n\n-----Original Message-----\nFrom: Sam\nPlease unsubscribe me').trim()).toBe('Call me.');
    expect(stripQuoted('Ok\n\n"George Richards" <cbpres@austin.rr.com> on 09/08/2000 05:21:49 AM\nPlease respond to').trim()).toBe('Ok');
    expect(stripQuoted('Thanks\n> quoted line\nafter').trim()).toBe('Thanks\nafter');
  });

  it('cuts signatures, sign-offs and phone footers but keeps a message that is only a thank-you', () => {
    expect(stripSignature('Can you send pricing?\n\nThanks,\nPriya Raman\nVP Operations | Acme\n+1 415 555 0132').trim()).toBe('Can you send pricing?');
    expect(stripSignature('Works for me.\n-- \nJordan').trim()).toBe('Works for me.');
    expect(stripSignature('Ok, Tuesday.\n\nSent from my iPhone').trim()).toBe('Ok, Tuesday.');
    expect(latestText('Thanks!')).toBe('Thanks!');
  });

  it('judges the reply, not the history it quotes', () => {
    const body = 'Not interested, thanks.\n\nOn Mon, Nov 23, 2026 at 10:00 AM Sam <sam@x.example> wrote:\n> Could we set up a call on Tuesday to go over pricing?';
    expect(detectIntent(body).intent).toBe('not_interested');
  });
});

describe('each intent, with its reason and signals', () => {
  it.each([
    ['What would pricing look like for 40 vans, and is there a discount for 120?', 'pricing', /they asked about pricing \(“.*”\)/],
    ['Could we set up a call on Tuesday at 2pm?', 'meeting', /they want to meet or talk/],
    ['Does it integrate with Salesforce?', 'question', /they asked a question/],
    ["I'm not the right person for this — please reach out to Dana, she runs procurement.", 'referral', /pointed you to someone else/],
    ['Not right now, we are swamped until Q2. Circle back in April?', 'timing', /timing is not right/],
    ['Please remove me from your list.', 'not_interested', /declined.*asked not to be emailed again/],
    ['I am out of the office until Monday, December 7, with limited access to email.', 'out_of_office', /out-of-office/],
    ['Sounds great, thank you!', 'positive', /replied positively/],
    ['Attached.', 'other', /no clear ask/],
  ] as const)('%s → %s', (text, intent, reason) => {
    const r = detectIntent(text);
    expect(r.intent).toBe(intent);
    expect(r.reason).toMatch(reason);
  });

  it('flags budget and competitor objections beside the primary intent', () => {
    const budget = detectIntent('Honestly the price is too high for us this year — we have no budget left. What is the cheapest plan?');
    expect(budget.intent).toBe('pricing');
    expect(budget.signals).toContain('budget_objection');
    const competitor = detectIntent('Thanks, but we already use Gong and are happy with our current vendor.');
    expect(competitor.signals).toContain('competitor_objection');
    expect(detectIntent('unsubscribe').signals).toEqual(['unsubscribe_request']);
  });

  // Rules written from the third collection's tuning lines (test/fixtures/intent/SOURCES.md), each failing before it.
  it('reads an auto-reply that only says the writer is unavailable until they return (ivmm/Student-resources#76)', () => {
    const text = 'Thank you for your email. I am currently unavailable and I will respond immediately as soon as I return.Thank you for your understanding.Best regards,';
    expect(detectIntent(text).intent).toBe('out_of_office');
    expect(classifyInbound({ from: { name: 'A', email: 'someone@company.example' }, subject: 'Re: hello', bodyText: text }).kind).toBe('out-of-office');
    // A person saying they are unavailable on a day, with no return, is still a person.
    expect(detectIntent('I am unavailable on Tuesday, could we do Wednesday at 2pm instead?').intent).not.toBe('out_of_office');
  });

  it.each([
    ['lvgl/lvgl#222', 'Hi,\n\nI will be on a holiday until April 29th and this time I can\'t answer the issues. \nI hope everything will be fine for this time and you won\'t face with anything serious! :)\n\nSee you in a week!'],
    ['notepad-plus-plus#353', 'FYI:\nI am in holiday during 3 weeks so I will be less active for issues & pr.'],
    ['Totodore/socketioxide#54', "So I'm doing a break from the **5th of july until the 24th** and won't be able to answer to any issue or doing any code review."],
    ['lunchclass/absolute#423', "Share my vacation schedule. (2.Sep ~ 11.Sep)\n\nI'm out of project until 11.Sep due to my vacation."],
    ['kangarko/Boss#1356', "We're out off office until January 3rd and will respond promptly after this time."],
    ['jupyterhub/team-compass#701', 'I will be off-line from 22nd December (included) until 1st January (included).'],
    ['AstroNvim/AstroNvim#2405', 'Hey! I will be on some international travel for several weeks and will not be checking GitHub regularly and will not be doing any active development! 🤗 \n\nI\'ll be back actively January 15, 2024'],
  ])('reads an absence notice worded "on a holiday", "in holiday", "a break from … until", "due to my vacation", "out off office", "off-line", "on some travel" (%s)', (_source, text) => {
    expect(detectIntent(text).intent).toBe('out_of_office');
    expect(classifyInbound({ from: { name: 'A', email: 'someone@company.example' }, subject: 'Re: hello', bodyText: text }).kind).toBe('out-of-office');
  });

  it('does not read a person who mentions a holiday or a break as away', () => {
    expect(detectIntent('Can we meet in the holiday week? I am in London then.').intent).not.toBe('out_of_office');
    expect(detectIntent('Let us take a break from pricing and talk scope: what does the pilot cover?').intent).not.toBe('out_of_office');
    expect(detectIntent('Our team is on a trip to your city next week: could we meet on Tuesday?').intent).not.toBe('out_of_office');
  });

  it('reads a proposal turned down with regret as a refusal (rubyaustralia/rubyconfau-2013-cfp#7)', () => {
    const text = 'Thank you for your proposal. Unfortunately, due to the high number of excellent proposals, our panel has not been able to include this talk at this stage. Should this situation change, we will contact you.';
    expect(detectIntent(text).intent).toBe('not_interested');
    expect(classifyInbound({ from: { name: 'A', email: 'someone@company.example' }, subject: 'Re: proposal', bodyText: text })).toMatchObject({ kind: 'reply', declined: true });
    expect(detectIntent('Unfortunately I was not able to open the attachment, could you resend it?').intent).not.toBe('not_interested');
  });

  it('uses an auto-reply subject line', () => {
    expect(detectIntent('Back on the 7th.', 'Automatic reply: Rollout schedule for Q1').intent).toBe('out_of_office');
  });

  it('is deterministic', () => {
    const text = tuning[3]!.text;
    expect(detectIntent(text)).toEqual(detectIntent(text));
  });
});
