import type { Enrolment, Sequence, Step } from './schema';

// Versioned sequences: an edit makes a new version; each enrolment keeps running the version it was enrolled
// on until the rep applies the edit to it. reach() tells the rep, before saving, which enrolments the change
// would alter — an edit to steps already done alters nothing for that contact — and applyEdit() moves the
// chosen ones onto the new version.

const same = (a: Step | undefined, b: Step | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The step positions that differ between two step lists (changed, added or removed). */
export function changedSteps(before: readonly Step[], after: readonly Step[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) if (!same(before[i], after[i])) out.push(i);
  return out;
}

/** The sequence after an edit of its steps: one version up (no change, no new version). */
export function editSequence(sequence: Sequence, steps: readonly Step[], now: number, patch: Partial<Pick<Sequence, 'name' | 'window' | 'stopOnCompany'>> = {}): Sequence {
  const stepsChanged = changedSteps(sequence.steps, steps).length > 0;
  const otherChanged = Object.entries(patch).some(([k, v]) => JSON.stringify(sequence[k as keyof Sequence]) !== JSON.stringify(v));
  if (!stepsChanged && !otherChanged) return sequence;
  return { ...sequence, ...patch, steps: [...steps], version: sequence.version + 1, updatedAt: now };
}

export interface Reach {
  enrolmentId: string;
  contactEmail: string;
  /** The contact's name, filled in by the service from the contacts list. */
  contactName?: string;
  /** The step the enrolment is on (index into the steps), and its state, for the rep's preview. */
  nextStep?: number;
  state?: string;
  /** Whether the edit changes anything still ahead for this contact. */
  reaches: boolean;
  why: string;
}

/**
 * Which enrolments an edit from `before` to `after` reaches: those still running (active or paused) on an
 * older version whose next step, or any step after it, changed — or whose window or stop rule changed.
 */
export function reach(before: Sequence, after: Sequence, enrolments: readonly Enrolment[]): Reach[] {
  const changed = changedSteps(before.steps, after.steps);
  const rulesChanged = JSON.stringify(before.window) !== JSON.stringify(after.window) || before.stopOnCompany !== after.stopOnCompany;
  return enrolments
    .filter((e) => e.sequenceId === before.id)
    .map((e): Reach => {
      const base = { enrolmentId: e.id, contactEmail: e.contactEmail, nextStep: e.nextStep, state: e.state };
      if (e.sequenceVersion >= after.version) return { ...base, reaches: false, why: 'already on this version' };
      if (e.state === 'stopped' || e.state === 'done') return { ...base, reaches: false, why: `${e.state}: nothing left to send` };
      const next = e.nextStep ?? 0;
      const ahead = changed.filter((i) => i >= next);
      if (ahead.length > 0) return { ...base, reaches: true, why: `step${ahead.length > 1 ? 's' : ''} ${ahead.map((i) => i + 1).join(', ')} still ahead (next is step ${next + 1})` };
      if (rulesChanged) return { ...base, reaches: true, why: 'the send window or stop rule changed' };
      return { ...base, reaches: false, why: changed.length ? `only steps already done changed (${changed.map((i) => i + 1).join(', ')})` : 'no step changed' };
    });
}

/** The enrolment moved onto the new version; with fewer steps left than it has done, it is done. */
export function applyEdit(enrolment: Enrolment, after: Sequence, now: number): Enrolment {
  const moved: Enrolment = { ...enrolment, sequenceVersion: after.version, updatedAt: now };
  if ((enrolment.state === 'active' || enrolment.state === 'paused') && (enrolment.nextStep ?? 0) >= after.steps.length) {
    return { ...moved, state: 'done', reason: `done: version ${after.version} has no steps after step ${after.steps.length}`, nextStep: undefined, due: undefined };
  }
  return moved;
}
