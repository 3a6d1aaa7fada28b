import { useId, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { METRICS } from '@/lib/reports/metrics';
import { tableRecords, type ReportTable } from '@/lib/reports/tables';
import { tableToCsv } from '@/lib/ui/csv';
import { svgToPng } from '@/lib/ui/png';
import { download } from '../download';
import { formatDay, formatNumber, t, tn } from '@/lib/i18n';
import { userMessage } from '@/lib/ui/errors';

export interface Palette {
  bg: string;
  fg: string;
  grid: string;
  series: string[];
}

function saveBlob(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A day (YYYY-MM-DD) in the rep's order: "3/9" / "9.3.". */
const dayLabel = (day: string | number, options: Intl.DateTimeFormatOptions) => (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDay(day, options) : String(day));

/** One section of the report: its chart or its table (the rep picks), the definitions, CSV and PNG export. */
export function ReportCard({ table, palette, fileStem }: { table: ReportTable; palette: Palette; fileStem: string }) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [error, setError] = useState<string>();
  const chartRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // The tooltip of a column or row: the definition of the figure it shows.
  const definitionOf = (label: string | number, row?: number) => {
    const own = row === undefined ? undefined : table.rowMetrics?.[row];
    if (own) return t(METRICS[own].definition);
    const metric = table.metrics.map((id) => METRICS[id]).find((m) => String(label).startsWith(t(m.label)));
    return metric && t(metric.definition);
  };
  const numeric = (v: string | number) => (typeof v === 'number' ? v : Number(v) || 0);
  const series = table.columns.slice(1);
  const data =
    table.chart === 'byDay'
      ? table.rows.map((row) => Object.fromEntries([['label', dayLabel(row[0]!, { month: 'numeric', day: 'numeric' })], ...series.map((s, i) => [s, numeric(row[i + 1]!)])]))
      : table.rows.filter((_, i) => !table.notCharted?.includes(i)).map((row) => ({ label: String(row[0]), [series[0]!]: numeric(row[1]!) }));
  // Figures in the rep's notation ("1.200", "33,3" in German); the CSV keeps plain numbers, and the table's days
  // stay YYYY-MM-DD like the CSV's and the range's date fields.
  const shown = (v: string | number) => (typeof v === 'number' ? formatNumber(v) : v);
  const figure = (label: string | number, value: string | number) => t('reportCard_figure', { label, value: value === '' ? t('reportCard_none') : shown(value) });
  const summary =
    table.chart === 'byDay'
      ? tn('reportCard_summary_days', table.rows.length, { title: table.title, figures: series.map((s, i) => figure(s, table.rows.reduce((n, r) => n + numeric(r[i + 1]!), 0))).join(', ') })
      : `${t('reportCard_summary', { title: table.title, figures: table.rows.filter((_, i) => !table.notCharted?.includes(i)).map((r) => figure(r[0]!, r[1]!)).join(', ') })}${table.headline ? ` ${table.headline}.` : ''}`;

  async function exportPng() {
    // The chart's own surface, not a legend icon (those are small SVGs of the same class).
    const svg = [...(chartRef.current?.querySelectorAll('svg.recharts-surface') ?? [])].sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0];
    if (!(svg instanceof SVGSVGElement)) return setError(t('reportCard_show_chart_first'));
    try {
      // The same series and colours the chart draws (a figures chart is one series).
      const shown = table.chart === 'byDay' ? series : series.slice(0, 1);
      const legend = { title: table.title, fg: palette.fg, items: shown.map((name, i) => ({ name, color: palette.series[i % palette.series.length]! })) };
      saveBlob(`${fileStem}-${table.id}.png`, await svgToPng(svg, palette.bg, legend));
    } catch (e) {
      setError(t('reportCard_png_failed', { error: userMessage(e) }));
    }
  }

  return (
    <section className="report-card" aria-labelledby={titleId} data-report={table.id}>
      <div className="report-card-head">
        <h2 id={titleId}>{table.title}</h2>
        {!table.unavailable && (
          <div className="report-actions" role="group" aria-label={t('reportCard_title_view_and_export', { title: table.title })}>
            <button type="button" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
              {t('reportCard_chart')}</button>
            <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
              {t('reportCard_table')}</button>
            <button type="button" onClick={() => download(`${fileStem}-${table.id}.csv`, 'text/csv', tableToCsv(tableRecords(table)))}>
              {t('reportCard_export_csv')}</button>
            <button type="button" onClick={() => void exportPng()} disabled={view !== 'chart'}>
              {t('reportCard_save_png')}</button>
          </div>
        )}
      </div>
      {table.headline && !table.unavailable && <p className="report-headline">{table.headline}</p>}
      {table.unavailable ? (
        <p className="muted">{table.unavailable}</p>
      ) : view === 'chart' ? (
        <div ref={chartRef} className="report-chart" role="img" aria-label={summary}>
          <ResponsiveContainer width="100%" height={table.chart === 'byDay' ? 240 : Math.max(120, 34 * data.length + 40)}>
            {table.chart === 'byDay' ? (
              <BarChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: -16 }}>
                <CartesianGrid stroke={palette.grid} vertical={false} />
                <XAxis dataKey="label" tick={{ fill: palette.fg, fontSize: 11 }} stroke={palette.grid} interval="preserveStartEnd" />
                <YAxis allowDecimals={false} tick={{ fill: palette.fg, fontSize: 11 }} stroke={palette.grid} />
                <Tooltip contentStyle={{ background: palette.bg, color: palette.fg, borderColor: palette.grid }} cursor={{ fill: palette.grid, opacity: 0.3 }} />
                <Legend wrapperStyle={{ color: palette.fg }} />
                {series.map((s, i) => (
                  <Bar key={s} dataKey={s} fill={palette.series[i % palette.series.length]} isAnimationActive={false} />
                ))}
              </BarChart>
            ) : (
              <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
                <CartesianGrid stroke={palette.grid} horizontal={false} />
                <XAxis type="number" allowDecimals={false} tick={{ fill: palette.fg, fontSize: 11 }} stroke={palette.grid} />
                <YAxis type="category" dataKey="label" width={230} tick={{ fill: palette.fg, fontSize: 11 }} stroke={palette.grid} />
                <Tooltip contentStyle={{ background: palette.bg, color: palette.fg, borderColor: palette.grid }} cursor={{ fill: palette.grid, opacity: 0.3 }} />
                <Bar dataKey={series[0]!} fill={palette.series[0]} isAnimationActive={false} label={{ position: 'right', fill: palette.fg, fontSize: 11 }} />
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      ) : (
        <div className="report-table-wrap">
          <table className="report-table">
            <caption className="sr-only">{table.title}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col" title={definitionOf(c)}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={String(row[0])}>
                  <th scope="row" title={definitionOf(row[0]!, r)}>
                    {row[0]}
                  </th>
                  {row.slice(1).map((v, i) => (
                    <td key={table.columns[i + 1]}>{shown(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {table.note && !table.unavailable && <p className="muted report-note">{table.note}</p>}
      {error && (
        <p className="banner" role="alert">
          {error}
        </p>
      )}
      <details className="report-definitions">
        <summary>{t('reportCard_what_these_count')}</summary>
        <dl>
          {table.metrics.map((id) => (
            <div key={id}>
              <dt title={t(METRICS[id].definition)}>{t(METRICS[id].label)}</dt>
              <dd>{t(METRICS[id].definition)}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}
