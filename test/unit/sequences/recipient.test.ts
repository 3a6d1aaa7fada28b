import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { Settings } from '@/lib/settings';
import type { EmailFacts } from '@/lib/engine/events';
import { CountryCode, IanaTimeZone } from '@/lib/records';
import { parseContactsCsv } from '@/lib/crm/import';
import { SequenceService } from '@/lib/sequences/service';
import { sequenceTodaySource } from '@/lib/sequences/today-source';
import type { TodaySource } from '@/lib/today/source';

// The recipient's side of a sequence (issue 15): the contact's own time zone and country drive the send window
// and the holidays, falling back to the rep's with the reason said; `deal.*` merge fields come from the contact's
// open deal and a step needing one that is missing is held, never inserted with a blank; a new-thread step opens
// a new compose; an out-of-office beyond 30 days waits for the rep's date; an edit's reach is previewed unsaved.

let clock = 0;
let db: FollowthroughDb;
let service: SequenceService;
let today: TodaySource;
let settings: Settings;
let sent: { tabId: number; message: { channel: string; payload: Record<string, unknown> } }[];
let answer: unknown;

const weekdays = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] };
const everyDay = { start: '00:00', end: '23:59', days: [0, 1, 2, 3, 4, 5, 6] };
const rep = { name: 'Sam Seller', email: 'sam@seller.example' };
const jane = { name: 'Jane Doe', email: 'jane@acme.example' };
const email = (over: Partial<EmailFacts> & Pick<EmailFacts, 'messageId' | 'threadId' | 'from'>): EmailFacts => ({ to: [], cc: [], bcc: [], subject: 'Fleet tracking', bodyText: '', at: clock, ...over });
async function arrive(direction: 'sent' | 'received', facts: EmailFacts) {
  await service.mailArrived(direction, facts);
  await service.drain();
}

beforeEach(async () => {
  clock = Date.UTC(2026, 9, 30, 20); // Friday 2026-10-30, 20:00 UTC
  db = new FollowthroughDb(`seq-recipient-${Math.random().toString(36).slice(2)}`);
  await db.open();
  // The rep works from Berlin and keeps German holidays.
  settings = Settings.parse({ repName: 'Sam Seller', ownDomains: ['seller.example'], workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/Berlin' } });
  settings = Settings.parse({ ...settings, sequences: { ...settings.sequences, country: 'DE' } });
  sent = [];
  answer = { inserted: true, openedReplyBox: true };
  service = new SequenceService({ db, now: () => clock, settings: async () => settings, log: () => {} });
  today = sequenceTodaySource({
    db,
    service,
    settings: async () => settings,
    views: { get: async () => ({ tabId: 7, threadId: 'thread-f:100', at: clock }) as never },
    sendToTab: async (tabId, message) => {
      sent.push({ tabId, message: message as never });
      return answer;
    },
  });
  await db.templates.add({ id: 'seq-intro', name: 'Intro', kind: 'template', body: 'Hi {{contact.firstName | "there"}}, following up. — {{rep.firstName}}', intents: [], builtIn: false, edited: false, hidden: false, updatedAt: clock });
  await db.templates.add({ id: 'seq-deal', name: 'Deal', kind: 'template', body: 'Hi {{contact.firstName}}, is {{deal.name}} ({{deal.amount}}, {{deal.stage}}) still on for {{deal.closeDate}}?', intents: [], builtIn: false, edited: false, hidden: false, updatedAt: clock });
  await db.contacts.add({ id: 'c1', name: 'Jane Doe', email: jane.email, altEmails: [], emails: [jane.email], source: 'local', createdAt: clock, updatedAt: clock });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function oneStep(step: Record<string, unknown> = { kind: 'email', templateId: 'seq-intro', threading: 'reply-in-thread', afterWorkingDays: 1 }, window = weekdays) {
  const { sequence } = await service.saveSequence({ name: 'Pilot', steps: [step as never, { kind: 'call', title: 'Call', afterWorkingDays: 2 }], window });
  return sequence;
}
const only = async () => (await db.enrolments.toArray())[0]!;

describe('the contact’s time zone and country', () => {
  it('the send window opens at 09:00 in the contact’s zone on each side of the US daylight-saving change', async () => {
    await db.contacts.update('c1', { timeZone: 'America/New_York', country: 'US' });
    const s = await oneStep();
    // Friday 2026-10-23 (EDT, UTC−4): one working day later is Monday the 26th, 09:00 New York = 13:00 UTC.
    clock = Date.UTC(2026, 9, 23, 20);
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    expect(await only()).toMatchObject({ due: '2026-10-26', offerAt: Date.UTC(2026, 9, 26, 13) });
    await db.enrolments.clear();
    // Friday 2026-10-30: New York leaves daylight saving on Sunday 1 November, so Monday 09:00 is 14:00 UTC —
    // while Berlin (the rep) already changed a week earlier.
    clock = Date.UTC(2026, 9, 30, 20);
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    const e = await only();
    expect(e).toMatchObject({ due: '2026-11-02', offerAt: Date.UTC(2026, 10, 2, 14) });
    expect(e.place).toBe('window in America/New_York (the contact’s zone); holidays of US (the contact’s country)');
  });

  it('with no zone or country on the contact, the rep’s are used and the enrolment says so', async () => {
    const s = await oneStep();
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    const e = await only();
    // Monday 09:00 in Berlin (CET, UTC+1) = 08:00 UTC.
    expect(e).toMatchObject({ due: '2026-11-02', offerAt: Date.UTC(2026, 10, 2, 8) });
    expect(e.place).toBe('window in Europe/Berlin (your zone: the contact has none set); holidays of DE (yours: the contact has no country set)');
  });

  it('the contact’s country’s holidays are skipped, not the rep’s; a country with no holiday data falls back, saying why', async () => {
    await db.contacts.update('c1', { timeZone: 'America/New_York', country: 'US' });
    const s = await oneStep();
    // Wednesday 2026-11-25, 10:00 New York: the next working day is Friday, Thursday being Thanksgiving in the US.
    clock = Date.UTC(2026, 10, 25, 15);
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    expect((await only()).due).toBe('2026-11-27');
    await db.enrolments.clear();
    // Germany has no Thanksgiving: with the rep's calendar the step is due on the Thursday.
    await db.contacts.update('c1', { country: undefined });
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    expect((await only()).due).toBe('2026-11-26');
    await db.enrolments.clear();
    // Antarctica is an ISO 3166 code that date-holidays has no calendar for.
    await db.contacts.update('c1', { country: 'AQ' });
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    const e = await only();
    expect(e.due).toBe('2026-11-26');
    expect(e.place).toContain('holidays of DE (yours: no holiday calendar for the contact’s AQ)');
  });

  it('changing where the contact is plans their running enrolments again in the new zone', async () => {
    const s = await oneStep();
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    expect((await only()).offerAt).toBe(Date.UTC(2026, 10, 2, 8));
    const out = await service.setContactPlace(jane.email, { timeZone: 'America/Los_Angeles', country: 'US' });
    expect(out.replanned).toBe(1);
    // Monday 09:00 in Los Angeles (PST, UTC−8) = 17:00 UTC.
    expect((await only()).offerAt).toBe(Date.UTC(2026, 10, 2, 17));
    expect((await db.contacts.get('c1'))).toMatchObject({ timeZone: 'America/Los_Angeles', country: 'US' });
  });

  it('zone names and country codes are checked: IANA names only, ISO 3166 codes only', () => {
    for (const ok of ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'UTC', 'America/Argentina/Buenos_Aires']) expect(IanaTimeZone.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['EST', '+01:00', 'GMT+1', 'Mars/Olympus_Mons', 'america/new_york', '']) expect(IanaTimeZone.safeParse(bad).success, bad).toBe(false);
    expect(CountryCode.parse(' us ')).toBe('US');
    for (const ok of ['DE', 'GB', 'BR', 'JP']) expect(CountryCode.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['USA', 'XX', 'EU', 'U1', '']) expect(CountryCode.safeParse(bad).success, bad).toBe(false);
  });

  it('a CSV import reads “Time Zone” and “Country/Region” columns, and refuses a line with a bad one by its number', () => {
    const parsed = parseContactsCsv('Email,Name,Time Zone,Country/Region\njane@acme.example,Jane Doe,America/New_York,us\nbob@beta.example,Bob,EST,US\nkim@gamma.example,Kim,Asia/Seoul,KOR\nlee@delta.example,Lee,,\n');
    expect(parsed.rows.map((r) => [r.email, r.timeZone, r.country])).toEqual([
      ['jane@acme.example', 'America/New_York', 'US'],
      ['lee@delta.example', undefined, undefined],
    ]);
    expect(parsed.errors).toEqual([
      { line: 3, email: 'bob@beta.example', message: 'time zone "EST" is not an IANA name like "America/New_York"', messageWords: { key: 'import_not_a_time_zone', args: { value: 'EST' } } },
      { line: 4, email: 'kim@gamma.example', message: 'country "KOR" is not an ISO 3166 code like "US" or "DE"', messageWords: { key: 'import_not_a_country', args: { value: 'KOR' } } },
    ]);
  });
});

describe('deal.* merge fields', () => {
  it('come from the contact’s open deal: name, stage, amount with its currency, close date', async () => {
    await db.deals.bulkAdd([
      { id: 'd-old', name: 'Old renewal', contactIds: ['c1'], stage: 'won', amount: 9000, currency: 'USD', closeDate: '2026-01-31', updatedAt: clock + 5 },
      { id: 'd1', name: 'Fleet pilot', contactIds: ['c1'], stage: 'proposal', amount: 48000, currency: 'USD', closeDate: '2027-03-31', updatedAt: clock },
    ]);
    const s = await oneStep({ kind: 'email', templateId: 'seq-deal', threading: 'reply-in-thread', afterWorkingDays: 0 }, everyDay);
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    const [item] = await today.items(clock);
    expect(await today.act(item!.id, 'insert', { now: clock, tabId: 7 })).toMatchObject({ ok: true });
    expect(sent[0]!.message.payload.text).toBe('Hi Jane, is Fleet pilot ($48,000, proposal) still on for March 31, 2027?');
  });

  it('with no open deal the step is held with the missing fields named, and nothing goes into Gmail', async () => {
    await db.deals.add({ id: 'd-old', name: 'Old renewal', contactIds: ['c1'], stage: 'won', amount: 9000, updatedAt: clock });
    const s = await oneStep({ kind: 'email', templateId: 'seq-deal', threading: 'reply-in-thread', afterWorkingDays: 0 }, everyDay);
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    const [item] = await today.items(clock);
    const result = await today.act(item!.id, 'insert', { now: clock, tabId: 7 });
    const held = 'held: the template needs {{deal.name}}, {{deal.amount}}, {{deal.stage}}, {{deal.closeDate}} and jane@acme.example has no open deal — add one, or give the field a fallback';
    expect(result).toEqual({ ok: false, reason: held, words: { key: 'seq_held_no_deal', args: { fields: '{{deal.name}}, {{deal.amount}}, {{deal.stage}}, {{deal.closeDate}}', email: 'jane@acme.example' } } });
    expect((await only()).heldWords).toEqual(result.words);
    expect(sent).toEqual([]);
    expect((await only()).held).toBe(held);
    // Still offered, saying why it is held.
    expect((await today.items(clock))[0]!.detail).toContain(held);
    // An open deal without an amount: held on that field alone, naming the deal.
    await db.deals.add({ id: 'd2', name: 'Fleet pilot', contactIds: ['c1'], stage: 'demo', closeDate: '2027-03-31', updatedAt: clock });
    expect(await today.act(item!.id, 'insert', { now: clock, tabId: 7 })).toEqual({
      ok: false,
      reason: 'held: the template needs {{deal.amount}}, which the open deal “Fleet pilot” does not have',
      words: { key: 'seq_held_deal_lacks', args: { fields: '{{deal.amount}}', deal: 'Fleet pilot' } },
    });
    expect(sent).toEqual([]);
  });
});

describe('a new-thread email step', () => {
  it('opens a new compose with To, Subject and text; the confirmed send on that new thread schedules the next step like a reply', async () => {
    answer = { opened: true };
    await db.companies.add({ id: 'co1', name: 'Acme Robotics', domain: 'acme.example', createdAt: clock });
    await db.contacts.update('c1', { companyId: 'co1' });
    const s = await oneStep({ kind: 'email', templateId: 'seq-intro', threading: 'new-thread', subject: '{{company.name}} and the pilot', afterWorkingDays: 0 }, everyDay);
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100', subject: 'Fleet tracking' }]);
    const [item] = await today.items(clock);
    expect(item!.detail).toBe('Step 1 of 2 in ‘Pilot’ · email · new thread');
    expect(await today.act(item!.id, 'insert', { now: clock, tabId: 7 })).toEqual({ ok: true, note: 'New message opened in Gmail with the text in place — your Send makes the step done', words: { key: 'seq_note_compose_opened' } });
    expect(sent).toEqual([{ tabId: 7, message: { channel: 'gmail.composeNew', payload: { to: jane.email, subject: 'Acme Robotics and the pilot', text: 'Hi Jane, following up. — Sam' } } }]);
    expect((await only()).nextStep).toBe(0); // opened, not sent
    clock += 10 * 60_000;
    await arrive('sent', email({ messageId: 'msg-a:r-77', threadId: 'thread-a:r-55', from: rep, to: [jane], subject: 'Acme Robotics and the pilot', bodyText: 'Hi Jane, following up.' }));
    // Two working days on a window open every day of the week.
    expect(await only()).toMatchObject({ state: 'active', nextStep: 1, due: '2026-11-01' });
  });

  it('a reply that lands before the compose is opened is read by the check right before insert: nothing opens', async () => {
    answer = { opened: true };
    const s = await oneStep({ kind: 'email', templateId: 'seq-intro', threading: 'new-thread', afterWorkingDays: 0 }, everyDay);
    const { enrolled } = await service.enrol(s.id, [{ email: jane.email }]);
    const [item] = await today.items(clock);
    await db.sequenceMail.add({ id: `${enrolled[0]!.id}|msg-f:9`, enrolmentId: enrolled[0]!.id, messageId: 'msg-f:9', direction: 'received', at: clock + 1, message: { at: clock + 1, from: jane.email, to: [rep.email], threadId: 'thread-f:9', subject: 'Re: hello', text: 'Not now, thanks.', headers: {} } });
    clock += 60_000;
    expect(await today.act(item!.id, 'insert', { now: clock, tabId: 7 })).toMatchObject({ ok: false, reason: expect.stringContaining('stopped: reply from jane@acme.example') });
    expect(sent).toEqual([]);
  });

  it('Gmail’s answer that the window did not open is said to the rep, and the step stays offered', async () => {
    answer = { opened: false, error: 'Gmail’s Compose button was not found on this page.' };
    const s = await oneStep({ kind: 'email', templateId: 'seq-intro', threading: 'new-thread', afterWorkingDays: 0 }, everyDay);
    await service.enrol(s.id, [{ email: jane.email }]);
    const [item] = await today.items(clock);
    expect(await today.act(item!.id, 'insert', { now: clock, tabId: 7 })).toEqual({ ok: false, reason: 'Gmail’s Compose button was not found on this page.' });
    expect((await only()).inserted).toBeUndefined();
    expect(await today.items(clock)).toHaveLength(1);
  });
});

describe('an out-of-office beyond 30 days', () => {
  it('waits for the rep’s day, preset to the return date it gave; the chosen day then holds', async () => {
    const s = await oneStep({ kind: 'email', templateId: 'seq-intro', threading: 'reply-in-thread', afterWorkingDays: 0 }, everyDay);
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }]);
    await arrive('received', email({ messageId: 'msg-f:400', threadId: 'thread-f:100', from: jane, to: [rep], subject: 'Automatic reply', bodyText: 'I am on parental leave and out of the office until February 15, 2027.', headers: { 'auto-submitted': 'auto-replied' } }));
    const asked = await only();
    expect(asked).toMatchObject({ state: 'paused', askResumeOn: '2027-02-15' });
    expect(asked.resumeOn).toBeUndefined();
    expect(asked.reason).toContain('more than 30 days away');
    // The rep picks an earlier day in the side panel.
    const after = await service.control(asked.id, 'resume', '2027-01-11');
    expect(after).toMatchObject({ state: 'paused', resumeOn: '2027-01-11', resumeOverride: '2027-01-11' });
    expect(after.askResumeOn).toBeUndefined();
    expect(after.reason).toContain('resume chosen by you');
    clock = Date.UTC(2027, 0, 11, 10);
    await service.tick();
    expect((await only()).state).toBe('active');
    expect(await today.items(clock)).toHaveLength(1);
  });
});

describe('the live reach preview', () => {
  it('names who an unsaved edit reaches and the step each is on, and saves nothing', async () => {
    const s = await oneStep({ kind: 'email', templateId: 'seq-intro', threading: 'reply-in-thread', afterWorkingDays: 0 }, everyDay);
    await service.enrol(s.id, [{ email: jane.email, threadId: 'thread-f:100' }, { email: 'bob@beta.example' }]);
    await arrive('sent', email({ messageId: 'msg-f:1', threadId: 'thread-f:100', from: rep, to: [jane] }));
    const edited = [{ kind: 'email' as const, templateId: 'seq-intro', threading: 'reply-in-thread' as const, afterWorkingDays: 0 }, { kind: 'call' as const, title: 'Call about the pilot, with notes', afterWorkingDays: 3 }];
    const preview = await service.previewReach(s.id, edited, { name: 'Pilot' });
    const shown = preview.map((r) => [r.contactName ?? r.contactEmail, r.nextStep, r.reaches]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(shown).toEqual([
      ['bob@beta.example', 0, true],
      ['Jane Doe', 1, true],
    ]);
    expect((await service.latest(s.id))!.version).toBe(1);
    expect(await db.sequences.count()).toBe(1);
  });
});

