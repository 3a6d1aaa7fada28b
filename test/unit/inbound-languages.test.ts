import { describe, expect, it } from 'vitest';
import { classifyInbound, isPersonsReply } from '@/lib/engine/inbound';
import { suggestFollowUp } from '@/lib/followup';
import { readFixtureLines } from '../support/jsonl';

// Out-of-office notices (with their return dates), requests not to be emailed again, refusals and ordinary
// replies in the seven languages (test/fixtures/inbound/languages.jsonl, see its README).

interface Case {
  lang: string;
  now: string;
  tz: string;
  subject: string;
  bodyText: string;
  kind: 'out-of-office' | 'unsubscribe' | 'reply';
  declined: boolean;
  back?: string;
}

const cases = readFixtureLines<Case>('inbound/languages.jsonl');

const email = (c: Case) => ({ from: { email: 'prospect@example.com', name: 'Prospect' }, subject: c.subject, bodyText: c.bodyText });

describe('inbound mail in seven languages', () => {
  it.each(cases.map((c) => [`${c.lang} ${c.kind}${c.declined ? ' (declined)' : ''}: ${c.bodyText.slice(0, 60).replace(/\n/g, ' ')}`, c] as const))('%s', (_name, c) => {
    const verdict = classifyInbound(email(c));
    expect(verdict.kind, verdict.reason).toBe(c.kind);
    expect(verdict.language).toBe(c.lang);
    expect(verdict.declined ?? false, verdict.reason).toBe(c.declined);
    if (c.back) expect(suggestFollowUp({ text: c.bodyText, at: Date.parse(c.now), timeZone: c.tz }).date).toBe(c.back);
    expect(isPersonsReply(verdict.kind)).toBe(c.kind !== 'out-of-office');
  });

  it('a reply quoting an out-of-office notice below is still a person’s reply', () => {
    const body = 'Danke, passt. Lassen Sie uns am Donnerstag sprechen.\n\nAm Mo., 16. Feb. 2026 um 09:12 Uhr schrieb Sam <sam@example.com>:\n> Ich bin bis zum 13. März im Urlaub.';
    expect(classifyInbound({ from: { email: 'p@example.com', name: 'P' }, subject: 'Re: Demo', bodyText: body }).kind).toBe('reply');
  });
});
