import type { FollowthroughDb } from '../db';
import { findContacts } from '../crm/match';
import { mailboxKey } from '../sequences/decide';
import { addressOf, classifyInbound, isPersonsReply } from '../sequences/inbound';
import type { EnrolmentRow, SequenceMailRow, SequenceRow } from '../sequences/rows';
import {
  enrolmentFacts,
  sequenceSteps,
  type MeetingFacts,
  type MeetingReportPort,
  type ProposalFacts,
  type ReportScope,
  type SequenceEnrolmentFacts,
  type SequenceReportPort,
  type SequenceStepFacts,
  type StepMail,
} from './metrics';

// The sequence and meeting facts of a range, read from those areas' own tables (Dexie versions 5 and 7) by the
// indexes schema version 11 added: enrolments by `enrolledAt` and `[state+updatedAt]`, sequence mail by `at`,
// proposals and meetings by `createdAt`. With a filter, the filter's own index (sequence, contact, domain)
// bounds the read instead. Nothing here writes: these tables belong to their areas.

const ENDED = ['stopped', 'done'] as const;
/** How far before a range the mail of its enrolments is read in one range read; older enrolments are read one by one. */
const LOOKBACK_MS = 120 * 86_400_000;

/** The enrolments a scope names, by its index; undefined for everyone. */
async function scopedEnrolments(db: FollowthroughDb, scope: ReportScope): Promise<EnrolmentRow[] | undefined> {
  if (scope.sequenceIds) return (await Promise.all(scope.sequenceIds.map((id) => db.enrolments.where('sequenceId').equals(id).toArray()))).flat();
  if (scope.domain) return db.enrolments.where('contactDomain').equals(scope.domain.toLowerCase()).toArray();
  if (scope.contactEmails) {
    const emails = [...new Set(scope.contactEmails.map((e) => e.toLowerCase()))];
    return (await Promise.all(emails.map((e) => db.enrolments.where('contactEmail').equals(e).toArray()))).flat();
  }
  return undefined;
}

export function sequenceSource(db: FollowthroughDb): SequenceReportPort {
  const versions = async (rows: readonly EnrolmentRow[]) => {
    const keys = [...new Map(rows.map((e) => [`${e.sequenceId}|${e.sequenceVersion}`, [e.sequenceId, e.sequenceVersion] as [string, number]])).values()];
    const found = await db.sequences.bulkGet(keys);
    return new Map(found.filter((s): s is SequenceRow => s !== undefined).map((s) => [`${s.id}|${s.version}`, s]));
  };

  return {
    async enrolments(from, to, scope) {
      const scoped = await scopedEnrolments(db, scope);
      let rows: EnrolmentRow[];
      if (scoped) rows = scoped.filter((e) => (e.enrolledAt >= from && e.enrolledAt < to) || (ENDED.includes(e.state as 'done') && e.updatedAt >= from && e.updatedAt < to));
      else {
        const parts = await Promise.all([
          db.enrolments.where('enrolledAt').between(from, to, true, false).toArray(),
          ...ENDED.map((state) => db.enrolments.where('[state+updatedAt]').between([state, from], [state, to], true, false).toArray()),
        ]);
        rows = parts.flat();
      }
      const facts = new Map<string, SequenceEnrolmentFacts>();
      for (const e of rows) facts.set(e.id, enrolmentFacts(e));
      return [...facts.values()];
    },

    async steps(from, to, scope) {
      // The enrolments with a send in the range: by the sent mail's `at` index, or within the scope's enrolments.
      const scoped = await scopedEnrolments(db, scope);
      let inRange: SequenceMailRow[] = [];
      let ids: string[];
      if (scoped) ids = scoped.map((e) => e.id);
      else {
        inRange = await db.sequenceMail.where('at').aboveOrEqual(from).toArray();
        ids = [...new Set(inRange.filter((m) => m.direction === 'sent' && m.at < to).map((m) => m.enrolmentId))];
      }
      if (ids.length === 0) return [];
      const enrolments = scoped ?? (await db.enrolments.bulkGet(ids)).filter((e): e is EnrolmentRow => e !== undefined);
      // Each enrolment's whole mail (its steps are numbered from its first send): the mail since the range began
      // is read already; what came before it since the enrolments began is one more range read of the `at` index,
      // unless an enrolment began long before (then its own mail, by its enrolmentId).
      const wanted = new Set(enrolments.map((e) => e.id));
      const recent = enrolments.filter((e) => e.enrolledAt >= from - LOOKBACK_MS);
      const early = Math.min(from, ...recent.map((e) => e.enrolledAt));
      const [before, old, sequences] = await Promise.all([
        scoped || early >= from ? [] : db.sequenceMail.where('at').between(early, from, true, false).toArray(),
        Promise.all((scoped ? enrolments : enrolments.filter((e) => e.enrolledAt < from - LOOKBACK_MS)).map((e) => db.sequenceMail.where('enrolmentId').equals(e.id).toArray())),
        versions(enrolments),
      ]);
      const mailOf = new Map<string, SequenceMailRow[]>();
      for (const m of [...before, ...inRange, ...old.flat()]) {
        if (!wanted.has(m.enrolmentId)) continue;
        const list = mailOf.get(m.enrolmentId) ?? [];
        if (!list.some((x) => x.id === m.id)) list.push(m);
        mailOf.set(m.enrolmentId, list);
      }
      // Whose reply is it: the contact's own address needs no lookup; any other sender is looked up once (an
      // alias of the contact is one of the contact's addresses).
      const strangers = new Set<string>();
      for (const e of enrolments) for (const m of mailOf.get(e.id) ?? []) if (m.direction === 'received' && mailboxKey(addressOf(m.message.from)) !== mailboxKey(e.contactEmail)) strangers.add(addressOf(m.message.from));
      const known = strangers.size ? await findContacts(db, [...strangers]) : new Map<string, { emails: string[] }>();
      const out: SequenceStepFacts[] = [];
      for (const e of enrolments) {
        const sequence = sequences.get(`${e.sequenceId}|${e.sequenceVersion}`);
        if (!sequence) continue;
        const own = mailboxKey(e.contactEmail);
        const fromContact = (from: string) => {
          const address = addressOf(from);
          return mailboxKey(address) === own || (known.get(address)?.emails ?? []).some((a) => a.includes('@') && mailboxKey(a) === own);
        };
        const rows: StepMail[] = (mailOf.get(e.id) ?? []).map((m) =>
          m.direction === 'sent' ? { at: m.at, direction: 'sent' } : { at: m.at, direction: 'received', contactReply: fromContact(m.message.from) && isPersonsReply(classifyInbound(m.message).kind) },
        );
        const steps = sequence.steps.map((s) => (s.kind === 'email' ? { kind: s.kind, templateId: s.templateId } : { kind: s.kind }));
        for (const step of sequenceSteps(e, steps, rows)) if (step.sentAt >= from && step.sentAt < to) out.push(step);
      }
      return out;
    },

    async usingTemplate(templateId) {
      // The sequences table holds a row per version of each sequence (tens of rows): read whole, by design.
      const all = await db.sequences.toArray();
      return [...new Set(all.filter((s) => s.steps.some((step) => step.kind === 'email' && step.templateId === templateId)).map((s) => s.id))];
    },

    async name(sequenceId) {
      const newest = await db.sequences.where('id').equals(sequenceId).toArray();
      return newest.sort((a, b) => b.version - a.version)[0]?.name;
    },
  };
}

export function meetingSource(db: FollowthroughDb): MeetingReportPort {
  return {
    async proposals(from, to, scope): Promise<ProposalFacts[]> {
      const rows = scope.contactEmails
        ? (await Promise.all([...new Set(scope.contactEmails.map((e) => e.toLowerCase()))].map((e) => db.meetingProposals.where('contactEmail').equals(e).toArray()))).flat()
        : await db.meetingProposals.where('createdAt').between(from, to, true, false).toArray();
      return rows.map((p) => ({ id: p.id, proposedAt: p.createdAt }));
    },
    async meetings(from, to, scope): Promise<MeetingFacts[]> {
      const rows = scope.contactIds
        ? (await Promise.all(scope.contactIds.map((c) => db.meetings.where('contactId').equals(c).toArray()))).flat()
        : await db.meetings.where('createdAt').between(from, to, true, false).toArray();
      return rows.map((m) => ({ id: m.id, bookedAt: m.createdAt, cancelled: m.status === 'cancelled' }));
    },
  };
}
