import type { Thread } from '@/lib/records';

/** The open thread's subject and everyone on it. */
export function ThreadSummary({ thread }: { thread: Thread }) {
  return (
    <section aria-label="Thread">
      <h1 data-testid="thread-subject">{thread.subject || '(no subject)'}</h1>
      <h2>Participants</h2>
      <ul data-testid="participants">
        {thread.participants.map((p) => (
          <li key={p.email} className="row">
            <span>{p.name || p.email}</span>
            <span className="muted">{p.email}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
