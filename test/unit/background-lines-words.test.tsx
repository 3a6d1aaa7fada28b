import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '@/components/AuditLog';
import { Timeline } from '@/components/Timeline';
import { parseContactsCsv } from '@/lib/crm/import';
import type { FollowthroughDb } from '@/lib/db';
import { actions } from '@/lib/engine/actions';
import { conditions } from '@/lib/engine/conditions';
import { EVENT_TYPES } from '@/lib/engine/rules';
import { kindKey } from '@/lib/engine/kind-words';
import { issueWords } from '@/lib/issue-words';
import { MeetingSettings } from '@/lib/meetings/settings';
import { Activity, AuditEntry } from '@/lib/records';
import { say } from '@/lib/say';
import { defaultSettings, readSettings, Settings, SettingsStore } from '@/lib/settings';
import type { AuditView } from '@/lib/ui/panel-store';
import { sayKind, sayUndone } from '@/lib/ui/audit-words';
import { describeFieldIssue } from '@/lib/ui/popup-store';
import { userMessage } from '@/lib/ui/errors';
import { contact, freshDb, makeEngine, sent } from '../support/engine';
import { setUiLanguage } from '../support/i18n-fake';

// Lines the background writes for the rep to read later (the automation log's details, the timeline's
// summaries, a CSV import's row errors, why a setting was refused) are stored with their words, and the surface
// says them in the rep's language; rows written before the words existed show their English line. Texts written
// for this test.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let db: FollowthroughDb;
let drop: () => Promise<void>;
beforeEach(async () => ({ db, drop } = await freshDb()));
afterEach(async () => {
  setUiLanguage('en');
  await drop();
});

function render(node: React.ReactNode): HTMLElement {
  const host = document.createElement('div');
  act(() => createRoot(host).render(node));
  return host;
}

const view = (e: AuditEntry): AuditView => ({ seq: e.seq!, at: e.at, eventId: e.eventId, ruleId: e.ruleId, ruleDescription: e.ruleDescription, action: e.action, result: e.result, detail: e.detail, detailWords: e.detailWords, threadId: e.threadId, canUndo: Array.isArray(e.undo) && !e.undoneAt, undoneAt: e.undoneAt });

describe('the automation log', () => {
  it('says what a rule did in German, the built-in rule by its German description, and an undo by what it took back', async () => {
    await db.contacts.add(contact('ct-priya', 'priya@acme.example'));
    const engine = makeEngine(db);
    await engine.start();
    await engine.dispatch(sent(['priya@acme.example'], { subject: 'Angebot Q3' }));
    await engine.idle();
    const entries = await db.auditLog.toArray();
    const logged = entries.find((e) => e.action === 'activity.log')!;
    expect(logged.detail).toBe('logged “Angebot Q3” to 1 contact(s)');
    expect(say(logged.detailWords, logged.detail)).toBe('logged “Angebot Q3” to 1 contact');

    setUiLanguage('de');
    const host = render(<AuditLog entries={entries.map(view)} busy={() => false} onUndo={() => {}} />);
    const text = host.querySelector('[data-action="activity.log"]')!.textContent!;
    expect(text).toContain('„Angebot Q3“ bei 1 Kontakt erfasst');
    expect(text).toContain('Wenn ich eine E-Mail sende'); // the built-in rule's German description
    expect(text).not.toMatch(/logged|When I send/);

    const undone = await engine.undo(logged.seq!);
    expect(sayUndone(undone.detailWords, undone.detail)).toBe('„Angebot Q3“ bei 1 Kontakt erfasst');
    const undoEntry = (await db.auditLog.get(undone.seq))!;
    expect(say(undoEntry.detailWords, undoEntry.detail)).toBe(`#${logged.seq} rückgängig gemacht: „Angebot Q3“ bei 1 Kontakt erfasst`);
  });

  it('shows an entry written before words existed as its English line, its kind and result in German', () => {
    setUiLanguage('de');
    const old = AuditEntry.parse({ seq: 7, at: Date.UTC(2026, 10, 2, 9), eventId: 'e1', action: 'reminders.moved', result: 'skipped', detail: 'moved 1 reminder(s) to 2026-11-30: an out-of-office reply' });
    const host = render(<AuditLog entries={[view(old)]} busy={() => false} onUndo={() => {}} />);
    const text = host.querySelector('[data-testid="audit-entry"]')!.textContent!;
    expect(text).toContain('moved 1 reminder(s) to 2026-11-30: an out-of-office reply');
    expect(text).toContain('Erinnerungen verschoben');
    expect(text).toContain('übersprungen');
  });

  it('says a reminder moved by an out-of-office with its day and reason in German', () => {
    setUiLanguage('de');
    const entry = AuditEntry.parse({
      seq: 8,
      at: Date.UTC(2026, 10, 2, 9),
      eventId: 'e2',
      action: 'reminders.moved',
      result: 'ok',
      detail: 'moved 2 reminder(s) to 2026-11-30: an out-of-office reply (back on 30 November)',
      detailWords: { key: 'audit_because', args: { what: { key: 'audit_moved_reminders', args: { count: 2, day: { day: '2026-11-30' } } }, reason: { key: 'inbound_ooo', args: { why: 'back on 30 November' } } } },
    });
    expect(say(entry.detailWords, entry.detail)).toMatch(/^2 Erinnerungen auf Mo\., 30\. Nov\. 2026 verschoben: /);
  });

  it('words every trigger and every condition and action kind a rule may use', () => {
    const kinds = [...EVENT_TYPES, ...actions.map((a) => a.kind), ...conditions.map((c) => c.kind)];
    expect(kinds.filter((k) => !kindKey(k))).toEqual([]);
    setUiLanguage('de');
    expect(sayKind('followup.suggest')).toBe('ein Follow-up-Datum aus der E-Mail vorschlagen');
    expect(sayKind('meeting.suggestRecap')).toBe('das Senden der Terminzusammenfassung vorschlagen');
    expect(sayKind('some.future.kind')).toBe('some.future.kind');
  });
});

describe('the timeline', () => {
  it('says a logged email and a booked meeting in German; an older row as written', async () => {
    await db.contacts.add(contact('ct-priya', 'priya@acme.example'));
    const engine = makeEngine(db);
    await engine.start();
    await engine.dispatch(sent(['priya@acme.example'], { subject: '' }));
    await engine.idle();
    const [logged] = await db.activities.toArray();
    expect(logged!.summary).toBe('Sent: (no subject)');
    const booked = Activity.parse({
      id: 'meeting:m1',
      kind: 'meeting',
      summary: 'Meeting booked: Thu 10 Dec 15:00–15:30 CET with Priya',
      summaryWords: { key: 'activity_meeting_booked', args: { start: { at: Date.UTC(2026, 11, 10, 14), tz: 'Europe/Berlin' }, length: { ms: 30 * 60_000 }, who: 'Priya' } },
      at: Date.UTC(2026, 11, 7),
    });
    const old = Activity.parse({ id: 'a-old', kind: 'email.received', summary: 'Received: Re: Angebot', at: Date.UTC(2026, 11, 1) });
    setUiLanguage('de');
    const host = render(<Timeline activities={[booked, logged!, old]} />);
    const rows = [...host.querySelectorAll('.timeline-summary')].map((n) => n.textContent);
    expect(rows).toEqual(['Termin gebucht: Do., 10. Dez. 2026, 15:00 (30 Minuten) mit Priya', 'Gesendet: (kein Betreff)', 'Received: Re: Angebot']);
  });
});

describe('a CSV import', () => {
  it('says each row error and a file error in German, numbers in German notation', () => {
    const { errors, fileErrors, fileErrorWords } = parseContactsCsv('Email,Time zone,Country\nnot-an-address,,\nana@acme.example,Mars/Base,\nana@acme.example,,\nbo@acme.example,,Atlantis\n');
    expect(fileErrors).toEqual([]);
    expect(fileErrorWords).toEqual([]);
    setUiLanguage('de');
    expect(errors.map((e) => say(e.messageWords, e.message))).toEqual([
      '„not-an-address“ ist keine E-Mail-Adresse',
      'die Zeitzone „Mars/Base“ ist kein IANA-Name wie „Europe/Berlin“',
      'dieselbe Person wie in Zeile 3',
      'das Land „Atlantis“ ist kein ISO-3166-Code wie „DE“ oder „US“',
    ]);
    const noColumn = parseContactsCsv('Name,Firma\nAna,Acme\n');
    expect(noColumn.fileErrors[0]).toBe('no email column (found: Name, Firma); name one "Email"');
    expect(say(noColumn.fileErrorWords[0], noColumn.fileErrors[0])).toBe('keine E-Mail-Spalte (gefunden: Name, Firma); nennen Sie eine Spalte „Email“');
    // A row error written before words existed is shown as written.
    expect(say(undefined, 'no email address')).toBe('no email address');
  });
});

describe('why a setting was refused', () => {
  it('says the schema’s own messages and zod’s checks in German beside the field', () => {
    setUiLanguage('de');
    const hours = Settings.safeParse({ ...defaultSettings(), workingHours: { days: [1], start: '18:00', end: '09:00', timeZone: 'UTC' } });
    expect(hours.success).toBe(false);
    expect(describeFieldIssue(undefined, hours.error!.issues[0]!)).toBe('der Arbeitstag muss beginnen, bevor er endet');
    const never = Settings.safeParse({ ...defaultSettings(), neverLog: ['ok.example', 'not an address'] });
    expect(describeFieldIssue(['ok.example', 'not an address'], never.error!.issues[0]!)).toBe('„not an address“: eine E-Mail-Adresse oder eine Domain');
    const retention = Settings.safeParse({ ...defaultSettings(), retentionDays: 3 });
    expect(describeFieldIssue(3, retention.error!.issues[0]!)).toBe('mindestens 7 Tage aufbewahren');
    const undo = Settings.safeParse({ ...defaultSettings(), undoSendSeconds: 45 });
    expect(describeFieldIssue(45, undo.error!.issues[0]!)).toBe('höchstens 30');
    const cadence = Settings.safeParse({ ...defaultSettings(), followUp: { cadenceDays: [] } });
    expect(describeFieldIssue([], cadence.error!.issues[0]!)).toBe('mindestens 1 Eintrag');
  });

  it('says the meetings settings’ messages, including one made from the value, in German', () => {
    setUiLanguage('de');
    const base = MeetingSettings.parse({});
    const twice = MeetingSettings.safeParse({ ...base, availability: { ...base.availability, overrides: [{ date: '2026-12-24', ranges: [] }, { date: '2026-12-24', ranges: [] }] } });
    const overridden = twice.error!.issues.find((i) => i.path.join('.') === 'availability.overrides.1.date')!;
    expect(say(issueWords(overridden), overridden.message)).toBe('Do., 24. Dez. 2026 ist zweimal abweichend festgelegt');
    const zone = MeetingSettings.safeParse({ ...base, availability: { ...base.availability, timeZone: 'Mars/Base' } });
    const unknown = zone.error!.issues.find((i) => i.path[1] === 'timeZone')!;
    expect(say(issueWords(unknown), unknown.message)).toBe('unbekannte Zeitzone „Mars/Base“');
  });

  it('words the background’s refusal and the warnings of a repaired stored value', async () => {
    let stored: unknown = { ...defaultSettings() };
    const store = new SettingsStore({ get: async () => stored, set: async (_k, v) => void (stored = v) });
    const refused = await store.update({ retentionDays: 2 }).catch((e: unknown) => e);
    expect((refused as Error).message).toBe('retentionDays: keep at least 7 days');
    const repaired = readSettings({ version: 3, retentionDays: 'forever' });
    expect(repaired.warnings).toEqual(['Setting "retentionDays" was invalid (Invalid input: expected number, received string) and was reset to its default.']);
    setUiLanguage('de');
    // The field's code name stays in the English line; the rep's line is the issue, which names what it is about,
    // and a repaired field is named by the options page's label for it.
    expect(userMessage(refused)).toBe('mindestens 7 Tage aufbewahren');
    expect(repaired.warnings.map((w, i) => say(repaired.warningWords?.[i], w))).toEqual(['Die Einstellung „Daten aufbewahren für (Tage)“ war ungültig (eine Zahl) und wurde auf ihren Standardwert zurückgesetzt.']);
  });
});
