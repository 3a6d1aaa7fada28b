import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Reminders } from '@/components/Reminders';
import { SuggestionQueue } from '@/components/SuggestionQueue';
import type { FollowthroughDb } from '@/lib/db';
import { ReminderService } from '@/lib/followup/reminders';
import { Reminder, Suggestion } from '@/lib/records';
import { say } from '@/lib/say';
import { defaultSettings, type Settings } from '@/lib/settings';
import { describedAs } from '@/lib/ui/rules-store';
import { BUILT_IN_RULES } from '@/lib/engine/builtins';
import { freshDb } from '../support/engine';
import { setUiLanguage } from '../support/i18n-fake';

// Reasons the engine and the follow-up area write for the rep reach them in their language: a reminder made
// from a follow-up keeps the suggestion's words, a reminder moved by an out-of-office says so in words, a
// built-in rule's description is shown in the rep's language until the rep rewrites it. Rows written before
// the words existed show their English line. Texts written for this test.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const NOW = Date.parse('2026-11-25T15:00:00Z'); // Wednesday 25 November, 10:00 in New York
const THREAD = 'thread-f:1785432109876543210';
const settings: Settings = {
  ...defaultSettings(),
  ownDomains: ['own.example'],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'America/New_York' },
};

let db: FollowthroughDb;
let drop: () => Promise<void>;
const shown: { title: string; message: string }[] = [];
const service = () =>
  new ReminderService({
    db,
    now: () => NOW,
    settings: async () => settings,
    alarms: { set: async () => {}, clear: async () => {} },
    notifier: { show: async (_id, n) => void shown.push(n), clear: async () => {} },
  });

beforeEach(async () => {
  ({ db, drop } = await freshDb());
  shown.length = 0;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(async () => {
  vi.useRealTimers();
  setUiLanguage('en');
  await drop();
});

const followUp = (over: Partial<Suggestion>): Suggestion =>
  Suggestion.parse({ id: 'sug:1', kind: 'followup', threadId: THREAD, reason: 'the sender said “back on Monday”', payload: { date: '2026-11-30' }, status: 'open', createdAt: NOW, ...over });

describe('reminders keep the words of what made them', () => {
  it('an accepted follow-up’s reminder and its notification say the reason in German', async () => {
    await db.suggestions.add(followUp({ payload: { date: '2026-11-30', explain: { code: 'cue', phrase: 'back on Monday' } } }));
    const reminder = await service().accept('sug:1');
    setUiLanguage('de');
    expect(say(reminder.reasonWords, reminder.reason)).toMatch(/„back on Monday“/);
    expect(say(reminder.reasonWords, reminder.reason)).not.toBe(reminder.reason);
    await db.reminders.update(reminder.id, { dueAt: NOW - 1 });
    await service().fireDue();
    expect(shown.at(-1)!.message).toBe(say(reminder.reasonWords));
  });

  it('a reminder moved by an out-of-office says where to and why, with a German day', async () => {
    const r = await service().create({ id: 'rem:1', date: '2026-11-26', reason: 'Follow up', reasonWords: { key: 'reminder_reason_rule_default' }, threadId: THREAD, source: 'rule' });
    const { moved } = await service().outOfOffice({ threadId: THREAD, bodyText: 'I am out of the office until December 14.', at: NOW });
    expect(moved.map((m) => m.id)).toEqual([r.id]);
    const after = (await db.reminders.get(r.id))!;
    setUiLanguage('de');
    expect(say(after.reasonWords, after.reason)).toBe('Nachfassen – verschoben: die Person ist bis Mo., 14. Dez. 2026 abwesend („until December 14“)');
  });

  it('a follow-up suggested before the words existed still gives its reminder words from its explanation; one without either shows its English', async () => {
    await db.suggestions.add(followUp({ id: 'sug:old', payload: { date: '2026-11-30', explain: { code: 'cadence', days: 3 } } }));
    await db.suggestions.add(followUp({ id: 'sug:older', reason: 'no reply in 3 working days' }));
    const fromExplain = await service().accept('sug:old');
    const plain = await service().accept('sug:older');
    setUiLanguage('de');
    expect(say(fromExplain.reasonWords, fromExplain.reason)).toBe('kein Datum in der E-Mail: Ihr Standardrhythmus von 3 Werktagen');
    expect(plain.reasonWords).toBeUndefined();
    expect(say(plain.reasonWords, plain.reason)).toBe('no reply in 3 working days');
  });
});

describe('the side panel says the stored words', () => {
  function render(node: React.ReactNode) {
    document.body.innerHTML = '<div id="root"></div>';
    const root = createRoot(document.getElementById('root')!);
    act(() => root.render(node));
    return () => {
      act(() => root.unmount());
      document.body.innerHTML = '';
    };
  }

  it('a recap suggestion in German; a rule’s own reason as written', () => {
    setUiLanguage('de');
    const recap = Suggestion.parse({
      id: 'sug:recap:m1',
      kind: 'recap',
      threadId: THREAD,
      reason: 'Your meeting with Priya Raman (Thu 26 Nov 10:00–10:30) ended Thu 26 Nov 10:30.',
      reasonWords: { key: 'recap_why', args: { who: 'Priya Raman', start: { at: Date.parse('2026-11-26T15:00:00Z'), tz: 'America/New_York' }, length: { ms: 1_800_000 } } },
      payload: { title: 'Send the recap', titleWords: { key: 'recap_title' }, meetingId: 'm1', text: 'Hi Priya' },
      status: 'open',
      createdAt: NOW,
    });
    const ruleMade = Suggestion.parse({ id: 'sug:rule', kind: 'draft', threadId: THREAD, reason: 'Regel: Angebot nachreichen', payload: {}, status: 'open', createdAt: NOW });
    const unmount = render(<SuggestionQueue suggestions={[recap, ruleMade]} subjects={{}} actions={{ resolve: async () => true, busy: () => false }} now={NOW} />);
    const whys = [...document.querySelectorAll('[data-testid="suggestion-why"]')].map((e) => e.textContent);
    expect(whys).toEqual(['Ihr Termin mit Priya Raman (Do., 26. Nov. 2026, 10:00, 30 Minuten) ist vorbei.', 'Regel: Angebot nachreichen']);
    expect(document.querySelector('.card-title')!.textContent).toBe('Zusammenfassung senden');
    unmount();
  });

  it('reminders: words in German, an older row’s English line as stored', () => {
    setUiLanguage('de');
    const base = { threadId: THREAD, dueAt: NOW + 86_400_000, status: 'pending' as const, createdAt: NOW };
    const reminders = [
      Reminder.parse({ ...base, id: 'rem:a', reason: 'You asked to be reminded when you sent this', reasonWords: { key: 'reminder_reason_compose' } }),
      Reminder.parse({ ...base, id: 'rem:b', reason: 'You asked to be reminded when you sent this' }),
    ];
    const unmount = render(<Reminders reminders={reminders} subjects={{}} busy={() => false} onDone={() => {}} onSnooze={() => {}} now={NOW} empty="" />);
    expect([...document.querySelectorAll('[data-testid="reminder-reason"]')].map((e) => e.textContent)).toEqual(['Sie wollten beim Senden daran erinnert werden', 'You asked to be reminded when you sent this']);
    unmount();
  });
});

describe('built-in rules’ descriptions', () => {
  it('are said in German while unchanged; a description the rep rewrote is shown as written', () => {
    setUiLanguage('de');
    for (const rule of BUILT_IN_RULES) expect(describedAs(rule.id!, rule.description!), rule.id).not.toBe(rule.description);
    expect(describedAs('builtin.meeting-recap', BUILT_IN_RULES.find((r) => r.id === 'builtin.meeting-recap')!.description!)).toBe(
      'Wenn ein von mir gebuchter Termin vorbei ist, vorschlagen, die Zusammenfassung im zugehörigen Thread zu senden (nie für einen abgesagten Termin).',
    );
    expect(describedAs('builtin.meeting-recap', 'Meine eigene Regel')).toBe('Meine eigene Regel');
    expect(describedAs('my-rule-1', 'When a reply comes, log it')).toBe('When a reply comes, log it');
  });
});
