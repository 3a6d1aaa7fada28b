import { afterEach, describe, expect, it } from 'vitest';
import { classifyInbound } from '@/lib/engine/inbound';
import { say } from '@/lib/say';
import { Words } from '@/lib/words';
import { setUiLanguage } from '../support/i18n-fake';

// What the inbound reader says about a message reaches the rep as words (lib/words.ts), said in the UI language;
// the English `reason` stays for the audit log. Bodies written for this test.

const from = { name: 'Jane Doe', email: 'jane@acme.example' };
const verdicts = {
  ooo: classifyInbound({ from, subject: 'Automatic reply: Pilot', bodyText: 'I am out of the office until December 14.', headers: { 'Auto-Submitted': 'auto-replied' } }),
  frenchOoo: classifyInbound({ from, subject: 'Re: Pilot', bodyText: 'Bonjour, je suis absente du bureau, je serai de retour le lundi 14 décembre.' }),
  unsubscribe: classifyInbound({ from, subject: 'Re: Pilot', bodyText: 'Please remove me from your list and stop emailing me.' }),
  reply: classifyInbound({ from, subject: 'Re: Pilot', bodyText: 'Sounds good, send the contract.' }),
  bounce: classifyInbound({ from: { name: 'Mail Delivery Subsystem', email: 'mailer-daemon@googlemail.com' }, subject: 'Delivery Status Notification (Failure)', bodyText: 'Address not found' }),
};

afterEach(() => setUiLanguage('en'));

describe('inbound verdicts as words', () => {
  it('each verdict carries valid words that say its English reason in English', () => {
    for (const [name, v] of Object.entries(verdicts)) {
      expect(Words.safeParse(v.words).success, name).toBe(true);
      expect(say(v.words), name).toBe(v.reason);
    }
  });

  it('in German, quoting the sender’s own words as written', () => {
    setUiLanguage('de');
    expect(verdicts.ooo.kind).toBe('out-of-office');
    expect(say(verdicts.ooo.words)).toBe('eine Abwesenheitsnotiz (laut Kopfzeilen automatisch versandt)');
    expect(verdicts.frenchOoo.kind).toBe('out-of-office');
    expect(say(verdicts.frenchOoo.words)).toMatch(/^eine Abwesenheitsnotiz \(“je suis absente[^”]*”\)$/);
    expect(say(verdicts.unsubscribe.words)).toMatch(/^die Person möchte keine E-Mails mehr erhalten/);
    expect(say(verdicts.reply.words)).toBe('eine Antwort einer Person');
    expect(say(verdicts.bounce.words)).toBe('eine fehlgeschlagene Zustellung (Delivery Status Notification (Failure))');
  });
});

describe('an acknowledgement is not an out-of-office', () => {
  // The trained model reads these words as an absence; automation must not pause a sequence or keep a reminder on
  // them. Bodies written for this test; the real notices the model reads right stay out-of-office
  // (reminders-inbound, inbound-real).
  it('a ticket acknowledgement marked automatic by its headers is an automatic reply', () => {
    const v = classifyInbound({ from, subject: 'Re: Pilot', bodyText: 'We have received your request and will respond shortly. Ticket #4411.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(v.kind).toBe('auto-reply');
  });

  it('an absence the rules find stays an out-of-office even beside acknowledging words', () => {
    const v = classifyInbound({ from, subject: 'Automatic reply: Pilot', bodyText: 'Thank you, we have received your message. I am out of the office until December 14.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(v.kind).toBe('out-of-office');
  });
});
