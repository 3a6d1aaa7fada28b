import { useEffect, useState, type ReactNode } from 'react';
import { request, type SendPort } from '@/lib/client';
import { userMessage } from '@/lib/ui/errors';
import { MeetingSettings } from '@/lib/meetings/settings';
import { feedHostPattern } from '@/lib/meetings/feed-access';
import type { TimeRange } from '@/lib/meetings/schema';
import { formatNumber, t, tn, weekdayNames } from '@/lib/i18n';
import { say } from '@/lib/say';
import { sayIssue } from '@/lib/ui/issue-words';

// Options → Meetings (#16): the rep's availability, booking link and calendar feed, written through
// `settings.update` like every other settings form. Numbers are edited as text and checked with the settings'
// own schema on save, so an error shows beside its field and nothing is stored until all is valid.

/** browser.permissions.request for the feed's host; the first thing the "Add feed" click does. */
export interface FeedAccessPort {
  request(origins: string[]): Promise<boolean>;
}


interface Draft {
  timeZone: string;
  useWorkingHoursZone: boolean;
  weekly: TimeRange[][];
  overrides: { date: string; ranges: TimeRange[] }[];
  bufferBefore: string;
  bufferAfter: string;
  minimumNotice: string;
  horizonDays: string;
  horizonKind: 'calendar' | 'working';
  interval: string;
  lengths: string;
  dailyCap: string;
  bookingLink: string;
  proposeCount: string;
  calendarFeedUrl: string;
}

const toDraft = (m: MeetingSettings): Draft => ({
  timeZone: m.availability.timeZone,
  useWorkingHoursZone: m.useWorkingHoursZone,
  weekly: m.availability.weekly.map((d) => d.map((r) => ({ ...r }))),
  overrides: m.availability.overrides.map((o) => ({ date: o.date, ranges: o.ranges.map((r) => ({ ...r })) })),
  bufferBefore: String(m.availability.bufferBefore),
  bufferAfter: String(m.availability.bufferAfter),
  minimumNotice: String(m.availability.minimumNotice),
  horizonDays: String(m.availability.horizon.days),
  horizonKind: m.availability.horizon.kind,
  interval: m.availability.interval === undefined ? '' : String(m.availability.interval),
  lengths: m.availability.lengths.join(', '),
  dailyCap: m.availability.dailyCap === undefined ? '' : String(m.availability.dailyCap),
  bookingLink: m.bookingLink,
  proposeCount: String(m.proposeCount),
  calendarFeedUrl: m.calendarFeedUrl,
});

/** A number field's text: blank → undefined, otherwise the number (NaN for text, which the schema refuses). */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));

const fromDraft = (d: Draft) => ({
  availability: {
    timeZone: d.timeZone.trim(),
    weekly: d.weekly,
    overrides: d.overrides,
    bufferBefore: num(d.bufferBefore) ?? 0,
    bufferAfter: num(d.bufferAfter) ?? 0,
    minimumNotice: num(d.minimumNotice) ?? 0,
    horizon: { days: num(d.horizonDays) ?? Number.NaN, kind: d.horizonKind },
    interval: num(d.interval),
    lengths: d.lengths.split(/[\s,;]+/).filter(Boolean).map(Number),
    dailyCap: num(d.dailyCap),
  },
  useWorkingHoursZone: d.useWorkingHoursZone,
  calendarFeedUrl: d.calendarFeedUrl,
  bookingLink: d.bookingLink,
  proposeCount: num(d.proposeCount) ?? Number.NaN,
});

/** Where each schema path's error is shown: the id of the field it belongs beside. */
function fieldOf(path: PropertyKey[]): string {
  const [top, key, i, j, k] = path.map(String);
  if (top !== 'availability') return top ?? 'form';
  if (key === 'weekly') return j === undefined ? `weekly-${i}` : `weekly-${i}-${j}`;
  if (key === 'overrides') return k === undefined || j === 'date' ? `override-${i}` : `override-${i}-${k}`;
  if (key === 'horizon') return 'horizonDays';
  return key ?? 'form';
}


/** The Meetings tab of the options page. */
export function MeetingsTab({ send, access }: { send: SendPort; access: FeedAccessPort }) {
  const [saved, setSaved] = useState<MeetingSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const [feed, setFeed] = useState<{ text: string; tone: 'info' | 'error'; busy?: boolean } | null>(null);

  useEffect(() => {
    request(send, 'settings.load', {})
      .then(({ settings }) => {
        const parsed = MeetingSettings.safeParse(settings.meetings ?? {});
        const value = parsed.success ? parsed.data : MeetingSettings.parse({});
        setSaved(value);
        setDraft(toDraft(value));
      })
      .catch((e: unknown) => setStatus({ text: userMessage(e), tone: 'error' }));
  }, [send]);

  if (!draft || !saved) return status ? <p className="error">{status.text}</p> : <p className="muted">{t('meetingsTab_reading_the_meeting_settings')}</p>;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const setRange = (day: number, i: number, patch: Partial<TimeRange>) => set({ weekly: draft.weekly.map((d, k) => (k === day ? d.map((r, j) => (j === i ? { ...r, ...patch } : r)) : d)) });
  const setOverride = (i: number, patch: Partial<Draft['overrides'][number]>) => set({ overrides: draft.overrides.map((o, k) => (k === i ? { ...o, ...patch } : o)) });

  const check = (d: Draft) => {
    const result = MeetingSettings.safeParse(fromDraft(d));
    if (result.success) return { ok: true as const, value: result.data };
    const found: Record<string, string> = {};
    for (const issue of result.error.issues) found[fieldOf(issue.path)] ??= sayIssue(issue);
    return { ok: false as const, found };
  };

  const save = async () => {
    const checked = check(draft);
    if (!checked.ok) {
      setErrors(checked.found);
      setStatus({ text: tn('meetingsTab_not_saved_fields', Object.keys(checked.found).length), tone: 'error' });
      return;
    }
    setErrors({});
    try {
      // The feed address is stored only through "Add feed", which asks for its host first.
      const value = { ...checked.value, calendarFeedUrl: saved.calendarFeedUrl };
      await request(send, 'settings.update', { patch: { meetings: value } });
      setSaved(value);
      setStatus({ text: t('meetingsTab_settings_saved'), tone: 'info' });
    } catch (e) {
      setStatus({ text: userMessage(e), tone: 'error' });
    }
  };

  const addFeed = () => {
    const input = draft.calendarFeedUrl.trim();
    const checked = MeetingSettings.shape.calendarFeedUrl.safeParse(input);
    let pattern: string | undefined;
    try {
      pattern = feedHostPattern(input);
    } catch {
      // The schema's issue says why, in the rep's words.
    }
    if (!checked.success || !pattern) {
      setErrors({ ...errors, calendarFeedUrl: checked.success ? t('issue_feed_url') : sayIssue(checked.error.issues[0]!) });
      return;
    }
    setErrors(({ calendarFeedUrl: _, ...rest }) => rest);
    // The browser asks the rep only inside the click: nothing may be awaited before this.
    const asked = access.request([pattern]);
    setFeed({ text: t('meetingsTab_reading_feed'), tone: 'info', busy: true });
    void (async () => {
      try {
        if (!(await asked)) {
          setFeed({ text: t('meetingsTab_feed_not_allowed', { host: new URL(pattern.slice(0, -1)).hostname }), tone: 'error' });
          return;
        }
        // Checked before it is stored: a feed that cannot be read is not added, and the one before stays.
        const r = await request(send, 'meetings.checkFeed', { url: input });
        if (!r.ok) {
          setFeed({ text: t('meetingsTab_feed_not_added', { error: say(r.words, r.error) }), tone: 'error' });
          return;
        }
        const value = { ...saved, calendarFeedUrl: input };
        await request(send, 'settings.update', { patch: { meetings: value } });
        setSaved(value);
        const also = [r.allDay ? t('meetingsTab_feed_all_day', { count: formatNumber(r.allDay) }) : '', r.free ? t('meetingsTab_feed_marked_free', { count: formatNumber(r.free) }) : ''].filter(Boolean).join('; ');
        const added = also ? tn('meetingsTab_feed_added_also', r.busy, { also }) : tn('meetingsTab_feed_added', r.busy);
        const warn = r.warnings.length ? ` ${t('meetingsTab_feed_warnings', { warnings: r.warnings.map((w, i) => say(r.warningWords?.[i], w)).join(' ') })}` : '';
        setFeed({ text: `${added}${warn}`, tone: 'info' });
      } catch (e) {
        setFeed({ text: userMessage(e), tone: 'error' });
      }
    })();
  };

  const removeFeed = async () => {
    try {
      const value = { ...saved, calendarFeedUrl: '' };
      await request(send, 'settings.update', { patch: { meetings: value } });
      setSaved(value);
      set({ calendarFeedUrl: '' });
      setFeed({ text: t('meetingsTab_feed_removed'), tone: 'info' });
    } catch (e) {
      setFeed({ text: userMessage(e), tone: 'error' });
    }
  };

  /** A labelled input with its error beside it (aria-describedby, aria-invalid). */
  const field = (id: keyof Draft & string, label: string, input: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={`m-${id}`}>{label}</label>
      {input({ id: `m-${id}`, ...(errors[id] ? { 'aria-invalid': true as const, 'aria-describedby': `m-${id}-error` } : {}) })}
      {hint && <span className="muted small"> {hint}</span>}
      {errors[id] && (
        <span id={`m-${id}-error`} className="error small" data-testid="field-error">
          {errors[id]}
        </span>
      )}
    </div>
  );
  const text = (id: keyof Draft & string, label: string, hint?: string, inputMode: 'numeric' | 'url' | 'text' = 'numeric') =>
    field(id, label, (p) => <input {...p} type="text" inputMode={inputMode} value={draft[id] as string} onChange={(e) => set({ [id]: e.target.value })} />, hint);

  const ranges = (list: TimeRange[], name: string, errorKey: (j: number) => string, onChange: (j: number, patch: Partial<TimeRange>) => void, onRemove: (j: number) => void) =>
    list.map((r, j) => (
      <div className="row" key={j} data-testid="range">
        <input type="time" aria-label={t('meetingsTab_name_range_j_from', { name, j: j + 1 })} value={r.start} onChange={(e) => onChange(j, { start: e.target.value })} aria-invalid={errors[errorKey(j)] ? true : undefined} />
        <input type="time" aria-label={t('meetingsTab_name_range_j_until', { name, j: j + 1 })} value={r.end} onChange={(e) => onChange(j, { end: e.target.value })} aria-invalid={errors[errorKey(j)] ? true : undefined} />
        <button type="button" aria-label={t('meetingsTab_remove_name_range_j', { name, j: j + 1 })} onClick={() => onRemove(j)}>
          {t('meetingsTab_remove')}</button>
        {errors[errorKey(j)] && <span className="error small">{errors[errorKey(j)]}</span>}
      </div>
    ));

  return (
    <form
      className="card meetings-tab"
      aria-labelledby="meetings-title"
      data-testid="meetings-settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="meetings-title">{t('meetingsTab_meetings')}</h2>
      <p className="muted">{t('meetingsTab_the_times_propose_times_offers')}</p>

      <fieldset>
        <legend>{t('meetingsTab_time_zone')}</legend>
        <label className="row">
          <input type="checkbox" checked={draft.useWorkingHoursZone} onChange={(e) => set({ useWorkingHoursZone: e.target.checked })} />
          {t('meetingsTab_use_the_time_zone_of')}</label>
        {!draft.useWorkingHoursZone && text('timeZone', t('meetingsTab_time_zone_label'), t('meetingsTab_time_zone_hint'), 'text')}
      </fieldset>

      <fieldset data-testid="weekly-hours">
        <legend>{t('meetingsTab_working_hours_several_ranges_a')}</legend>
        {weekdayNames().map((day, d) => (
          <div key={day} data-testid={`day-${day}`} role="group" aria-label={day}>
            <strong>{day}</strong> {draft.weekly[d]!.length === 0 && <span className="muted">{t('meetingsTab_unavailable')}</span>}
            {ranges(
              draft.weekly[d]!,
              day,
              (j) => `weekly-${d}-${j}`,
              (j, patch) => setRange(d, j, patch),
              (j) => set({ weekly: draft.weekly.map((x, k) => (k === d ? x.filter((_, i) => i !== j) : x)) }),
            )}
            {errors[t('meetingsTab_weekly_d', { d })] && <span className="error small">{errors[t('meetingsTab_weekly_d', { d })]}</span>}
            <button type="button" onClick={() => set({ weekly: draft.weekly.map((x, k) => (k === d ? [...x, { start: '09:00', end: '17:00' }] : x)) })}>
              {t('meetingsTab_add_a_range_on_day', { day })}
            </button>
          </div>
        ))}
      </fieldset>

      <fieldset data-testid="overrides">
        <legend>{t('meetingsTab_date_overrides_replace_that_day')}</legend>
        {draft.overrides.length === 0 && <p className="muted small">{t('meetingsTab_no_overrides')}</p>}
        {draft.overrides.map((o, i) => (
          <div key={i} role="group" aria-label={t('meetingsTab_override_i', { i: i + 1 })} data-testid="override">
            <label>
              {t('meetingsTab_date')}{' '}<input type="date" value={o.date} aria-invalid={errors[`override-${i}`] ? true : undefined} onChange={(e) => setOverride(i, { date: e.target.value })} />
            </label>{' '}
            <button type="button" onClick={() => set({ overrides: draft.overrides.filter((_, k) => k !== i) })}>
              {t('meetingsTab_remove_override_i', { i: i + 1 })}
            </button>
            {errors[t('meetingsTab_override_i_2', { i })] && <span className="error small"> {errors[t('meetingsTab_override_i_2', { i })]}</span>}
            {o.ranges.length === 0 && <span className="muted small">{' '}{t('meetingsTab_off_all_day')}</span>}
            {ranges(
              o.ranges,
              `Override ${i + 1}`,
              (j) => `override-${i}-${j}`,
              (j, patch) => setOverride(i, { ranges: o.ranges.map((r, k) => (k === j ? { ...r, ...patch } : r)) }),
              (j) => setOverride(i, { ranges: o.ranges.filter((_, k) => k !== j) }),
            )}
            <button type="button" onClick={() => setOverride(i, { ranges: [...o.ranges, { start: '09:00', end: '12:00' }] })}>
              {t('meetingsTab_add_a_range_to_override', { i: i + 1 })}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ overrides: [...draft.overrides, { date: '', ranges: [] }] })}>
          {t('meetingsTab_add_a_date_override')}</button>
      </fieldset>

      <fieldset>
        <legend>{t('meetingsTab_rules')}</legend>
        {text('bufferBefore', t('meetingsTab_buffer_before'))}
        {text('bufferAfter', t('meetingsTab_buffer_after'))}
        {text('minimumNotice', t('meetingsTab_minimum_notice'), t('meetingsTab_minimum_notice_hint'))}
        {field('horizonDays', t('meetingsTab_horizon'), (p) => (
          <span className="row">
            <input {...p} type="text" inputMode="numeric" value={draft.horizonDays} onChange={(e) => set({ horizonDays: e.target.value })} />
            <select aria-label={t('meetingsTab_count_days_as')} value={draft.horizonKind} onChange={(e) => set({ horizonKind: e.target.value as Draft['horizonKind'] })}>
              <option value="working">{t('meetingsTab_working_days')}</option>
              <option value="calendar">{t('meetingsTab_calendar_days')}</option>
            </select>
          </span>
        ))}
        {text('lengths', t('meetingsTab_lengths'), t('meetingsTab_lengths_hint'))}
        {text('interval', t('meetingsTab_interval'), t('meetingsTab_interval_hint'))}
        {text('dailyCap', t('meetingsTab_daily_cap'), t('meetingsTab_daily_cap_hint'))}
        {text('proposeCount', t('meetingsTab_propose_count'))}
        {text('bookingLink', t('meetingsTab_booking_link'), t('meetingsTab_booking_link_hint'), 'url')}
      </fieldset>

      <div className="actions">
        <button type="submit" className="primary">
          {t('meetingsTab_save_meeting_settings')}</button>
      </div>
      {status && (
        <p role="status" className={`notice ${status.tone}`} data-testid="meetings-status">
          {status.text}
        </p>
      )}

      <fieldset data-testid="calendar-feed">
        <legend>{t('meetingsTab_calendar_feed_busy_time_read')}</legend>
        <p className="muted small">{t('meetingsTab_your_calendar_s_secret_icalendar')}</p>
        {text('calendarFeedUrl', t('meetingsTab_feed_url'), saved.calendarFeedUrl ? t('meetingsTab_feed_added') : undefined, 'url')}
        <div className="actions">
          <button type="button" onClick={addFeed} disabled={feed?.busy}>
            {t('meetingsTab_add_feed_and_check_it')}</button>
          {saved.calendarFeedUrl && (
            <button type="button" onClick={() => void removeFeed()}>
              {t('meetingsTab_remove_feed')}</button>
          )}
        </div>
        {feed && (
          <p role="status" className={`notice ${feed.tone}`} data-testid="feed-status">
            {feed.text}
          </p>
        )}
      </fieldset>
    </form>
  );
}
