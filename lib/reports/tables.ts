import { formatNumber, t } from '../i18n';
import { say } from '../say';
import type { Words } from '../words';
import { METRICS, stopReasonWords, type MetricId } from './metrics';
import type { Report } from './report';

// Each chart of the Reports page as one table: the chart draws its series, the table view shows its rows,
// and the CSV export writes the same rows. One shape for all three, so they cannot disagree.

export interface ReportTable {
  id: string;
  title: string;
  /** Column headers; the first names the row (a day or a figure). */
  columns: string[];
  rows: (string | number)[][];
  /** Figures charted as bars: a column per series (`byDay`) or one bar per row (`figures`). */
  chart: 'byDay' | 'figures';
  /** The definitions of what the table counts, for the tooltip and the definitions list. */
  metrics: MetricId[];
  /** The figure each row counts, where its label alone does not say (sequence steps, stop reasons). */
  rowMetrics?: (MetricId | undefined)[];
  /** Rows the chart leaves out (rates and hours do not share an axis with counts); the table has them all. */
  notCharted?: number[];
  /** The figures that are not counts, said above the chart. */
  headline?: string;
  /** Said under the table: what is left out and why. */
  note?: string;
  /** Why the section has nothing to show (a filter that does not apply, an area not installed). */
  unavailable?: string;
}

const hours = (ms: number | null) => (ms === null ? '' : Math.round((ms / 3_600_000) * 10) / 10);
const label = (id: MetricId) => t(METRICS[id].label);
const figureRows = (pairs: [MetricId, number | string][]) => pairs.map(([id, v]) => [label(id), v]);
/** Why a section is not shown, in the rep's words (reports made before the words existed say their English line). */
const why = (section: { available: true } | { available: false; reason: string; reasonWords?: Words }) => (section.available ? undefined : say(section.reasonWords, section.reason));
const stepRow = (step: number, templateName: string, what: 'sent' | 'replied') =>
  templateName
    ? t(what === 'sent' ? 'reports_row_step_template_sent' : 'reports_row_step_template_replied', { step, template: templateName })
    : t(what === 'sent' ? 'reports_row_step_sent' : 'reports_row_step_replied', { step });

/**
 * The report's tables in the rep's language: titles, column and row names, the headline and the notes through
 * lib/i18n (the CSV export writes the same words). Figures stay numbers; the card formats them for the rep.
 */
export function reportTables(report: Report): ReportTable[] {
  const tables: ReportTable[] = [];
  const email = report.email;
  const figure = t('reports_column_figure');
  const count = t('reports_column_count');
  tables.push({
    id: 'emails',
    title: t('reports_title_emails'),
    columns: [t('reports_column_day'), label('sent'), label('received'), label('logged')],
    rows: email.available ? email.figures.byDay.map((d) => [d.day, d.sent, d.received, d.logged]) : [],
    chart: 'byDay',
    metrics: ['sent', 'received', 'logged'],
    unavailable: why(email),
  });
  const r = email.available ? email.figures.replies : undefined;
  const inHours = (ms: number | null) => (ms === null ? t('reports_none_yet') : t('reports_hours_short', { hours: formatNumber(hours(ms) as number) }));
  tables.push({
    id: 'replies',
    title: t('reports_title_replies'),
    columns: [figure, t('reports_column_value')],
    rows: r
      ? [
          [t('reports_row_awaited'), r.awaited],
          [t('reports_row_replied'), r.replied],
          [t('reports_row_percent', { label: label('replyRate') }), r.rate === null ? '' : Math.round(r.rate * 1000) / 10],
          [t('reports_row_hours', { label: label('timeToReply') }), hours(r.medianReplyMs)],
          [t('reports_row_hours', { label: label('timeToAnswer') }), hours(r.medianAnswerMs)],
          [t('reports_row_bounced'), r.bounced],
          [t('reports_row_automatic'), r.outOfOffice],
        ]
      : [],
    chart: 'figures',
    notCharted: [2, 3, 4],
    headline: r
      ? [
          t('reports_headline_figure', { label: label('replyRate'), value: r.rate === null ? t('reports_nothing_awaited') : formatNumber(Math.round(r.rate * 1000) / 1000, { style: 'percent', maximumFractionDigits: 1 }) }),
          t('reports_headline_figure', { label: label('timeToReply'), value: inHours(r.medianReplyMs) }),
          t('reports_headline_figure', { label: label('timeToAnswer'), value: inHours(r.medianAnswerMs) }),
        ].join(' · ')
      : undefined,
    metrics: ['replyRate', 'timeToReply', 'timeToAnswer', 'excluded'],
    note: t('reports_replies_note'),
    unavailable: why(email),
  });
  const f = report.followUps;
  tables.push({
    id: 'followups',
    title: t('reports_title_followups'),
    columns: [figure, count],
    rows: f.available
      ? figureRows([
          ['followUpsDue', f.figures.due],
          ['followUpsOnTime', f.figures.onTime],
          ['followUpsLate', f.figures.late],
          ['followUpsSkipped', f.figures.skipped],
          ['followUpsAhead', f.figures.ahead],
        ])
      : [],
    chart: 'figures',
    metrics: ['followUpsDue', 'followUpsOnTime', 'followUpsLate', 'followUpsSkipped', 'followUpsAhead'],
    unavailable: why(f),
  });
  const s = report.suggestions;
  tables.push({
    id: 'suggestions',
    title: t('reports_title_suggestions'),
    columns: [figure, count],
    rows: s.available
      ? figureRows([
          ['suggestionsAccepted', s.figures.accepted],
          ['suggestionsEdited', s.figures.edited],
          ['suggestionsDismissed', s.figures.dismissed],
          ['suggestionsOpen', s.figures.open],
        ])
      : [],
    chart: 'figures',
    metrics: ['suggestionsAccepted', 'suggestionsEdited', 'suggestionsDismissed', 'suggestionsOpen'],
    unavailable: why(s),
  });
  const d = report.deals;
  tables.push({
    id: 'deals',
    title: t('reports_title_deals'),
    columns: [figure, count],
    rows: d.available
      ? figureRows([
          ['dealsTouched', d.figures.touched],
          ['dealsUntouched', d.figures.untouched],
        ])
      : [],
    chart: 'figures',
    metrics: ['dealsTouched', 'dealsUntouched'],
    unavailable: why(d),
  });
  const q = report.sequences;
  tables.push({
    id: 'sequences',
    title: t('reports_title_sequences'),
    columns: [figure, count],
    rows: q.available
      ? [
          ...figureRows([
            ['sequencesEnrolled', q.figures.enrolled],
            ['sequencesReplied', q.figures.replied],
            ['sequencesFinished', q.figures.finished],
          ]),
          // The reason in the rep's language; grouped by reason id in the background (lib/reports/metrics.ts STOP_REASONS).
          ...q.figures.stopped.map((x) => [t('reports_row_stopped', { label: label('sequencesStopped'), reason: say(stopReasonWords(x.reason)) }), x.count]),
          ...q.figures.steps.flatMap((x) => [
            [stepRow(x.step, x.templateName, 'sent'), x.sent],
            [stepRow(x.step, x.templateName, 'replied'), x.replied],
          ]),
        ]
      : [],
    rowMetrics: q.available
      ? [
          'sequencesEnrolled',
          'sequencesReplied',
          'sequencesFinished',
          ...q.figures.stopped.map(() => 'sequencesStopped' as const),
          ...q.figures.steps.flatMap(() => ['sequenceStepSent', 'sequenceStepReplied'] as const),
        ]
      : undefined,
    chart: 'figures',
    metrics: ['sequencesEnrolled', 'sequencesReplied', 'sequencesFinished', 'sequencesStopped', 'sequenceStepSent', 'sequenceStepReplied'],
    unavailable: why(q),
  });
  const m = report.meetings;
  tables.push({
    id: 'meetings',
    title: t('reports_title_meetings'),
    columns: [figure, count],
    rows: m.available
      ? figureRows([
          ['meetingsProposed', m.figures.proposed],
          ['meetingsBooked', m.figures.booked],
          ['meetingsCancelled', m.figures.cancelled],
        ])
      : [],
    rowMetrics: ['meetingsProposed', 'meetingsBooked', 'meetingsCancelled'],
    chart: 'figures',
    metrics: ['meetingsProposed', 'meetingsBooked', 'meetingsCancelled'],
    unavailable: why(m),
  });
  return tables;
}

/** A table as rows of `{column: value}`, for the CSV export (lib/ui/csv.ts). */
export const tableRecords = (t: ReportTable) => t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i]])));
