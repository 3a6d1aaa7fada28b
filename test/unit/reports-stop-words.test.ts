import { afterEach, describe, expect, it } from 'vitest';
import { enrolmentFacts, sequenceReport, STOP_REASONS } from '@/lib/reports/metrics';
import type { Report } from '@/lib/reports/report';
import { reportTables } from '@/lib/reports/tables';
import { hasMessage } from '@/lib/i18n';
import { words } from '@/lib/words';
import { setUiLanguage } from '../support/i18n-fake';

// Reports count a stopped enrolment by the message key of the words stored with it (lib/sequences), not by
// its English line, and show the reason in the rep's language; rows from before those words are read by
// their English line and still show.

const at = (iso: string) => Date.parse(iso);
const from = at('2026-11-30T00:00:00Z');
const to = at('2026-12-07T00:00:00Z');
const stopped = (id: string, reason: string, reasonWords?: unknown) =>
  enrolmentFacts({ id, sequenceId: 's', enrolledAt: at('2026-12-01T09:00:00Z'), state: 'stopped', reason, reasonWords, updatedAt: at('2026-12-02T09:00:00Z') });

/** The Sequences table of a report holding only these enrolments. */
function sequencesRows(facts: ReturnType<typeof enrolmentFacts>[]) {
  const off = { available: false as const, reason: 'not in this test' };
  const report: Report = {
    range: { from: '2026-11-30', to: '2026-12-06', kind: 'week' },
    timeZone: 'UTC',
    email: off,
    followUps: off,
    suggestions: off,
    deals: off,
    sequences: { available: true, figures: sequenceReport(facts, [], from, to) },
    meetings: off,
    builtAt: null,
  };
  const table = reportTables(report).find((t) => t.id === 'sequences')!;
  return table.rows.filter((_, i) => table.rowMetrics?.[i] === 'sequencesStopped');
}

describe('stop reasons in reports', () => {
  afterEach(() => setUiLanguage('en'));

  it('groups two rows with the same key but different English wording into one line, shown in the rep’s language', () => {
    const when = { at: at('2026-12-02T09:00:00Z') };
    // Today's English line, and a differently worded one the English pattern does not know (an older build's).
    const a = stopped('a', 'stopped: bounce — mail to jane@acme.example was not delivered (Hello), Dec 2', words('seq_stopped_bounce_to', { email: 'jane@acme.example', what: 'Hello', when }));
    const b = stopped('b', 'stopped: delivery failed for jane@acme.example', words('seq_stopped_bounce', { why: 'a bounce', when }));
    expect([a.stopReason, b.stopReason]).toEqual(['bounced', 'bounced']);
    // The key decides even when the English line would say otherwise.
    expect(stopped('c', 'stopped: by you, Dec 2', words('seq_stopped_meeting', { email: 'jane@acme.example', when })).stopReason).toBe('meeting booked');

    expect(sequencesRows([a, b])).toEqual([['Stopped: bounced', 2]]);
    setUiLanguage('de');
    expect(sequencesRows([a, b])).toEqual([['Gestoppt: unzustellbar', 2]]);
  });

  it('still reads and shows rows written before words existed, by their English line', () => {
    const old = [stopped('o1', 'stopped: unsubscribe request from jane@acme.example, Dec 2'), stopped('o2', 'stopped: by you, 2026-12-01 15:00'), stopped('o3', 'stopped: something new')];
    expect(old.map((f) => f.stopReason)).toEqual(['unsubscribed', 'stopped by you', 'other']);
    // A damaged words field counts as no words.
    expect(stopped('d', 'stopped: the sequence was deleted', { key: 'not a key!' }).stopReason).toBe('sequence deleted');
    setUiLanguage('de');
    expect(sequencesRows(old)).toEqual([
      ['Gestoppt: anderer Grund', 1],
      ['Gestoppt: von Ihnen gestoppt', 1],
      ['Gestoppt: abgemeldet', 1],
    ]);
  });

  it('knows every stop key the sequences area writes, and has words for every reason', () => {
    for (const r of STOP_REASONS) {
      expect(hasMessage(r.words), r.words).toBe(true);
      for (const k of r.keys) expect(hasMessage(k), k).toBe(true);
    }
  });
});
