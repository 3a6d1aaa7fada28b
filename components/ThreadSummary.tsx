import type { Thread } from '@/lib/records';
import { t, tn } from '@/lib/i18n';

/** The open thread's subject and everyone on it. */
export function ThreadSummary({ thread }: { thread: Thread }) {
  return (
    <section aria-labelledby="thread-subject">
      <h1 id="thread-subject" className="wrap" data-testid="thread-subject">
        {thread.subject || t('threadSummary_no_subject')}
      </h1>
      <details className="participants">
        <summary>
          {tn('threadSummary_people_on_thread', thread.participants.length)}</summary>
        <ul data-testid="participants">
          {thread.participants.map((p) => (
            <li key={p.email} className="row">
              <span className="wrap">{p.name || p.email}</span>
              <span className="muted wrap small">{p.email}</span>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
