import type { DetectionHealth } from '@/lib/channels/ui';

/** Said plainly when Gmail changed under Followthrough: what does not work until it is updated. */
export function DetectionBanner({ health }: { health: DetectionHealth }) {
  return (
    <div className="banner" role="alert" data-testid="detection-banner">
      <strong>Gmail detection is degraded.</strong> Gmail’s page changed in a way Followthrough does not recognise yet, so:
      <ul className="bullets">
        {health.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      Everything already logged is safe. Log to CRM by hand from the thread until detection recovers.
    </div>
  );
}
