import { z } from 'zod';
import { findContacts } from '../crm/match';
import { describeSkips, describeSkipsWords, suggestionVerdict, type SkipReason } from '../crm/policy';
import { defineAction } from '../engine/actions/types';
import { classifyInbound } from '../engine/inbound';
import { dayInZone, isoDay, parseIsoDay, workingCalendar } from './calendar';
import { explainWords, type FollowUpExplain } from './explain';
import { followUpFor } from './index';
import { kindWords } from '../engine/kind-words';
import { words } from '../words';

const WEEKDAY_DATE = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
/** "Fri, Nov 27" for 2026-11-27. */
const shortDay = (iso: string) => WEEKDAY_DATE.format(new Date(`${iso}T12:00:00Z`));

// The follow-up area's action kind for rules: on a sent or received email, suggest the day to follow up,
// read from what was written (or the default cadence), with the phrase that gave it.

const STALE_MS = 14 * 24 * 3_600_000;

export const suggestFollowUpAction = defineAction({
  kind: 'followup.suggest',
  label: 'suggest a follow-up date read from the email',
  params: z.object({}),
  triggers: ['email.sent', 'email.received'],
  async run({ db, event, key, now, settings }) {
    if (event.type !== 'email.sent' && event.type !== 'email.received') return { result: 'skipped', detail: `no email in ${event.type}`, detailWords: words('audit_no_email_in', { event: kindWords(event.type) }) };
    const { email } = event;
    const id = `sug:${key}`.slice(0, 200);
    if (await db.suggestions.get(id)) return { result: 'skipped', detail: 'suggestion already made', detailWords: words('audit_suggestion_exists'), threadId: email.threadId };
    // Opening a thread reports every message in it: only the newest, and only recent mail, is worth a date.
    if (now - email.at > STALE_MS) return { result: 'skipped', detail: 'too old to suggest a follow-up', detailWords: words('audit_too_old_to_suggest'), threadId: email.threadId };
    const newer = await db.suggestions
      .where('threadId')
      .equals(email.threadId)
      .filter((s) => s.kind === 'followup' && typeof s.payload.at === 'number' && s.payload.at > email.at)
      .count();
    if (newer > 0) return { result: 'skipped', detail: 'a newer message already has a suggestion', detailWords: words('audit_newer_has_suggestion'), threadId: email.threadId };
    // The sender policy of every automation: no suggestions for newsletters, no-reply, personal or own mail.
    const people = event.type === 'email.sent' ? [...email.to, ...email.cc] : [email.from];
    const bulk = event.type === 'email.received' && ['bulk', 'bounce'].includes(classifyInbound(email).kind);
    const contacts = await findContacts(db, people.map((p) => p.email));
    const skips: SkipReason[] = [];
    const allowed = people.filter((person) => {
      const verdict = suggestionVerdict({ person, contact: contacts.get(person.email.trim().toLowerCase()), subject: email.subject, settings, bulk });
      if (!verdict.allow) skips.push(verdict.reason);
      return verdict.allow;
    });
    if (allowed.length === 0) return { result: 'skipped', detail: `no follow-up suggested: ${describeSkips(skips) || 'nobody to follow up with'}`, detailWords: skips.length ? words('audit_no_followup_left_out', { who: describeSkipsWords(skips) }) : words('audit_no_followup_nobody'), threadId: email.threadId };
    const read = followUpFor(email.bodyText, email.at, settings);
    let { date, reason } = read;
    const explain: FollowUpExplain =
      read.basis === 'cue' ? { code: 'cue', phrase: read.reason.slice(0, 500) } : { code: 'cadence', days: Math.max(1, Math.round(settings.followUp.cadenceDays[0] ?? 3)) };
    // Read from an older message, the date may have passed by now: the next working day, saying when it was due.
    const calendar = workingCalendar({ workingDays: settings.workingHours.days, holidays: settings.holidays });
    const today = dayInZone(now, settings.workingHours.timeZone);
    if (parseIsoDay(date)! < today) {
      const due = date;
      date = isoDay(calendar.after(today));
      reason = `${reason} — was due ${shortDay(due)}`.slice(0, 1000);
      explain.wasDue = due;
    }
    // One open follow-up suggestion per thread: the newest message's.
    const older = await db.suggestions
      .where('threadId')
      .equals(email.threadId)
      .filter((s) => s.kind === 'followup' && s.status === 'open')
      .toArray();
    for (const s of older) await db.suggestions.update(s.id, { status: 'dismissed', payload: { ...s.payload, supersededBy: id } });
    const counterpart = allowed[0];
    await db.suggestions.add({
      id,
      kind: 'followup',
      threadId: email.threadId,
      reason,
      reasonWords: explainWords(explain),
      payload: {
        date,
        explain,
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
      detail: `suggested following up on ${date} (${reason})`,
      detailWords: words('audit_suggested_followup', { day: { day: date }, reason: explainWords(explain) }),
      undo: [
        { op: 'delete', table: 'suggestions', keys: [id] },
        ...(older.length ? [{ op: 'put' as const, table: 'suggestions' as const, rows: older }] : []),
      ],
      threadId: email.threadId,
    };
  },
});
