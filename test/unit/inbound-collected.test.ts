import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyInbound, isPersonsReply } from '@/lib/engine/inbound';
import { suggestFollowUp } from '@/lib/followup';
import { readFixtureLines } from '../support/jsonl';

// Out-of-office notices and requests not to be emailed again, not written by us, collected 2026-12-07:
// PostfixAdmin's shipped out-of-office notice in seven languages (GPL-2.0-or-later) and auto-replies and
// requests that people posted to public GitHub threads (test/fixtures/inbound/README.md); seven more sent
// notices (nl, de, fr, it) collected 2026-12-08. The split was made by a hash of each line's source before the
// reader ran on them; the held-out figures are pinned at that first run, so a change that loses one fails
// here, and one that wins one must update the figure on purpose.

interface Item {
  split: 'dev' | 'held-out';
  lang: string;
  now: string;
  tz: string;
  subject: string;
  headers: Record<string, string>;
  bodyText: string;
  kind: 'out-of-office' | 'unsubscribe' | 'reply';
  declined: boolean;
  back: string | null;
  source: string;
  licence: string;
  note: string;
  retrieved: string;
}

const items = readFixtureLines<Item>('inbound/real-collected.jsonl');

const verdict = (n: Item) => classifyInbound({ from: { email: 'sender@example.com', name: 'Sender' }, subject: n.subject, bodyText: n.bodyText, headers: n.headers });
const followUp = (n: Item) => suggestFollowUp({ text: n.bodyText, at: Date.parse(n.now), timeZone: n.tz }).date;

/** Per language and kind: right kinds, and right follow-up dates where the line has one, as "right/all". */
function figures(split: Item['split']) {
  const count: Record<string, { kind: [number, number]; date: [number, number] }> = {};
  for (const n of items.filter((x) => x.split === split)) {
    const c = (count[`${n.lang} ${n.kind}`] ??= { kind: [0, 0], date: [0, 0] });
    const v = verdict(n);
    c.kind[0] += v.kind === n.kind && (v.declined ?? false) === n.declined ? 1 : 0;
    c.kind[1] += 1;
    if (n.back) {
      c.date[0] += followUp(n) === n.back ? 1 : 0;
      c.date[1] += 1;
    }
  }
  const out: Record<string, string> = {};
  for (const [key, { kind, date }] of Object.entries(count).sort(([a], [b]) => a.localeCompare(b))) {
    out[key] = `kind ${kind[0]}/${kind[1]}` + (date[1] ? `, date ${date[0]}/${date[1]}` : '');
  }
  return out;
}

describe('collected real notices and requests (not written by us)', () => {
  it('every line names its source, licence and retrieval date, and is labelled', () => {
    for (const n of items) {
      expect(n, n.source).toMatchObject({ source: expect.stringMatching(/^https:\/\/github\.com\//), licence: expect.stringMatching(/\S/), retrieved: expect.stringMatching(/^2026-12-0[78]$/) });
      expect(['out-of-office', 'unsubscribe', 'reply'], n.source).toContain(n.kind);
      if (n.kind === 'out-of-office') expect(n.back, n.source).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // Out-of-office notices in all seven languages, and requests in more than one.
    expect(new Set(items.filter((n) => n.kind === 'out-of-office').map((n) => n.lang))).toEqual(new Set(['en', 'de', 'fr', 'es', 'pt', 'nl', 'it']));
    expect(new Set(items.filter((n) => n.kind === 'unsubscribe').map((n) => n.lang)).size).toBeGreaterThan(1);
  });

  // The side is the hash's, never a choice: first byte of the SHA-1 of `source` even → held-out.
  it('every line sits on the side the hash of its source gives', () => {
    const side = (source: string) => (Number.parseInt(createHash('sha1').update(source).digest('hex').slice(0, 2), 16) % 2 === 0 ? 'held-out' : 'dev');
    for (const n of items) expect(n.split, n.source).toBe(side(n.source));
  });

  // First run (2026-12-07), before any tuning: de 1/1, en out-of-office 8/9 kinds and 8/9 dates, en unsubscribe
  // 4/5, fr 1/2, it 1/1. Tuning on the dev lines then won one held-out line ("Please do not spam people…"). The
  // French request, too short for the language detector, is read since 2026-12-07 (afternoon), when each language's
  // stop-mail phrases are tried after the detected language's own (written for short es/it/nl requests).
  // Added 2026-12-08, six held-out notices, first run with the reader as it stood (no rule written since): de 2/2
  // kinds and dates, fr 1/1, it 2/2 kinds and 1/2 dates, nl 1/1 kinds and dates.
  it('held-out: never tuned on (first run en unsubscribe 4/5, now 5/5; fr 1/2, now 2/2; the rest unchanged)', () => {
    expect(figures('held-out')).toEqual({
      'de out-of-office': 'kind 3/3, date 3/3',
      'en out-of-office': 'kind 8/9, date 8/9',
      'en unsubscribe': 'kind 5/5',
      'fr out-of-office': 'kind 1/1, date 1/1',
      'fr unsubscribe': 'kind 2/2',
      'it out-of-office': 'kind 3/3, date 2/3',
      'nl out-of-office': 'kind 1/1, date 1/1',
    });
  });

  // Before tuning: de, es and nl kinds 0/1 each, en unsubscribe 4/7; every date was right. The three 2007
  // PostfixAdmin lines came later (all dev by the hash): fr and it were read as replies before their fix. The dev
  // line of 2026-12-08 (a Dutch notice) was read right at its first run.
  it('dev: the lines the reader was tuned on, all right', () => {
    expect(figures('dev')).toEqual({
      'de out-of-office': 'kind 1/1, date 1/1',
      'en out-of-office': 'kind 1/1, date 1/1',
      'en unsubscribe': 'kind 7/7',
      'es out-of-office': 'kind 1/1, date 1/1',
      'fr out-of-office': 'kind 2/2, date 2/2',
      'it out-of-office': 'kind 1/1, date 1/1',
      'nl out-of-office': 'kind 2/2, date 2/2',
      'pt out-of-office': 'kind 2/2, date 2/2',
    });
  });

  // One test per line, so a change shows which notice it won or lost; the known misses are listed by source.
  const knownMisses = new Set<string>([
    // held-out, first run
    'https://github.com/octocat/Hello-World/issues/172 date',
    'https://github.com/BonnierNews/react-native-3d-model-view/issues/15 kind',
    // held-out, first run 2026-12-08: "fino a 16/05/2023" is followed up on 15 May
    'https://github.com/ministero-salute/it-fse-accreditamento/pull/430 date',
  ]);
  it.each(items.map((n) => [`${n.split} ${n.lang} ${n.kind}: ${n.source.replace('https://github.com/', '')}`, n] as const))('%s', (_name, n) => {
    const v = verdict(n);
    const kindRight = v.kind === n.kind && (v.declined ?? false) === n.declined;
    expect(kindRight, `${v.kind}: ${v.reason}`).toBe(!knownMisses.has(`${n.source} kind`));
    if (kindRight) expect(isPersonsReply(v.kind)).toBe(n.kind !== 'out-of-office');
    if (n.back) expect(followUp(n) === n.back, String(followUp(n))).toBe(!knownMisses.has(`${n.source} date`));
  });
});

// Written by us, as guards: the complaint phrases read above must not take ordinary replies for requests.
describe('complaints about unwanted mail, and what is not one', () => {
  const kind = (subject: string, bodyText: string) => classifyInbound({ from: { email: 'p@example.com', name: 'P' }, subject, bodyText }).kind;
  it.each([
    ['Re: Demo', 'I sent you the file yesterday, please check your spam folder in case it is there.'],
    ['Re: Demo', 'Thank you, I have sent you a mail, please also check your spam in case you have not seen it.'],
    ['Re: Demo', 'We keep getting messages from customers about the export, can your tool help?'],
    ['Re: Make it stop', 'Sounds good, Thursday at 3pm works.'],
  ])('%s / %s → a reply', (subject, body) => {
    expect(kind(subject, body)).toBe('reply');
  });
});
