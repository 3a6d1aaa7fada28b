import type { DetectionHealth } from '@/lib/channels/ui';
import { t } from '@/lib/i18n';

/** Said plainly when Gmail changed under Followthrough: what does not work until it is updated. */
export function DetectionBanner({ health }: { health: DetectionHealth }) {
  return (
    <div className="banner" role="alert" data-testid="detection-banner">
      <strong>{t('detectionBanner_gmail_detection_is_degraded')}</strong>{' '}{t('detectionBanner_gmail_s_page_changed_in')}<ul className="bullets">
        {health.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      {t('detectionBanner_everything_already_logged_is_safe')}</div>
  );
}
