import { say } from '../say';
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
const figureRows = (pairs: [MetricId, number | string][]) => pairs.map(([id, v]) => [METRICS[id].label, v]);

export function reportTables(report: Report): ReportTable[] {
  const tables: ReportTable[] = [];
  const email = report.email;
  tables.push({
    id: 'emails',
    title: 'Emails by day',
    columns: ['Day', METRICS.sent.label, METRICS.received.label, METRICS.logged.label],
    rows: email.available ? email.figures.byDay.map((d) => [d.day, d.sent, d.received, d.logged]) : [],
    chart: 'byDay',
    metrics: ['sent', 'received', 'logged'],
    unavailable: email.available ? undefined : email.reason,
  });
  const r = email.available ? email.figures.replies : undefined;
  tables.push({
    id: 'replies',
    title: 'Replies and response times',
    columns: ['Figure', 'Value'],
    rows: r
      ? [
          ['Emails awaiting a reply', r.awaited],
          ['Replied by a person', r.replied],
          [METRICS.replyRate.label + ' (%)', r.rate === null ? '' : Math.round(r.rate * 1000) / 10],
          [METRICS.timeToReply.label + ' (hours)', hours(r.medianReplyMs)],
          [METRICS.timeToAnswer.label + ' (hours)', hours(r.medianAnswerMs)],
          ['Bounced (left out)', r.bounced],
          ['Out-of-office and automatic replies (left out)', r.outOfOffice],
        ]
      : [],
    chart: 'figures',
    notCharted: [2, 3, 4],
    headline: r
      ? `${METRICS.replyRate.label}: ${r.rate === null ? 'nothing awaited' : `${Math.round(r.rate * 1000) / 10}%`} · ${METRICS.timeToReply.label}: ${r.medianReplyMs === null ? 'none yet' : `${hours(r.medianReplyMs)} h`} · ${METRICS.timeToAnswer.label}: ${r.medianAnswerMs === null ? 'none yet' : `${hours(r.medianAnswerMs)} h`}`
      : undefined,
    metrics: ['replyRate', 'timeToReply', 'timeToAnswer', 'excluded'],
    note: 'Out-of-office and automatic replies and bounces are left out: they are not replies, and a bounced email is not counted as sent for the reply rate.',
    unavailable: email.available ? undefined : email.reason,
  });
  const f = report.followUps;
  tables.push({
    id: 'followups',
    title: 'Follow-ups',
    columns: ['Figure', 'Count'],
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
    unavailable: f.available ? undefined : f.reason,
  });
  const s = report.suggestions;
  tables.push({
    id: 'suggestions',
    title: 'Suggestions',
    columns: ['Figure', 'Count'],
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
    unavailable: s.available ? undefined : s.reason,
  });
  const d = report.deals;
  tables.push({
    id: 'deals',
    title: 'Deals',
    columns: ['Figure', 'Count'],
    rows: d.available
      ? figureRows([
          ['dealsTouched', d.figures.touched],
          ['dealsUntouched', d.figures.untouched],
        ])
      : [],
    chart: 'figures',
    metrics: ['dealsTouched', 'dealsUntouched'],
    unavailable: d.available ? undefined : d.reason,
  });
  const q = report.sequences;
  tables.push({
    id: 'sequences',
    title: 'Sequences',
    columns: ['Figure', 'Count'],
    rows: q.available
      ? [
          ...figureRows([
            ['sequencesEnrolled', q.figures.enrolled],
            ['sequencesReplied', q.figures.replied],
            ['sequencesFinished', q.figures.finished],
          ]),
          // The reason in the rep's language; grouped by reason id in the background (lib/reports/metrics.ts STOP_REASONS).
          ...q.figures.stopped.map((x) => [`${METRICS.sequencesStopped.label}: ${say(stopReasonWords(x.reason))}`, x.count]),
          ...q.figures.steps.flatMap((x) => [
            [`Step ${x.step}${x.templateName ? ` (${x.templateName})` : ''}: sent`, x.sent],
            [`Step ${x.step}${x.templateName ? ` (${x.templateName})` : ''}: replied`, x.replied],
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
    unavailable: q.available ? undefined : q.reason,
  });
  const m = report.meetings;
  tables.push({
    id: 'meetings',
    title: 'Meetings',
    columns: ['Figure', 'Count'],
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
    unavailable: m.available ? undefined : m.reason,
  });
  return tables;
}

/** A table as rows of `{column: value}`, for the CSV export (lib/ui/csv.ts). */
export const tableRecords = (t: ReportTable) => t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i]])));
