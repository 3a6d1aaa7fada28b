import { describe, expect, it } from 'vitest';
import {
  METRICS,
  dayFigures,
  dayKey,
  dayStart,
  dealReport,
  emailReport,
  followUpReport,
  enrolmentFacts,
  meetingReport,
  sequenceSteps,
  median,
  resolveRange,
  sequenceReport,
  suggestionReport,
  RangeInput,
  type ReportMail,
} from '@/lib/reports/metrics';
import type { Deal, Reminder, Suggestion } from '@/lib/records';
import { t } from '@/lib/i18n';
import { setUiLanguage } from '../support/i18n-fake';
import { decide, type DecideInput } from '@/lib/sequences/decide';
import { MailMessage } from '@/lib/sequences/schema';

// Hand-built timelines for every metric the Reports page shows. Times are written in the zone they are about.

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const mail = (id: string, threadId: string, iso: string, kind: ReportMail['kind'], extra: Partial<ReportMail> = {}): ReportMail => ({
  id,
  threadId,
  at: at(iso),
  kind,
  contactIds: [],
  companyIds: [],
  ...extra,
});

/** A day's figures the way the rollup computes them: the day's mail, and every thread's mail. */
function figures(all: ReportMail[], day: string, tz: string, logged = 0) {
  const ofDay = all.filter((m) => dayKey(m.at, tz) === day);
  const thread = (id: string) => all.filter((m) => m.threadId === id).sort((a, b) => a.at - b.at);
  return dayFigures('all', day, ofDay, thread, logged);
}

describe('metric definitions', () => {
  it('has words for every figure, pinned here so a change to a definition is a deliberate one', () => {
    expect(Object.keys(METRICS).sort()).toMatchInlineSnapshot(`
      [
        "dealsTouched",
        "dealsUntouched",
        "excluded",
        "followUpsAhead",
        "followUpsDue",
        "followUpsLate",
        "followUpsOnTime",
        "followUpsSkipped",
        "logged",
        "meetingsBooked",
        "meetingsCancelled",
        "meetingsProposed",
        "received",
        "replyRate",
        "sent",
        "sequenceStepReplied",
        "sequenceStepSent",
        "sequencesEnrolled",
        "sequencesFinished",
        "sequencesReplied",
        "sequencesStopped",
        "suggestionsAccepted",
        "suggestionsDismissed",
        "suggestionsEdited",
        "suggestionsOpen",
        "timeToAnswer",
        "timeToReply",
      ]
    `);
    // The words are message keys; these are the English messages the page shows (German beside them in de).
    const def = (id: keyof typeof METRICS) => t(METRICS[id].definition);
    expect(def('replyRate')).toBe(
      'Of the emails you sent in the range, the share a person answered on the same thread before you wrote again. Out-of-office and automatic replies do not count as replies, and emails that bounced are left out of the count.',
    );
    expect(def('received')).toMatch(/out-of-office .* bounces .* not counted/);
    expect(def('timeToReply')).toMatch(/out-of-office, automatic replies and bounces excluded/);
    expect(def('sent')).toMatch(/working-hours time zone/);
    expect(def('dealsUntouched')).toMatch(/14 days/);
    expect(def('sequencesReplied')).toMatch(/out-of-office replies pause .* bounces stop it, so neither counts as a reply/);
    expect(def('sequencesStopped')).toMatch(/bounced, unsubscribed, meeting booked, stopped by you, sequence deleted/);
    expect(def('meetingsBooked')).toMatch(/by the moment they were booked .* cancelled are counted apart/);
    for (const id of Object.keys(METRICS) as (keyof typeof METRICS)[]) {
      expect(def(id).length, id).toBeGreaterThan(20);
      expect(t(METRICS[id].label), id).not.toBe(METRICS[id].label);
    }
    setUiLanguage('de');
    expect(t(METRICS.replyRate.label)).toBe('Antwortquote');
    expect(def('sequencesStopped')).toMatch(/unzustellbar, abgemeldet, Termin gebucht, von Ihnen gestoppt, Sequenz gelöscht/);
    setUiLanguage('en');
  });
});

describe('emails by day, replies and answers', () => {
  const tz = 'America/New_York';
  // Thread A: sent Mon 09:00, an out-of-office at 09:01, Priya replies Mon 13:00, the rep answers Tue 10:00.
  // Thread B: sent Mon 10:00, a bounce at 10:02 (not delivered: out of the reply rate).
  // Thread C: sent Mon 11:00, an automatic reply, nothing else (awaited, not replied).
  // Thread D: sent Mon 23:30 New York time (Tuesday in UTC), replied Wed 09:00 by a person.
  const timeline = [
    mail('a1', 'A', '2026-11-30T09:00:00-05:00', 'sent'),
    mail('a2', 'A', '2026-11-30T09:01:00-05:00', 'out-of-office'),
    mail('a3', 'A', '2026-11-30T13:00:00-05:00', 'reply'),
    mail('a4', 'A', '2026-12-01T10:00:00-05:00', 'sent'),
    mail('b1', 'B', '2026-11-30T10:00:00-05:00', 'sent'),
    mail('b2', 'B', '2026-11-30T10:02:00-05:00', 'bounce'),
    mail('c1', 'C', '2026-11-30T11:00:00-05:00', 'sent'),
    mail('c2', 'C', '2026-11-30T11:05:00-05:00', 'auto-reply'),
    mail('d1', 'D', '2026-11-30T23:30:00-05:00', 'sent'),
    mail('d2', 'D', '2026-12-02T09:00:00-05:00', 'reply'),
    mail('n1', 'N', '2026-11-30T08:00:00-05:00', 'bulk'),
  ];

  it('counts a day in the rep’s zone: a send at 23:30 in New York is Monday’s, not Tuesday’s', () => {
    const monday = figures(timeline, '2026-11-30', tz, 3);
    expect(monday).toMatchObject({ sent: 4, received: 1, logged: 3, bounced: 1, awaited: 3, replied: 2, outOfOffice: 2 });
    // The same mail cut in UTC puts the late send on Tuesday.
    expect(figures(timeline, '2026-11-30', 'UTC').sent).toBe(3);
    expect(figures(timeline, '2026-12-01', 'UTC').sent).toBe(2); // d1 and the rep's answer a4
  });

  it('times a reply from the send to the first person’s reply, skipping the out-of-office; an answer from their reply to the rep’s next email', () => {
    const monday = figures(timeline, '2026-11-30', tz);
    expect(monday.replyMs.sort((x, y) => x - y)).toEqual([4 * H, 33.5 * H]);
    expect(monday.answerMs).toEqual([21 * H]);
  });

  it('never counts out-of-office, automatic replies, bounces or mailing-list mail as received or as replies', () => {
    const onlyAuto = [mail('s', 'T', '2026-11-30T09:00:00Z', 'sent'), mail('o', 'T', '2026-11-30T10:00:00Z', 'out-of-office'), mail('x', 'T', '2026-11-30T11:00:00Z', 'auto-reply'), mail('l', 'L', '2026-11-30T12:00:00Z', 'bulk')];
    const day = figures(onlyAuto, '2026-11-30', 'UTC');
    expect(day).toMatchObject({ sent: 1, received: 0, awaited: 1, replied: 0, outOfOffice: 2, replyMs: [], answerMs: [] });
  });

  it('a reply after the rep wrote again belongs to the later email, not the first', () => {
    const chase = [mail('s1', 'T', '2026-11-30T09:00:00Z', 'sent'), mail('s2', 'T', '2026-12-01T09:00:00Z', 'sent'), mail('r', 'T', '2026-12-01T12:00:00Z', 'reply')];
    expect(figures(chase, '2026-11-30', 'UTC')).toMatchObject({ awaited: 1, replied: 0 });
    expect(figures(chase, '2026-12-01', 'UTC')).toMatchObject({ awaited: 1, replied: 1, replyMs: [3 * H] });
  });

  it('sums a range: zero days included, rate and medians over the whole range, days outside it left out', () => {
    const days = ['2026-11-30', '2026-12-01', '2026-12-02'];
    const rows = ['2026-11-29', ...days].map((d) => figures(timeline, d, tz));
    const report = emailReport(days, rows);
    expect(report.byDay).toEqual([
      { day: '2026-11-30', sent: 4, received: 1, logged: 0 },
      { day: '2026-12-01', sent: 1, received: 0, logged: 0 },
      { day: '2026-12-02', sent: 0, received: 1, logged: 0 },
    ]);
    expect(report.totals).toEqual({ sent: 5, received: 2, logged: 0 });
    // a1 replied, c1 not, d1 replied, a4 (Tue) still waiting; b1 bounced.
    expect(report.replies).toMatchObject({ awaited: 4, replied: 2, rate: 0.5, bounced: 1, outOfOffice: 2, medianReplyMs: (4 * H + 33.5 * H) / 2, medianAnswerMs: 21 * H });
    expect(emailReport(['2026-12-05'], rows).replies).toMatchObject({ rate: null, medianReplyMs: null, medianAnswerMs: null });
  });

  it('median is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('ranges in the rep’s zone', () => {
  // Sunday 2026-12-06 23:30 in Los Angeles is already Monday in UTC.
  const now = at('2026-12-07T07:30:00Z');
  it('this week runs from Monday to today, in the rep’s zone', () => {
    expect(resolveRange({ kind: 'week' }, now, 'America/Los_Angeles')).toMatchObject({ from: '2026-11-30', to: '2026-12-06' });
    expect(resolveRange({ kind: 'week' }, now, 'UTC')).toMatchObject({ from: '2026-12-07', to: '2026-12-07' });
  });
  it('the last 4 weeks are 28 days ending today; the quarter starts on its first day', () => {
    const four = resolveRange({ kind: '4weeks' }, now, 'America/Los_Angeles');
    expect(four).toMatchObject({ from: '2026-11-09', to: '2026-12-06' });
    expect(four.days).toHaveLength(28);
    expect(resolveRange({ kind: 'quarter' }, now, 'UTC')).toMatchObject({ from: '2026-10-01', to: '2026-12-07' });
    expect(resolveRange({ kind: 'quarter' }, at('2026-02-10T12:00:00Z'), 'UTC').from).toBe('2026-01-01');
  });
  it('a custom range is its own days, and refuses one that ends before it starts or spans more than a year', () => {
    expect(resolveRange({ kind: 'custom', from: '2026-02-27', to: '2026-03-02' }, now, 'UTC').days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(RangeInput.safeParse({ kind: 'custom', from: '2026-03-02', to: '2026-03-01' }).success).toBe(false);
    expect(RangeInput.safeParse({ kind: 'custom', from: '2025-01-01', to: '2026-03-01' }).success).toBe(false);
  });
  it('a day starts at midnight in the zone, and a daylight-saving day is 23 hours long', () => {
    expect(dayStart('2026-03-08', 'America/New_York')).toBe(at('2026-03-08T05:00:00Z'));
    expect(dayStart('2026-03-09', 'America/New_York') - dayStart('2026-03-08', 'America/New_York')).toBe(23 * H);
  });
});

describe('follow-ups', () => {
  const tz = 'Europe/Berlin';
  const now = at('2026-12-04T12:00:00+01:00'); // Friday
  const reminder = (id: string, date: string, status: Reminder['status'], extra: Partial<Reminder> = {}): Reminder => ({
    id,
    date,
    dueAt: dayStart(date, tz) + 9 * H,
    status,
    reason: 'nudge',
    createdAt: 0,
    ...extra,
  });
  const reminders = [
    reminder('on-time', '2026-12-01', 'done', { doneAt: at('2026-12-01T16:00:00+01:00') }),
    reminder('early', '2026-12-02', 'done', { doneAt: at('2026-11-30T16:00:00+01:00') }),
    // Done at 00:30 Berlin on the 3rd: that is still the 2nd in UTC, but late in the rep's zone.
    reminder('late', '2026-12-02', 'done', { doneAt: at('2026-12-03T00:30:00+01:00') }),
    reminder('skipped', '2026-12-03', 'pending'),
    reminder('snoozed-past', '2026-12-02', 'snoozed'),
    reminder('today', '2026-12-04', 'pending'),
    reminder('replied-first', '2026-12-02', 'cancelled', { endedBy: 'a reply arrived' }),
    reminder('awaiting-send', '2026-12-02', 'pending', { awaitingSend: true }),
    reminder('outside', '2026-11-20', 'pending'),
  ];

  it('counts due, on time, late, skipped and still ahead; replies-first and unsent ones are not due', () => {
    expect(followUpReport(reminders, { from: '2026-11-30', to: '2026-12-06' }, now, tz)).toEqual({ due: 6, onTime: 2, late: 1, skipped: 2, ahead: 1 });
  });
  it('reads the done time in the rep’s zone', () => {
    expect(followUpReport([reminders[2]!], { from: '2026-12-01', to: '2026-12-06' }, now, 'UTC')).toMatchObject({ onTime: 1, late: 0 });
  });
});

describe('suggestions', () => {
  const s = (id: string, status: Suggestion['status'], createdAt: string, payload: Record<string, unknown> = {}): Suggestion => ({ id, kind: 'draft', reason: 'r', payload, status, createdAt: at(createdAt) });
  it('tells accepted as they were from edited before accepting, dismissed and open, by the day they were made', () => {
    const rows = [
      s('a', 'accepted', '2026-12-01T10:00:00Z'),
      s('e', 'accepted', '2026-12-01T11:00:00Z', { body: 'changed', editedAt: at('2026-12-01T11:05:00Z') }),
      s('d', 'dismissed', '2026-12-02T10:00:00Z'),
      s('o', 'open', '2026-12-03T10:00:00Z'),
      s('old', 'accepted', '2026-11-01T10:00:00Z'),
    ];
    expect(suggestionReport(rows, { from: '2026-11-30', to: '2026-12-06' }, 'UTC')).toEqual({ accepted: 1, edited: 1, dismissed: 1, open: 1 });
  });
});

describe('deals', () => {
  const deal = (id: string, stage: Deal['stage']): Deal => ({ id, name: id, contactIds: [], stage, updatedAt: 0 });
  it('counts open deals touched in the range and those untouched for 14+ days before its end; won and lost deals are left out', () => {
    const deals = [deal('fresh', 'proposal'), deal('stale', 'demo'), deal('never', 'lead'), deal('edge', 'qualified'), deal('won', 'won')];
    const touch = new Map<string, number | undefined>([
      ['fresh', at('2026-12-03T10:00:00Z')],
      ['stale', at('2026-11-15T10:00:00Z')],
      ['never', undefined],
      // The last of the 14 days before the end (Dec 6): touched Nov 23 is within them.
      ['edge', at('2026-11-23T00:00:00Z')],
      ['won', at('2026-01-01T00:00:00Z')],
    ]);
    const report = dealReport(deals, touch, { from: '2026-11-30', to: '2026-12-06' }, 'UTC');
    expect(report).toMatchObject({ touched: 1, untouched: 2 });
    expect(report.untouchedDeals.map((d) => d.id)).toEqual(['never', 'stale']);
  });
});

describe('sequences: enrolments, stops by reason, steps and templates', () => {
  const tz = 'America/New_York';
  // The week of Monday 2026-11-30 in New York.
  const from = dayStart('2026-11-30', tz);
  const to = dayStart('2026-12-07', tz);
  const REP = 'rep@followthrough.invalid';
  const JANE = 'jane@acme.example';
  const msg = (iso: string, fromAddress: string, subject: string, text: string, headers: Record<string, string> = {}) =>
    MailMessage.parse({ at: at(iso), from: fromAddress, to: [fromAddress === REP ? JANE : REP], threadId: 'thread-f:1', subject, text, headers });
  /** The reason the sequences area itself stores for a timeline (lib/sequences/decide.ts). */
  const reasonFor = (mail: MailMessage[]) => {
    const input: DecideInput = {
      now: at('2026-12-05T12:00:00-05:00'),
      tz,
      rep: REP,
      ownDomains: ['ourco.example'],
      contact: { email: JANE, aliases: [] },
      enrolledAt: at('2026-11-30T09:00:00-05:00'),
      steps: [
        { kind: 'email', afterWorkingDays: 0 },
        { kind: 'email', afterWorkingDays: 2 },
      ],
      stopOnCompany: false,
      mail,
    };
    return decide(input);
  };
  // The row as the sequences service stores it: the English line and, since words exist, its words.
  const row = (id: string, decided: { state: string; reason: string; words?: unknown }, enrolledIso: string, endedIso: string) => ({
    id,
    sequenceId: 'seq-1',
    enrolledAt: at(enrolledIso),
    state: decided.state,
    reason: decided.reason,
    reasonWords: decided.words,
    updatedAt: at(endedIso),
  });

  it('reads why an enrolment ended from the words the sequences area stores: a reply, a bounce, an unsubscribe, the rep', () => {
    const send = msg('2026-11-30T09:05:00-05:00', REP, 'Hello', 'Hi Jane');
    const replied = reasonFor([send, msg('2026-12-01T10:00:00-05:00', JANE, 'Re: Hello', 'Thanks, let us talk on Thursday.')]);
    const bounced = reasonFor([send, msg('2026-11-30T09:06:00-05:00', 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Delivery Status Notification (Failure)', `Your message to ${JANE} was not delivered. Address not found.`)]);
    const unsubscribed = reasonFor([send, msg('2026-12-02T10:00:00-05:00', JANE, 'Re: Hello', 'Please unsubscribe me and remove me from your list.')]);
    const away = reasonFor([send, msg('2026-12-01T10:00:00-05:00', JANE, 'Automatic reply: Hello', 'I am out of the office until December 14.')]);
    expect([replied.state, bounced.state, unsubscribed.state, away.state]).toEqual(['stopped', 'stopped', 'stopped', 'paused']);

    expect(enrolmentFacts(row('e1', replied, '2026-11-30T09:00:00-05:00', '2026-12-01T10:01:00-05:00'))).toMatchObject({ outcome: 'replied' });
    expect(enrolmentFacts(row('e2', bounced, '2026-11-30T09:00:00-05:00', '2026-11-30T09:07:00-05:00'))).toMatchObject({ outcome: 'stopped', stopReason: 'bounced' });
    expect(enrolmentFacts(row('e3', unsubscribed, '2026-11-30T09:00:00-05:00', '2026-12-02T10:01:00-05:00'))).toMatchObject({ outcome: 'stopped', stopReason: 'unsubscribed' });
    // An out-of-office pauses: the enrolment has not ended, and it is no reply.
    expect(enrolmentFacts(row('e4', away, '2026-11-30T09:00:00-05:00', '2026-12-01T10:01:00-05:00'))).toEqual({ id: 'e4', sequenceId: 'seq-1', enrolledAt: at('2026-11-30T09:00:00-05:00'), outcome: 'active' });
    // The stops the sequences service writes itself (lib/sequences/service.ts).
    const said = (reason: string) => enrolmentFacts(row('e', { state: 'stopped', reason }, '2026-11-30T09:00:00Z', '2026-12-01T09:00:00Z')).stopReason;
    expect(said('stopped: meeting booked with jane@acme.example, 2026-12-01 15:00')).toBe('meeting booked');
    expect(said('stopped: by you, 2026-12-01 15:00')).toBe('stopped by you');
    expect(said('stopped: the sequence was deleted')).toBe('sequence deleted');
    expect(said('stopped: something new')).toBe('other');
    expect(enrolmentFacts(row('e5', { state: 'done', reason: 'done: all 2 steps done' }, '2026-11-30T09:00:00Z', '2026-12-03T09:00:00Z'))).toMatchObject({ outcome: 'finished', endedAt: at('2026-12-03T09:00:00Z') });
  });

  it('counts enrolled, replied, finished and stopped by reason in the rep’s week, each by its own time', () => {
    const facts = [
      // Enrolled Sunday 23:30 in New York (Monday in UTC): the week before, but it ended in this one.
      { id: 'a', sequenceId: 's', enrolledAt: at('2026-11-29T23:30:00-05:00'), outcome: 'replied' as const, endedAt: at('2026-12-01T09:00:00-05:00') },
      { id: 'b', sequenceId: 's', enrolledAt: at('2026-11-30T00:00:00-05:00'), outcome: 'stopped' as const, stopReason: 'bounced', endedAt: at('2026-11-30T00:05:00-05:00') },
      { id: 'c', sequenceId: 's', enrolledAt: at('2026-12-01T09:00:00-05:00'), outcome: 'stopped' as const, stopReason: 'unsubscribed', endedAt: at('2026-12-06T23:59:00-05:00') },
      { id: 'd', sequenceId: 's', enrolledAt: at('2026-12-02T09:00:00-05:00'), outcome: 'finished' as const, endedAt: at('2026-12-04T09:00:00-05:00') },
      { id: 'e', sequenceId: 's', enrolledAt: at('2026-12-03T09:00:00-05:00'), outcome: 'active' as const },
      // Ended Monday 00:00 of the next week: outside.
      { id: 'f', sequenceId: 's', enrolledAt: at('2026-12-03T09:00:00-05:00'), outcome: 'stopped' as const, stopReason: 'bounced', endedAt: to },
    ];
    // The same enrolment read twice (by enrolment time and by end time) is one.
    expect(sequenceReport([...facts, facts[2]!], [], from, to)).toEqual({
      enrolled: 5,
      replied: 1,
      finished: 1,
      stopped: [
        { reason: 'bounced', count: 1 },
        { reason: 'unsubscribed', count: 1 },
      ],
      steps: [],
    });
  });

  it('tells which step each send was, passing ticked-off steps, and whether the contact replied before the next one', () => {
    const steps = [
      { kind: 'email', templateId: 'intro' },
      { kind: 'task' },
      { kind: 'email', templateId: 'nudge' },
      { kind: 'email', templateId: 'breakup' },
    ];
    const e = { id: 'e1', sequenceId: 's', enrolledAt: at('2026-11-30T09:00:00-05:00'), completed: [{ step: 1, at: at('2026-12-01T09:00:00-05:00') }] };
    const facts = sequenceSteps(e, steps, [
      // Before the enrolment: not a step.
      { at: at('2026-11-29T09:00:00-05:00'), direction: 'sent' },
      { at: at('2026-11-30T09:05:00-05:00'), direction: 'sent' },
      // Their out-of-office is no reply (the source says so: contactReply false).
      { at: at('2026-11-30T09:06:00-05:00'), direction: 'received', contactReply: false },
      { at: at('2026-12-02T09:00:00-05:00'), direction: 'sent' },
      { at: at('2026-12-03T11:00:00-05:00'), direction: 'received', contactReply: true },
      { at: at('2026-12-04T09:00:00-05:00'), direction: 'sent' },
      // A send beyond the last step is a touch, not a step.
      { at: at('2026-12-05T09:00:00-05:00'), direction: 'sent' },
    ]);
    expect(facts.map((f) => [f.step, f.templateId, f.replied])).toEqual([
      [1, 'intro', false],
      [3, 'nudge', true],
      [4, 'breakup', false],
    ]);
    const report = sequenceReport([], facts, from, to, (id) => id.toUpperCase());
    expect(report.steps).toEqual([
      { step: 1, templateId: 'intro', templateName: 'INTRO', sent: 1, replied: 0 },
      { step: 3, templateId: 'nudge', templateName: 'NUDGE', sent: 1, replied: 1 },
      { step: 4, templateId: 'breakup', templateName: 'BREAKUP', sent: 1, replied: 0 },
    ]);
    // A range that ends before the last step leaves it out.
    expect(sequenceReport([], facts, from, dayStart('2026-12-04', tz)).steps.map((s) => s.step)).toEqual([1, 3]);
  });
});

describe('meetings', () => {
  const from = at('2026-12-01T00:00:00Z');
  const to = at('2026-12-08T00:00:00Z');
  it('counts proposals by when the times were proposed and meetings by when they were booked; cancelled ones apart', () => {
    const proposals = [
      { id: 'p1', proposedAt: at('2026-12-01T09:00:00Z') },
      { id: 'p2', proposedAt: at('2026-11-25T09:00:00Z') },
      { id: 'p3', proposedAt: at('2026-12-07T23:59:59Z') },
      { id: 'p4', proposedAt: to },
    ];
    const meetings = [
      { id: 'm1', bookedAt: at('2026-12-02T09:00:00Z'), cancelled: false },
      // Proposed the week before, booked in this one.
      { id: 'm2', bookedAt: at('2026-12-03T09:00:00Z'), cancelled: false },
      { id: 'm3', bookedAt: at('2026-12-04T09:00:00Z'), cancelled: true },
      { id: 'm4', bookedAt: at('2026-11-30T09:00:00Z'), cancelled: false },
    ];
    expect(meetingReport([...proposals, proposals[0]!], meetings, from, to)).toEqual({ proposed: 2, booked: 2, cancelled: 1 });
  });
});
