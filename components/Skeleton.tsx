import { t } from '@/lib/i18n';
/** Placeholder rows, so nothing jumps when data arrives. */
export function Skeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label={t('skeleton_loading')} role="status">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ width: `${90 - i * 12}%` }} />
      ))}
    </div>
  );
}

/** The side panel's shape while it loads: a title, a card, and two sections. */
export function PanelSkeleton() {
  return (
    <div aria-busy="true" aria-label={t('skeleton_loading')} role="status" data-testid="panel-skeleton">
      <div className="skeleton title" style={{ width: '70%' }} />
      <div className="skeleton block" />
      <div className="skeleton" style={{ width: '40%' }} />
      <div className="skeleton block" />
      <div className="skeleton" style={{ width: '40%' }} />
      <div className="skeleton" style={{ width: '85%' }} />
      <div className="skeleton" style={{ width: '75%' }} />
    </div>
  );
}
