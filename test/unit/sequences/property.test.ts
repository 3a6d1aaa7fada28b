import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayInZone, parseIsoDay } from '@/lib/followup/calendar';
import { SequenceCalendar } from '@/lib/sequences/calendar';
import { decide, mayInsert, type DecideInput } from '@/lib/sequences/decide';
import { capsHold, checkSend, planSlots, type DueStep, type SafetyLimits, type Touch } from '@/lib/sequences/safety';
import { Contact, MailMessage, SendWindow, type StepShape } from '@/lib/sequences/schema';

// Random timelines of one rep working several enrolments the way the extension will: while the browser is open
// an alarm ticks every 10 minutes; each tick re-reads every enrolment from the mailbox (no memory between ticks,
// so a stopped worker loses nothing), offers the due email steps the caps allow, and the rep inserts and sends
// a few minutes later after the check right before insert (mayInsert + checkSend). Between sessions the
// browser is closed. Inbound mail arrives at random: replies on the sequence thread or a new one, from the
// contact's main address, a plus-address or another address of theirs, colleagues, unsubscribe requests,
// out-of-office replies with and without a return date, other auto-replies and bounces. Sometimes the worker
// dies between offering a step and the send.

const MIN = 60_000;
const DAY = 1440 * MIN;
// Spans Europe's and Sydney's clock changes (29 March, 5 April 2026) and Easter.
const T0 = Date.parse('2026-03-23T12:00:00Z');
const HORIZON_DAYS = 14;
const REP = 'sam@seller.example';
const REP_ZONE = 'America/New_York';
// Caps small enough that a few enrolments reach them.
const LIMITS: SafetyLimits = { mailboxPer24h: 2, domainPer24h: 1, minGapHours: 24, paceMinutes: 10 };
const WINDOW = SendWindow.parse({ start: '09:00', end: '17:00' });
const ZONES = [
  { zone: 'America/New_York', country: 'US' },
  { zone: 'Europe/Berlin', country: 'DE-BY' },
  { zone: 'Australia/Sydney', country: 'AU-NSW' },
] as const;

const monthDay = (at: number, zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'long', day: 'numeric' }).format(at);

const contactArb = fc.record({ zone: fc.integer({ min: 0, max: 2 }), domain: fc.integer({ min: 0, max: 2 }), alias: fc.boolean(), enrolMinutes: fc.integer({ min: 0, max: 1440 }) });
const stepArb: fc.Arbitrary<StepShape> = fc.record({
  kind: fc.oneof({ weight: 4, arbitrary: fc.constant('email' as const) }, { weight: 1, arbitrary: fc.constantFrom('task' as const, 'call' as const) }),
  afterWorkingDays: fc.integer({ min: 0, max: 3 }),
});
const inboundArb = fc.record({
  contact: fc.integer({ min: 0, max: 5 }),
  kind: fc.constantFrom('reply', 'unsubscribe', 'ooo-dated', 'ooo-undated', 'ack', 'bounce', 'colleague'),
  minute: fc.integer({ min: 0, max: HORIZON_DAYS * 1440 }),
  via: fc.constantFrom('main', 'plus', 'alias'),
  newThread: fc.boolean(),
  // Return dates clear of the 30-day line on either side, so the expectation is not a matter of rounding.
  awayDays: fc.oneof(fc.integer({ min: 2, max: 25 }), fc.integer({ min: 35, max: 45 })),
});
const sessionArb = fc.record({ minute: fc.integer({ min: 0, max: HORIZON_DAYS * 1440 }), length: fc.integer({ min: 60, max: 12 * 60 }) });

interface Human {
  at: number;
  from: string;
  /** The contacts this message must stop: its sender, or everyone at the company when that is the rule. */
  stops: number[];
}

describe('sequences over random timelines', () => {
  it('never offers or inserts a step after the contact wrote, keeps every cap, never offers a sent step again, honours out-of-office pauses', () => {
    fc.assert(
      fc.property(
        fc.array(contactArb, { minLength: 1, maxLength: 6 }),
        fc.array(stepArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.array(inboundArb, { maxLength: 6 }),
        fc.array(sessionArb, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(0, 0, 2, 3, 5),
        fc.integer({ min: 0, max: 9 }),
        (people, steps, stopOnCompany, inbound, sessions, dieEvery, insertDelay) => {
          const contacts = people.map((p, i) => {
            const { zone, country } = ZONES[p.zone]!;
            const email = `c${i}@dom${p.domain}.example`;
            return { ...p, zone, email, enrolledAt: T0 + p.enrolMinutes * MIN, contact: Contact.parse({ email, aliases: p.alias ? [`c${i}.other@elsewhere${i}.example`] : [], timeZone: zone, country }), calendar: new SequenceCalendar({ workingDays: WINDOW.days, country }) };
          });
          const mail: MailMessage[] = [];
          const humans: Human[] = [];
          const pauses: { contact: number; at: number; untilDay: number }[] = [];
          for (const m of inbound) {
            const c = contacts[m.contact % contacts.length]!;
            const ci = contacts.indexOf(c);
            const at = T0 + m.minute * MIN;
            const address = m.via === 'plus' ? c.email.replace('@', '+x@') : m.via === 'alias' && c.contact.aliases[0] ? c.contact.aliases[0] : c.email;
            const threadId = m.newThread ? `new-${at}` : `seq-${ci}`;
            const base = { at, to: [REP], threadId, headers: {} };
            switch (m.kind) {
              case 'reply':
              case 'unsubscribe': {
                const text = m.kind === 'reply' ? 'Thanks — what would this cost for 40 vans?' : 'Please take me off your list.';
                mail.push(MailMessage.parse({ ...base, from: address, subject: 'Re: Fleet', text }));
                const sameCompany = contacts.flatMap((o, oi) => (stopOnCompany && o.email.split('@')[1] === c.email.split('@')[1] ? [oi] : []));
                // Another address of the contact is their company only when it shares the domain.
                humans.push({ at, from: address, stops: [...new Set([ci, ...(address.endsWith(c.email.split('@')[1]!) ? sameCompany : [])])] });
                break;
              }
              case 'colleague': {
                const domain = c.email.split('@')[1]!;
                mail.push(MailMessage.parse({ ...base, from: `boss@${domain}`, subject: 'Re: Fleet', text: 'I handle purchasing here, let us talk.' }));
                if (stopOnCompany) humans.push({ at, from: `boss@${domain}`, stops: contacts.flatMap((o, oi) => (o.email.endsWith(`@${domain}`) ? [oi] : [])) });
                break;
              }
              case 'ooo-dated':
              case 'ooo-undated': {
                const back = at + m.awayDays * DAY;
                const text = m.kind === 'ooo-dated' ? `I am out of the office until ${monthDay(back, c.zone)} with limited access to email.` : 'Thank you for your email. I am currently out of the office and will reply when I return.';
                mail.push(MailMessage.parse({ ...base, from: address, subject: 'Automatic reply: Fleet', text, headers: { 'Auto-Submitted': 'auto-replied' } }));
                const today = dayInZone(at, c.zone);
                const untilDay = m.kind === 'ooo-undated' ? today + 14 : m.awayDays > 30 ? Infinity : dayInZone(back, c.zone);
                pauses.push({ contact: ci, at, untilDay });
                break;
              }
              case 'ack':
                mail.push(MailMessage.parse({ ...base, from: address, subject: 'Re: Fleet', text: 'We received your request (ticket 4411) and will respond shortly.', headers: { 'Auto-Submitted': 'auto-replied' } }));
                break;
              case 'bounce':
                mail.push(MailMessage.parse({ ...base, from: 'mailer-daemon@googlemail.com', subject: 'Delivery Status Notification (Failure)', text: `Your message wasn't delivered to ${c.email} because the address couldn't be found.` }));
                humans.push({ at, from: 'mailer-daemon', stops: [ci] });
                break;
            }
          }

          const completed = contacts.map(() => [] as { step: number; at: number }[]);
          const sends: (Touch & { contact: number; step: number })[] = [];
          const offers: { contact: number; step: number; at: number }[] = [];
          const inputFor = (ci: number, now: number): DecideInput => ({
            now,
            tz: REP_ZONE,
            rep: REP,
            ownDomains: ['seller.example'],
            contact: contacts[ci]!.contact,
            enrolledAt: contacts[ci]!.enrolledAt,
            steps,
            stopOnCompany,
            mail: mail.filter((m) => m.at <= now),
            completed: completed[ci],
            window: WINDOW,
          });

          let offerCount = 0;
          const ticks = [...new Set(sessions.flatMap((s) => Array.from({ length: Math.floor(s.length / 10) + 1 }, (_, k) => T0 + (s.minute + k * 10) * MIN)))].sort((a, b) => a - b);
          for (const now of ticks) {
            const due: DueStep[] = [];
            contacts.forEach((c, ci) => {
              const d = decide(inputFor(ci, now));
              if (d.state !== 'active' || !d.next || parseIsoDay(d.next.due)! > dayInZone(now, c.zone)) return;
              if (steps[d.next.step]!.kind !== 'email') {
                offers.push({ contact: ci, step: d.next.step, at: now });
                completed[ci]!.push({ step: d.next.step, at: now }); // the rep ticks off the task or call
                return;
              }
              due.push({ key: String(ci), to: c.email, timeZone: c.zone, window: WINDOW, calendar: c.calendar, due: d.next.due });
            });
            for (const slot of planSlots(now, due, sends, LIMITS).filter((s) => s.at <= now)) {
              const ci = Number(slot.key);
              const step = decide(inputFor(ci, now)).next!.step;
              offers.push({ contact: ci, step, at: now });
              if (dieEvery > 0 && ++offerCount % dieEvery === 0) continue; // the worker died before the send
              const at = now + insertDelay * MIN;
              if (!mayInsert(inputFor(ci, at), step).ok || !checkSend(at, contacts[ci]!.email, sends, LIMITS).ok) continue;
              sends.push({ at, to: contacts[ci]!.email, contact: ci, step });
              mail.push(MailMessage.parse({ at, from: REP, to: [contacts[ci]!.email], threadId: `seq-${ci}`, subject: 'Fleet', text: `step ${step + 1}` }));
            }
          }

          // No step offered or inserted after any word from the contact (or their company when that is the rule, or a bounce).
          for (const o of [...offers, ...sends]) {
            // The mail read is what came since enrolment: a word before it was the rep's to weigh when enrolling.
            const spoke = humans.find((h) => h.stops.includes(o.contact) && h.at >= contacts[o.contact]!.enrolledAt && h.at <= o.at);
            expect(spoke, `step ${o.step + 1} to c${o.contact} at ${new Date(o.at).toISOString()} after ${spoke?.from}`).toBeUndefined();
          }
          // Out-of-office: nothing before the return day (or at all, past 30 days, until the rep says).
          for (const o of offers) {
            const last = pauses.filter((p) => p.contact === o.contact && p.at >= contacts[o.contact]!.enrolledAt && p.at <= o.at).pop();
            if (last) expect(dayInZone(o.at, contacts[o.contact]!.zone) >= last.untilDay, `offer during an out-of-office`).toBe(true);
          }
          // Caps never exceeded.
          expect(capsHold(sends, LIMITS)).toBe(true);
          // No step sent twice, none offered again once sent, and steps go in order.
          const sent = new Set<string>();
          for (const s of sends) {
            const key = `${s.contact}:${s.step}`;
            expect(sent.has(key)).toBe(false);
            sent.add(key);
          }
          for (const o of offers) {
            const before = sends.find((s) => s.contact === o.contact && s.step === o.step && s.at < o.at);
            expect(before, `step ${o.step + 1} to c${o.contact} offered again`).toBeUndefined();
          }
          contacts.forEach((_, ci) => {
            const mine = sends.filter((s) => s.contact === ci).map((s) => s.step);
            expect(mine).toEqual([...mine].sort((a, b) => a - b));
          });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
