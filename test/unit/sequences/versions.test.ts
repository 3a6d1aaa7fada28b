import { describe, expect, it } from 'vitest';
import { Enrolment, Sequence, type Step } from '@/lib/sequences/schema';
import { applyEdit, changedSteps, editSequence, reach } from '@/lib/sequences/versions';

const email = (templateId: string, afterWorkingDays: number): Step => ({ kind: 'email', templateId, threading: 'reply-in-thread', afterWorkingDays });
const v1 = Sequence.parse({ id: 's1', version: 1, name: 'Trial follow-up', steps: [email('intro', 0), email('bump', 3), { kind: 'call', title: 'Call', afterWorkingDays: 2 }], updatedAt: 0 });
const enrol = (id: string, nextStep: number | undefined, state: Enrolment['state'], version = 1) =>
  Enrolment.parse({ id, sequenceId: 's1', sequenceVersion: version, contactEmail: `${id}@acme.example`, enrolledAt: 0, state, reason: state, nextStep, updatedAt: 0 });

describe('versioned edits', () => {
  it('an edit of the steps makes a new version; saving the same steps does not', () => {
    const v2 = editSequence(v1, [v1.steps[0]!, email('bump-2', 4), v1.steps[2]!], 10);
    expect(v2.version).toBe(2);
    expect(changedSteps(v1.steps, v2.steps)).toEqual([1]);
    expect(editSequence(v1, v1.steps, 10)).toBe(v1);
  });

  it('shows which enrolments the change reaches: only those with the changed step still ahead', () => {
    const v2 = editSequence(v1, [v1.steps[0]!, email('bump-2', 4), v1.steps[2]!], 10);
    const rows = [enrol('a', 0, 'active'), enrol('b', 1, 'paused'), enrol('c', 2, 'active'), enrol('d', undefined, 'stopped'), enrol('e', 1, 'active', 2)];
    expect(reach(v1, v2, rows).map((r) => [r.enrolmentId, r.reaches, r.why])).toEqual([
      ['a', true, 'step 2 still ahead (next is step 1)'],
      ['b', true, 'step 2 still ahead (next is step 2)'],
      ['c', false, 'only steps already done changed (2)'],
      ['d', false, 'stopped: nothing left to send'],
      ['e', false, 'already on this version'],
    ]);
  });

  it('a window change reaches every running enrolment', () => {
    const v2 = editSequence(v1, v1.steps, 10, { window: { start: '10:00', end: '16:00', days: [1, 2, 3, 4, 5] } });
    expect(reach(v1, v2, [enrol('c', 2, 'active')])[0]).toMatchObject({ reaches: true, why: 'the send window or stop rule changed' });
  });

  it('applying moves the enrolment onto the version; with its next step removed it is done', () => {
    const v2 = editSequence(v1, v1.steps.slice(0, 2), 10);
    expect(applyEdit(enrol('a', 1, 'active'), v2, 20)).toMatchObject({ sequenceVersion: 2, state: 'active', nextStep: 1 });
    expect(applyEdit(enrol('c', 2, 'active'), v2, 20)).toMatchObject({ sequenceVersion: 2, state: 'done', reason: 'done: version 2 has no steps after step 2' });
  });
});
