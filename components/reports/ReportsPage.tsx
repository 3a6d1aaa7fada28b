import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { RANGE_LABELS, type RangeInput } from '@/lib/reports/metrics';
import type { Report, ReportFilter } from '@/lib/reports/report';
import { reportTables } from '@/lib/reports/tables';
import type { ReportsState } from '@/lib/ui/reports-store';
import { Brand } from '../Brand';
import { Skeleton } from '../Skeleton';
import { ReportCard, type Palette } from './ReportCard';
import { formatDateWith, formatDay, t } from '@/lib/i18n';

const LIGHT: Palette = { bg: '#ffffff', fg: '#1f1f1f', grid: '#c4c7c5', series: ['#0b57d0', '#b3261e', '#146c2e'] };
// Lighter tones on the dark background, each above 4.5:1 against it.
const DARK: Palette = { bg: '#1f1f1f', fg: '#e8eaed', grid: '#5f6368', series: ['#a8c7fa', '#f2b8b5', '#a8dab5'] };

function usePalette(): Palette {
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const on = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', on);
    return () => query.removeEventListener('change', on);
  }, [query]);
  return dark ? DARK : LIGHT;
}

const KINDS = Object.keys(RANGE_LABELS) as RangeInput['kind'][];
/** The range said above the report: its name, its first and last day in the rep's order, and the zone its days are in. */
const status = (report: Report) => ({
  label: t(RANGE_LABELS[report.range.kind]),
  from: formatDay(report.range.from, { dateStyle: 'medium' }),
  to: formatDay(report.range.to, { dateStyle: 'medium' }),
  zone: report.timeZone,
});

/** What the rep's weeks added up to: a range, an optional filter, and one chart-or-table per figure. */
export function ReportsPage({ store, todayUrl }: { store: StoreApi<ReportsState>; todayUrl: string }) {
  const { range, filter, report, choices, loading, error, notice, setRange, setFilter, rebuild } = useStore(store);
  const palette = usePalette();
  const [from, setFrom] = useState(range.kind === 'custom' ? range.from : '');
  const [to, setTo] = useState(range.kind === 'custom' ? range.to : '');
  const filterValue = filter ? `${filter.kind}:${filter.id}` : '';
  const tables = report ? reportTables(report) : [];
  const stem = report ? `followthrough-report-${report.range.from}-${report.range.to}` : 'followthrough-report';
  const untouched = report?.deals.available ? report.deals.figures.untouchedDeals : [];

  return (
    <main className="app reports" aria-busy={loading}>
      <Brand subtitle={t('reportsPage_reports')}>
        <button type="button" onClick={() => void rebuild()} disabled={loading}>
          {t('reportsPage_recompute_figures')}</button>
      </Brand>
      <h1>{t('reportsPage_what_your_weeks_added_up')}</h1>
      <form className="report-controls" aria-label={t('reportsPage_report_range_and_filter')} onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('reportsPage_range')}</legend>
          {KINDS.map((kind) => (
            <label key={kind} className="report-range">
              <input
                type="radio"
                name="range"
                value={kind}
                checked={range.kind === kind}
                onChange={() => {
                  if (kind !== 'custom') void setRange({ kind } as RangeInput);
                  else if (from && to) void setRange({ kind, from, to });
                  else void store.setState({ range: { kind: 'custom', from: report?.range.from ?? '', to: report?.range.to ?? '' } as RangeInput });
                }}
              />
              {t(RANGE_LABELS[kind])}
            </label>
          ))}
          {range.kind === 'custom' && (
            <span className="report-custom">
              <label>
                {t('reportsPage_from')}{' '}<input type="date" value={from || range.from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label>
                {t('reportsPage_to')}{' '}<input type="date" value={to || range.to} onChange={(e) => setTo(e.target.value)} />
              </label>
              <button type="button" className="primary" onClick={() => void setRange({ kind: 'custom', from: from || range.from, to: to || range.to })}>
                {t('reportsPage_show')}</button>
            </span>
          )}
        </fieldset>
        <label className="report-filter">
          {t('reportsPage_only_for')}<select
            value={filterValue}
            onChange={(e) => {
              const v = e.target.value;
              if (!v) return void setFilter(undefined);
              const at = v.indexOf(':');
              void setFilter({ kind: v.slice(0, at) as ReportFilter['kind'], id: v.slice(at + 1) });
            }}
          >
            <option value="">{t('reportsPage_everyone')}</option>
            {choices && choices.contacts.length > 0 && (
              <optgroup label={t('reportsPage_contact')}>
                {choices.contacts.map((c) => (
                  <option key={c.id} value={`contact:${c.id}`}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
            {choices && choices.companies.length > 0 && (
              <optgroup label={t('reportsPage_company')}>
                {choices.companies.map((c) => (
                  <option key={c.id} value={`company:${c.id}`}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
            {choices && choices.templates.length > 0 && (
              <optgroup label={t('reportsPage_template')}>
                {choices.templates.map((c) => (
                  <option key={c.id} value={`template:${c.id}`}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
            {choices && choices.sequences.length > 0 && (
              <optgroup label={t('reportsPage_sequence')}>
                {choices.sequences.map((c) => (
                  <option key={c.id} value={`sequence:${c.id}`}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
      </form>
      {error && (
        <div className="banner" role="alert">
          {error}
        </div>
      )}
      <p className="muted" role="status">
        {notice ??
          (report
            ? report.filter
              ? t('reportsPage_status_only', { ...status(report), name: report.filter.name })
              : t('reportsPage_status', status(report))
            : t('reportsPage_loading'))}
      </p>
      {!report ? (
        <Skeleton rows={8} />
      ) : (
        <div className="report-grid">
          {tables.map((t) => (
            <ReportCard key={`${t.id}-${report.range.from}-${report.range.to}-${filterValue}`} table={t} palette={palette} fileStem={stem} />
          ))}
          {untouched.length > 0 && (
            <section className="report-card" aria-labelledby="untouched-title">
              <h2 id="untouched-title">{t('reportsPage_deals_untouched_for_14_days')}</h2>
              <ul className="bullets">
                {untouched.slice(0, 20).map((d) => (
                  <li key={d.id}>
                    {d.name} <span className="muted">— {d.lastTouch === null ? t('reportsPage_never_touched') : t('reportsPage_last_touched_day', { day: formatDateWith(d.lastTouch, { dateStyle: 'medium' }) })}</span>
                  </li>
                ))}
              </ul>
              <p>
                <a href={todayUrl} target="_blank" rel="noreferrer">
                  {t('reportsPage_open_today_in_the_side')}</a>
              </p>
            </section>
          )}
        </div>
      )}
    </main>
  );
}
