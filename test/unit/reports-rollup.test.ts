import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, FollowthroughDb, SCHEMA_V4, contactEmails } from '@/lib/db';
import { ReportRollup } from '@/lib/reports/rollup';
import type { EmailFacts } from '@/lib/engine/events';
import { Report } from '@/lib/reports/report';
import { senders, startTestBackground } from '../support/background';

// The rollup behind the Reports page, through the background's own handlers: engine events in, figures out.

type Bg = Awaited<ReturnType<typeof startTestBackground>>;
const open: Bg[] = [];
afterEach(async () => {
  for (const bg of open.splice(0)) await bg.close();
});

const H = 3_600_000;
const NOW = Date.parse('2026-12-04T17:00:00-05:00'); // Friday in New York
const REP = { name: 'Rep', email: 'rep@ourco.example' };
const PRIYA = { name: 'Priya Raman', email: 'priya@acme.example' };

let n = 0;
const email = (from: EmailFacts['from'], to: EmailFacts['to'], iso: string, thread: string, subject: string, bodyText: string, headers?: Record<string, string>): EmailFacts => ({
  messageId: `msg-f:${1800 + ++n}`,
  threadId: `thread-f:${thread}`,
  from,
  to,
  cc: [],
  bcc: [],
  subject,
  bodyText,
  at: Date.parse(iso),
  ...(headers ? { headers } : {}),
});

async function background() {
  const bg = await startTestBackground(() => NOW);
  open.push(bg);
  await bg.handlers['settings.update']({ patch: { workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'America/New_York' } } }, {});
  await bg.db.companies.add({ id: 'co-acme', name: 'Acme', domain: 'acme.example', createdAt: 0 });
  await bg.db.contacts.add({ id: 'ct-priya', name: PRIYA.name, email: PRIYA.email, altEmails: [], emails: contactEmails(PRIYA), companyId: 'co-acme', source: 'local', createdAt: 0, updatedAt: 0 });
  return bg;
}

const report = async (bg: Bg, payload: Parameters<Bg['handlers']['reports.get']>[0]) => {
  const reply = (await bg.route({ channel: 'reports.get', payload }, senders.extension)) as { ok: boolean; data: unknown };
  expect(reply.ok).toBe(true);
  return Report.parse(reply.data);
};
const figures = <T>(section: { available: true; figures: T } | { available: false; reason: string }): T => {
  if (!section.available) throw new Error(section.reason);
  return section.figures;
};
const week = { kind: 'custom', from: '2026-11-30', to: '2026-12-06' } as const;

describe('reports rollup', () => {
  it('keeps each day’s figures from the engine’s events: the out-of-office and the bounce left out, days in the rep’s zone', async () => {
    const bg = await background();
    // First look: the rollup is built (empty), then only new events are read.
    expect(figures((await report(bg, { range: week })).email).totals).toEqual({ sent: 0, received: 0, logged: 0 });
    const events = [
      { type: 'email.sent' as const, email: email(REP, [PRIYA], '2026-11-30T09:00:00-05:00', '100', 'Pilot', 'Here is the proposal.') },
      {
        type: 'email.received' as const,
        email: email(PRIYA, [REP], '2026-11-30T09:01:00-05:00', '100', 'Automatic reply: Pilot', 'I am out of the office until December 3 with limited access to email.', { 'Auto-Submitted': 'auto-replied' }),
      },
      { type: 'email.received' as const, email: email(PRIYA, [REP], '2026-11-30T13:00:00-05:00', '100', 'Re: Pilot', 'Thanks, this looks good. Can we talk Thursday?') },
      { type: 'email.sent' as const, email: email(REP, [PRIYA], '2026-12-01T10:00:00-05:00', '100', 'Re: Pilot', 'Thursday works.') },
      { type: 'email.sent' as const, email: email(REP, [{ name: '', email: 'nobody@acme.example' }], '2026-11-30T23:30:00-05:00', '200', 'Hello', 'Hi there') },
      {
        type: 'email.received' as const,
        email: email({ name: 'Mail Delivery Subsystem', email: 'mailer-daemon@googlemail.com' }, [REP], '2026-11-30T23:31:00-05:00', '200', 'Delivery Status Notification (Failure)', 'Address not found'),
      },
    ];
    for (const e of events) await bg.engine.dispatch(e);
    await bg.engine.idle();

    const before = await bg.db.reportState.get('rollup');
    const r = await report(bg, { range: week });
    expect(r.timeZone).toBe('America/New_York');
    const mail = figures(r.email);
    // The late send (23:30 New York, Tuesday in UTC) is Monday's.
    expect(mail.byDay.slice(0, 2).map((d) => [d.day, d.sent, d.received])).toEqual([
      ['2026-11-30', 2, 1],
      ['2026-12-01', 1, 0],
    ]);
    expect(mail.replies).toMatchObject({ awaited: 2, replied: 1, rate: 0.5, bounced: 1, outOfOffice: 1, medianReplyMs: 4 * H, medianAnswerMs: 21 * H });
    // Incremental: read from the events, not rebuilt.
    expect((await bg.db.reportState.get('rollup'))?.builtAt).toBe(before?.builtAt);

    // One contact and one company: only Priya's mail.
    const priya = figures((await report(bg, { range: week, filter: { kind: 'contact', id: 'ct-priya' } })).email);
    expect(priya.totals).toMatchObject({ sent: 2, received: 1 });
    // Her Monday email was answered; the rep's Tuesday one still waits.
    expect(priya.replies).toMatchObject({ awaited: 2, replied: 1, bounced: 0 });
    const acme = await report(bg, { range: week, filter: { kind: 'company', id: 'co-acme' } });
    expect(acme.filter?.name).toBe('Acme');
    expect(figures(acme.email).totals).toMatchObject({ sent: 2, received: 1 });

    // Rebuilt on demand from what is stored: the same figures.
    const rebuilt = (await bg.route({ channel: 'reports.rebuild', payload: {} }, senders.extension)) as { ok: boolean };
    expect(rebuilt.ok).toBe(true);
    expect(figures((await report(bg, { range: week })).email)).toEqual(mail);

    // A change of the rep's zone recuts the days: in UTC the late send is Tuesday's.
    await bg.handlers['settings.update']({ patch: { workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'UTC' } } }, {});
    const utc = figures((await report(bg, { range: week })).email);
    expect(utc.byDay.slice(0, 2).map((d) => d.sent)).toEqual([1, 2]);
  });

  it('says what a filter cannot give instead of showing zeros, and that sequences and meetings are not installed', async () => {
    const bg = await background();
    await bg.db.templates.add({ id: 'pricing', name: 'Pricing', kind: 'template', body: 'Hi', intents: [], builtIn: false, edited: false, hidden: false, updatedAt: 0 });
    const r = await report(bg, { range: { kind: 'week' }, filter: { kind: 'template', id: 'pricing' } });
    expect(r.email.available).toBe(true);
    expect(r.followUps).toEqual({ available: false, reason: 'Not recorded per template.' });
    expect(r.sequences).toEqual({ available: false, reason: 'Sequences are not installed in this version yet.' });
    expect(r.meetings.available).toBe(false);
    const bad = (await bg.route({ channel: 'reports.get', payload: { range: { kind: 'custom', from: '2026-12-05', to: '2026-12-01' } } }, senders.extension)) as { ok: boolean; error: { code: string; issues: string[] } };
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('bad_payload');
    expect(bad.error.issues.join()).toMatch(/end on or after/);
  });

  it('counts follow-ups, suggestions and deals by indexed reads', async () => {
    const bg = await background();
    await report(bg, { range: week }); // the rollup is built here, before the rows below arrive
    const day = (d: string) => Date.parse(`${d}T09:00:00-05:00`);
    await bg.db.reminders.bulkAdd([
      { id: 'r1', date: '2026-12-01', dueAt: day('2026-12-01'), status: 'done', doneAt: day('2026-12-01') + H, reason: 'x', createdAt: 0, contactId: 'ct-priya' },
      { id: 'r2', date: '2026-12-02', dueAt: day('2026-12-02'), status: 'done', doneAt: day('2026-12-03'), reason: 'x', createdAt: 0 },
      { id: 'r3', date: '2026-12-03', dueAt: day('2026-12-03'), status: 'pending', reason: 'x', createdAt: 0 },
    ]);
    await bg.db.suggestions.bulkAdd([
      { id: 's1', kind: 'draft', reason: 'x', payload: {}, status: 'accepted', createdAt: day('2026-12-01') },
      { id: 's2', kind: 'draft', reason: 'x', payload: { editedAt: 1 }, status: 'accepted', createdAt: day('2026-12-01') },
      { id: 's3', kind: 'log', reason: 'x', payload: {}, status: 'dismissed', createdAt: day('2026-12-02') },
    ]);
    await bg.db.deals.bulkAdd([
      { id: 'd1', name: 'Pilot', companyId: 'co-acme', contactIds: ['ct-priya'], stage: 'proposal', updatedAt: 0 },
      { id: 'd2', name: 'Won one', contactIds: [], stage: 'won', updatedAt: 0 },
    ]);
    await bg.db.activities.add({ id: 'a1', kind: 'email.sent', contactId: 'ct-priya', summary: 'Sent', at: day('2026-12-02') });
    const r = await report(bg, { range: week });
    expect(figures(r.followUps)).toEqual({ due: 3, onTime: 1, late: 1, skipped: 1, ahead: 0 });
    expect(figures(r.suggestions)).toEqual({ accepted: 1, edited: 1, dismissed: 1, open: 0 });
    expect(figures(r.deals)).toMatchObject({ touched: 1, untouched: 0 });
    // The activity was stored without an event (an import): the figures see it after a rebuild.
    expect(figures(r.email).totals.logged).toBe(0);
    await bg.handlers['reports.rebuild']({}, {});
    expect(figures((await report(bg, { range: week })).email).totals.logged).toBe(1);
    expect(figures((await report(bg, { range: week, filter: { kind: 'contact', id: 'ct-priya' } })).followUps).due).toBe(1);
  });
});

describe('reports reads at size', () => {
  it('counts open deals of every stage but won and lost, each by its contacts’ newest activity before the range ends', async () => {
    const bg = await background();
    const stages = ['lead', 'qualified', 'demo', 'proposal', 'negotiation', 'won', 'lost'] as const;
    await bg.db.deals.bulkAdd(stages.map((stage) => ({ id: `d-${stage}`, name: stage, contactIds: ['ct-priya'], stage, updatedAt: 0 })));
    const at = (iso: string) => Date.parse(iso);
    await bg.db.activities.bulkAdd([
      { id: 'a-old', kind: 'email.sent', contactId: 'ct-priya', summary: 'Old', at: at('2026-11-01T15:00:00Z') },
      { id: 'a-in', kind: 'email.sent', contactId: 'ct-priya', summary: 'In range', at: at('2026-12-02T15:00:00Z') },
      // After the range: not the deal's touch for this week.
      { id: 'a-later', kind: 'note', contactId: 'ct-priya', summary: 'Later', at: at('2026-12-09T15:00:00Z') },
    ]);
    expect(figures((await report(bg, { range: week })).deals)).toMatchObject({ touched: 5, untouched: 0 });
    const before = figures((await report(bg, { range: { kind: 'custom', from: '2026-11-23', to: '2026-11-29' } })).deals);
    expect(before).toMatchObject({ touched: 0, untouched: 5 });
    expect(before.untouchedDeals.map((d) => d.id).sort()).toEqual(['d-demo', 'd-lead', 'd-negotiation', 'd-proposal', 'd-qualified']);
    expect(new Set(before.untouchedDeals.map((d) => d.lastTouch))).toEqual(new Set([at('2026-11-01T15:00:00Z')]));
  });

  it('rebuilds every stored message across pages, many of them sharing one date', async () => {
    const bg = await background();
    const date = Date.parse('2026-12-01T15:00:00Z');
    await bg.db.messages.bulkAdd(
      Array.from({ length: 1_300 }, (_, i) => ({
        id: `msg-f:${5000 + i}`,
        threadId: `thread-f:${5000 + i}`,
        from: REP,
        to: [PRIYA],
        cc: [],
        bcc: [],
        subject: 'Hi',
        bodyText: 'Hello',
        // 700 in the same millisecond (over a page's 500), the rest an hour apart in pairs.
        date: i < 700 ? date : date + Math.floor(i / 2) * H,
        direction: 'outbound' as const,
      })),
    );
    expect(await bg.handlers['reports.rebuild']({}, {})).toMatchObject({ mail: 1_300 });
    expect(await bg.db.reportMail.count()).toBe(1_300);
    const sent = figures((await report(bg, { range: { kind: 'custom', from: '2026-11-30', to: '2026-12-31' } })).email).totals.sent;
    expect(sent).toBe(1_300);
    expect((await bg.db.reportDays.where('[scope+day]').equals(['contact:ct-priya', '2026-12-01']).first())?.sent).toBe(700);
  });
});

describe('schema version 6', () => {
  const name = `ft-v4-${Math.random().toString(36).slice(2)}`;
  afterEach(() => Dexie.delete(name));

  it('upgrades a version-4 database: rows kept, report tables added empty, the first catch-up builds them from stored mail', async () => {
    const v4 = new Dexie(name);
    v4.version(4).stores(SCHEMA_V4);
    await v4.open();
    await v4.table('messages').add({
      id: 'msg-f:1900',
      threadId: 'thread-f:300',
      from: REP,
      to: [PRIYA],
      cc: [],
      bcc: [],
      subject: 'Hi',
      date: Date.parse('2026-12-01T15:00:00Z'),
      bodyText: 'Hello',
      direction: 'outbound',
    });
    v4.close();

    const db = new FollowthroughDb(name);
    await db.open();
    try {
      expect(db.verno).toBe(DB_VERSION);
      expect(DB_VERSION).toBeGreaterThanOrEqual(6); // later areas add versions after 6
      expect(await db.messages.count()).toBe(1);
      expect(await db.reportMail.count()).toBe(0);
      const rollup = new ReportRollup({ db, now: () => NOW, timeZone: async () => 'UTC' });
      expect(await rollup.catchUp()).toEqual({ rebuilt: true, events: 0 });
      expect((await rollup.days('all', '2026-12-01', '2026-12-01'))[0]).toMatchObject({ sent: 1, awaited: 1 });
      // A row that does not validate is refused like any other table's.
      await expect(db.reportDays.put({ id: 'x', scope: 'all', day: 'not a day' } as never)).rejects.toThrow(/day/);
    } finally {
      db.close();
    }
  });
});
