import type { Activity } from '@/lib/records';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What has been logged (on this thread, or with this contact), newest first. */
export function Timeline({ activities }: { activities: Activity[] }) {
  if (activities.length === 0) return <p className="muted">Nothing logged yet.</p>;
  return (
    <ul aria-label="Activity timeline" data-testid="timeline">
      {activities.map((a) => (
        <li key={a.id} className="row" data-testid="timeline-entry">
          <span>{a.summary}</span>
          <time className="muted" dateTime={new Date(a.at).toISOString()}>
            {timeFormat.format(a.at)}
          </time>
        </li>
      ))}
    </ul>
  );
}
