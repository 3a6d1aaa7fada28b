import { describe, expect, it } from 'vitest';
import { decide, mayInsert, type DecideInput } from '@/lib/sequences/decide';
import { Contact, MailMessage, type Decision, type StepShape } from '@/lib/sequences/schema';
import { say } from '@/lib/say';
import { setUiLanguage } from '../../support/i18n-fake';

/** The decision's English line and state, without the words for the rep (tested on their own below). */
const english = ({ words: _words, ...d }: Decision) => d;

// One rep in New York, one contact at Acme; the sequence: email now, email 3 working days later, a call 2 later.
const steps: StepShape[] = [
  { kind: 'email', afterWorkingDays: 0 },
  { kind: 'email', afterWorkingDays: 3 },
  { kind: 'call', afterWorkingDays: 2 },
];
const rep = 'sam@seller.example';
const jane = 'jane@acme.example';
type Raw = { at: string; from: string; to?: string[]; threadId?: string; subject?: string; text?: string; headers?: Record<string, string> };
const mail = (m: Raw) => MailMessage.parse({ to: [], threadId: '', subject: '', text: '', headers: {}, ...m });
const send = (at: string, threadId = 't1', to = jane) => mail({ at, from: rep, to: [to], threadId, subject: 'Fleet tracking', text: 'Hi Jane' });

function input(over: Omit<Partial<DecideInput>, 'now'> & { now: string }): DecideInput {
  const { now, ...rest } = over;
  return {
    tz: 'America/New_York',
    rep,
    ownDomains: ['seller.example'],
    contact: Contact.parse({ email: jane, country: 'US' }),
    enrolledAt: Date.parse('2026-12-01T14:00:00Z'),
    steps,
    stopOnCompany: false,
    mail: [],
    ...rest,
    now: Date.parse(now),
  };
}

describe('steps from the mailbox', () => {
  it('the first step is due on the enrolment day; each send is the next email step done', () => {
    expect(decide(input({ now: '2026-12-01T15:00:00Z' }))).toMatchObject({ state: 'active', next: { step: 0, due: '2026-12-01' } });
    const one = decide(input({ now: '2026-12-02T15:00:00Z', mail: [send('2026-12-01T16:00:00Z')] }));
    expect(english(one)).toEqual({ state: 'active', reason: 'active: step 2 (email) due 2026-12-04', next: { step: 1, due: '2026-12-04' }, resumeOn: null });
  });

  it('a call step is due after the last send and stays until the rep ticks it off; then the sequence is done', () => {
    const both = [send('2026-12-01T16:00:00Z'), send('2026-12-04T16:00:00Z')];
    expect(decide(input({ now: '2026-12-10T15:00:00Z', mail: both })).next).toEqual({ step: 2, due: '2026-12-08' });
    const done = decide(input({ now: '2026-12-10T15:00:00Z', mail: both, completed: [{ step: 2, at: Date.parse('2026-12-08T15:00:00Z') }] }));
    expect(english(done)).toEqual({ state: 'done', reason: 'done: all 3 steps done', next: null, resumeOn: null });
  });

  it('an email step the rep skipped is passed over: the next send is the step after it, and never the skipped one', () => {
    const skipped = [{ step: 0, at: Date.parse('2026-12-01T16:00:00Z') }];
    expect(decide(input({ now: '2026-12-02T15:00:00Z', completed: skipped })).next).toEqual({ step: 1, due: '2026-12-04' });
    const sent = decide(input({ now: '2026-12-07T15:00:00Z', completed: skipped, mail: [send('2026-12-04T16:00:00Z')] }));
    expect(sent).toMatchObject({ state: 'active', next: { step: 2, due: '2026-12-08' } });
  });

  it('mail the rep sent to someone else, and colleagues’ mail, are not steps', () => {
    const d = decide(input({ now: '2026-12-02T15:00:00Z', mail: [send('2026-12-01T16:00:00Z', 't1', 'bob@other.example'), mail({ at: '2026-12-01T17:00:00Z', from: 'kim@seller.example', to: [jane], threadId: 't1' })] }));
    expect(d.next).toEqual({ step: 0, due: '2026-12-01' });
  });
});

describe('stops', () => {
  const sent = send('2026-12-01T16:00:00Z');

  it('a reply on a new thread stops it, saying from whom, where and when (rep’s clock)', () => {
    const d = decide(input({ now: '2026-12-03T20:00:00Z', mail: [sent, mail({ at: '2026-12-03T19:02:00Z', from: 'Jane Doe <jane@acme.example>', to: [rep], threadId: 't2', subject: 'Other topic', text: 'Quick question about the contract.' })] }));
    expect(english(d)).toEqual({ state: 'stopped', reason: 'stopped: reply from jane@acme.example on a new thread, 14:02', next: null, resumeOn: null });
  });

  it('from another of her addresses, in the sequence thread, on an earlier day', () => {
    const contact = Contact.parse({ email: jane, aliases: ['j.doe@acme-group.example'] });
    const d = decide(input({ now: '2026-12-08T20:00:00Z', contact, mail: [sent, mail({ at: '2026-12-03T19:02:00Z', from: 'j.doe@acme-group.example', to: [rep], threadId: 't1', text: 'Thanks, got it.' })] }));
    expect(d.reason).toBe('stopped: reply from j.doe@acme-group.example (an address of jane@acme.example) in the sequence thread, 2026-12-03 14:02');
  });

  it('a plus-address of hers is her', () => {
    expect(decide(input({ now: '2026-12-08T20:00:00Z', mail: [sent, mail({ at: '2026-12-03T19:02:00Z', from: 'jane+sales@acme.example', text: 'Yes' })] })).state).toBe('stopped');
  });

  it('a colleague’s reply stops it only when the sequence says so', () => {
    const bob = mail({ at: '2026-12-03T19:02:00Z', from: 'bob@acme.example', to: [rep], threadId: 't1', text: 'Jane forwarded this to me — let’s talk.' });
    expect(decide(input({ now: '2026-12-08T20:00:00Z', mail: [sent, bob] })).state).toBe('active');
    expect(decide(input({ now: '2026-12-08T20:00:00Z', stopOnCompany: true, mail: [sent, bob] })).reason).toBe(
      'stopped: reply from bob@acme.example at acme.example (stop on any reply from the company) in the sequence thread, 2026-12-03 14:02',
    );
  });

  it('a bounce about her stops it; a bounce about someone else does not', () => {
    const bounce = (failed: string) =>
      mail({ at: '2026-12-01T16:01:00Z', from: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>', to: [rep], threadId: 't7', subject: 'Delivery Status Notification (Failure)', text: `Address not found\nYour message wasn't delivered to ${failed} because the address couldn't be found.` });
    expect(decide(input({ now: '2026-12-02T15:00:00Z', mail: [sent, bounce(jane)] })).reason).toBe(
      'stopped: bounce — mail to jane@acme.example was not delivered (Delivery Status Notification (Failure)), 2026-12-01 11:01',
    );
    expect(decide(input({ now: '2026-12-02T15:00:00Z', mail: [sent, bounce('bob@other.example')] })).state).toBe('active');
  });

  it('an unsubscribe request stops it and says so', () => {
    const d = decide(input({ now: '2026-12-02T15:00:00Z', mail: [sent, mail({ at: '2026-12-02T14:00:00Z', from: jane, threadId: 't1', text: 'Please remove me from your mailing list.' })] }));
    expect(d.reason).toBe('stopped: unsubscribe request from jane@acme.example, 09:00');
  });

  it('an auto-reply that is not an out-of-office neither stops nor pauses', () => {
    const ack = mail({ at: '2026-12-01T16:01:00Z', from: jane, threadId: 't1', subject: 'Re: Fleet tracking', text: 'We have received your request and will respond shortly. Ticket #4411.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(decide(input({ now: '2026-12-02T15:00:00Z', mail: [sent, ack] }))).toMatchObject({ state: 'active', next: { step: 1, due: '2026-12-04' } });
  });

  it('messages before enrolment or after now are not read', () => {
    const early = mail({ at: '2026-11-30T10:00:00Z', from: jane, text: 'Hello' });
    const later = mail({ at: '2026-12-05T10:00:00Z', from: jane, text: 'Hello' });
    expect(decide(input({ now: '2026-12-02T15:00:00Z', mail: [early, sent, later] })).state).toBe('active');
  });
});

describe('out-of-office', () => {
  const sent = send('2026-12-01T16:00:00Z');
  const ooo = (text: string, at = '2026-12-01T16:01:00Z') => mail({ at, from: jane, to: [rep], threadId: 't1', subject: 'Automatic reply: Fleet tracking', text, headers: { 'Auto-Submitted': 'auto-replied' } });

  it('pauses until the return date it gives, then the step is due that day', () => {
    const away = ooo('I am out of the office until December 14 with limited access to email.');
    const paused = decide(input({ now: '2026-12-08T15:00:00Z', mail: [sent, away] }));
    expect(english(paused)).toEqual({
      state: 'paused',
      reason: 'paused: out-of-office from jane@acme.example, 2026-12-01 11:01, back 2026-12-14 (“until December 14”); step 2 (email) due 2026-12-14',
      next: { step: 1, due: '2026-12-14' },
      resumeOn: '2026-12-14',
    });
    expect(decide(input({ now: '2026-12-14T15:00:00Z', mail: [sent, away] }))).toMatchObject({ state: 'active', next: { step: 1, due: '2026-12-14' }, resumeOn: null });
  });

  it('with no return date it resumes after 14 days (on a working day)', () => {
    const d = decide(input({ now: '2026-12-02T15:00:00Z', mail: [sent, ooo('Thank you for your email. I am currently out of the office and will reply when I return.')] }));
    // 2026-12-01 + 14 = Tuesday 2026-12-15.
    expect(d).toMatchObject({ state: 'paused', resumeOn: '2026-12-15', next: { step: 1, due: '2026-12-15' } });
    expect(d.reason).toContain('no return date given: 14 days');
  });

  it('a return date beyond 30 days asks the rep instead of resuming', () => {
    const d = decide(input({ now: '2026-12-02T15:00:00Z', mail: [sent, ooo("I'm on parental leave until March 1, 2027.")] }));
    expect(english(d)).toEqual({
      state: 'paused',
      reason: 'paused: out-of-office from jane@acme.example, 2026-12-01 11:01 says back 2027-03-01 (“until March 1, 2027”), more than 30 days away — resume then, pick another day, or stop?',
      next: null,
      resumeOn: null,
      askResumeOn: '2027-03-01',
    });
    expect(decide(input({ now: '2026-12-02T15:00:00Z', resumeOverride: '2027-01-11', mail: [sent, ooo("I'm on parental leave until March 1, 2027.")] }))).toMatchObject({ state: 'paused', resumeOn: '2027-01-11' });
  });

  it('a real reply after the out-of-office still stops it', () => {
    const d = decide(input({ now: '2026-12-15T15:00:00Z', mail: [sent, ooo('Out of the office until December 14.'), mail({ at: '2026-12-14T15:00:00Z', from: jane, threadId: 't1', text: 'Back now — can we talk Thursday?' })] }));
    expect(d.state).toBe('stopped');
  });

  it('a colleague’s out-of-office says nothing about the contact', () => {
    const bob = mail({ at: '2026-12-01T16:01:00Z', from: 'bob@acme.example', subject: 'Automatic reply', text: 'I am out of the office until December 14.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(decide(input({ now: '2026-12-02T15:00:00Z', stopOnCompany: true, mail: [sent, bob] })).state).toBe('active');
  });
});

describe('the rep’s vacation switch', () => {
  it('pauses every enrolment until the day the rep is back, and the due step moves to it', () => {
    const d = decide(input({ now: '2026-12-02T15:00:00Z', vacationUntil: '2026-12-21', mail: [send('2026-12-01T16:00:00Z')] }));
    expect(english(d)).toEqual({ state: 'paused', reason: 'paused: you are on vacation until 2026-12-21; step 2 (email) due 2026-12-21', next: { step: 1, due: '2026-12-21' }, resumeOn: '2026-12-21' });
    expect(decide(input({ now: '2026-12-21T15:00:00Z', vacationUntil: '2026-12-21', mail: [send('2026-12-01T16:00:00Z')] })).state).toBe('active');
  });
});

describe('the check right before insert', () => {
  const sent = send('2026-12-01T16:00:00Z');
  it('allows the due step, refuses one not yet due, and refuses once a reply has arrived since it fell due', () => {
    expect(mayInsert(input({ now: '2026-12-04T15:00:00Z', mail: [sent] }), 1)).toEqual({ ok: true });
    expect(mayInsert(input({ now: '2026-12-03T15:00:00Z', mail: [sent] }), 1)).toEqual({ ok: false, reason: 'step 2 is not due until 2026-12-04', words: { key: 'err_step_not_due_until', args: { step: 2, day: { day: '2026-12-04' } } } });
    expect(mayInsert(input({ now: '2026-12-04T15:00:00Z', mail: [sent] }), 0)).toMatchObject({ ok: false });
    const replied = [sent, mail({ at: '2026-12-04T14:59:00Z', from: jane, threadId: 't3', text: 'Interested, call me.' })];
    expect(mayInsert(input({ now: '2026-12-04T15:00:00Z', mail: replied }), 1)).toEqual({ ok: false, reason: 'stopped: reply from jane@acme.example on a new thread, 09:59', words: expect.objectContaining({ key: 'seq_stopped_reply' }) });
  });
});

describe('the reason for the rep, in their language', () => {
  const sent = send('2026-12-01T16:00:00Z');
  const ooo = (text: string) => mail({ at: '2026-12-01T16:01:00Z', from: jane, to: [rep], threadId: 't1', subject: 'Automatic reply: Fleet tracking', text, headers: { 'Auto-Submitted': 'auto-replied' } });
  const away = ooo('I am out of the office until December 14 with limited access to email.');

  it('every decision carries words that say the same as its English line, by the UI language', () => {
    setUiLanguage('en');
    try {
      for (const d of [
        decide(input({ now: '2026-12-01T15:00:00Z' })),
        decide(input({ now: '2026-12-08T15:00:00Z', mail: [sent, away] })),
        decide(input({ now: '2026-12-02T15:00:00Z', mail: [sent, mail({ at: '2026-12-02T14:02:00Z', from: jane, to: [rep], threadId: 't9', text: 'Sounds good, call me.' })] })),
        decide(input({ now: '2026-12-02T15:00:00Z', vacationUntil: '2026-12-21', mail: [sent] })),
      ]) {
        expect(d.words, d.reason).toBeDefined();
        // Same content, formatted for the rep: each English reason's state word and quoted phrases reappear.
        const said = say(d.words, '');
        expect(said.split(':')[0]).toBe(d.reason.split(':')[0]);
        for (const quote of d.reason.match(/“[^”]*”/g) ?? []) expect(said).toContain(quote);
      }
    } finally {
      setUiLanguage('en');
    }
  });

  it('a sequence paused for an out-of-office reads in German, with the dates in German', () => {
    const d = decide(input({ now: '2026-12-08T15:00:00Z', mail: [sent, away] }));
    setUiLanguage('de');
    try {
      const said = say(d.words, d.reason);
      expect(said).toMatch(/^pausiert: Abwesenheitsnotiz von jane@acme\.example, /);
      expect(said).toContain('zurück am Mo., 14. Dez. 2026 („until December 14“)');
      expect(said).toContain('Schritt 2 (E-Mail) fällig am Mo., 14. Dez. 2026');
    } finally {
      setUiLanguage('en');
    }
  });

  it('an older row with only the English line still shows it', () => {
    expect(say(undefined, 'paused: by you, 2026-12-01 10:00')).toBe('paused: by you, 2026-12-01 10:00');
    expect(say({ key: 'seq_from_a_newer_version' }, 'stopped: something new')).toBe('stopped: something new');
    expect(say({ key: 'bad key!' }, 'stopped: damaged')).toBe('stopped: damaged');
  });
});
