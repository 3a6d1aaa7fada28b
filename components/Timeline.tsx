import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Activity } from '@/lib/records';
import { formatDateTime } from './format';
import { t, type MessageKey } from '@/lib/i18n';
import { say } from '@/lib/say';

/** Beyond this many entries only the visible rows are rendered. */
const VIRTUAL_FROM = 40;
const ROW_HEIGHT = 52;

const kindLabel: Record<Activity['kind'], MessageKey> = { 'email.sent': 'activityKind_email_sent', 'email.received': 'activityKind_email_received', note: 'activityKind_note', call: 'activityKind_call', meeting: 'activityKind_meeting', task: 'activityKind_task' };

function Entry({ a }: { a: Activity }) {
  return (
    <>
      <span className="timeline-kind">{t(kindLabel[a.kind])}</span>
      <span className="timeline-summary">{say(a.summaryWords, a.summary)}</span>
      <time className="muted small" dateTime={new Date(a.at).toISOString()}>
        {formatDateTime(a.at)}
      </time>
    </>
  );
}

/** What has been logged, newest first; long histories scroll in a virtualised list. */
export function Timeline({ activities, empty = t('timeline_nothing_logged') }: { activities: Activity[]; empty?: string }) {
  if (activities.length === 0) return <p className="muted">{empty}</p>;
  if (activities.length < VIRTUAL_FROM) {
    return (
      <ul aria-label={t('timeline_activity_timeline')} className="timeline" data-testid="timeline">
        {activities.map((a) => (
          <li key={a.id} className="timeline-entry" data-testid="timeline-entry">
            <Entry a={a} />
          </li>
        ))}
      </ul>
    );
  }
  return <VirtualTimeline activities={activities} />;
}

function VirtualTimeline({ activities }: { activities: Activity[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: activities.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  return (
    // The scroller is focusable so keyboard users can scroll it.
    <div ref={scroller} className="timeline-scroller" tabIndex={0} role="region" aria-label={t('timeline_activity_timeline_activities_entries', { activities: activities.length })}>
      <ul className="timeline" data-testid="timeline" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const a = activities[item.index]!;
          return (
            <li
              key={a.id}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="timeline-entry"
              data-testid="timeline-entry"
              aria-setsize={activities.length}
              aria-posinset={item.index + 1}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              <Entry a={a} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
