import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, FollowthroughDb, SCHEMA_V4, SCHEMA_V8, contactEmails } from '@/lib/db';
import { ReportRollup } from '@/lib/reports/rollup';
import type { EmailFacts } from '@/lib/engine/events';
import { Report } from '@/lib/reports/report';
import { senders, startTestBackground } from '../support/background';
import { loadDemoData } from '@/lib/crm/demo';
import { reportsTimeline } from '../fixtures/reports/timeline';

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

  it('says what a filter cannot give instead of showing zeros', async () => {
    const bg = await background();
    await bg.db.templates.add({ id: 'pricing', name: 'Pricing', kind: 'template', body: 'Hi', intents: [], builtIn: false, edited: false, hidden: false, updatedAt: 0 });
    const r = await report(bg, { range: { kind: 'week' }, filter: { kind: 'template', id: 'pricing' } });
    expect(r.email.available).toBe(true);
    expect(r.followUps).toEqual({ available: false, reason: 'Not recorded per template.', reasonWords: { key: 'reports_not_recorded_template' } });
    // No sequence uses the template: nothing enrolled, said as zeros of a real read.
    expect(figures(r.sequences)).toEqual({ enrolled: 0, replied: 0, finished: 0, stopped: [], steps: [] });
    expect(r.meetings).toEqual({ available: false, reason: 'Not recorded per template.', reasonWords: { key: 'reports_not_recorded_template' } });
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

describe('sequences and meetings, read from their own tables', () => {
  const d = (iso: string) => Date.parse(iso);
  const REP_SEQ = 'rep@followthrough.invalid';
  const JANE = 'jane@acme.example';
  const BOB = 'bob@other.example';
  const message = (iso: string, from: string, to: string, subject: string, text: string) => ({ at: d(iso), from, to: [to], threadId: 'thread-f:900', subject, text, headers: {} });

  async function seeded() {
    const bg = await background();
    await bg.db.contacts.add({ id: 'ct-jane', name: 'Jane', email: JANE, altEmails: ['j@acme.example'], emails: contactEmails({ email: JANE, altEmails: ['j@acme.example'] }), companyId: 'co-acme', source: 'local', createdAt: 0, updatedAt: 0 });
    await bg.db.templates.bulkAdd(
      ['intro', 'nudge'].map((id) => ({ id, name: id === 'intro' ? 'Intro' : 'Nudge', kind: 'template' as const, body: 'Hi', intents: [], builtIn: false, edited: false, hidden: false, updatedAt: 0 })),
    );
    await bg.db.sequences.add({
      id: 'seq-1',
      version: 1,
      name: 'Outbound Q4',
      steps: [
        { kind: 'email', templateId: 'intro', threading: 'reply-in-thread', afterWorkingDays: 0 },
        { kind: 'email', templateId: 'nudge', threading: 'reply-in-thread', afterWorkingDays: 2 },
      ],
      window: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
      stopOnCompany: false,
      updatedAt: 0,
      archived: false,
    });
    const enrolment = (id: string, email: string, enrolledIso: string, state: 'active' | 'stopped' | 'done', reason: string, updatedIso: string) => ({
      id,
      sequenceId: 'seq-1',
      sequenceVersion: 1,
      contactEmail: email,
      contactDomain: email.split('@')[1]!,
      enrolledAt: d(enrolledIso),
      state,
      reason,
      completed: [],
      updatedAt: d(updatedIso),
      subject: '',
    });
    await bg.db.enrolments.bulkAdd([
      // Jane: enrolled Monday, step 1, her out-of-office, step 2, her reply from her other address stops it.
      enrolment('en-jane', JANE, '2026-11-30T09:00:00-05:00', 'stopped', 'stopped: reply from j@acme.example (an address of jane@acme.example) in the sequence thread, 10:00', '2026-12-03T10:01:00-05:00'),
      // Bob: enrolled the week before, his address bounced this week.
      enrolment('en-bob', BOB, '2026-11-20T09:00:00-05:00', 'stopped', 'stopped: bounce — address not found, 2026-12-01 09:06', '2026-12-01T09:07:00-05:00'),
      // Enrolled this week, still running.
      enrolment('en-ann', 'ann@acme.example', '2026-12-02T09:00:00-05:00', 'active', 'active: step 1 (email) due 2026-12-02', '2026-12-02T09:00:00-05:00'),
    ]);
    const mail = (enrolmentId: string, n: number, direction: 'sent' | 'received', m: ReturnType<typeof message>) => ({ id: `${enrolmentId}|msg-f:${n}`, enrolmentId, messageId: `msg-f:${n}`, direction, at: m.at, message: m });
    await bg.db.sequenceMail.bulkAdd([
      mail('en-jane', 1, 'sent', message('2026-11-30T09:05:00-05:00', REP_SEQ, JANE, 'Hello', 'Hi Jane')),
      mail('en-jane', 2, 'received', message('2026-11-30T09:06:00-05:00', `Jane <${JANE}>`, REP_SEQ, 'Automatic reply: Hello', 'I am out of the office until Wednesday.')),
      mail('en-jane', 3, 'sent', message('2026-12-02T09:00:00-05:00', REP_SEQ, JANE, 'Re: Hello', 'Following up')),
      mail('en-jane', 4, 'received', message('2026-12-03T10:00:00-05:00', 'Jane <j@acme.example>', REP_SEQ, 'Re: Hello', 'Thanks, let us talk Thursday.')),
      mail('en-bob', 5, 'sent', message('2026-11-20T09:05:00-05:00', REP_SEQ, BOB, 'Hello', 'Hi Bob')),
      mail('en-bob', 6, 'sent', message('2026-12-01T09:05:00-05:00', REP_SEQ, BOB, 'Re: Hello', 'Following up')),
    ]);
    const proposal = (id: string, email: string, createdIso: string) => ({
      id,
      contactEmail: email,
      contactName: '',
      slots: [{ start: d('2026-12-10T15:00:00Z'), end: d('2026-12-10T15:30:00Z'), outsideRules: false }],
      lengthMinutes: 30,
      repZone: 'America/New_York',
      recipientZone: 'America/New_York',
      status: 'open' as const,
      expiresAt: d('2026-12-10T15:30:00Z'),
      createdAt: d(createdIso),
    });
    await bg.db.meetingProposals.bulkAdd([proposal('p1', JANE, '2026-12-01T11:00:00-05:00'), proposal('p2', BOB, '2026-12-02T11:00:00-05:00'), proposal('p0', JANE, '2026-11-24T11:00:00-05:00')]);
    const meeting = (id: string, contactId: string | undefined, createdIso: string, status: 'booked' | 'cancelled') => ({
      id,
      uid: `${id}@followthrough`,
      sequence: 0,
      status,
      title: 'Call',
      start: d('2026-12-10T15:00:00Z'),
      end: d('2026-12-10T15:30:00Z'),
      ...(contactId ? { contactId } : {}),
      organizer: { email: 'rep@ourco.example', name: '' },
      attendees: [{ email: JANE, name: '' }],
      reason: '',
      createdAt: d(createdIso),
      updatedAt: d(createdIso),
    });
    await bg.db.meetings.bulkAdd([meeting('m1', 'ct-jane', '2026-12-03T12:00:00-05:00', 'booked'), meeting('m2', undefined, '2026-12-04T12:00:00-05:00', 'cancelled'), meeting('m0', 'ct-jane', '2026-11-25T12:00:00-05:00', 'booked')]);
    return bg;
  }

  it('counts enrolled, replied, stopped by reason, each step and template, proposed and booked, by index', async () => {
    const bg = await seeded();
    const r = await report(bg, { range: week });
    expect(figures(r.sequences)).toEqual({
      enrolled: 2,
      replied: 1,
      finished: 0,
      stopped: [{ reason: 'bounced', count: 1 }],
      steps: [
        { step: 1, templateId: 'intro', templateName: 'Intro', sent: 1, replied: 0 },
        // Jane's out-of-office came after step 1 and is no reply; her answer from her other address came after step 2.
        { step: 2, templateId: 'nudge', templateName: 'Nudge', sent: 2, replied: 1 },
      ],
    });
    expect(figures(r.meetings)).toEqual({ proposed: 2, booked: 1, cancelled: 1 });

    // One contact, one company, one sequence, one template.
    const jane = await report(bg, { range: week, filter: { kind: 'contact', id: 'ct-jane' } });
    expect(figures(jane.sequences)).toMatchObject({ enrolled: 1, replied: 1, stopped: [] });
    expect(figures(jane.meetings)).toEqual({ proposed: 1, booked: 1, cancelled: 0 });
    const acme = await report(bg, { range: week, filter: { kind: 'company', id: 'co-acme' } });
    expect(figures(acme.sequences)).toMatchObject({ enrolled: 2, replied: 1, stopped: [] });
    const seq = await report(bg, { range: week, filter: { kind: 'sequence', id: 'seq-1' } });
    expect(seq.filter?.name).toBe('Outbound Q4');
    expect(figures(seq.sequences)).toEqual(figures(r.sequences));
    expect(seq.meetings).toEqual({ available: false, reason: 'Not recorded per sequence.', reasonWords: { key: 'reports_not_recorded_sequence' } });
    const nudge = await report(bg, { range: week, filter: { kind: 'template', id: 'nudge' } });
    expect(figures(nudge.sequences).steps).toEqual([{ step: 2, templateId: 'nudge', templateName: 'Nudge', sent: 2, replied: 1 }]);
    // The week before: Bob's enrolment and first step, the earlier proposal and meeting.
    const before = await report(bg, { range: { kind: 'custom', from: '2026-11-16', to: '2026-11-29' } });
    expect(figures(before.sequences)).toMatchObject({ enrolled: 1, replied: 0, stopped: [], steps: [{ step: 1, templateId: 'intro', sent: 1, replied: 0 }] });
    expect(figures(before.meetings)).toEqual({ proposed: 1, booked: 1, cancelled: 0 });
    // The filter offers the sequence.
    expect((await bg.handlers['reports.filters']({}, {})).sequences).toEqual([{ id: 'seq-1', name: 'Outbound Q4' }]);
  });
});

describe('one message, two id forms', () => {
  it('counts a send once after a rebuild, whether read as msg-a: (its event) or msg-f: (the stored thread)', async () => {
    const bg = await background();
    const legacy = '19ad2f3c4b5a6d7e';
    const stored = `msg-f:${BigInt(`0x${legacy}`).toString()}`;
    const at = Date.parse('2026-12-01T10:00:00-05:00');
    // Sent here: the event names the session form, and the send's row learnt Gmail's stored id.
    const sent: EmailFacts = { messageId: 'msg-a:r-4242', threadId: 'thread-a:r-77', from: REP, to: [PRIYA], cc: [], bcc: [], subject: 'Pilot', bodyText: 'Here it is.', at };
    await bg.db.gmailSends.add({ id: 'msg-a:r-4242', status: 'emitted', firstSeenAt: at, dueAt: at, legacyId: legacy, source: 'here' });
    await bg.engine.dispatch({ type: 'email.sent', email: sent });
    await bg.engine.idle();
    expect(figures((await report(bg, { range: week })).email).totals.sent).toBe(1);
    // Read later in the thread, after a reload: the stored form, on the thread's stored form.
    await bg.db.threads.add({ id: 'thread-a:r-77', legacyId: '19ad2f3c4b5a0000', subject: 'Pilot', participants: [], messageIds: [stored], lastViewedAt: at, updatedAt: at });
    await bg.db.messages.add({ id: stored, legacyId: legacy, threadId: 'thread-f:1850186957927874560', from: REP, to: [PRIYA], cc: [], bcc: [], subject: 'Pilot', date: at, bodyText: 'Here it is.', direction: 'outbound' });
    // Her reply on the thread's stored form answers that one send.
    await bg.engine.dispatch({ type: 'email.received', email: { messageId: 'msg-f:1850186957927999999', threadId: 'thread-f:1850186957927874560', from: PRIYA, to: [REP], cc: [], bcc: [], subject: 'Re: Pilot', bodyText: 'Thanks, looks good.', at: at + 2 * H } });
    await bg.engine.idle();
    await bg.handlers['reports.rebuild']({}, {});
    const mail = figures((await report(bg, { range: week })).email);
    expect(mail.totals).toMatchObject({ sent: 1, received: 1 });
    expect(mail.replies).toMatchObject({ awaited: 1, replied: 1, medianReplyMs: 2 * H });
    expect((await bg.db.reportMail.toArray()).map((m) => [m.id, m.threadId]).sort()).toEqual([
      [stored, 'thread-f:1850186957927874560'],
      ['msg-f:1850186957927999999', 'thread-f:1850186957927874560'],
    ]);
  });
});

describe('an import', () => {
  it('updates the figures at once: merged rows count without Recompute, and a file’s own report rows are not taken', async () => {
    const bg = await background();
    expect(figures((await report(bg, { range: week })).email).totals.sent).toBe(0); // the rollup is built, empty
    const exported = await bg.handlers['ui.data.export']({}, {});
    const at = Date.parse('2026-12-01T10:00:00-05:00');
    const file = {
      ...exported,
      tables: {
        messages: [
          { id: 'msg-f:7001', threadId: 'thread-f:7001', from: REP, to: [PRIYA], cc: [], bcc: [], subject: 'Pilot', date: at, bodyText: 'Here it is.', direction: 'outbound' },
          { id: 'msg-f:7002', threadId: 'thread-f:7001', from: PRIYA, to: [REP], cc: [], bcc: [], subject: 'Re: Pilot', date: at + 3 * H, bodyText: 'Thanks!', direction: 'inbound' },
        ],
        activities: [{ id: 'act-7001', kind: 'email.sent', contactId: 'ct-priya', threadId: 'thread-f:7001', messageId: 'msg-f:7001', summary: 'Sent: Pilot', at }],
        // Another browser's figures and cursor: derived rows, rebuilt here instead.
        reportDays: [{ id: 'all|2026-12-02', scope: 'all', day: '2026-12-02', sent: 99, received: 0, logged: 0, awaited: 99, replied: 0, bounced: 0, outOfOffice: 0, replyMs: [], answerMs: [] }],
        reportState: [{ id: 'rollup', cursorAt: 9e12, cursorIds: [], timeZone: 'America/New_York', builtAt: 1, pendingTemplates: [] }],
      },
    };
    const imported = (await bg.route({ channel: 'ui.data.import', payload: { file, mode: 'merge' } }, senders.extension)) as { ok: boolean; data: { imported: Record<string, number> } };
    expect(imported.ok).toBe(true);
    expect(imported.data.imported).toMatchObject({ messages: 2, activities: 1, reportDays: 0, reportState: 0 });
    const mail = figures((await report(bg, { range: week })).email);
    expect(mail.totals).toEqual({ sent: 1, received: 1, logged: 1 });
    expect(mail.replies).toMatchObject({ awaited: 1, replied: 1, medianReplyMs: 3 * H });
    expect(mail.byDay.find((x) => x.day === '2026-12-02')?.sent).toBe(0);
  });
});

describe('schema version 11', () => {
  const name = `ft-v8-${Math.random().toString(36).slice(2)}`;
  afterEach(() => Dexie.delete(name));

  it('upgrades a version-8 database: enrolments, proposals and meetings kept and found by their new time indexes', async () => {
    const v8 = new Dexie(name);
    v8.version(8).stores(SCHEMA_V8);
    await v8.open();
    await v8.table('enrolments').add({ id: 'e1', sequenceId: 's', sequenceVersion: 1, contactEmail: 'a@b.example', contactDomain: 'b.example', enrolledAt: 1000, state: 'stopped', reason: 'stopped: by you, x', completed: [], updatedAt: 5000, subject: '' });
    await v8.table('meetingProposals').add({ id: 'p1', contactEmail: 'a@b.example', contactName: '', slots: [{ start: 1, end: 2, outsideRules: false }], lengthMinutes: 30, repZone: 'UTC', recipientZone: 'UTC', status: 'open', expiresAt: 2, createdAt: 3000 });
    await v8.table('meetings').add({ id: 'm1', uid: 'u', sequence: 0, status: 'booked', title: 'Call', start: 1, end: 2, organizer: { email: 'r@o.example', name: '' }, attendees: [{ email: 'a@b.example', name: '' }], reason: '', createdAt: 4000, updatedAt: 4000 });
    v8.close();

    const db = new FollowthroughDb(name);
    await db.open();
    try {
      expect(db.verno).toBe(DB_VERSION);
      expect(await db.enrolments.where('enrolledAt').between(0, 2000).primaryKeys()).toEqual(['e1']);
      expect(await db.enrolments.where('[state+updatedAt]').between(['stopped', 4000], ['stopped', 6000]).primaryKeys()).toEqual(['e1']);
      expect(await db.meetingProposals.where('createdAt').equals(3000).primaryKeys()).toEqual(['p1']);
      expect(await db.meetings.where('createdAt').equals(4000).primaryKeys()).toEqual(['m1']);
    } finally {
      db.close();
    }
  });
});

describe('the Reports e2e’s demo timeline', () => {
  it('adds up to the figures written beside it, merged in over the demo data (import, no Recompute)', async () => {
    const now = Date.now();
    const bg = await startTestBackground(() => now);
    open.push(bg);
    await loadDemoData(bg.db, now);
    const { file, expected } = reportsTimeline(now);
    const exported = await bg.handlers['ui.data.export']({}, {});
    const imported = (await bg.route({ channel: 'ui.data.import', payload: { file: { ...file, settings: { ...exported.settings, ...file.settings } }, mode: 'merge' } }, senders.extension)) as { ok: boolean; error?: unknown };
    expect(imported.error).toBeUndefined();
    const r = await report(bg, { range: { kind: '4weeks' } });
    expect(figures(r.email).totals).toEqual({ sent: expected.sent, received: expected.received, logged: expected.logged });
    expect(figures(r.sequences)).toEqual(expected.sequences);
    expect(figures(r.meetings)).toEqual(expected.meetings);
    const priya = await report(bg, { range: { kind: '4weeks' }, filter: { kind: 'contact', id: 'demo-ct-priya' } });
    expect(figures(priya.meetings)).toEqual({ proposed: 1, booked: 1, cancelled: 0 });
    expect(figures(priya.sequences)).toMatchObject({ enrolled: 1, finished: 1 });
  });
});
