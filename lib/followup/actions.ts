import { z } from 'zod';
import type { FollowthroughDb } from '../db';
import { defineAction } from '../engine/actions/types';
import type { EmailFacts } from '../engine/events';
import type { Reminder } from '../records';
import { followUpFor } from './index';

// The follow-up area's action kind for rules: on a sent or received email, suggest the day to follow up,
// read from what was written (or the default cadence), with the phrase that gave it.

const STALE_MS = 14 * 24 * 3_600_000;
const norm = (s: string) => s.replace(/^\s*((re|fwd?|aw|wg)\s*:\s*)+/i, '').trim().toLowerCase();

/** "Remind me" chosen in a compose starts once Gmail confirms that send (same thread, or same subject and a recipient). */
export async function confirmComposeReminders(db: FollowthroughDb, email: EmailFacts): Promise<Reminder[]> {
  const to = new Set([...email.to, ...email.cc, ...email.bcc].map((p) => p.email.toLowerCase()));
  const waiting = await db.reminders.filter((r) => r.awaitingSend === true && r.status === 'pending').toArray();
  const matched = waiting.filter(
    (r) => r.threadId === email.threadId || (norm(r.subject ?? '') === norm(email.subject) && (r.recipients ?? []).some((e) => to.has(e.toLowerCase()))),
  );
  for (const r of matched) {
    await db.reminders.update(r.id, { awaitingSend: false, threadId: email.threadId, messageId: email.messageId, sentAt: email.at });
  }
  return matched;
}

export const suggestFollowUpAction = defineAction({
  kind: 'followup.suggest',
  label: 'suggest a follow-up date read from the email',
  params: z.object({}),
  triggers: ['email.sent', 'email.received'],
  async run({ db, event, key, now, settings }) {
    if (event.type !== 'email.sent' && event.type !== 'email.received') return { result: 'skipped', detail: `no email in ${event.type}` };
    const { email } = event;
    const confirmed = event.type === 'email.sent' ? await confirmComposeReminders(db, email) : [];
    const id = `sug:${key}`.slice(0, 200);
    if (await db.suggestions.get(id)) return { result: 'skipped', detail: 'suggestion already made', threadId: email.threadId };
    // Opening a thread reports every message in it: only the newest, and only recent mail, is worth a date.
    if (now - email.at > STALE_MS) return { result: 'skipped', detail: 'too old to suggest a follow-up', threadId: email.threadId };
    const newer = await db.suggestions
      .where('threadId')
      .equals(email.threadId)
      .filter((s) => s.kind === 'followup' && typeof s.payload.at === 'number' && s.payload.at > email.at)
      .count();
    if (newer > 0) return { result: 'skipped', detail: 'a newer message already has a suggestion', threadId: email.threadId };
    const { date, reason } = followUpFor(email.bodyText, email.at, settings);
    // One open follow-up suggestion per thread: the newest message's.
    const older = await db.suggestions
      .where('threadId')
      .equals(email.threadId)
      .filter((s) => s.kind === 'followup' && s.status === 'open')
      .toArray();
    for (const s of older) await db.suggestions.update(s.id, { status: 'dismissed', payload: { ...s.payload, supersededBy: id } });
    const counterpart = event.type === 'email.sent' ? email.to[0] : email.from;
    await db.suggestions.add({
      id,
      kind: 'followup',
      threadId: email.threadId,
      reason,
      payload: {
        date,
        messageId: email.messageId,
        at: email.at,
        direction: event.type === 'email.sent' ? 'sent' : 'received',
        subject: email.subject,
        with: counterpart ? counterpart.name || counterpart.email : undefined,
      },
      status: 'open',
      createdAt: now,
    });
    return {
      result: 'ok',
      detail: `suggested following up on ${date} (${reason})${confirmed.length ? `; started ${confirmed.length} reminder(s) chosen in compose` : ''}`,
      undo: [
        { op: 'delete', table: 'suggestions', keys: [id] },
        ...(older.length ? [{ op: 'put' as const, table: 'suggestions' as const, rows: older }] : []),
        ...(confirmed.length ? [{ op: 'put' as const, table: 'reminders' as const, rows: confirmed }] : []),
      ],
      threadId: email.threadId,
    };
  },
});
