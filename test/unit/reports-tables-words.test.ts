import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/reports/report';
import { reportTables } from '@/lib/reports/tables';
import { words } from '@/lib/words';
import { setUiLanguage } from '../support/i18n-fake';

// The Reports page's tables in the rep's language: titles, columns, row names, the headline (with the rate and
// hours in the language's notation), the note, and why a section is not shown — the background's words for it,
// or its English line for a report made before those words existed.

const report = (over: Partial<Report> = {}): Report => ({
  range: { from: '2026-11-30', to: '2026-12-06', kind: 'week' },
  timeZone: 'Europe/Berlin',
  email: {
    available: true,
    figures: {
      byDay: [{ day: '2026-11-30', sent: 3, received: 1, logged: 2 }],
      totals: { sent: 3, received: 1, logged: 2 },
      replies: { awaited: 3, replied: 1, rate: 1 / 3, medianReplyMs: 5_400_000, medianAnswerMs: null, replies: 1, answers: 0, bounced: 0, outOfOffice: 1 },
    },
  },
  followUps: { available: true, figures: { due: 1, onTime: 1, late: 0, skipped: 0, ahead: 0 } },
  suggestions: { available: true, figures: { accepted: 1, edited: 0, dismissed: 0, open: 2 } },
  deals: { available: false, reason: 'Not recorded per sequence.', reasonWords: words('reports_not_recorded_sequence') },
  sequences: { available: true, figures: { enrolled: 2, replied: 0, finished: 0, stopped: [], steps: [{ step: 1, templateId: 't', templateName: 'Intro', sent: 2, replied: 1 }] } },
  meetings: { available: false, reason: 'Not recorded per sequence.' },
  builtAt: null,
  ...over,
});
const byId = (id: string) => reportTables(report()).find((t) => t.id === id)!;

describe('report tables in words', () => {
  afterEach(() => setUiLanguage('en'));

  it('says English as before', () => {
    expect(byId('emails')).toMatchObject({ title: 'Emails by day', columns: ['Day', 'Sent', 'Received', 'Logged to CRM'] });
    expect(byId('replies').rows.map((r) => r[0])).toEqual([
      'Emails awaiting a reply',
      'Replied by a person',
      'Reply rate (%)',
      'Median time to their reply (hours)',
      'Median time to your answer (hours)',
      'Bounced (left out)',
      'Out-of-office and automatic replies (left out)',
    ]);
    expect(byId('replies').headline).toBe('Reply rate: 33.3% · Median time to their reply: 1.5 h · Median time to your answer: none yet');
    expect(byId('sequences').rows.slice(3)).toEqual([
      ['Step 1 (Intro): sent', 2],
      ['Step 1 (Intro): replied', 1],
    ]);
    expect(byId('deals').unavailable).toBe('Not recorded per sequence.');
  });

  it('says German, with German notation, and the English line of a section whose words are missing', () => {
    setUiLanguage('de');
    expect(byId('emails')).toMatchObject({ title: 'E-Mails pro Tag', columns: ['Tag', 'Gesendet', 'Empfangen', 'Im CRM erfasst'] });
    expect(byId('replies').rows.map((r) => r[0])).toEqual([
      'E-Mails, die auf eine Antwort warten',
      'Von einer Person beantwortet',
      'Antwortquote (%)',
      'Median der Zeit bis zur Antwort (Stunden)',
      'Median der Zeit bis zu Ihrer Antwort (Stunden)',
      'Unzustellbar (nicht gezählt)',
      'Abwesenheitsnotizen und automatische Antworten (nicht gezählt)',
    ]);
    expect(byId('replies').headline).toBe('Antwortquote: 33,3\u00a0% · Median der Zeit bis zur Antwort: 1,5 Std. · Median der Zeit bis zu Ihrer Antwort: noch keine');
    expect(byId('replies').note).toMatch(/^Abwesenheitsnotizen, automatische Antworten und Unzustellbarkeitsmeldungen werden nicht gezählt/);
    expect(byId('sequences')).toMatchObject({ title: 'Sequenzen', columns: ['Kennzahl', 'Anzahl'] });
    expect(byId('sequences').rows).toEqual([
      ['Aufgenommen', 2],
      ['Geantwortet', 0],
      ['Abgeschlossen', 0],
      ['Schritt 1 (Intro): gesendet', 2],
      ['Schritt 1 (Intro): beantwortet', 1],
    ]);
    expect(byId('deals').unavailable).toBe('Nicht pro Sequenz erfasst.');
    expect(byId('meetings').unavailable).toBe('Not recorded per sequence.');
  });
});
