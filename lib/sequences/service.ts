import type { FollowthroughDb } from '../db';
import type { EmailFacts } from '../engine/events';
import { Outbox, type OutboxHandler } from '../outbox';
import type { Settings } from '../settings';
import { emailDomain, findContacts } from '../crm/match';
import { dayInZone, instantInZone, isoDay, parseIsoDay } from '../followup/calendar';
import { SequenceCalendar } from './calendar';
import { placeOf, type Place } from './place';
import { decide, mailboxKey, mayInsert, type DecideInput } from './decide';
import { classifyInbound } from './inbound';
import { WordsError, words, wordsOf, type Words } from '../words';
import { planAfterVacation, type DueStep, type SafetyLimits, type Touch } from './safety';
import { Sequence, Step, type Decision, type MailMessage, type SendWindow } from './schema';
import { applyEdit, editSequence, reach, type Reach } from './versions';
import type { EnrolmentRow, SequenceMailRow, SequenceRow } from './rows';

// Sequences in the extension: the rows of lib/db.ts (schema version 5) moved by the pure core (decide,
// mayInsert, planSlots, reach). Every change that must happen even if the service worker stops half-way is a
// row of the outbox (kinds `sequence.*`), run by this area's own Outbox over the shared table:
//   sequence.mail   a sent or received email that may touch enrolments: recorded, then each enrolment re-decided;
//   sequence.plan   every running enrolment re-decided and its next step given a time (caps, pace, windows);
//   sequence.due    a step's time came: re-decided once more, and offered to the rep (a Today item) when still due.
// Each is idempotent: it writes by keys derived from the row and re-reads before writing, so a row run twice
// changes nothing more. Nothing here sends mail: a step is text the rep inserts and sends.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A due row run later than this after its time (the browser was closed) is planned again instead of offered. */
export const LATE_MS = 30 * 60_000;
/** The stand-in for the rep's own address in decide(): every send from the mailbox is the rep's, whichever alias. */
const REP = 'rep@followthrough.invalid';

export interface SequencePorts {
  db: FollowthroughDb;
  /** Read at every use (never captured), so a test can move the clock. */
  now: () => number;
  settings: () => Promise<Settings>;
  /** Something changed that side panels and Today show. */
  changed?: () => void;
  /** When this area's next outbox row falls due, for an alarm; undefined when none waits. */
  onIdle?: (nextDueAt: number | undefined) => void;
  log?: (message: string) => void;
}

export interface SaveInput {
  id?: string;
  name: string;
  steps: Step[];
  window?: SendWindow;
  stopOnCompany?: boolean;
}

export interface EnrolInput {
  email: string;
  threadId?: string;
  subject?: string;
}

export interface EnrolOutcome {
  enrolled: EnrolmentRow[];
  /** Who was left out, and why: the English line, and its words for the rep (lib/words.ts). */
  skipped: { email: string; reason: string; words?: Words }[];
}

export const limitsOf = (s: Settings): SafetyLimits => ({
  mailboxPer24h: s.sequences.mailboxPer24h,
  domainPer24h: s.sequences.domainPer24h,
  minGapHours: s.sequences.minGapHours,
  paceMinutes: s.sequences.paceMinutes,
});

const running = (e: EnrolmentRow) => e.state === 'active' || e.state === 'paused';
const STATE_WORDS: Record<EnrolmentRow['state'], Words> = { active: words('seq_state_active'), paused: words('seq_state_paused'), stopped: words('seq_state_stopped'), done: words('seq_state_done') };

const newId = (prefix: string, now: number) => `${prefix}-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** An enrolment's id: one per sequence and contact, so enrolling the same person twice is one enrolment. */
export const enrolmentIdOf = (sequenceId: string, email: string) => `${sequenceId}|${mailboxKey(email)}`;

/** The email as a sequence reads it: headers as they came (automated-mail markers), the text the person wrote. */
function mailOf(email: EmailFacts, direction: 'sent' | 'received'): MailMessage {
  const from = direction === 'sent' ? REP : email.from.name ? `${email.from.name} <${email.from.email}>` : email.from.email;
  return {
    at: email.at,
    from,
    to: [...email.to, ...email.cc, ...email.bcc].map((p) => p.email),
    threadId: email.threadId,
    subject: email.subject,
    text: email.bodyText,
    headers: email.headers ?? {},
  };
}

export class SequenceService {
  readonly outbox: Outbox;
  private readonly db: FollowthroughDb;

  constructor(private readonly ports: SequencePorts) {
    this.db = ports.db;
    const handlers: Record<string, OutboxHandler> = {
      'sequence.mail': async (row) => this.runMail(row.payload),
      'sequence.plan': async () => {
        await this.plan();
      },
      'sequence.due': async (row) => this.runDue(row.payload),
    };
    this.outbox = new Outbox(this.db, { now: () => ports.now(), handlers, ownKindsOnly: true, maxAttempts: 8 });
  }

  /** This area's clock (the background's, read at every use). */
  now(): number {
    return this.ports.now();
  }

  private log(message: string) {
    (this.ports.log ?? ((m: string) => console.warn(`[Followthrough sequences] ${m}`)))(message);
  }

  // ---- running the outbox ----

  /** On every worker start and alarm: take back interrupted rows, run what is due, and set the next alarm. */
  async tick(): Promise<void> {
    await this.outbox.resume();
    await this.drain();
  }

  async drain(): Promise<void> {
    const report = await this.outbox.drain();
    if (report.ran > 0) this.ports.changed?.();
    this.ports.onIdle?.(await this.outbox.nextDueAt());
  }

  private async queuePlan(): Promise<void> {
    await this.outbox.enqueue(`sequence.plan|${this.ports.now()}|${Math.random().toString(36).slice(2, 8)}`, 'sequence.plan', {});
  }

  /** Decide every running enrolment again and plan their next steps, from the outbox (the hourly alarm). */
  async planSoon(): Promise<void> {
    await this.queuePlan();
    await this.drain();
  }

  /** A confirmed send or an arrived email: queued at once (durable), acted on by the drain. */
  async mailArrived(direction: 'sent' | 'received', email: EmailFacts): Promise<void> {
    await this.outbox.enqueue(`sequence.mail|${direction}|${email.messageId}`, 'sequence.mail', { direction, email });
    void this.drain().catch((e: unknown) => this.log(`drain after mail: ${String(e)}`));
  }

  // ---- sequences ----

  /** The newest version of every sequence the rep has not deleted, with how many enrolments run on it. */
  async listSequences(): Promise<(SequenceRow & { running: number; total: number })[]> {
    const rows = await this.db.sequences.toArray();
    const latest = new Map<string, SequenceRow>();
    for (const r of rows) if (!r.archived && (latest.get(r.id)?.version ?? 0) < r.version) latest.set(r.id, r);
    const out = [];
    for (const s of [...latest.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const enrolments = await this.db.enrolments.where('sequenceId').equals(s.id).toArray();
      out.push({ ...s, running: enrolments.filter(running).length, total: enrolments.length });
    }
    return out;
  }

  async latest(sequenceId: string): Promise<SequenceRow | undefined> {
    const rows = await this.db.sequences.where('id').equals(sequenceId).toArray();
    return rows.filter((r) => !r.archived).sort((a, b) => b.version - a.version)[0];
  }

  /**
   * Create a sequence, or edit one: an edit that changes anything is a new version (the old one is kept for
   * the enrolments running it). Answers which enrolments the change reaches; none is moved until the rep says.
   */
  async saveSequence(input: SaveInput): Promise<{ sequence: SequenceRow; reach: Reach[] }> {
    const now = this.ports.now();
    const steps = input.steps.map((s) => Step.parse(s));
    if (!input.id) {
      const sequence = Sequence.parse({ id: newId('seq', now), version: 1, name: input.name, steps, window: input.window, stopOnCompany: input.stopOnCompany ?? false, updatedAt: now });
      await this.checkTemplates(sequence);
      const row: SequenceRow = { ...sequence, archived: false };
      await this.db.sequences.add(row);
      return { sequence: row, reach: [] };
    }
    const before = await this.latest(input.id);
    if (!before) throw new WordsError(words('err_no_sequence'), `no sequence ${input.id}`);
    const after = editSequence(before, steps, now, { name: input.name, ...(input.window ? { window: Sequence.shape.window.parse(input.window) } : {}), ...(input.stopOnCompany !== undefined ? { stopOnCompany: input.stopOnCompany } : {}) });
    if (after === before) return { sequence: before, reach: [] };
    await this.checkTemplates(after);
    const enrolments = await this.db.enrolments.where('sequenceId').equals(before.id).toArray();
    const row: SequenceRow = { ...Sequence.parse(after), archived: false };
    await this.db.transaction('rw', this.db.sequences, async () => {
      await this.db.sequences.update([before.id, before.version], { supersededAt: now });
      await this.db.sequences.add(row);
    });
    // The reach is against every version an enrolment still runs, each compared with what it runs.
    const reached: Reach[] = [];
    for (const e of enrolments) {
      const own = e.sequenceVersion === before.version ? before : await this.db.sequences.get([e.sequenceId, e.sequenceVersion]);
      reached.push(...reach(own ?? before, row, [e]));
    }
    return { sequence: row, reach: await this.named(reached) };
  }

  /** Which enrolments an edit of the newest version reaches, without saving (the editor shows it live). */
  async previewReach(sequenceId: string, steps: Step[], patch: Pick<SaveInput, 'name' | 'window' | 'stopOnCompany'>): Promise<Reach[]> {
    const before = await this.latest(sequenceId);
    if (!before) throw new WordsError(words('err_no_sequence'), `no sequence ${sequenceId}`);
    const after = editSequence(before, steps.map((s) => Step.parse(s)), this.ports.now(), { name: patch.name ?? before.name, ...(patch.window ? { window: Sequence.shape.window.parse(patch.window) } : {}), ...(patch.stopOnCompany !== undefined ? { stopOnCompany: patch.stopOnCompany } : {}) });
    if (after === before) return [];
    const enrolments = await this.db.enrolments.where('sequenceId').equals(sequenceId).toArray();
    const out: Reach[] = [];
    for (const e of enrolments) {
      const own = e.sequenceVersion === before.version ? before : await this.db.sequences.get([e.sequenceId, e.sequenceVersion]);
      out.push(...reach(own ?? before, after, [e]));
    }
    return this.named(out);
  }

  /** The reach with each contact's name, for "Priya Raman (step 2)" in the editor. */
  private async named(items: Reach[]): Promise<Reach[]> {
    const contacts = await findContacts(this.db, items.map((r) => r.contactEmail));
    return items.map((r) => {
      const name = contacts.get(r.contactEmail)?.name;
      return name && name !== r.contactEmail ? { ...r, contactName: name } : r;
    });
  }

  /**
   * Set where a contact is (their time zone and country, checked by the caller's schema): every running
   * enrolment of theirs is decided and planned again in the new zone and calendar.
   */
  async setContactPlace(email: string, place: { timeZone?: string; country?: string }): Promise<{ contact: { timeZone?: string; country?: string }; replanned: number }> {
    const key = email.trim().toLowerCase();
    const contact = (await findContacts(this.db, [key])).get(key);
    if (!contact) throw new WordsError(words('err_enrol_not_contact', { email: key }), `${key} is not in your contacts yet: add them first (Options → Contacts)`);
    const now = this.ports.now();
    await this.db.contacts.update(contact.id, { timeZone: place.timeZone, country: place.country, updatedAt: now });
    const addresses = [...new Set([key, ...contact.emails])];
    const rows = (await this.db.enrolments.where('contactEmail').anyOf(addresses).toArray()).filter(running);
    // Offered times were computed in the old zone: planned again from scratch.
    for (const e of rows) {
      await this.db.enrolments.update(e.id, { offerAt: undefined, snoozedUntil: undefined });
      await this.evaluate(e.id);
    }
    if (rows.length) {
      await this.queuePlan();
      await this.drain();
    }
    this.ports.changed?.();
    return { contact: { timeZone: place.timeZone, country: place.country }, replanned: rows.length };
  }

  private async checkTemplates(sequence: Sequence) {
    for (const [i, step] of sequence.steps.entries()) {
      if (step.kind === 'email' && !(await this.db.templates.get(step.templateId))) throw new WordsError(words('err_step_no_template', { step: i + 1, template: step.templateId }), `step ${i + 1}: no template "${step.templateId}" in the library`);
    }
  }

  /** Move the enrolments the rep chose onto the newest version; answers how many moved. */
  async applyToEnrolments(sequenceId: string, enrolmentIds: string[]): Promise<number> {
    const after = await this.latest(sequenceId);
    if (!after) throw new WordsError(words('err_no_sequence'), `no sequence ${sequenceId}`);
    const now = this.ports.now();
    let moved = 0;
    await this.db.transaction('rw', this.db.enrolments, async () => {
      for (const id of enrolmentIds) {
        const e = await this.db.enrolments.get(id);
        if (!e || e.sequenceId !== sequenceId || e.sequenceVersion >= after.version || !running(e)) continue;
        const next = applyEdit(e, after, now) as EnrolmentRow;
        await this.db.enrolments.put({ ...next, offerAt: next.state === 'done' ? undefined : next.offerAt });
        moved++;
      }
    });
    if (moved) {
      for (const id of enrolmentIds) await this.evaluate(id);
      await this.queuePlan();
      await this.drain();
    }
    return moved;
  }

  /** Delete a sequence: every version is archived, and what still runs on it stops. */
  async archiveSequence(sequenceId: string): Promise<number> {
    const now = this.ports.now();
    await this.db.sequences.where('id').equals(sequenceId).modify({ archived: true });
    const stopped = await this.db.enrolments
      .where('sequenceId')
      .equals(sequenceId)
      .filter(running)
      .modify({ state: 'stopped', reason: 'stopped: the sequence was deleted', reasonWords: words('seq_stopped_deleted'), manual: 'stopped', offerAt: undefined, updatedAt: now });
    this.ports.changed?.();
    return stopped;
  }

  // ---- enrolments ----

  /**
   * Enrol people in the newest version of a sequence. Someone already running on it, someone who asked never
   * to be written to, and an address that is not one are skipped with the reason; the rest start now.
   */
  async enrol(sequenceId: string, people: EnrolInput[]): Promise<EnrolOutcome> {
    const sequence = await this.latest(sequenceId);
    if (!sequence) throw new WordsError(words('err_no_sequence'), `no sequence ${sequenceId}`);
    const { ownDomains } = await this.ports.settings();
    const now = this.ports.now();
    const out: EnrolOutcome = { enrolled: [], skipped: [] };
    const seen = new Set<string>();
    for (const person of people) {
      const email = person.email.trim().toLowerCase();
      const domain = emailDomain(email);
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        out.skipped.push({ email: person.email, reason: 'not an email address', words: words('seq_skip_not_email') });
        continue;
      }
      if (ownDomains.some((d) => domain === d || domain.endsWith(`.${d}`))) {
        out.skipped.push({ email, reason: 'an address of your own company', words: words('seq_skip_own_company') });
        continue;
      }
      const id = enrolmentIdOf(sequenceId, email);
      if (seen.has(id)) continue;
      seen.add(id);
      const existing = await this.db.enrolments.get(id);
      if (existing && running(existing)) {
        out.skipped.push({ email, reason: `already enrolled (${existing.reason})`, words: words('seq_skip_already_enrolled', { reason: wordsOf(existing.reasonWords) ?? existing.reason }) });
        continue;
      }
      if (existing && existing.state === 'stopped' && !existing.manual) {
        out.skipped.push({ email, reason: `not enrolled again: ${existing.reason}`, words: words('seq_skip_not_again', { reason: wordsOf(existing.reasonWords) ?? existing.reason }) });
        continue;
      }
      const row: EnrolmentRow = {
        id,
        sequenceId,
        sequenceVersion: sequence.version,
        contactEmail: email,
        contactDomain: domain,
        enrolledAt: now,
        state: 'active',
        reason: 'active: enrolled',
        reasonWords: words('seq_active_enrolled'),
        nextStep: 0,
        completed: [],
        updatedAt: now,
        threadId: person.threadId,
        subject: person.subject ?? '',
      };
      await this.db.enrolments.put(row);
      out.enrolled.push(row);
    }
    for (const e of out.enrolled) await this.evaluate(e.id);
    if (out.enrolled.length) {
      await this.queuePlan();
      await this.drain();
    }
    out.enrolled = (await this.db.enrolments.bulkGet(out.enrolled.map((e) => e.id))).filter((e): e is EnrolmentRow => !!e);
    return out;
  }

  /** Every enrolment of one person (any of their addresses), newest first, with its sequence's name. */
  async enrolmentsOf(email: string): Promise<(EnrolmentRow & { sequenceName: string; steps: number })[]> {
    const contacts = await findContacts(this.db, [email]);
    const contact = contacts.get(email.trim().toLowerCase());
    const addresses = [...new Set([email.trim().toLowerCase(), ...(contact?.emails ?? [])])];
    const rows = await this.db.enrolments.where('contactEmail').anyOf(addresses).toArray();
    const out = [];
    for (const e of rows.sort((a, b) => b.enrolledAt - a.enrolledAt)) {
      const s = await this.db.sequences.get([e.sequenceId, e.sequenceVersion]);
      out.push({ ...e, sequenceName: s?.name ?? e.sequenceId, steps: s?.steps.length ?? 0 });
    }
    return out;
  }

  async enrolmentsOfSequence(sequenceId: string): Promise<EnrolmentRow[]> {
    return this.db.enrolments.where('sequenceId').equals(sequenceId).toArray();
  }

  /**
   * A meeting was booked with this person (lib/meetings, the `meeting.booked` event): every running enrolment of
   * theirs stops, saying so. Kept as the rep's own stop, so mail read again never restarts it and the rep may resume.
   */
  async meetingBooked(contactEmail: string, at: number): Promise<number> {
    const email = contactEmail.toLowerCase();
    const when = new Date(at).toISOString().slice(0, 16).replace('T', ' ');
    const now = this.ports.now();
    const stopped = await this.db.enrolments
      .where('contactEmail')
      .equals(email)
      .filter(running)
      .modify({ state: 'stopped', manual: 'stopped', reason: `stopped: meeting booked with ${email}, ${when}`, reasonWords: words('seq_stopped_meeting', { email, when: { at } }), offerAt: undefined, updatedAt: now });
    if (stopped) this.ports.changed?.();
    return stopped;
  }

  /** The rep pauses, resumes or stops one enrolment by hand. */
  async control(enrolmentId: string, action: 'pause' | 'resume' | 'stop', resumeOn?: string): Promise<EnrolmentRow> {
    const e = await this.db.enrolments.get(enrolmentId);
    if (!e) throw new WordsError(words('err_enrolment_gone'), `no enrolment ${enrolmentId}`);
    const now = this.ports.now();
    const when = new Date(now).toISOString().slice(0, 16).replace('T', ' ');
    if (action === 'stop') {
      if (!running(e)) throw new WordsError(words('err_enrolment_already', { state: STATE_WORDS[e.state] }), `this enrolment is already ${e.state}`);
      await this.db.enrolments.update(enrolmentId, { state: 'stopped', manual: 'stopped', reason: `stopped: by you, ${when}`, reasonWords: words('seq_stopped_by_you', { when: { at: now } }), offerAt: undefined, updatedAt: now });
    } else if (action === 'pause') {
      if (!running(e)) throw new WordsError(words('err_enrolment_is', { state: STATE_WORDS[e.state] }), `this enrolment is ${e.state}`);
      await this.db.enrolments.update(enrolmentId, { state: 'paused', manual: 'paused', reason: `paused: by you, ${when}`, reasonWords: words('seq_paused_by_you', { when: { at: now } }), offerAt: undefined, updatedAt: now });
    } else {
      if (e.state === 'stopped' && e.manual !== 'stopped') throw new WordsError(words('err_cannot_resume', { why: e.reasonWords ?? e.reason }), `cannot resume: ${e.reason}`);
      if (e.state === 'done') throw new WordsError(words('err_enrolment_done'), 'this enrolment is done');
      await this.db.enrolments.update(enrolmentId, { manual: undefined, ...(resumeOn ? { resumeOverride: resumeOn } : {}), state: 'active', updatedAt: now });
      await this.evaluate(enrolmentId);
      await this.queuePlan();
      await this.drain();
    }
    this.ports.changed?.();
    return (await this.db.enrolments.get(enrolmentId))!;
  }

  /** The vacation switch: pauses every enrolment until that day; off (undefined) re-spaces what fell due. */
  async setVacation(until: string | undefined, update: (patch: Record<string, unknown>) => Promise<unknown>): Promise<void> {
    const { sequences } = await this.ports.settings();
    await update({ sequences: { ...sequences, vacationUntil: until } });
    for (const e of await this.runningEnrolments()) await this.evaluate(e.id);
    await this.queuePlan();
    await this.drain();
  }

  private async runningEnrolments(): Promise<EnrolmentRow[]> {
    const active = await this.db.enrolments.where('[state+offerAt]').between(['active', -Infinity], ['active', Infinity]).toArray();
    // Rows with no offerAt are not in the compound index: read the rest by state through the primary key range.
    const all = await this.db.enrolments.filter((e) => running(e)).toArray();
    const byId = new Map([...active, ...all].map((e) => [e.id, e]));
    return [...byId.values()];
  }

  // ---- deciding ----

  /** What decide() is given for one enrolment: the version it runs, its mail, the rep's settings. */
  async decideInput(e: EnrolmentRow, now: number): Promise<{ input: DecideInput; sequence: SequenceRow; place: Place } | undefined> {
    const sequence = await this.db.sequences.get([e.sequenceId, e.sequenceVersion]);
    if (!sequence) return undefined;
    const settings = await this.ports.settings();
    const mail = (await this.db.sequenceMail.where('enrolmentId').equals(e.id).sortBy('at')).map((m) => m.message);
    const contact = (await findContacts(this.db, [e.contactEmail])).get(e.contactEmail);
    const aliases = (contact?.emails ?? []).filter((a) => a !== e.contactEmail && a.includes('@')).slice(0, 50);
    const place = placeOf(contact, { timeZone: settings.workingHours.timeZone, country: settings.sequences.country });
    const input: DecideInput = {
      now,
      tz: settings.workingHours.timeZone,
      rep: REP,
      ownDomains: settings.ownDomains,
      contact: { email: e.contactEmail, aliases, timeZone: place.contactTimeZone, country: place.contactCountry },
      enrolledAt: e.enrolledAt,
      steps: sequence.steps,
      stopOnCompany: sequence.stopOnCompany,
      mail,
      completed: e.completed,
      window: sequence.window,
      repCountry: settings.sequences.country,
      vacationUntil: settings.sequences.vacationUntil,
      resumeOverride: e.resumeOverride,
    };
    return { input, sequence, place };
  }

  /** Decide one enrolment again from what is stored, and store the answer. A hand pause or stop holds. */
  async evaluate(enrolmentId: string): Promise<Decision | undefined> {
    const e = await this.db.enrolments.get(enrolmentId);
    if (!e || e.manual || e.state === 'stopped' || e.state === 'done') return undefined;
    const now = this.ports.now();
    const got = await this.decideInput(e, now);
    if (!got) return undefined;
    const d = decide(got.input);
    const stepChanged = d.next?.step !== e.nextStep;
    await this.db.enrolments.update(enrolmentId, {
      state: d.state,
      reason: d.reason.slice(0, 500),
      reasonWords: d.words,
      nextStep: d.next?.step,
      due: d.next?.due,
      resumeOn: d.resumeOn ?? undefined,
      askResumeOn: d.askResumeOn,
      place: got.place.note.slice(0, 300),
      // A step that moved on, or an enrolment no longer active, leaves Today until planned again.
      ...(d.state !== 'active' || stepChanged ? { offerAt: undefined, snoozedUntil: undefined } : {}),
      ...(stepChanged ? { inserted: undefined, held: undefined, heldWords: undefined } : {}),
      updatedAt: now,
    });
    return d;
  }

  /**
   * Every running enrolment decided again, and each active one's next step given a time: inside the
   * recipient's send window on or after its due day, keeping the caps against the rep's sends and the steps
   * already offered, spaced by the pace (safety.ts). A step offered already keeps its time.
   */
  async plan(): Promise<number> {
    const now = this.ports.now();
    const settings = await this.ports.settings();
    for (const e of await this.runningEnrolments()) await this.evaluate(e.id);
    const active = (await this.db.enrolments.where('[state+offerAt]').between(['active', -Infinity], ['active', Infinity]).toArray()).concat(
      await this.db.enrolments.filter((e) => e.state === 'active' && e.offerAt === undefined).toArray(),
    );
    const limits = limitsOf(settings);
    const history: Touch[] = (await this.db.sequenceTouches.where('at').above(now - Math.max(DAY, limits.minGapHours * HOUR) - DAY).toArray()).map((t) => ({ at: t.at, to: t.to }));
    const tz = settings.workingHours.timeZone;
    const due: DueStep[] = [];
    const byKey = new Map<string, EnrolmentRow>();
    for (const e of active) {
      if (e.nextStep === undefined || !e.due) continue;
      // Offered and still in Today (or snoozed to a time): it keeps its place and counts as a planned touch.
      if (e.offerAt !== undefined && e.offerAt <= now + LATE_MS) {
        history.push({ at: Math.max(e.offerAt, now - 1), to: e.contactEmail });
        continue;
      }
      const sequence = await this.db.sequences.get([e.sequenceId, e.sequenceVersion]);
      if (!sequence) continue;
      // The recipient's zone and holidays, else the rep's (place.ts says which, on the enrolment).
      const place = placeOf((await findContacts(this.db, [e.contactEmail])).get(e.contactEmail), { timeZone: tz, country: settings.sequences.country });
      due.push({ key: e.id, to: e.contactEmail, timeZone: place.timeZone, window: sequence.window, calendar: new SequenceCalendar({ workingDays: sequence.window.days, country: place.country }), due: e.due });
      byKey.set(e.id, e);
    }
    // Paused until a day (an out-of-office's return, the rep's vacation): planned again that morning.
    const resumeDays = new Set((await this.db.enrolments.filter((e) => e.state === 'paused' && !e.manual && !!e.resumeOn).toArray()).map((e) => e.resumeOn!));
    for (const day of resumeDays) {
      const d = parseIsoDay(day);
      if (d !== undefined) await this.outbox.enqueue(`sequence.plan|resume|${day}`, 'sequence.plan', {}, instantInZone(d, 0, tz));
    }
    const slots = planAfterVacation(now, settings.sequences.vacationUntil, tz, due, history, limits);
    for (const slot of slots) {
      const e = byKey.get(slot.key)!;
      await this.db.enrolments.update(e.id, { offerAt: slot.at, updatedAt: now });
      await this.outbox.enqueue(`sequence.due|${e.id}|v${e.sequenceVersion}|s${e.nextStep}|${slot.at}`, 'sequence.due', { enrolmentId: e.id, step: e.nextStep, at: slot.at }, slot.at);
    }
    this.ports.changed?.();
    return slots.length;
  }

  /** A step's time came: decided once more (stop conditions when a step falls due); still due → offered. */
  private async runDue(payload: unknown) {
    const p = payload as { enrolmentId?: unknown; step?: unknown; at?: unknown };
    if (typeof p.enrolmentId !== 'string' || typeof p.step !== 'number' || typeof p.at !== 'number') return { kind: 'failed' as const, error: 'not a sequence.due payload', words: words('seq_due_row_malformed') };
    const now = this.ports.now();
    const d = await this.evaluate(p.enrolmentId);
    const e = await this.db.enrolments.get(p.enrolmentId);
    if (!d || !e || e.state !== 'active' || e.nextStep !== p.step || e.offerAt !== p.at) return undefined; // moved on: nothing to offer
    if (now - p.at > LATE_MS) {
      // The browser was closed past this time: everything that fell due meanwhile is spread again, never burst.
      await this.db.enrolments.update(e.id, { offerAt: undefined });
      await this.queuePlan();
      return undefined;
    }
    this.ports.changed?.();
    return undefined;
  }

  // ---- mail ----

  private async runMail(payload: unknown) {
    const p = payload as { direction?: unknown; email?: EmailFacts };
    if ((p.direction !== 'sent' && p.direction !== 'received') || !p.email) return { kind: 'failed' as const, error: 'not a sequence.mail payload', words: words('seq_mail_row_malformed') };
    const { direction, email } = p;
    const now = this.ports.now();
    const message = mailOf(email, direction);
    const recipients = [...email.to, ...email.cc, ...email.bcc].map((r) => r.email.toLowerCase());
    const touched = new Map<string, EnrolmentRow>();
    const add = (rows: EnrolmentRow[]) => rows.filter(running).forEach((r) => touched.set(r.id, r));
    if (direction === 'sent') {
      // Every send counts towards the caps, whoever it went to (kept only as long as the caps look back).
      await this.db.sequenceTouches.bulkPut(recipients.filter((to) => to.includes('@')).map((to) => ({ id: `${email.messageId}|${to}`.slice(0, 800), at: email.at, to })));
      await this.db.sequenceTouches.where('at').below(now - 14 * DAY).delete();
      const known = await findContacts(this.db, recipients);
      const addresses = [...new Set([...recipients, ...[...known.values()].map((c) => c.email.toLowerCase())])];
      add(await this.db.enrolments.where('contactEmail').anyOf(addresses).toArray());
    } else {
      const from = email.from.email.toLowerCase();
      const known = await findContacts(this.db, [from]);
      const addresses = [...new Set([from, ...[...known.values()].map((c) => c.email.toLowerCase())])];
      add(await this.db.enrolments.where('contactEmail').anyOf(addresses).toArray());
      // Anyone at the company: kept for the enrolments whose sequence stops on a company reply (decide reads it).
      add(await this.db.enrolments.where('contactDomain').equals(emailDomain(from)).toArray());
      // A bounce comes from a mail server: it reaches the enrolments of its thread and of the address it names.
      if (classifyInbound(message).kind === 'bounce') {
        if (email.threadId) add(await this.db.enrolments.where('threadId').equals(email.threadId).toArray());
        const text = `${JSON.stringify(email.headers ?? {})} ${email.bodyText}`.toLowerCase();
        for (const e of await this.runningEnrolments()) if (text.includes(e.contactEmail)) touched.set(e.id, e);
      }
    }
    for (const e of touched.values()) {
      if (email.at < e.enrolledAt) continue;
      const row: SequenceMailRow = { id: `${e.id}|${email.messageId}`, enrolmentId: e.id, messageId: email.messageId, direction, at: email.at, message };
      await this.db.sequenceMail.put(row);
      // The first email step's thread is the sequence's thread from then on.
      if (direction === 'sent' && !e.threadId) await this.db.enrolments.update(e.id, { threadId: email.threadId, subject: email.subject.slice(0, 1000) });
      await this.evaluate(e.id);
    }
    if (touched.size) await this.queuePlan();
    return undefined;
  }

  // ---- the rep's actions on a due step ----

  /** The check right before insert, with the mail as stored this moment. */
  async mayInsertNow(enrolmentId: string, step: number): Promise<{ ok: true; enrolment: EnrolmentRow; sequence: SequenceRow } | { ok: false; reason: string; words?: Words }> {
    const e = await this.db.enrolments.get(enrolmentId);
    if (!e) return { ok: false, reason: 'this enrolment no longer exists', words: words('err_enrolment_gone') };
    if (e.manual) return { ok: false, reason: e.reason, words: e.reasonWords };
    const got = await this.decideInput(e, this.ports.now());
    if (!got) return { ok: false, reason: 'the sequence version this enrolment runs is missing', words: words('err_sequence_version_missing') };
    const verdict = mayInsert(got.input, step);
    if (!verdict.ok) {
      await this.evaluate(enrolmentId);
      this.ports.changed?.();
      return verdict;
    }
    return { ok: true, enrolment: e, sequence: got.sequence };
  }

  async markInserted(enrolmentId: string, step: number): Promise<void> {
    await this.db.enrolments.update(enrolmentId, { inserted: { step, at: this.ports.now() }, held: undefined, heldWords: undefined, updatedAt: this.ports.now() });
    this.ports.changed?.();
  }

  /** The step's text could not be filled (a field with no value): it stays offered, saying why it is held. */
  async hold(enrolmentId: string, why: string, whyWords?: Words): Promise<void> {
    await this.db.enrolments.update(enrolmentId, { held: why.slice(0, 500), heldWords: whyWords, updatedAt: this.ports.now() });
    this.ports.changed?.();
  }

  /** A task or call done, or any step skipped: recorded, then the next step is planned. */
  async complete(enrolmentId: string, step: number): Promise<EnrolmentRow> {
    const e = await this.db.enrolments.get(enrolmentId);
    if (!e || e.nextStep !== step || e.state !== 'active') throw new WordsError(words('err_step_not_next', { step: step + 1 }), `step ${step + 1} is no longer the next step`);
    const now = this.ports.now();
    await this.db.enrolments.update(enrolmentId, { completed: [...e.completed, { step, at: now }], offerAt: undefined, snoozedUntil: undefined, updatedAt: now });
    await this.evaluate(enrolmentId);
    await this.queuePlan();
    await this.drain();
    return (await this.db.enrolments.get(enrolmentId))!;
  }

  async snooze(enrolmentId: string, step: number, until: number): Promise<void> {
    const e = await this.db.enrolments.get(enrolmentId);
    if (!e || e.nextStep !== step || e.state !== 'active') throw new WordsError(words('err_step_not_next', { step: step + 1 }), `step ${step + 1} is no longer the next step`);
    await this.db.enrolments.update(enrolmentId, { offerAt: until, snoozedUntil: until, updatedAt: this.ports.now() });
    await this.outbox.enqueue(`sequence.due|${e.id}|v${e.sequenceVersion}|s${step}|${until}`, 'sequence.due', { enrolmentId: e.id, step, at: until }, until);
    await this.drain();
  }

  /** Steps offered now (Today's sequence items): an indexed range, no scan. */
  async offered(now: number): Promise<{ enrolment: EnrolmentRow; sequence: SequenceRow }[]> {
    const rows = await this.db.enrolments.where('[state+offerAt]').between(['active', -Infinity], ['active', now], true, true).toArray();
    const out = [];
    for (const e of rows) {
      if (e.nextStep === undefined) continue;
      const sequence = await this.db.sequences.get([e.sequenceId, e.sequenceVersion]);
      if (sequence) out.push({ enrolment: e, sequence });
    }
    return out;
  }
}

/** YYYY-MM-DD of an instant in a zone (for words shown to the rep). */
export const dayText = (at: number, tz: string) => isoDay(dayInZone(at, tz));
export { parseIsoDay };
